"""The check-in sweep that beat runs every few minutes, and the emails it sends.

Idempotent by construction: each reminder, escalation and missed check-in is
claimed by a conditional update, and each digest by a unique row, before
anything is sent; notifications and timeline lines carry unique keys. Work is
done in chunks, each one transaction: a worker dying mid-chunk rolls back its
claims, so the next sweep sends them. Emails go through the outbox
(accounts.services.queue_email): the row is written in the same transaction as
the claim and a worker sends it after commit, so a broker outage delays an
email but never loses it. Reminders and escalations are in-app notifications
that also email whoever chose that kind by email (accounts.services.notify).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, connection, models, transaction
from django.db.models import Count, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audited_update
from accounts.models import Leave, NotificationKind, User
from accounts.services import Note, notify, notify_many
from caseload.models import EntryKind, TimelineEntry
from caseload.services import add_timeline_entry

from .. import dates
from ..models import (
    CheckIn,
    CheckInKind,
    CheckInStatus,
    InWorkSupportPlan,
    RiskReason,
    WorkerDigest,
)
from .schedule import DEFAULT_INTERVAL_DAYS, schedule_next_regular
from .support import raise_job_risk

CHUNK = 500
DIGEST_HOUR = 7


@dataclass(frozen=True)
class SweepResult:
    missed: int
    reminded: int
    escalated: int
    digests: int


def sweep_checkins(*, now: datetime.datetime | None = None) -> SweepResult:
    """Run one sweep over the check-ins that became due, overdue or missed.

    1. Regular check-ins whose successor would be due are marked missed: the
       next one is created and the job flagged at risk.
    2. Each pending check-in due today or overdue is reminded once.
    3. Each overdue by more than two working days is escalated once to managers.
    4. From 7am, each worker with check-ins due gets one morning digest.
    """
    now = now or timezone.now()
    day = dates.today(now)
    return SweepResult(
        missed=mark_missed_checkins(day=day, now=now),
        reminded=send_reminders(day=day, now=now),
        escalated=send_escalations(day=day, now=now),
        digests=(
            send_morning_digests(day=day, now=now)
            if timezone.localtime(now).hour >= DIGEST_HOUR
            else 0
        ),
    )


def _chunks(rows: models.QuerySet) -> Iterator[list[int]]:
    pks = list(rows.order_by("pk").values_list("pk", flat=True))
    for start in range(0, len(pks), CHUNK):
        yield pks[start : start + CHUNK]


def _loaded(pks: list[int]) -> models.QuerySet:
    return CheckIn.objects.filter(pk__in=pks).select_related(
        "employment__participant", "assigned_to__cover"
    )


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _checkin_body(checkin: CheckIn) -> str:
    return (
        f"{checkin.get_kind_display()} check-in due {checkin.due_on:%-d %b %Y}.\n"
        f"Open the job: {_link(checkin.employment.get_absolute_url())}\n"
    )


def _short_name(checkin: CheckIn) -> str:
    # Emails leave the system: the participant is named by first name and initial.
    person = checkin.employment.participant
    return f"{person.preferred_name or person.first_name} {person.last_name[:1]}."


def send_reminders(*, day: datetime.date, now: datetime.datetime) -> int:
    """Remind the assigned worker (or their cover) of each due check-in, once.

    Each chunk is claimed by one conditional update, and its notifications,
    timeline lines and emails are written in three inserts, in the claim's
    transaction: 10,000 due check-ins take seconds, not a query per row.
    """
    sent = 0
    due = CheckIn.objects.chased().due_by(day).filter(reminded_at=None)
    for chunk in _chunks(due):
        with transaction.atomic():
            claimed = list(_loaded(_claim(chunk, "reminded_at", now)).order_by("pk"))
            _remind(claimed, day=day, now=now)
            sent += len(claimed)
    return sent


def _claim(pks: list[int], field: str, now: datetime.datetime) -> list[int]:
    """Set `field` to `now` on those of `pks` still pending without it; return them.

    The conditional update of STYLE.md for a whole chunk: UPDATE ... RETURNING
    (PostgreSQL, and SQLite since 3.35) names exactly the rows this sweep
    claimed, so a racing sweep, which claims none of them, sends nothing twice.
    """
    if not pks:
        return []
    column = connection.ops.quote_name(CheckIn._meta.get_field(field).column)
    table = connection.ops.quote_name(CheckIn._meta.db_table)
    marks = ", ".join(["%s"] * len(pks))
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {column} = %s "  # noqa: S608 - names from _meta
            f"WHERE id IN ({marks}) AND {column} IS NULL AND status = %s "
            "RETURNING id",
            [
                connection.ops.adapt_datetimefield_value(now),
                *pks,
                CheckInStatus.PENDING,
            ],
        )
        return [row[0] for row in cursor.fetchall()]


def _remind(
    checkins: list[CheckIn], *, day: datetime.date, now: datetime.datetime
) -> None:
    notes, entries = [], []
    on_leave = Leave.objects.covers_on(day, [c.assigned_to_id for c in checkins])
    for checkin in checkins:
        worker = checkin.assigned_to.responsible_now(covers=on_leave)
        when = "Overdue" if checkin.due_on < day else "Due today"
        kind = checkin.get_kind_display()
        url = checkin.employment.get_absolute_url()
        key = f"checkin:{checkin.pk}:reminder"
        participant = checkin.employment.participant
        notes.append(
            Note(
                recipient=worker,
                kind=NotificationKind.REMINDER,
                title=f"{when}: {kind} check-in with {participant}",
                body=f"Due {checkin.due_on:%-d %b %Y}.",
                url=url,
                key=key,
                email_subject=f"Check-in due: {kind}, {_short_name(checkin)}",
                email_body=_checkin_body(checkin),
            )
        )
        entries.append(
            TimelineEntry(
                participant=participant,
                occurred_at=now,
                kind=EntryKind.REMINDER,
                title=f"Reminder sent to {worker}: {kind} check-in due "
                f"{checkin.due_on:%-d %b %Y}"[:200],
                url=url,
                key=key,
            )
        )
    # The keys make each insert at-most-once, as add_timeline_entry() does row
    # by row; notify_many emails as each worker chose.
    notify_many(notes)
    TimelineEntry.objects.bulk_create(entries, ignore_conflicts=True)


def send_escalations(*, day: datetime.date, now: datetime.datetime) -> int:
    """Tell the worker's managers of each check-in overdue by over 2 working days."""
    sent = 0
    managers: dict[int, list[User]] = {}
    overdue = CheckIn.objects.chased().filter(
        due_on__lt=dates.escalation_cutoff(day), escalated_at=None
    )
    for chunk in _chunks(overdue):
        with transaction.atomic():
            for checkin in _loaded(chunk):
                claimed = CheckIn.objects.filter(
                    pk=checkin.pk, escalated_at=None, status=CheckInStatus.PENDING
                ).update(escalated_at=now)
                if claimed != 1:
                    continue
                partner_id = checkin.assigned_to.delivery_partner_id
                if partner_id not in managers:
                    managers[partner_id] = list(User.objects.managers_of(partner_id))
                _escalate(checkin=checkin, managers=managers[partner_id], now=now)
                sent += 1
    return sent


