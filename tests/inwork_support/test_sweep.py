"""The check-in sweep: reminders once, escalation after 2 working days, digests."""

import datetime

import pytest
from django.core import mail

from accounts.models import Notification, OutgoingEmail
from accounts.services import mark_away
from accounts.tasks import sweep_outbox
from caseload.models import EntryKind, TimelineEntry
from inwork_support import services
from inwork_support.models import (
    CheckIn,
    CheckInKind,
    CheckInStatus,
    JobRisk,
    WorkerDigest,
)
from inwork_support.tasks import sweep_checkins
from tests.factories import CheckInFactory, EmploymentFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def at(year, month, day, hour=6, minute=0):
    return datetime.datetime(year, month, day, hour, minute, tzinfo=datetime.UTC)


def sweep(when, capture):
    with capture(execute=False):
        return services.sweep_checkins(now=when)


@pytest.fixture
def due_today(participant):
    employment = EmploymentFactory(participant=participant, start_date=D(2026, 3, 2))
    return CheckInFactory(employment=employment, due_on=D(2026, 3, 2))


def test_running_the_sweep_twice_sends_one_email_and_one_notification(
    due_today, keyworker, django_capture_on_commit_callbacks
):
    first = sweep(at(2026, 3, 2), django_capture_on_commit_callbacks)
    second = sweep(at(2026, 3, 2, 6, 15), django_capture_on_commit_callbacks)
    sweep_outbox()

    assert (first.reminded, second.reminded) == (1, 0)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [keyworker.email]
    assert mail.outbox[0].subject == "Check-in due: First day, Jade J."
    assert Notification.objects.filter(recipient=keyworker).count() == 1
    assert TimelineEntry.objects.filter(kind=EntryKind.REMINDER).count() == 1
    due_today.refresh_from_db()
    assert due_today.reminded_at == at(2026, 3, 2)


def test_a_claimed_check_in_is_not_reminded_again_by_a_racing_sweep(
    due_today, django_capture_on_commit_callbacks
):
    # Another sweep claimed it first (the conditional update lost the race).
    CheckIn.objects.filter(pk=due_today.pk).update(reminded_at=at(2026, 3, 2))

    result = sweep(at(2026, 3, 2, 6, 1), django_capture_on_commit_callbacks)

    assert result.reminded == 0
    assert not OutgoingEmail.objects.exists()


def test_the_celery_task_runs_the_same_sweep(due_today, time_machine):
    time_machine.move_to(at(2026, 3, 2), tick=False)
    assert sweep_checkins() == {
        "missed": 0,
        "reminded": 1,
        "escalated": 0,
        "digests": 0,
    }


def test_nothing_is_reminded_before_it_is_due(
    due_today, django_capture_on_commit_callbacks
):
    assert sweep(at(2026, 3, 1, 12), django_capture_on_commit_callbacks).reminded == 0


def test_an_away_workers_reminder_goes_to_their_cover(
    due_today, keyworker, other_keyworker, django_capture_on_commit_callbacks
):
    mark_away(worker=keyworker, cover=other_keyworker)
    sweep(at(2026, 3, 2), django_capture_on_commit_callbacks)
    assert other_keyworker.notifications.filter(title__startswith="Due today").exists()


def test_a_check_in_due_on_the_first_day_of_summer_time_is_reminded_at_london_midnight(
    participant, django_capture_on_commit_callbacks
):
    checkin = CheckInFactory(
        employment=EmploymentFactory(participant=participant), due_on=D(2026, 3, 30)
    )
    # 23:30 UTC on 29 March is 00:30 BST on 30 March.
    result = sweep(at(2026, 3, 29, 23, 30), django_capture_on_commit_callbacks)
    assert result.reminded == 1
    checkin.refresh_from_db()
    assert checkin.reminded_at is not None


def test_at_the_end_of_summer_time_the_day_changes_at_utc_midnight(
    participant, django_capture_on_commit_callbacks
):
    CheckInFactory(
        employment=EmploymentFactory(participant=participant), due_on=D(2026, 10, 26)
    )
    # 23:30 UTC on 25 October is 23:30 GMT, still the 25th.
    assert (
        sweep(at(2026, 10, 25, 23, 30), django_capture_on_commit_callbacks).reminded
        == 0
    )
    assert (
        sweep(at(2026, 10, 26, 0, 1), django_capture_on_commit_callbacks).reminded == 1
    )


