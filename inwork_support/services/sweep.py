"""The check-in sweep that beat runs every few minutes, and the emails it sends.

Idempotent by construction: each reminder, escalation and missed check-in is
claimed by a conditional update, and each digest by a unique row, before
anything is sent; notifications and timeline lines carry unique keys. Work is
done in chunks, each one transaction: a worker dying mid-chunk rolls back its
claims, so the next sweep sends them. A chunk is a few set-based queries, not
a few per row: one claim (UPDATE ... RETURNING, or INSERT ... ON CONFLICT DO
NOTHING RETURNING for digests), one load, and one insert each for notifications,
timeline lines and emails. Emails go through the outbox
(accounts.services.queue_emails): the rows are written in the same transaction
as the claim and workers send them after commit, so a broker outage delays an
email but never loses it. Reminders, escalations and digests are in-app
notifications that also email whoever chose that kind by email
(accounts.services.notify_many).
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, models, transaction
from django.db.models import Count, F, OuterRef, Subquery, Window
from django.db.models.functions import RowNumber
from django.urls import reverse
from django.utils import timezone

from accounts.audit import audited_update
from accounts.models import Leave, NotificationKind, User
from accounts.services import Note, notify_many
from caseload.models import EntryKind, TimelineEntry

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


# What a reminder or an escalation says about a check-in, and nothing more: a
# chunk of whole rows (check-in, job, participant, worker and cover each time)
# took twice as long to load.
SAID = (
    "kind",
    "due_on",
    "assigned_to",
    "employment",
    "employment__participant",
    "employment__participant__preferred_name",
    "employment__participant__first_name",
    "employment__participant__last_name",
)


def _loaded(pks: list[int]) -> list[CheckIn]:
    """Load the claimed check-ins in pk order, each worker (and cover) once."""
    checkins = list(
        CheckIn.objects.filter(pk__in=pks)
        .select_related("employment__participant")
        .only(*SAID)
        .order_by("pk")
    )
    workers = User.objects.select_related("cover").in_bulk(
        {checkin.assigned_to_id for checkin in checkins}
    )
    for checkin in checkins:
        checkin.assigned_to = workers[checkin.assigned_to_id]
    return checkins


def _link(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _checkin_body(checkin: CheckIn, kind: str, url: str) -> str:
    return (
        f"{kind} check-in due {checkin.due_on:%-d %b %Y}.\nOpen the job: {_link(url)}\n"
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
            claimed = _loaded(_claim(chunk, "reminded_at", now))
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
                email_body=_checkin_body(checkin, kind, url),
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
    """Tell the worker's managers of each check-in overdue by over 2 working days.

    Claimed, told and put on the timeline a chunk at a time, as reminders are.
    """
    sent = 0
    managers: dict[int, list[User]] = {}
    overdue = CheckIn.objects.chased().filter(
        due_on__lt=dates.escalation_cutoff(day), escalated_at=None
    )
    for chunk in _chunks(overdue):
        with transaction.atomic():
            claimed = _loaded(_claim(chunk, "escalated_at", now))
            for partner_id in {c.assigned_to.delivery_partner_id for c in claimed}:
                if partner_id not in managers:
                    managers[partner_id] = list(User.objects.managers_of(partner_id))
            _escalate(
                sorted(claimed, key=lambda c: (c.due_on, c.pk)),
                managers=managers,
                now=now,
            )
            sent += len(claimed)
    return sent


def _escalate(
    checkins: list[CheckIn],
    *,
    managers: dict[int, list[User]],
    now: datetime.datetime,
) -> None:
    notes, entries = [], []
    for checkin in checkins:
        participant, worker = checkin.employment.participant, checkin.assigned_to
        kind = checkin.get_kind_display()
        url = checkin.employment.get_absolute_url()
        title = f"Overdue {kind.lower()} check-in: {participant} ({worker})"
        subject = f"Overdue check-in: {_short_name(checkin)} ({worker})"
        notes += [
            Note(
                recipient=manager,
                kind=NotificationKind.ESCALATION,
                title=title,
                body=f"Due {checkin.due_on:%-d %b %Y}, more than 2 working days ago.",
                url=url,
                key=f"checkin:{checkin.pk}:escalation:{manager.pk}",
                email_subject=subject,
                email_body=_checkin_body(checkin, kind, url),
            )
            for manager in managers[worker.delivery_partner_id]
        ]
        entries.append(
            TimelineEntry(
                participant=participant,
                occurred_at=now,
                kind=EntryKind.ESCALATION,
                title=f"{kind} check-in overdue: escalated to managers"[:200],
                url=url,
                key=f"checkin:{checkin.pk}:escalation",
            )
        )
    notify_many(notes)
    TimelineEntry.objects.bulk_create(entries, ignore_conflicts=True)


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
    # Most are a day or two late: read the dates first, and load whole only
    # those a whole interval late.
    pks = [
        pk
        for pk, due_on, frequency, every in rows.values_list(
            "pk", "due_on", "frequency", "every"
        ).iterator(chunk_size=CHUNK)
        if (day - due_on).days >= _interval(frequency, every)
    ]
    missed = 0
    for start in range(0, len(pks), CHUNK):
        for checkin in rows.filter(pk__in=pks[start : start + CHUNK]):
            interval = _interval(checkin.frequency, checkin.every)
            late = (day - checkin.due_on).days
            if late >= interval and _miss(checkin, interval, late, now):
                missed += 1
    return missed


@functools.cache
def _interval(frequency: str | None, every: int | None) -> int:
    """Return the days between regular check-ins under a plan's frequency."""
    if not frequency:
        return DEFAULT_INTERVAL_DAYS
    plan = InWorkSupportPlan(contact_frequency=frequency, frequency_days=every)
    return plan.interval_days()


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
    """Send each worker with check-ins due or overdue one digest for `day`.

    Each digest is claimed by its unique row (inserted, or already there), and
    the claimed ones are written a chunk of workers at a time.
    """
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
    todo = sorted(worker_id for worker_id in counts if worker_id not in done)
    sent = 0
    for start in range(0, len(todo), CHUNK):
        with transaction.atomic():
            claimed = _claim_digests(todo[start : start + CHUNK], day)
            _digest(claimed, counts=counts, day=day)
            sent += len(claimed)
    return sent