def _escalate(
    *, checkin: CheckIn, managers: list[User], now: datetime.datetime
) -> None:
    participant = checkin.employment.participant
    title = (
        f"Overdue {checkin.get_kind_display().lower()} check-in: {participant} "
        f"({checkin.assigned_to})"
    )
    subject = f"Overdue check-in: {_short_name(checkin)} ({checkin.assigned_to})"
    for manager in managers:
        notify(
            recipient=manager,
            kind=NotificationKind.ESCALATION,
            title=title,
            body=f"Due {checkin.due_on:%-d %b %Y}, more than 2 working days ago.",
            url=checkin.employment.get_absolute_url(),
            key=f"checkin:{checkin.pk}:escalation:{manager.pk}",
            email_subject=subject,
            email_body=_checkin_body(checkin),
        )
    add_timeline_entry(
        participant=participant,
        occurred_at=now,
        kind=EntryKind.ESCALATION,
        title=f"{checkin.get_kind_display()} check-in overdue: escalated to managers",
        url=checkin.employment.get_absolute_url(),
        key=f"checkin:{checkin.pk}:escalation",
    )


def mark_missed_checkins(*, day: datetime.date, now: datetime.datetime) -> int:
    """Mark regular check-ins missed once the next would be due; roll on; flag risk.

    The next one is due on the last step of the plan's interval on or before
    `day`, so a long-forgotten job is caught up with one missed check-in.
    """
    plan = InWorkSupportPlan.objects.filter(employment=OuterRef("employment")).order_by(
        "-revision"
    )
    rows = (
        CheckIn.objects.chased()
        .filter(kind=CheckInKind.REGULAR, due_on__lt=day)
        .annotate(
            frequency=Subquery(plan.values("contact_frequency")[:1]),
            every=Subquery(plan.values("frequency_days")[:1]),
        )
        .select_related("employment__participant__keyworker")
        .select_related("employment__participant__in_work_support_officer")
    )
    missed = 0
    for checkin in rows.iterator(chunk_size=CHUNK):
        interval = (
            InWorkSupportPlan(
                contact_frequency=checkin.frequency, frequency_days=checkin.every
            ).interval_days()
            if checkin.frequency
            else DEFAULT_INTERVAL_DAYS
        )
        late = (day - checkin.due_on).days
        if late >= interval and _miss(checkin, interval, late, now):
            missed += 1
    return missed


