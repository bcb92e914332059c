"""Outcomes: each comes from the event that achieved it, and each job has its own."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import CharField, Exists, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat

from caseload.models import (
    PROGRESS_KINDS,
    Outcome,
    OutcomeKind,
    OutcomeSource,
    Participant,
    TimelineEntry,
)
from inwork_support.models import CheckIn, CheckInKind, CheckInStatus, Employment

from .base import (
    PARTICIPANT,
    PARTNER,
    Finding,
    Moment,
    about_job,
    check,
    day,
    participant_url,
)

# The sustained and job-entry outcomes of a job are keyed "employment:<pk>:<kind>".
JOB_OUTCOMES = (
    OutcomeKind.JOB_ENTRY,
    OutcomeKind.SUSTAINED_6,
    OutcomeKind.SUSTAINED_12,
)
JOB_SOURCES = (OutcomeSource.JOB_START, OutcomeSource.MILESTONE)


def _key(*parts) -> Concat:
    return Concat(*parts, output_field=CharField())


def _pk(field: str = "pk") -> Cast:
    return Cast(field, output_field=CharField())


def _sources() -> Q:
    """Return the condition that an outcome names its source and its key the event
    that made it: the job, the exit, or the participant page's timeline entry."""
    job = Employment.objects.filter(participant_id=OuterRef("participant_id")).annotate(
        source=_key(Value("employment:"), _pk(), Value(":"), OuterRef("kind"))
    )
    exits = Participant.objects.filter(pk=OuterRef("participant_id"))
    exit_key = exits.annotate(source=_key(Value("exit:"), _pk()))
    exit_progress = exits.annotate(
        source=_key(Value("exit:"), _pk(), Value(":"), OuterRef("kind"))
    )
    entry = TimelineEntry.objects.filter(
        participant_id=OuterRef("participant_id"),
        key=_key(Value("outcome:"), _pk(OuterRef("pk"))),
    )
    from_job = Q(kind__in=JOB_OUTCOMES, source__in=JOB_SOURCES) & Exists(
        job.filter(source=OuterRef("key"))
    )
    from_exit = Q(kind=OutcomeKind.EXIT, source=OutcomeSource.EXIT) & Exists(
        exit_key.filter(source=OuterRef("key"))
    )
    exit_progress = Q(kind__in=PROGRESS_KINDS, source=OutcomeSource.EXIT) & Exists(
        exit_progress.filter(source=OuterRef("key"))
    )
    on_page = Q(
        kind__in=PROGRESS_KINDS, source=OutcomeSource.PARTICIPANT_PAGE
    ) & Exists(entry)
    return from_job | from_exit | exit_progress | on_page


@check("outcome_without_source", "An outcome with no record of what achieved it")
def outcome_without_source(moment: Moment) -> Iterator[Finding]:
    rows = Outcome.objects.exclude(_sources()).values(
        "pk", "kind", "achieved_on", "key", PARTICIPANT, PARTNER
    )
    for row in rows.order_by("pk"):
        yield Finding(
            kind="outcome_without_source",
            partner_id=row[PARTNER],
            participant_id=row[PARTICIPANT],
            record=f"Outcome {row['pk']}",
            url=participant_url(row[PARTICIPANT]),
            message=f"{OutcomeKind(row['kind']).label} on {day(row['achieved_on'])} "
            "was not recorded by the job, check-in, exit or participant-page entry "
            "that achieved it, or names no source.",
        )


@check("job_without_entry_outcome", "A job with no job-entry outcome")
def job_without_entry_outcome(moment: Moment) -> Iterator[Finding]:
    key = _key(Value("employment:"), _pk(OuterRef("pk")), Value(":job_entry"))
    entry = Outcome.objects.filter(key=key)
    rows = Employment.objects.filter(~Exists(entry)).values(
        "pk", "participant_id", "participant__delivery_partner_id"
    )
    for row in rows.order_by("pk"):
        yield about_job(
            "job_without_entry_outcome", row, "The job has no job-entry outcome."
        )


@check("milestone_flag_disagrees", "Six- or twelve-month flag without its evidence")
def milestone_flag_disagrees(moment: Moment) -> Iterator[Finding]:
    """Flag a job marked as lasting 6 or 12 months that neither ended after it nor
    had the check-in done, and an ended job whose flags were never set.
    """
    done = CheckIn.objects.filter(employment=OuterRef("pk"), status=CheckInStatus.DONE)
    six = Exists(done.filter(kind=CheckInKind.SIX_MONTHS))
    twelve = Exists(done.filter(kind=CheckInKind.TWELVE_MONTHS))
    open_job = Q(ended_on__isnull=True)
    rows = Employment.objects.filter(
        (open_job & Q(reached_six_months=True) & ~six)
        | (open_job & Q(reached_twelve_months=True) & ~twelve)
        | (~open_job & (Q(reached_six_months=None) | Q(reached_twelve_months=None)))
    ).values("pk", "participant_id", "participant__delivery_partner_id", "ended_on")
    for row in rows.order_by("pk"):
        if row["ended_on"] is None:
            message = (
                "Marked as lasting six or twelve months, but that check-in is not done."
            )
        else:
            message = (
                "The job ended, but whether it lasted six and twelve months is not set."
            )
        yield about_job("milestone_flag_disagrees", row, message)
