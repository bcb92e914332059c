"""Escalating employer messages unanswered for one working day."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from employers import services, tasks
from employers.models import EmployerMessage
from employers.workdays import one_working_day_before
from tests.factories import EmployerMessageFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def at(day: int, hour: int, minute: int = 0) -> datetime.datetime:
    """Return a moment in April 2026 in London (the 17th is a Friday)."""
    return datetime.datetime(2026, 4, day, hour, minute, tzinfo=LONDON)


@pytest.mark.parametrize(
    ("now", "cutoff"),
    [
        (at(16, 10), at(15, 10)),  # Thursday: Wednesday same time
        (at(20, 16), at(17, 16)),  # Monday 16:00: Friday 16:00
        (at(18, 12), at(17, 0)),  # Saturday noon: Friday's start
        (at(21, 0), at(20, 0)),  # Tuesday 00:00: Monday 00:00
        (at(20, 9), at(17, 9)),  # Monday 09:00: Friday 09:00
    ],
)
def test_one_working_day_skips_the_weekend(now, cutoff):
    assert one_working_day_before(now) == cutoff


@pytest.fixture
def friday_message(thread):
    EmployerMessage.objects.filter(pk=thread.pk).update(sent_at=at(17, 16))
    thread.refresh_from_db()
    return thread


def test_a_friday_afternoon_message_is_not_escalated_before_monday_afternoon(
    friday_message,
):
    for moment in (at(18, 16), at(19, 23), at(20, 15, 59)):
        with time_machine.travel(moment, tick=False):
            assert services.escalate_unanswered_messages() == 0
    friday_message.refresh_from_db()
    assert friday_message.escalated_at is None


def test_a_friday_afternoon_message_escalates_on_monday_afternoon(
    friday_message,
    iwso,
    keyworker,
    partner_manager,
    other_partner_manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with (
        time_machine.travel(at(20, 16), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        escalated = services.escalate_unanswered_messages()

    assert escalated == 1
    friday_message.refresh_from_db()
    assert friday_message.escalated_at == at(20, 16)
    assert iwso.notifications.count() == 1
    assert partner_manager.notifications.count() == 1
    assert not other_partner_manager.notifications.exists()
    assert not keyworker.notifications.exists()
    assert sorted(m.to[0] for m in mailoutbox) == sorted(
        [iwso.email, partner_manager.email]
    )


def test_escalating_twice_notifies_and_emails_once(
    friday_message,
    iwso,
    partner_manager,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        with time_machine.travel(at(20, 16), tick=False):
            first = tasks.escalate_unanswered_employer_messages()
        with time_machine.travel(at(20, 16, 15), tick=False):
            second = tasks.escalate_unanswered_employer_messages()
        # A late, repeated claim of the same row changes nothing either.
        again = services.escalate_message(message=friday_message, now=at(20, 17))

    assert (first, second, again) == (1, 0, False)
    assert iwso.notifications.count() == 1
    assert partner_manager.notifications.count() == 1
    assert len(mailoutbox) == 2


def test_an_answered_message_is_never_escalated(friday_message, keyworker):
    services.reply_to_message(thread=friday_message, sender=keyworker, body="On it.")

    with time_machine.travel(at(22, 9), tick=False):
        assert services.escalate_unanswered_messages() == 0


def test_staff_replies_and_follow_ups_are_not_escalated(thread, keyworker):
    EmployerMessage.objects.filter(pk=thread.pk).update(sent_at=at(13, 9))
    EmployerMessageFactory(
        employer=thread.employer,
        thread=thread,
        sender_contact=thread.sender_contact,
        sent_at=at(13, 9),
    )

    with time_machine.travel(at(15, 9), tick=False):
        assert services.escalate_unanswered_messages() == 1