@transaction.atomic
def _miss(checkin: CheckIn, interval: int, late: int, now: datetime.datetime) -> bool:
    claimed = audited_update(
        CheckIn.objects.filter(pk=checkin.pk, status=CheckInStatus.PENDING),
        status=CheckInStatus.MISSED,
        closed_at=now,
    )
    if not claimed:
        return False
    employment = checkin.employment
    steps = late // interval
    schedule_next_regular(
        employment=employment,
        after=checkin.due_on + datetime.timedelta(days=interval * (steps - 1)),
        interval=interval,
    )
    raise_job_risk(
        employment=employment,
        reason=RiskReason.MISSED_CHECK_IN,
        detail=f"Regular check-in due {checkin.due_on:%-d %b %Y} was missed.",
        key=f"missed:{checkin.pk}",
    )
    return True


def send_morning_digests(*, day: datetime.date, now: datetime.datetime) -> int:
    """Send each worker with check-ins due or overdue one digest for `day`."""
    counts = dict(
        CheckIn.objects.chased()
        .due_by(day)
        .exclude(assigned_to__in=User.objects.away_on(day).values("pk"))
        .order_by()
        .values_list("assigned_to")
        .annotate(n=Count("pk"))
    )
    done = set(
        WorkerDigest.objects.filter(day=day, worker_id__in=counts).values_list(
            "worker_id", flat=True
        )
    )
    sent = 0
    for worker_id, count in counts.items():
        if worker_id not in done and _claim_digest(worker_id, day, count):
            sent += 1
    return sent


@transaction.atomic
def _claim_digest(worker_id: int, day: datetime.date, count: int) -> bool:
    try:
        with transaction.atomic():
            digest = WorkerDigest.objects.create(worker_id=worker_id, day=day)
    except IntegrityError:
        return False
    worker = User.objects.get(pk=worker_id)
    notify(
        recipient=worker,
        kind=NotificationKind.REMINDER,
        title=f"Today: {count} check-in{'s' if count != 1 else ''} due or overdue",
        url=reverse("inwork_support:today"),
        key=f"digest:{worker_id}:{day.isoformat()}",
        email_subject=f"Your check-ins for {day:%A %-d %B}",
        email_body=_digest_body(digest),
    )
    return True


def _digest_body(digest: WorkerDigest) -> str:
    checkins = (
        CheckIn.objects.chased()
        .due_by(digest.day)
        .filter(assigned_to_id=digest.worker_id)
        .select_related("employment__participant")[:50]
    )
    lines = [
        f"- {c.get_kind_display()}, {_short_name(c)}, due {c.due_on:%-d %b %Y}"
        for c in checkins
    ]
    return (
        "Check-ins due today or overdue:\n"
        + "\n".join(lines)
        + f"\n\nYour Today page: {_link(reverse('inwork_support:today'))}\n"
    )
