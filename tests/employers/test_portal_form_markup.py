"""The portal home's message form, written flat (|as_field), reads as crispy wrote it.

Blank and after a failed send, with employees to name: the form must parse to
the same elements, attributes and text as `{{ form|crispy }}` gives for the same
form, so it reads, submits and fails validation exactly as before.
"""

import re
import uuid

import pytest
from django.template import engines
from django.urls import reverse

from employers.forms import PortalMessageForm
from employers.models import MessageCategory
from tests.factories import EmploymentFactory, ParticipantFactory
from tests.inwork_support.test_contact_form_markup import Elements

pytestmark = pytest.mark.django_db
HOME = reverse("employers:portal-home")
KEY = str(uuid.uuid4())
FAILED_SEND = {
    "category": MessageCategory.CONCERN,
    "about": "999999",
    "urgent": "on",
    "body": 'Said <b>no</b> & "left"',
    "submission_key": KEY,
}
CRISPY = engines["django"].from_string("{% load crispy_forms_tags %}{{ form|crispy }}")


@pytest.fixture
def portal(client, employer_contact, employer, keyworker):
    for first in ("Jay", "Amir"):
        participant = ParticipantFactory(keyworker=keyworker, first_name=first)
        EmploymentFactory(participant=participant, employer=employer)
    client.force_login(employer_contact)
    return client


def fields_on_page(page: str) -> str:
    """Return the form's fields as the page writes them: no token, no button."""
    start = page.index('id="portal-message-form">')
    form = page[start : page.index("</form>", start)]
    form = form[form.index(">") + 1 : form.index('<button type="submit"')]
    return re.sub(r'<input type="hidden" name="csrfmiddlewaretoken"[^>]*>', "", form)


def with_key(html: str, key: str) -> str:
    return re.sub(r'(name="submission_key" value=")[^"]*', rf"\g<1>{key}", html)


@pytest.mark.parametrize("data", [None, FAILED_SEND], ids=["blank", "failed send"])
def test_the_message_form_reads_as_crispy_wrote_it(portal, employer, data):
    response = portal.post(HOME, data) if data else portal.get(HOME)
    assert response.status_code == 200
    form = PortalMessageForm(data, employer=employer)
    if data:
        assert not form.is_valid()
    crispy = with_key(CRISPY.render({"form": form}), KEY)
    flat = with_key(fields_on_page(response.content.decode()), KEY)

    assert Elements(flat).items == Elements(crispy).items
    assert flat.count("<option") == 1 + 5 + 2  # categories, and two employees
    if data:
        assert "Select a valid choice" in flat
        assert "Said &lt;b&gt;no&lt;/b&gt;" in flat
