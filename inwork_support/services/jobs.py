"""Job starts, changes to a job, and its end."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import models, transaction
from django.db.models import F
from django.utils import timezone

from accounts import formats
from accounts.audit import audited_bulk_create, audited_update
from accounts.models import NotificationKind, User
from accounts.services import notify
from caseload.models import (
    EntryKind,
    OutcomeKind,
    Participant,
    PathwayStage,
)
from caseload.services import (
    add_action,
    add_timeline_entry,
    move_into_work,
    move_out_of_work,
    record_outcome,
)
from employers.models import Employer
from employers.services import create_employer

from .. import dates
from ..models import (
    Employment,
    EmploymentTerms,
    JobRisk,
    Preparation,
    PreparationItem,
)
from .schedule import assignee_for, cancel_checkins, create_schedule, sync_schedule


class StaleEmploymentError(Exception):
    """Someone else changed the job after the form was opened."""


class JobAlreadyEndedError(Exception):
    """The job was recorded as ended already; the message says when and why."""


# A job is recorded once it is agreed: further ahead than this is a plan, not a
# start, and its check-ins would sit in everyone's lists for months.
LATEST_START_MONTHS = 3


def start_date_refusal(
    *, participant: Participant, start_date: datetime.date, today: datetime.date
) -> str:
    """Return why a job cannot start on `start_date`, in words, or "" if it can."""
    if start_date < participant.programme_start:
        return (
            f"The job cannot start before {participant} joined the programme "
            f"on {participant.programme_start:%-d %b %Y}."
        )
    latest = dates.add_months(today, LATEST_START_MONTHS)
    if start_date > latest:
        return (
            f"That is more than {LATEST_START_MONTHS} months ahead (the latest is "
            f"{latest:%-d %b %Y}): record the job nearer its start."
        )
    return ""


@transaction.atomic
def record_job_start(
    *,
    participant: Participant,
    recorded_by: User,
    employer: Employer | None = None,
    new_employer: dict | None = None,
    job_title: str,
    hours_per_week: Decimal,
    hourly_pay: Decimal,
    contract_type: str,
    start_date: datetime.date,
    sector: str = "",
    location: str = "",
    fixed_term_end: datetime.date | None = None,
    probation_end: datetime.date | None = None,
    employer_may_know: bool = False,
) -> Employment:
    """Record a job start and everything that follows from it.

    0. A repeated submission (a double tap, a retried post) returns the job it
       recorded: one participant, employer, role and start date is one job.
    1. The employer is chosen, or added inline (its creator becomes go-to person).
    2. The job is saved (probation: 13 weeks unless given) with its first terms.
    3. The preparation list and every check-in are created at once.
    4. Job entry is an outcome; caseload moves the participant to "in work"
       once the job has started (someone exited is refused: re-engage first).
    5. The timeline shows it, and an in-work support officer is told.
    """
    same = _same_open_job(participant, employer, new_employer, job_title, start_date)
    if same is not None:
        return same
    if employer is None:
        employer = create_employer(created_by=recorded_by, **(new_employer or {}))
    employment = Employment.objects.create(
        participant=participant,
        employer=employer,
        job_title=job_title,
        sector=sector or employer.sector,
        hours_per_week=hours_per_week,
        hourly_pay=hourly_pay,
        contract_type=contract_type,
        location=location,
        start_date=start_date,
        fixed_term_end=fixed_term_end,
        probation_end=probation_end or dates.default_probation_end(start_date),
        employer_may_know=employer_may_know,
        created_by=recorded_by,
    )
    _add_terms(employment=employment, recorded_by=recorded_by, note="Job start")
    audited_bulk_create(
        (Preparation(employment=employment, item=item) for item in PreparationItem),
        actor=recorded_by,
    )
    today = dates.today()
    create_schedule(employment=employment, recorded_on=today)
    record_outcome(
        key=f"employment:{employment.pk}:job_entry",
        participant=participant,
        kind=OutcomeKind.JOB_ENTRY,
        achieved_on=start_date,
        note=str(employment),
        recorded_by=recorded_by,
    )
    move_into_work(
        participant=participant, started_on=start_date, changed_by=recorded_by
    )
    _timeline(employment, recorded_by, f"Job start: {employment}", EntryKind.JOB)
    worker = assignee_for(participant)
    if worker.pk != recorded_by.pk:
        notify(
            recipient=worker,
            kind=NotificationKind.CASELOAD,
            title=f"New job start: {participant}",
            body=f"{employment}, starting {start_date:%-d %b %Y}.",
            url=employment.get_absolute_url(),
            key=f"employment:{employment.pk}:started",
        )
    return employment


def _same_open_job(
    participant: Participant,
    employer: Employer | None,
    new_employer: dict | None,
    job_title: str,
    start_date: datetime.date,
) -> Employment | None:
    # Lock the participant first: two taps racing each other queue here, and the
    # second finds the first one's job instead of recording another.
    _lock_participant(participant.pk)
    jobs = Employment.objects.filter(
        participant=participant,
        job_title__iexact=job_title.strip(),
        start_date=start_date,
        ended_on__isnull=True,
    )
    if employer is not None:
        return jobs.filter(employer=employer).first()
    name = (new_employer or {}).get("name", "").strip()
    return jobs.filter(employer__name__iexact=name).first() if name else None


def _lock_participant(pk: int) -> None:
    list(Participant.objects.select_for_update().filter(pk=pk).values("pk"))


def _add_terms(
    *,
    employment: Employment,
    recorded_by: User,
    note: str,
    effective_from: datetime.date | None = None,
) -> EmploymentTerms:
    return EmploymentTerms.objects.create(
        employment=employment,
        effective_from=effective_from or employment.start_date,
        hours_per_week=employment.hours_per_week,
        hourly_pay=employment.hourly_pay,
        contract_type=employment.contract_type,
        location=employment.location,
        recorded_by=recorded_by,
        note=note[:300],
    )


def _timeline(
    employment: Employment, actor: User, title: str, kind: str, detail: str = ""
) -> None:
    add_timeline_entry(
        participant=employment.participant,
        occurred_at=timezone.now(),
        kind=kind,
        title=title,
        detail=detail,
        url=employment.get_absolute_url(),
        actor=actor,
    )


def _save_if_current(
    employment: Employment, version: int | None, actor: User, **fields
) -> None:
    """Save `fields`, refusing when the job changed since `version` was read."""
    rows = Employment.objects.filter(pk=employment.pk)
    if version is not None:
        rows = rows.filter(version=version)
    if audited_update(rows, actor=actor, **fields, version=F("version") + 1) != 1:
        raise StaleEmploymentError
    employment.refresh_from_db()


@transaction.atomic
def change_start_date(
    *,
    employment: Employment,
    start_date: datetime.date,
    changed_by: User,
    version: int | None = None,
) -> Employment:
    """Move the start date; probation moves with it and pending check-ins follow."""
    old = employment.start_date
    shift = start_date - old
    _save_if_current(
        employment,
        version,
        changed_by,
        start_date=start_date,
        probation_end=employment.probation_end + shift,
    )
    audited_update(
        employment.terms.filter(effective_from=old),
        actor=changed_by,
        effective_from=start_date,
    )
    sync_schedule(employment=employment)
    _timeline(
        employment,
        changed_by,
        f"Start date changed from {old:%-d %b %Y} to {start_date:%-d %b %Y}",
        EntryKind.JOB,
    )
    return employment


@transaction.atomic
def extend_probation(
    *,
    employment: Employment,
    reason: str,
    changed_by: User,
    probation_end: datetime.date | None = None,
    weeks: int | None = None,
    version: int | None = None,
) -> Employment:
    """Extend the probation to a date, or by `weeks`, with a reason.

    The pending probation-end check-in moves with it (or, if it was done, a new
    one is scheduled) in the same transaction.
    """
    if (probation_end is None) == (weeks is None):
        raise ValueError("Give either the new probation end or the weeks.")
    if weeks is not None:
        probation_end = dates.weeks_after(employment.probation_end, weeks)
    _save_if_current(
        employment,
        version,
        changed_by,
        probation_end=probation_end,
        probation_extension_reason=reason,
    )
    sync_schedule(employment=employment)
    _timeline(
        employment,
        changed_by,
        f"Probation extended to {probation_end:%-d %b %Y}",
        EntryKind.JOB,
        reason,
    )
    return employment


@transaction.atomic
def change_terms(
    *,
    employment: Employment,
    recorded_by: User,
    effective_from: datetime.date,
    hours_per_week: Decimal,
    hourly_pay: Decimal,
    contract_type: str,
    location: str,
    fixed_term_end: datetime.date | None = None,
    note: str = "",
) -> EmploymentTerms:
    """Record new hours, pay, location or contract: the job and its history change.

    A contract that becomes fixed-term gains a contract-end check-in; one that
    stops being fixed-term loses its pending one.
    """
    _save_if_current(
        employment,
        None,
        recorded_by,
        hours_per_week=hours_per_week,
        hourly_pay=hourly_pay,
        contract_type=contract_type,
        location=location,
        fixed_term_end=fixed_term_end if contract_type == "fixed_term" else None,
    )
    terms = _add_terms(
        employment=employment,
        recorded_by=recorded_by,
        note=note,
        effective_from=effective_from,
    )
    sync_schedule(employment=employment)
    _timeline(
        employment,
        recorded_by,
        f"Terms changed: {formats.hours(hours_per_week)} h a week "
        f"at £{hourly_pay} an hour, {employment.get_contract_type_display().lower()}",
        EntryKind.JOB,
        note,
    )
    return terms


@transaction.atomic
def end_employment(
    *,
    employment: Employment,
    ended_on: datetime.date,
    end_reason: str,
    ended_by: User,
    end_note: str = "",
    next_stage: str = PathwayStage.JOB_SEARCH,
) -> Employment:
    """Record that a job ended.

    1. The end and whether it lasted 6 and 12 calendar months are saved, once:
       a second end (a double post, two people at once) is refused.
    2. Pending check-ins are cancelled and open risks cleared.
    3. If no other job is open, caseload moves the participant to `next_stage`
       (job search unless the keyworker chose otherwise); with another job open
       they stay in work.
    4. The keyworker gets a follow-up action to support the next step.
    5. The timeline shows it.
    """
    # The participant first, as an exit and a job start lock it: two jobs ended
    # at once then queue, so the second sees the first ended and moves the
    # stage, and an exit racing this end cannot deadlock on the check-ins.
    _lock_participant(employment.participant_id)
    start = employment.start_date
    updated = audited_update(
        Employment.objects.filter(pk=employment.pk, ended_on=None),
        actor=ended_by,
        ended_on=ended_on,
        end_reason=end_reason,
        end_note=end_note,
        reached_six_months=ended_on >= dates.add_months(start, 6),
        reached_twelve_months=ended_on >= dates.add_months(start, 12),
        version=F("version") + 1,
    )
    employment.refresh_from_db()
    if not updated:
        raise JobAlreadyEndedError(
            f"This job was already recorded as ended on "
            f"{employment.ended_on:%-d %b %Y} "
            f"({employment.get_end_reason_display().lower()})."
        )
    cancel_checkins(employment=employment, note="The job ended.", by=ended_by)
    clear_open_risks(employment=employment, by=ended_by, note="The job ended.")
    participant = employment.participant
    if not other_open_jobs(employment).exists():
        move_out_of_work(
            participant=participant,
            stage=next_stage,
            ended_on=ended_on,
            changed_by=ended_by,
        )
    add_action(
        participant=participant,
        owner=participant.keyworker,
        description=f"Support the next step: the job at {employment.employer} ended",
        due_on=max(ended_on, dates.today()) + datetime.timedelta(days=7),
    )
    _timeline(
        employment,
        ended_by,
        f"Job ended: {employment} ({employment.get_end_reason_display()})",
        EntryKind.JOB,
        end_note,
    )
    return employment


def other_open_jobs(employment: Employment) -> models.QuerySet[Employment]:
    """Return the participant's other jobs that have not ended."""
    return (
        Employment.objects.filter(participant_id=employment.participant_id)
        .current()
        .exclude(pk=employment.pk)
    )


def clear_open_risks(*, employment: Employment, by: User | None, note: str) -> int:
    """Clear the job's open risks with `note`; return how many."""
    return audited_update(
        JobRisk.objects.filter(employment=employment).open(),
        actor=by,
        cleared_at=timezone.now(),
        cleared_by=by,
        clearing_note=note,
    )
