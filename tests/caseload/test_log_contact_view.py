"""The log-contact form: fast on a phone, strict on bad input, nothing typed lost."""

import datetime
import uuid

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caseload.models import Action, Contact, SafeguardingConcern, TimelineEntry
from tests.conftest import statement_text
from tests.factories import ContactFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 3, 11, 30, tzinfo=datetime.UTC)


def url(participant):
    return reverse("caseload:log-contact", args=[participant.pk])


def form_data(**overrides):
    return {
        "happened_at": "2026-03-03T10:15",
        "channel": "phone",
        "minutes": "25",
        "attendees": ["participant"],
        "topics": ["work", "money"],
        "notes": "Talked through the Universal Credit letter.",
        "submission_key": str(uuid.uuid4()),
        **overrides,
    }


@pytest.fixture
def signed_in(client, keyworker):
    client.force_login(keyworker)
    return client


@time_machine.travel(NOW, tick=False)
def test_the_form_defaults_to_now_with_a_one_time_key(signed_in, participant):
    response = signed_in.get(url(participant))

    html = response.content.decode()
    assert 'value="2026-03-03T11:30"' in html
    assert 'name="submission_key"' in html
    assert response.context["form"]["submission_key"].value()


@time_machine.travel(NOW, tick=False)
def test_logging_a_contact_with_actions_puts_it_on_the_timeline(
    signed_in, keyworker, participant
):
    response = signed_in.post(
        url(participant),
        form_data(action_1="Book the CV workshop", action_1_due="2026-03-10"),
    )

    assert response.status_code == 302
    assert response.url == participant.get_absolute_url()
    contact = Contact.objects.get()
    assert contact.worker == keyworker
    assert contact.minutes == 25
    assert contact.topics == ["work", "money"]
    action = Action.objects.get()
    assert (action.description, action.due_on) == (
        "Book the CV workshop",
        datetime.date(2026, 3, 10),
    )
    page = signed_in.get(participant.get_absolute_url()).content.decode()
    assert "Phone contact, 25 min" in page
    assert "Book the CV workshop" in page


@time_machine.travel(NOW, tick=False)
def test_a_double_tap_creates_one_contact(signed_in, participant):
    data = form_data(action_1="Call the landlord", action_1_due="2026-03-04")

    signed_in.post(url(participant), data)
    signed_in.post(url(participant), data)

    assert Contact.objects.count() == 1
    assert Action.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_crisis_contact_opens_a_safeguarding_concern(signed_in, participant):
    signed_in.post(url(participant), form_data(topics=["crisis"]))

    assert SafeguardingConcern.objects.open().count() == 1


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("happened_at", "2026-03-04T10:00", "A contact cannot be in the future"),
        ("minutes", "0", "Enter at least 1 minute."),
        ("minutes", "1000", "A contact can last at most 600 minutes"),
        ("minutes", "", "This field is required."),
        ("channel", "carrier-pigeon", "Select a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message_and_typing_kept(
    signed_in, participant, field, value, message
):
    data = form_data(
        **{field: value}, action_1="Ring the GP surgery", action_1_due="2026-03-05"
    )

    response = signed_in.post(url(participant), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "Talked through the Universal Credit letter." in html
    assert 'value="Ring the GP surgery"' in html
    assert response.context["form"]["topics"].value() == ["work", "money"]
    assert response.context["form"]["submission_key"].value() == data["submission_key"]
    assert Contact.objects.count() == 0
    assert TimelineEntry.objects.count() == 0


@time_machine.travel(NOW, tick=False)
@pytest.mark.parametrize(
    ("action", "due", "field", "message"),
    [
        ("Call the landlord", "", "action_1_due", "Give the action a due date."),
        ("", "2026-03-05", "action_1", "Say what the action is."),
        ("Call the landlord", "2026-03-01", "action_1_due", "already passed"),
    ],
)
def test_half_filled_actions_are_refused(
    signed_in, participant, action, due, field, message
):
    response = signed_in.post(
        url(participant), form_data(action_1=action, action_1_due=due)
    )

    assert message in " ".join(response.context["form"].errors[field])
    assert Contact.objects.count() == 0


def test_a_missing_participant_is_404(signed_in):
    response = signed_in.get(reverse("caseload:log-contact", args=[999999]))

    assert response.status_code == 404


def test_another_keyworkers_participant_is_404_and_nothing_is_logged(
    signed_in, other_participant, participant_elsewhere
):
    for someone in (other_participant, participant_elsewhere):
        response = signed_in.post(url(someone), form_data())
        assert response.status_code == 404
    assert Contact.objects.count() == 0


def test_query_count_of_the_form_does_not_grow_with_history(signed_in, keyworker):
    participant = ParticipantFactory(keyworker=keyworker)
    # The first request on a connection also prepares its statements.
    signed_in.get(url(participant))
    counts = []
    for size in (3, 27):
        ContactFactory.create_batch(size, participant=participant)
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.get(url(participant)).status_code == 200
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1] <= 15


def test_query_count_of_logging_a_contact_does_not_grow_with_history(
    signed_in, keyworker
):
    participant = ParticipantFactory(keyworker=keyworker)
    signed_in.get(url(participant))  # the first request of a session writes it
    counts = []
    for size in (3, 27):
        ContactFactory.create_batch(size, participant=participant)
        with CaptureQueriesContext(connection) as captured:
            assert signed_in.post(url(participant), form_data()).status_code == 302
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1] <= 15, [q["sql"][:90] for q in captured]
    assert participant.contacts.count() == 32


@time_machine.travel(NOW, tick=False)
def test_the_form_and_logging_read_the_participant_without_their_workers(
    signed_in, keyworker
):
    # Neither shows nor uses a worker: the participant is read without joining
    # them (two joins, 38 columns).
    participant = ParticipantFactory(keyworker=keyworker)

    with CaptureQueriesContext(connection) as captured:
        response = signed_in.get(url(participant))
    assert response.status_code == 200
    assert participant.display_name in response.content.decode()
    with CaptureQueriesContext(connection) as logging:
        response = signed_in.post(url(participant), form_data())
    assert response.status_code == 302
    assert participant.contacts.count() == 1

    for queries in (captured, logging):
        statements = [statement_text(q["sql"]) for q in queries]
        reads = [sql for sql in statements if 'FROM "caseload_participant"' in sql]
        assert len(reads) == 1
        assert "accounts_user" not in reads[0].split(" WHERE ")[0]
