"""The check-in schedule: which check-ins a job has, and when each is due.

The database is the schedule. These functions create, move and close CheckIn
rows; the sweep (sweep.py) only reads what is due.
"""

from __future__ import annotations

import datetime

from django.db.models import Max
from django.utils import timezone

from accounts.audit import audited_bulk_create, audited_bulk_update, audited_update
from accounts.models import User
from caseload.models import Participant

from .. import dates
from ..models import (
    CheckIn,
    CheckInKind,
    CheckInStatus,
    ContractType,
    Employment,
    InWorkSupportPlan,
)

# Until a plan says otherwise, keep in touch weekly.
DEFAULT_INTERVAL_DAYS = 7
# One-off check-ins that come round again when their date moves later.
RENEWABLE = (CheckInKind.PROBATION_END, CheckInKind.CONTRACT_END)


def assignee_for(participant: Participant) -> User:
    """Return who does check-ins: the in-work support officer, else the keyworker."""
    return participant.in_work_support_officer or participant.keyworker


def interval_days(employment: Employment) -> int:
    """Return the days between regular check-ins from the plan in force."""
    plan = InWorkSupportPlan.objects.filter(employment=employment).first()
    return plan.interval_days() if plan else DEFAULT_INTERVAL_DAYS


def fixed_due_dates(employment: Employment) -> dict[str, datetime.date]:
    """Return the due date of each one-off check-in of the job.

    Preparation: the working day before the start. First day: the start.
    Probation end: a week before it. Contract end (fixed-term only): four weeks
    before it. Six and twelve months: calendar months after the start. A check
    that would fall before the start falls on the start instead.
    """
    start = employment.start_date
    due = {
        CheckInKind.PREPARATION: dates.previous_working_day(start),
        CheckInKind.FIRST_DAY: start,
        CheckInKind.PROBATION_END: max(
            start, employment.probation_end - dates.PROBATION_CHECK_BEFORE
        ),
        CheckInKind.SIX_MONTHS: dates.add_months(start, 6),
        CheckInKind.TWELVE_MONTHS: dates.add_months(start, 12),
    }
    if employment.contract_type == ContractType.FIXED_TERM and (
        employment.fixed_term_end
    ):
        due[CheckInKind.CONTRACT_END] = max(
            start, employment.fixed_term_end - dates.CONTRACT_CHECK_BEFORE
        )
    return due


def create_schedule(*, employment: Employment, recorded_on: datetime.date) -> None:
    """Create a new job's check-ins: the one-offs and the first regular one.

    A job recorded after it started has check-ins already in the past. Its
    preparation check-in is created cancelled, so nobody is chased for it; the
    others wait for the worker to say whether they happened (`awaiting_answer`):
    they are not overdue, and the sweep neither reminds nor misses them.
    """
    worker = assignee_for(employment.participant)
    rows = [
        CheckIn(employment=employment, kind=kind, due_on=day, assigned_to=worker)
        for kind, day in fixed_due_dates(employment).items()
    ]
    rows.append(
        CheckIn(
            employment=employment,
            kind=CheckInKind.REGULAR,
            sequence=1,
            due_on=employment.start_date
            + datetime.timedelta(days=interval_days(employment)),
            assigned_to=worker,
        )
    )
    for row in rows:
        if row.due_on >= recorded_on:
            continue
        if row.kind == CheckInKind.PREPARATION:
            row.status = CheckInStatus.CANCELLED
            row.closed_at = timezone.now()
            row.note = "The job was recorded after it started."
        else:
            row.awaiting_answer = True
    audited_bulk_create(rows)


def sync_schedule(*, employment: Employment) -> int:
    """Move pending check-ins to the job's current dates; return how many moved.

    1. A pending one-off check-in gets its kind's new due date; its reminder and
       escalation claims reset, so the new date is reminded again (and one
       awaiting an answer about the past, moved to today or later, is chased).
    2. A probation or contract check-in already closed, whose date moved later
       (probation extended), gets a new pending successor.
    3. A pending contract-end check-in of a job no longer fixed-term is cancelled.
    4. The first regular check-in follows the start date.
    """
    due = fixed_due_dates(employment)
    latest: dict[str, CheckIn] = {}
    for checkin in employment.checkins.exclude(kind=CheckInKind.REGULAR):
        if checkin.sequence >= getattr(latest.get(checkin.kind), "sequence", -1):
            latest[checkin.kind] = checkin
    moved = []
    for kind, day in due.items():
        checkin = latest.get(kind)
        successor = kind in RENEWABLE and checkin and not checkin.is_pending
        if checkin is None or (successor and checkin.due_on < day):
            CheckIn.objects.create(
                employment=employment,
                kind=kind,
                sequence=checkin.sequence + 1 if checkin else 0,
                due_on=day,
                assigned_to=assignee_for(employment.participant),
            )
        elif checkin.is_pending and checkin.due_on != day:
            checkin.due_on, checkin.reminded_at, checkin.escalated_at = day, None, None
            checkin.awaiting_answer &= day < dates.today()
            moved.append(checkin)
    first_regular = employment.checkins.filter(
        kind=CheckInKind.REGULAR, sequence=1, status=CheckInStatus.PENDING
    ).first()
    regular_due = employment.start_date + datetime.timedelta(
        days=interval_days(employment)
    )
    if first_regular and first_regular.due_on != regular_due:
        first_regular.due_on = regular_due
        first_regular.reminded_at = first_regular.escalated_at = None
        first_regular.awaiting_answer &= regular_due < dates.today()
        moved.append(first_regular)
    # A backdated check-in moved to today or later is no longer a question
    # about the past: it is chased like any other.
    audited_bulk_update(
        moved, ["due_on", "reminded_at", "escalated_at", "awaiting_answer"]
    )
    stale = latest.get(CheckInKind.CONTRACT_END)
    if stale and stale.is_pending and CheckInKind.CONTRACT_END not in due:
        cancel_checkins(employment=employment, note="No longer a fixed-term contract.")
    return len(moved)


def cancel_checkins(
    *,
    employment: Employment,
    note: str,
    kinds: tuple[str, ...] = (),
    by: User | None = None,
) -> int:
    """Cancel the job's pending check-ins (of `kinds`, default all); return how many."""
    pending = employment.checkins.filter(status=CheckInStatus.PENDING)
    if kinds:
        pending = pending.filter(kind__in=kinds)
    return audited_update(
        pending,
        actor=by,
        status=CheckInStatus.CANCELLED,
        closed_at=timezone.now(),
        note=note,
    )


def schedule_next_regular(
    *, employment: Employment, after: datetime.date, interval: int | None = None
) -> CheckIn | None:
    """Create the next regular check-in, `interval` days after `after`.

    Regular check-ins roll: one is pending at a time, and they stop at the
    twelve-month check-in (which discusses exit) or when the job ends.
    """
    if not employment.is_current:
        return None
    interval = interval or interval_days(employment)
    due_on = after + datetime.timedelta(days=interval)
    if due_on > dates.add_months(employment.start_date, 12):
        return None
    if employment.checkins.filter(
        kind=CheckInKind.REGULAR, status=CheckInStatus.PENDING
    ).exists():
        return None
    last = (
        employment.checkins.filter(kind=CheckInKind.REGULAR).aggregate(
            last=Max("sequence")
        )["last"]
        or 0
    )
    checkin, _ = CheckIn.objects.get_or_create(
        employment=employment,
        kind=CheckInKind.REGULAR,
        sequence=last + 1,
        defaults={
            "due_on": due_on,
            "assigned_to": assignee_for(employment.participant),
        },
    )
    return checkin