def _claim_digests(worker_ids: list[int], day: datetime.date) -> list[int]:
    """Insert the digest rows of `worker_ids` for `day`; return whose were new.

    INSERT ... ON CONFLICT DO NOTHING RETURNING names exactly the digests this
    sweep claimed: a racing sweep, whose rows conflict, sends none of them.
    """
    if not worker_ids:
        return []
    opts = WorkerDigest._meta
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(opts.get_field(name).column) for name in ("worker", "day", "sent_at")
    )
    values = ", ".join(["(%s, %s, %s)"] * len(worker_ids))
    day_value = connection.ops.adapt_datefield_value(day)
    sent_at = connection.ops.adapt_datetimefield_value(timezone.now())
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(opts.db_table)} ({columns}) "  # noqa: S608 - _meta
            f"VALUES {values} ON CONFLICT DO NOTHING "
            f"RETURNING {quote(opts.get_field('worker').column)}",
            [value for pk in worker_ids for value in (pk, day_value, sent_at)],
        )
        return sorted(row[0] for row in cursor.fetchall())


def _digest(
    worker_ids: list[int], *, counts: dict[int, int], day: datetime.date
) -> None:
    if not worker_ids:
        return
    workers = User.objects.in_bulk(worker_ids)
    lines = _digest_lines(worker_ids, day)
    today = reverse("inwork_support:today")
    notes = []
    for worker_id in worker_ids:
        count = counts[worker_id]
        plural = "s" if count != 1 else ""
        notes.append(
            Note(
                recipient=workers[worker_id],
                kind=NotificationKind.REMINDER,
                title=f"Today: {count} check-in{plural} due or overdue",
                url=today,
                key=f"digest:{worker_id}:{day.isoformat()}",
                email_subject=f"Your check-ins for {day:%A %-d %B}",
                email_body="Check-ins due today or overdue:\n"
                + "\n".join(lines.get(worker_id, []))
                + f"\n\nYour Today page: {_link(today)}\n",
            )
        )
    notify_many(notes)


DIGEST_LINES = 50


def _digest_lines(worker_ids: list[int], day: datetime.date) -> dict[int, list[str]]:
    """Return each worker's first DIGEST_LINES check-ins due by `day`, as lines."""
    order = [F("due_on").asc(), F("pk").asc()]  # CheckIn's own ordering
    checkins = (
        CheckIn.objects.chased()
        .due_by(day)
        .filter(assigned_to_id__in=worker_ids)
        .annotate(
            place=Window(RowNumber(), partition_by=F("assigned_to"), order_by=order)
        )
        .filter(place__lte=DIGEST_LINES)
        .select_related("employment__participant")
        .only(*SAID)
        .order_by("assigned_to", *order)
    )
    lines: dict[int, list[str]] = {}
    for c in checkins:
        lines.setdefault(c.assigned_to_id, []).append(
            f"- {c.get_kind_display()}, {_short_name(c)}, due {c.due_on:%-d %b %Y}"
        )
    return lines
