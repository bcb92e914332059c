"""Check-ins: every job has its milestones, and only live jobs have pending ones."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from caseload.models import PathwayStage
from inwork_support import dates
from inwork_support.models import (
    CheckIn,
    CheckInKind,
    CheckInStatus,
    Employment,
    JobRisk,
)

from .base import Finding, Moment, about_job, check, day, job_url

JOB = "employment_id"
PARTICIPANT = "employment__participant_id"
PARTNER = "employment__participant__delivery_partner_id"
# A job's check-ins that must exist whatever happened to them.
MILESTONES = (CheckInKind.FIRST_DAY, CheckInKind.SIX_MONTHS, CheckInKind.TWELVE_MONTHS)


def _about_checkin(
    kind: str, row: dict, message: str, what: str = "Check-in"
) -> Finding:
    return Finding(
        kind=kind,
        partner_id=row[PARTNER],
        participant_id=row[PARTICIPANT],
        record=f"{what} {row['pk']}",
        url=job_url(row[JOB]),
        message=message,
    )


def _label(row: dict) -> str:
    name = CheckInKind(row["kind"]).label.split(":")[0]
    return f"{name} check-in (due {day(row['due_on'])})"


@check("pending_checkin_after_exit", "Pending check-ins of someone who has exited")
def pending_checkin_after_exit(moment: Moment) -> Iterator[Finding]:
    rows = (
        CheckIn.objects.pending()
        .filter(employment__participant__pathway_stage=PathwayStage.EXITED)
        .values("pk", "kind", "due_on", JOB, PARTICIPANT, PARTNER)
    )
    for row in rows.order_by("pk"):
        yield _about_checkin(
            "pending_checkin_after_exit",
            row,
            f"{_label(row)} is still pending, but the participant has exited.",
        )


@check("pending_checkin_of_ended_job", "Pending check-ins of a job that ended")
def pending_checkin_of_ended_job(moment: Moment) -> Iterator[Finding]:
    rows = (
        CheckIn.objects.pending()
        .filter(employment__ended_on__isnull=False)
        .values(
            "pk", "kind", "due_on", JOB, PARTICIPANT, PARTNER, "employment__ended_on"
        )
    )
    for row in rows.order_by("pk"):
        yield _about_checkin(
            "pending_checkin_of_ended_job",
            row,
            f"{_label(row)} is still pending, but the job ended on "
            f"{day(row['employment__ended_on'])}.",
        )


@check(
    "job_missing_checkins", "A job without its first-day, six- or twelve-month check-in"
)
def job_missing_checkins(moment: Moment) -> Iterator[Finding]:
    has = {
        kind: Exists(CheckIn.objects.filter(employment=OuterRef("pk"), kind=kind))
        for kind in MILESTONES
    }
    rows = (
        Employment.objects.alias(**has)
        .filter(~Q(**dict.fromkeys(MILESTONES, True)))
        .annotate(**has)
        .values("pk", "participant_id", "participant__delivery_partner_id", *MILESTONES)
    )
    for row in rows.order_by("pk"):
        missing = [
            CheckInKind(k).label.split(":")[0].lower() for k in MILESTONES if not row[k]
        ]
        yield about_job(
            "job_missing_checkins",
            row,
            f"The job has no {' or '.join(missing)} check-in.",
        )


@check(
    "checkin_not_with_responsible", "Pending check-ins held by someone not responsible"
)
def checkin_not_with_responsible(moment: Moment) -> Iterator[Finding]:
    """Flag pending check-ins not held by the responsible worker or their cover.

    Responsible: the in-work support officer if there is one, else the keyworker.
    Only live jobs of people still on the programme: the others are findings of
    their own.
    """
    participant = "employment__participant__"
    responsible = Coalesce(
        F(f"{participant}in_work_support_officer_id"), F(f"{participant}keyworker_id")
    )
    cover = User.objects.filter(pk=OuterRef("responsible")).values("cover_id")
    rows = (
        CheckIn.objects.pending()
        .filter(employment__ended_on__isnull=True)
        .exclude(employment__participant__pathway_stage=PathwayStage.EXITED)
        .annotate(responsible=responsible, responsible_cover=Subquery(cover))
        .exclude(assigned_to_id=F("responsible"))
        .filter(
            Q(responsible_cover__isnull=True)
            | ~Q(assigned_to_id=F("responsible_cover"))
        )
        .values("pk", "kind", "due_on", JOB, PARTICIPANT, PARTNER, "assigned_to_id")
    )
    for row in rows.order_by("pk"):
        yield _about_checkin(
            "checkin_not_with_responsible",
            row,
            f"{_label(row)} is held by user {row['assigned_to_id']}, who is not the "
            "participant's in-work support officer or keyworker, nor their cover.",
        )


@check("checkin_status_disagrees", "A check-in whose status and record disagree")
def checkin_status_disagrees(moment: Moment) -> Iterator[Finding]:
    pending = Q(status=CheckInStatus.PENDING)
    done = Q(status=CheckInStatus.DONE)
    rows = CheckIn.objects.filter(
        (pending & Q(closed_at__isnull=False))
        | (~pending & Q(closed_at__isnull=True))
        | (done & Q(completed_contact__isnull=True))
        | (~done & Q(completed_contact__isnull=False))
        | (done & ~Q(completed_contact__participant_id=F(PARTICIPANT)))
    ).values(
        "pk",
        "kind",
        "due_on",
        "status",
        "closed_at",
        "completed_contact_id",
        "completed_contact__participant_id",
        JOB,
        PARTICIPANT,
        PARTNER,
    )
    for row in rows.order_by("pk"):
        yield _about_checkin("checkin_status_disagrees", row, _status_problem(row))


def _status_problem(row: dict) -> str:
    status = CheckInStatus(row["status"])
    label = _label(row)
    if status == CheckInStatus.PENDING and row["closed_at"]:
        return f"{label} is pending but has a closing time."
    if status != CheckInStatus.PENDING and not row["closed_at"]:
        return f"{label} is {status.label.lower()} with no closing time."
    if status == CheckInStatus.DONE and not row["completed_contact_id"]:
        return f"{label} is done but no contact completed it."
    if status != CheckInStatus.DONE and row["completed_contact_id"]:
        return (
            f"{label} is {status.label.lower()} but names a contact that completed it."
        )
    return f"{label} was completed by a contact with another participant."


@check("open_risk_of_ended_job", "An open job risk on a job that ended")
def open_risk_of_ended_job(moment: Moment) -> Iterator[Finding]:
    rows = (
        JobRisk.objects.open()
        .filter(employment__ended_on__isnull=False)
        .values("pk", "reason", JOB, PARTICIPANT, PARTNER, "employment__ended_on")
    )
    for row in rows.order_by("pk"):
        yield _about_checkin(
            "open_risk_of_ended_job",
            row,
            f"A job risk is still open, but the job ended on "
            f"{day(row['employment__ended_on'])}.",
            what="Job risk",
        )


@check("checkin_date_disagrees", "A pending check-in not due when its job says")
def checkin_date_disagrees(moment: Moment) -> Iterator[Finding]:
    """Flag a pending first-day, six- or twelve-month check-in off its job's dates.

    Calendar months are Python's (31 Aug + 6 months is the end of February), so
    the rows are compared here: one query, one row per pending milestone.
    """
    rows = (
        CheckIn.objects.pending()
        .filter(kind__in=MILESTONES, employment__ended_on__isnull=True)
        .values(
            "pk", "kind", "due_on", "employment__start_date", JOB, PARTICIPANT, PARTNER
        )
    )
    months = {
        CheckInKind.FIRST_DAY: 0,
        CheckInKind.SIX_MONTHS: 6,
        CheckInKind.TWELVE_MONTHS: 12,
    }
    for row in rows.order_by("pk"):
        due = dates.add_months(row["employment__start_date"], months[row["kind"]])
        if row["due_on"] != due:
            yield _about_checkin(
                "checkin_date_disagrees",
                row,
                f"{_label(row)} should be due on {day(due)}, from the job's start "
                f"on {day(row['employment__start_date'])}.",
            )


@check(
    "checkin_awaiting_answer_not_past",
    "A check-in waiting for an answer about the past that is not past",
)
def checkin_awaiting_answer_not_past(moment: Moment) -> Iterator[Finding]:
    """Flag a pending check-in awaiting a backdated answer but due today or later.

    Only a backdated job's past check-ins wait for an answer, unchased; one due
    from today on would never be reminded.
    """
    rows = (
        CheckIn.objects.unanswered()
        .filter(due_on__gte=moment.today)
        .values("pk", "kind", "due_on", JOB, PARTICIPANT, PARTNER)
    )
    for row in rows.order_by("pk"):
        yield _about_checkin(
            "checkin_awaiting_answer_not_past",
            row,
            f"{_label(row)} waits for an answer about whether it happened, but it "
            "is not past, so nobody is reminded of it.",
        )
