"""The contact form's fields, written flat (|as_field), read as crispy wrote them.

Labels, required marks, help text, errors, aria-invalid and aria-describedby,
names and what the user typed: every field of the one contact form and its
in-work questions, blank and after a failed save, must parse to the same
elements, attributes and text as crispy-bootstrap5's markup.
"""

import uuid
from html.parser import HTMLParser

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

from caseload.forms import ContactForm
from caseload.templatetags.form_fields import as_field

pytestmark = pytest.mark.django_db

FAILED_SAVE = {
    "happened_at": "2099-01-01T10:00",
    "channel": "phone",
    "minutes": "0",
    "notes": 'Said <b>no</b> & "left"',
    "topics": ["work", "crisis"],
    "attendees": ["participant", "nobody"],
    "submission_key": str(uuid.uuid4()),
    "action_1": "Ring the employer",
    "action_2_due": "2001-01-01",
    "how_is_it_going": "Fine",
    "terms_changed": "on",
    "hours_per_week": "many",
    "hourly_pay": "-3",
    "risks": ["sickness", "meteor"],
}


class Elements(HTMLParser):
    """Tags with their attributes (in any order) and text, whitespace collapsed."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = {k: " ".join(v.split()) if k == "class" else v for k, v in attrs}
        self.items.append((tag, sorted(attrs.items(), key=str)))

    def handle_endtag(self, tag):
        self.items.append(("/" + tag,))

    def handle_data(self, data):
        if text := " ".join(data.split()):
            self.items.append(("text", text))


def forms(participant, keyworker, data):
    form = ContactForm(data, participant=participant, user=keyworker, query={})
    if data is not None:
        assert not form.is_valid()
    return [form, *form.questions]


@pytest.mark.parametrize("data", [None, FAILED_SAVE], ids=["blank", "failed save"])
def test_every_field_reads_as_crispy_wrote_it(job, keyworker, data):
    names = []
    for form in forms(job.participant, keyworker, data):
        for name in form.fields:
            if name == "channel":
                continue  # its toggle buttons are written by the template itself
            crispy = Elements(str(as_crispy_field(form[name]))).items
            flat = Elements(str(as_field(form[name]))).items
            assert flat == crispy, name
            names.append(name)
    assert {
        "minutes",
        "topics",
        "action_3_due",
        "submission_key",
        "checkin",
        "job",
    } <= (set(names))


def test_a_failed_save_keeps_what_was_typed_and_says_what_is_wrong(job, keyworker):
    contact, questions = forms(job.participant, keyworker, FAILED_SAVE)

    minutes = str(as_field(contact["minutes"]))
    notes = str(as_field(contact["notes"]))
    topics = str(as_field(contact["topics"]))
    hours = str(as_field(questions["hours_per_week"]))

    assert 'value="0"' in minutes
    assert 'aria-invalid="true" aria-describedby="id_minutes_error"' in minutes
    assert '<p id="error_1_id_minutes"><strong>Enter at least 1 minute.' in minutes
    assert "Said &lt;b&gt;no&lt;/b&gt; &amp; &quot;left&quot;</textarea>" in notes
    assert 'value="crisis" id="id_topics_6" checked' in topics
    assert 'aria-describedby="id_topics_helptext"' in topics
    assert 'value="many"' in hours
    assert 'aria-describedby="id_hours_per_week_helptext id_hours_per_week_error"' in (
        hours
    )
