"""log_contact: out-of-hours flag, actions, crisis escalation, one record per submit."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from auditlog.models import LogEntry
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Notification
from caseload.models import (
    Action,
    Contact,
    EntryKind,
    SafeguardingConcern,
    TimelineEntry,
    Topic,
)
from caseload.services import log_contact
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def log(participant, **overrides):
    fields = {
        "participant": participant,
        "worker": participant.keyworker,
        "happened_at": datetime.datetime(2026, 3, 3, 11, 0, tzinfo=LONDON),
        "channel": "phone",
        "minutes": 15,
        "topics": [Topic.WORK],
    }
    return log_contact(**{**fields, **overrides})


def test_contact_in_working_hours_is_not_out_of_hours(participant):
    contact = log(participant)

    assert contact.out_of_hours is False


@pytest.mark.parametrize(
    "moment",
    [
        datetime.datetime(2026, 3, 3, 18, 30, tzinfo=LONDON),  # Tuesday evening
        datetime.datetime(2026, 3, 7, 11, 0, tzinfo=LONDON),  # Saturday
        datetime.datetime(2026, 3, 3, 8, 59, tzinfo=LONDON),  # before nine
    ],
)
def test_contact_outside_working_hours_is_flagged(participant, moment):
    contact = log(participant, happened_at=moment)

    assert contact.out_of_hours is True


def test_out_of_hours_follows_the_workers_own_hours(participant):
    worker = participant.keyworker
    worker.working_days = "0123456"
    worker.works_until = datetime.time(20, 0)
    worker.save()

    contact = log(
        participant, happened_at=datetime.datetime(2026, 3, 7, 19, 0, tzinfo=LONDON)
    )

    assert contact.out_of_hours is False


def test_actions_are_created_for_the_worker(participant):
    contact = log(
        participant,
        actions=[("Call the housing officer", datetime.date(2026, 3, 5))],
    )

    action = Action.objects.get()
    assert action.contact == contact
    assert action.owner == participant.keyworker
    assert action.due_on == datetime.date(2026, 3, 5)


def test_crisis_opens_a_concern_and_tells_the_partner_managers(
    participant, partner_manager, other_partner_manager
):
    contact = log(participant, topics=[Topic.CRISIS], notes="Evicted this morning.")

    concern = SafeguardingConcern.objects.get()
    assert concern.contact == contact
    assert concern.summary == "Evicted this morning."
    assert list(Notification.objects.values_list("recipient", flat=True)) == [
        partner_manager.pk
    ]


def test_the_contact_appears_on_the_timeline(participant):
    contact = log(participant)

    entry = TimelineEntry.objects.get(kind=EntryKind.CONTACT)
    assert entry.contact == contact
    assert entry.participant == participant


def test_a_repeated_submission_creates_one_contact(participant):
    key = uuid.uuid4()

    first = log(participant, submission_key=key)
    second = log(participant, submission_key=key)

    assert first.pk == second.pk
    assert Contact.objects.count() == 1


def test_a_key_used_at_another_partner_logs_a_new_contact_and_leaves_theirs_alone(
    participant, keyworker_elsewhere
):
    theirs = ParticipantFactory(keyworker=keyworker_elsewhere)
    key = uuid.uuid4()
    their_contact = log(theirs, submission_key=key, notes="Their notes")

    mine = log(participant, submission_key=key, notes="My notes")

    assert mine.pk != their_contact.pk
    assert (mine.participant, mine.worker) == (participant, participant.keyworker)
    assert mine.notes == "My notes"
    their_contact.refresh_from_db()
    assert their_contact.participant == theirs
    assert their_contact.submission_key == key


def test_a_key_a_colleague_used_for_another_participant_is_not_theirs_to_return(
    participant, other_keyworker
):
    colleagues = ParticipantFactory(keyworker=other_keyworker)
    key = uuid.uuid4()
    log(colleagues, submission_key=key)

    mine = log(participant, submission_key=key)

    assert mine.participant == participant
    assert Contact.objects.filter(participant=participant).count() == 1


def test_logging_a_contact_reads_nothing_back(participant):
    # A new contact can have no timeline entry, in-work answers or concern yet:
    # its audited creation must not ask the database for them (three SELECTs a
    # POST), nor look the submission key up before the unique index says no.
    with CaptureQueriesContext(connection) as queries:
        contact = log(participant, submission_key=uuid.uuid4())

    assert not [q["sql"] for q in queries if q["sql"].startswith("SELECT")]
    created = LogEntry.objects.get_for_object(contact).get()
    assert created.action == LogEntry.Action.CREATE
    assert created.changes["channel"] == ["None", "phone"]
    assert contact.timeline_entry.kind == EntryKind.CONTACT


def test_a_new_contacts_back_relations_read_as_usual_afterwards(participant):
    contact = log(participant)
    concern = SafeguardingConcern.objects.create(
        participant=participant,
        contact_id=contact.pk,
        raised_by=contact.worker,
        summary="Raised by hand",
    )

    assert contact.safeguarding_concern == concern


# A request logs a contact outside any transaction of its caller's: there the
# transaction itself, not a savepoint, undoes a contact whose key is taken.
@pytest.mark.django_db(transaction=True)
def test_on_its_own_a_repeated_submission_returns_the_first_without_a_savepoint(
    participant,
):
    key = uuid.uuid4()

    with CaptureQueriesContext(connection) as queries:
        first = log(participant, submission_key=key)
    second = log(participant, submission_key=key)

    assert not [q["sql"] for q in queries if "SAVEPOINT" in q["sql"]]
    assert second.pk == first.pk
    assert Contact.objects.get().pk == first.pk
    assert TimelineEntry.objects.get().contact_id == first.pk
    assert LogEntry.objects.get_for_model(Contact).count() == 1


@pytest.mark.django_db(transaction=True)
def test_on_its_own_a_key_a_colleague_holds_logs_a_new_contact(
    participant, other_keyworker
):
    colleagues = ParticipantFactory(keyworker=other_keyworker)
    key = uuid.uuid4()
    theirs = log(colleagues, submission_key=key)

    mine = log(participant, submission_key=key, notes="My notes")

    assert mine.pk != theirs.pk
    assert mine.submission_key is None
    assert Contact.objects.get(pk=mine.pk).notes == "My notes"
    assert TimelineEntry.objects.get(participant=participant).contact_id == mine.pk


class RefusedAnswers:
    """Answers whose recording breaks a constraint, after the contact is made."""

    def check(self, participant):
        pass

    def apply(self, *, contact, worker):
        Contact.objects.create(
            participant=contact.participant,
            worker=worker,
            happened_at=contact.happened_at,
            channel=contact.channel,
            minutes=contact.minutes,
            submission_key=contact.submission_key,
        )


@pytest.mark.django_db(transaction=True)
def test_on_its_own_a_later_failure_is_raised_and_keeps_nothing(participant):
    with pytest.raises(IntegrityError):
        log(participant, submission_key=uuid.uuid4(), answers=[RefusedAnswers()])

    assert not Contact.objects.exists()
    assert not TimelineEntry.objects.exists()
    assert not LogEntry.objects.get_for_model(Contact).exists()