def test_a_check_in_overdue_by_more_than_two_working_days_is_escalated_once(
    due_today, partner_manager, time_machine, django_capture_on_commit_callbacks
):
    # Due Monday 2 March: Wednesday is 2 working days over, Thursday is 3.
    time_machine.move_to(at(2026, 3, 4, 6), tick=False)
    assert sweep(at(2026, 3, 4, 6), django_capture_on_commit_callbacks).escalated == 0

    time_machine.move_to(at(2026, 3, 5, 6), tick=False)
    result = sweep(at(2026, 3, 5, 6), django_capture_on_commit_callbacks)
    again = sweep(at(2026, 3, 5, 6, 15), django_capture_on_commit_callbacks)
    sweep_outbox()

    assert (result.escalated, again.escalated) == (1, 0)
    assert (
        partner_manager.notifications.filter(title__startswith="Overdue").count() == 1
    )
    assert TimelineEntry.objects.filter(kind=EntryKind.ESCALATION).count() == 1
    assert [m.to for m in mail.outbox if m.subject.startswith("Overdue")] == [
        [partner_manager.email]
    ]


def test_a_friday_check_in_is_escalated_on_wednesday_not_tuesday(
    participant, partner_manager, django_capture_on_commit_callbacks
):
    CheckInFactory(
        employment=EmploymentFactory(participant=participant), due_on=D(2026, 3, 6)
    )
    assert sweep(at(2026, 3, 10), django_capture_on_commit_callbacks).escalated == 0
    assert sweep(at(2026, 3, 11), django_capture_on_commit_callbacks).escalated == 1


def test_another_partners_manager_is_not_told(
    due_today, other_partner_manager, django_capture_on_commit_callbacks
):
    sweep(at(2026, 3, 12), django_capture_on_commit_callbacks)
    assert not other_partner_manager.notifications.exists()


def test_a_regular_check_in_is_missed_when_the_next_would_be_due(
    job, django_capture_on_commit_callbacks
):
    regular = job.checkins.get(kind=CheckInKind.REGULAR, sequence=1)  # due 9 March

    assert sweep(at(2026, 3, 15), django_capture_on_commit_callbacks).missed == 0
    assert sweep(at(2026, 3, 16), django_capture_on_commit_callbacks).missed == 1
    assert sweep(at(2026, 3, 16, 7), django_capture_on_commit_callbacks).missed == 0

    regular.refresh_from_db()
    assert regular.status == CheckInStatus.MISSED
    following = job.checkins.get(kind=CheckInKind.REGULAR, status="pending")
    assert (following.sequence, following.due_on) == (2, D(2026, 3, 16))
    risk = JobRisk.objects.get()
    assert (risk.reason, risk.key) == ("missed_check_in", f"missed:{regular.pk}")


def test_a_long_forgotten_job_catches_up_with_one_missed_check_in(
    job, django_capture_on_commit_callbacks
):
    assert sweep(at(2026, 4, 1), django_capture_on_commit_callbacks).missed == 1
    following = job.checkins.get(kind=CheckInKind.REGULAR, status="pending")
    assert following.due_on == D(2026, 3, 30)  # 9 March + 3 weeks


def test_each_worker_gets_one_morning_digest_a_day(
    due_today, keyworker, django_capture_on_commit_callbacks
):
    assert sweep(at(2026, 3, 2, 6, 45), django_capture_on_commit_callbacks).digests == 0
    assert sweep(at(2026, 3, 2, 7, 0), django_capture_on_commit_callbacks).digests == 1
    assert sweep(at(2026, 3, 2, 7, 15), django_capture_on_commit_callbacks).digests == 0
    sweep_outbox()

    assert WorkerDigest.objects.get().worker == keyworker
    digests = [m for m in mail.outbox if m.subject.startswith("Your check-ins")]
    assert len(digests) == 1
    assert "First day, Jade J., due 2 Mar 2026" in digests[0].body
