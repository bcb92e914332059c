"""The sweep writes a chunk at a time, yet sends each message once, as chosen."""

import contextlib
import datetime
import threading

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import Notification, NotificationKind, OutgoingEmail, Role
from accounts.services import mark_away, set_email_choices
from caseload.models import EntryKind, TimelineEntry
from inwork_support import services
from inwork_support.models import CheckIn, CheckInKind, WorkerDigest
from inwork_support.services import sweep
from tests.conftest import missing
from tests.factories import (
    CheckInFactory,
    EmploymentFactory,
    ParticipantFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
KINDS = [CheckInKind.FIRST_DAY, CheckInKind.PROBATION_END, CheckInKind.SIX_MONTHS]


def at(day, hour=6, minute=0):
    return datetime.datetime.combine(
        day, datetime.time(hour, minute), tzinfo=datetime.UTC
    )


MONDAY = D(2026, 3, 2)


def due(worker, count, *, first_name="Jade"):
    """Give `worker` `count` check-ins on one job, due Monday and the days before."""
    job = EmploymentFactory(
        participant=ParticipantFactory(
            keyworker=worker, first_name=first_name, last_name="Jones"
        ),
        start_date=D(2026, 1, 5),
    )
    return [
        CheckInFactory(
            employment=job,
            kind=KINDS[n % 3],
            sequence=n,
            assigned_to=worker,
            due_on=MONDAY - datetime.timedelta(days=n),
        )
        for n in range(count)
    ]


def run(when, capture):
    with capture(execute=False):
        return services.sweep_checkins(now=when)


def test_the_sweep_costs_the_same_queries_for_one_check_in_or_many(
    partner, partner_manager, django_capture_on_commit_callbacks
):
    # Due Monday 2 March; on Friday 6 March each is reminded, escalated and
    # in its worker's morning digest.
    due(UserFactory(delivery_partner=partner), 1)
    with CaptureQueriesContext(connection) as one:
        result = run(at(D(2026, 3, 6), 8), django_capture_on_commit_callbacks)
    assert (result.reminded, result.escalated, result.digests) == (1, 1, 1)

    for n in range(3):
        due(UserFactory(delivery_partner=partner), 10, first_name=f"Person{n}")
    with CaptureQueriesContext(connection) as many:
        result = run(at(D(2026, 3, 9), 8), django_capture_on_commit_callbacks)
    assert (result.reminded, result.escalated, result.digests) == (30, 30, 4)

    assert len(many) == len(one), [q["sql"][:80] for q in many]


def test_one_chunk_reminds_each_worker_or_their_cover_and_emails_as_each_chose(
    partner, django_capture_on_commit_callbacks
):
    default, quiet, away, cover = (
        UserFactory(delivery_partner=partner) for _ in range(4)
    )
    set_email_choices(user=quiet, by_email=set())
    mark_away(worker=away, cover=cover)
    for worker in (default, quiet, away):
        due(worker, 2)
    Notification.objects.all().delete()

    result = run(at(D(2026, 3, 2)), django_capture_on_commit_callbacks)

    assert result.reminded == 6
    reminders = Notification.objects.filter(kind=NotificationKind.REMINDER)
    assert sorted(reminders.values_list("recipient", flat=True)) == sorted(
        [default.pk] * 2 + [quiet.pk] * 2 + [cover.pk] * 2
    )
    assert sorted(OutgoingEmail.objects.values_list("to", flat=True)) == sorted(
        [default.email] * 2 + [cover.email] * 2
    )
    lines = TimelineEntry.objects.filter(
        kind=EntryKind.REMINDER, title__contains=str(cover)
    )
    assert sorted(lines.values_list("title", flat=True)) == [
        f"Reminder sent to {cover}: First day check-in due 2 Mar 2026",
        f"Reminder sent to {cover}: Probation end check-in due 1 Mar 2026",
    ]


def test_a_sweep_dying_mid_sweep_keeps_what_it_committed_and_the_next_sends_the_rest(
    partner, monkeypatch, django_capture_on_commit_callbacks
):
    due(UserFactory(delivery_partner=partner), 5)
    monkeypatch.setattr(sweep, "CHUNK", 2)
    real_notify_many, calls = sweep.notify_many, []

    def dies_on_the_second_chunk(notes):
        calls.append(len(notes))
        made = real_notify_many(notes)
        if len(calls) == 2:
            raise RuntimeError("the worker is killed")
        return made

    monkeypatch.setattr(sweep, "notify_many", dies_on_the_second_chunk)
    with (
        pytest.raises(RuntimeError),
        django_capture_on_commit_callbacks(execute=False) as dispatched,
    ):
        services.sweep_checkins(now=at(D(2026, 3, 2)))

    # The first chunk whole; the second rolled back, claims, rows, emails and all.
    assert CheckIn.objects.exclude(reminded_at=None).count() == 2
    assert Notification.objects.filter(kind=NotificationKind.REMINDER).count() == 2
    assert TimelineEntry.objects.filter(kind=EntryKind.REMINDER).count() == 2
    assert OutgoingEmail.objects.count() == 2
    assert len(dispatched) == 1

    monkeypatch.setattr(sweep, "notify_many", real_notify_many)
    again = run(at(D(2026, 3, 2), 6, 5), django_capture_on_commit_callbacks)

    assert again.reminded == 3
    keys = Notification.objects.values_list("key", flat=True)
    assert sorted(keys) == sorted(
        f"checkin:{pk}:reminder" for pk in CheckIn.objects.values_list("pk", flat=True)
    )
    assert OutgoingEmail.objects.count() == 5
    assert TimelineEntry.objects.filter(kind=EntryKind.REMINDER).count() == 5


def test_check_ins_a_racing_sweep_claimed_are_left_to_it(
    partner, django_capture_on_commit_callbacks
):
    checkins = due(UserFactory(delivery_partner=partner), 4)
    theirs = [checkins[0].pk, checkins[2].pk]
    CheckIn.objects.filter(pk__in=theirs).update(reminded_at=at(D(2026, 3, 2)))

    result = run(at(D(2026, 3, 2), 6, 1), django_capture_on_commit_callbacks)

    assert result.reminded == 2
    assert sorted(Notification.objects.values_list("key", flat=True)) == sorted(
        f"checkin:{c.pk}:reminder" for c in (checkins[1], checkins[3])
    )
    assert OutgoingEmail.objects.count() == 2


def test_escalations_tell_each_active_manager_of_the_partner_once_as_each_chose(
    partner, other_partner, django_capture_on_commit_callbacks
):
    loud, quiet = (
        UserFactory(role=Role.PARTNER_MANAGER, delivery_partner=partner)
        for _ in range(2)
    )
    set_email_choices(user=quiet, by_email=set())
    UserFactory(role=Role.PARTNER_MANAGER, delivery_partner=partner, is_active=False)
    elsewhere = UserFactory(role=Role.PARTNER_MANAGER, delivery_partner=other_partner)
    worker = UserFactory(delivery_partner=partner, first_name="Amira")
    checkins = due(worker, 2) + due(UserFactory(delivery_partner=partner), 1)

    first = run(at(D(2026, 3, 6)), django_capture_on_commit_callbacks)
    second = run(at(D(2026, 3, 6), 6, 15), django_capture_on_commit_callbacks)

    assert (first.escalated, second.escalated) == (3, 0)
    told = Notification.objects.filter(kind=NotificationKind.ESCALATION)
    assert sorted(told.values_list("key", flat=True)) == sorted(
        f"checkin:{c.pk}:escalation:{manager.pk}"
        for c in checkins
        for manager in (loud, quiet)
    )
    assert not elsewhere.notifications.exists()
    assert told.get(key=f"checkin:{checkins[0].pk}:escalation:{loud.pk}").title == (
        f"Overdue first day check-in: Jade Jones ({worker})"
    )
    emails = OutgoingEmail.objects.filter(subject__startswith="Overdue")
    assert sorted(emails.values_list("to", flat=True)) == [loud.email] * 3
    assert emails.filter(subject=f"Overdue check-in: Jade J. ({worker})").count() == 2
    assert TimelineEntry.objects.filter(kind=EntryKind.ESCALATION).count() == 3


def test_each_digest_lists_its_own_workers_first_fifty_check_ins_by_due_date(
    partner, django_capture_on_commit_callbacks
):
    busy, light = (UserFactory(delivery_partner=partner) for _ in range(2))
    due(busy, 55)
    due(light, 2, first_name="Owen")

    assert run(at(D(2026, 3, 2), 7), django_capture_on_commit_callbacks).digests == 2

    digests = {
        n.recipient_id: n for n in Notification.objects.filter(key__startswith="digest")
    }
    assert digests[busy.pk].title == "Today: 55 check-ins due or overdue"
    emails = {
        e.to: e.body for e in OutgoingEmail.objects.filter(subject__contains="2 March")
    }
    busy_lines = [line for line in emails[busy.email].splitlines() if line[:2] == "- "]
    assert len(busy_lines) == 50
    assert busy_lines[0] == "- First day, Jade J., due 7 Jan 2026"  # 54 days before
    assert busy_lines[-1] == "- Six months, Jade J., due 25 Feb 2026"  # 5 days
    assert "Jade" not in emails[light.email]
    assert "- Probation end, Owen J., due 1 Mar 2026" in emails[light.email]


def test_a_digest_a_racing_sweep_claimed_first_is_not_sent_twice(
    partner, monkeypatch, django_capture_on_commit_callbacks
):
    first, second = (UserFactory(delivery_partner=partner) for _ in range(2))
    due(first, 1)
    due(second, 1)
    real_claim = sweep._claim_digests

    def the_other_sweep_gets_there_first(worker_ids, day):
        WorkerDigest.objects.create(worker=first, day=day)
        return real_claim(worker_ids, day)

    monkeypatch.setattr(sweep, "_claim_digests", the_other_sweep_gets_there_first)

    assert run(at(D(2026, 3, 2), 7), django_capture_on_commit_callbacks).digests == 1
    assert list(
        Notification.objects.filter(key__startswith="digest").values_list(
            "recipient", flat=True
        )
    ) == [second.pk]
    assert list(
        OutgoingEmail.objects.filter(subject__startswith="Your check-ins").values_list(
            "to", flat=True
        )
    ) == [second.email]


@pytest.mark.real_stack
@pytest.mark.django_db(transaction=True)
def test_two_sweeps_at_the_same_moment_send_each_message_once(
    partner, partner_manager, monkeypatch
):
    if connection.vendor != "postgresql":
        missing("PostgreSQL (row locks decide the race)")
    workers = [UserFactory(delivery_partner=partner) for _ in range(3)]
    for n, worker in enumerate(workers):
        due(worker, 40, first_name=f"Person{n}")
    monkeypatch.setattr(sweep, "CHUNK", 7)
    monkeypatch.setattr("accounts.services._dispatch", lambda *pks: True)
    # Both sweeps claim each chunk at the same moment: one waits on the other's
    # row locks, then finds the rows claimed.
    step, real_claim = threading.Barrier(2, timeout=2), sweep._claim

    def in_step(pks, field, now):
        with contextlib.suppress(threading.BrokenBarrierError):
            step.wait()
        return real_claim(pks, field, now)

    monkeypatch.setattr(sweep, "_claim", in_step)
    start = threading.Barrier(2)
    results = []

    def run_sweep() -> None:
        try:
            start.wait()
            results.append(services.sweep_checkins(now=at(MONDAY, 8)))
        finally:
            connection.close()

    threads = [threading.Thread(target=run_sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert len(results) == 2
    assert sum(r.reminded for r in results) == 120
    # Over 2 working days late on Monday: due by Wednesday 25 February, 35 each.
    assert sum(r.escalated for r in results) == 105
    assert sum(r.digests for r in results) == 3
    keys = list(Notification.objects.values_list("key", flat=True))
    assert len(keys) == len(set(keys)) == 120 + 105 + 3
    assert OutgoingEmail.objects.count() == 120 + 105 + 3
    assert TimelineEntry.objects.count() == 120 + 105
