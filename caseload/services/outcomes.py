"""The outcome register: every outcome a funder counts, with its source and evidence.

Job entry and sustained employment come from the job's own services, the exit
from the exit form, and education or training and active job search from the
keyworker on the participant page (or the exit form, when that is how someone
leaves). Every outcome figure reads this one table.
"""

from __future__ import annotations

import datetime
import uuid

from django.db import transaction

from accounts.models import User

from ..models import (
    PROGRESS_KINDS,
    EntryKind,
    ExitOutcome,
    Outcome,
    OutcomeKind,
    OutcomeSource,
    Participant,
)
from .timeline import add_timeline_entry, moment_of

# The job services name no source: their outcomes' kind says which event it was.
JOB_SOURCES = {
    OutcomeKind.JOB_ENTRY: OutcomeSource.JOB_START,
    OutcomeKind.SUSTAINED_6: OutcomeSource.MILESTONE,
    OutcomeKind.SUSTAINED_12: OutcomeSource.MILESTONE,
}
# The exit form's outcomes that are outcomes of their own, beside the exit.
EXIT_PROGRESS = {
    ExitOutcome.EDUCATION_TRAINING: OutcomeKind.EDUCATION_TRAINING,
    ExitOutcome.INACTIVE_TO_JOB_SEARCH: OutcomeKind.JOB_SEARCH,
}


def record_outcome(
    *,
    key: str,
    participant: Participant,
    kind: str,
    achieved_on: datetime.date,
    recorded_by: User | None,
    note: str = "",
    confirmed_by: str = "",
    source: str = "",
) -> Outcome:
    """Record the outcome an event achieved, once per `key` (other apps call this)."""
    outcome, _ = Outcome.objects.get_or_create(
        key=key,
        defaults={
            "participant": participant,
            "kind": kind,
            "achieved_on": achieved_on,
            "note": note,
            "confirmed_by": confirmed_by,
            "recorded_by": recorded_by,
            "source": source or JOB_SOURCES[kind],
        },
    )
    return outcome


@transaction.atomic
def record_progress(
    *,
    participant: Participant,
    kind: str,
    achieved_on: datetime.date,
    what: str,
    confirmed_by: str,
    evidence: str,
    recorded_by: User,
    submission_key: uuid.UUID,
) -> Outcome:
    """Record an education or training start, or active job search, as it happens.

    1. One outcome per form: a repeated submission (same key, same participant)
       returns the outcome it made; a key another participant's holds is replaced.
    2. The outcome goes in the register with its source, what it was and how it
       was confirmed.
    3. The timeline shows it, keyed by the outcome: that entry is the record of
       what achieved it, which check_records looks for.
    """
    if kind not in PROGRESS_KINDS:
        raise ValueError(f"{kind} is recorded by its own event, not here.")
    key = f"progress:{submission_key}"
    if Outcome.objects.filter(key=key).exclude(participant=participant).exists():
        key = f"progress:{uuid.uuid4()}"
    outcome, created = Outcome.objects.get_or_create(
        key=key,
        defaults={
            "participant": participant,
            "kind": kind,
            "achieved_on": achieved_on,
            "what": what,
            "confirmed_by": confirmed_by,
            "evidence": evidence,
            "recorded_by": recorded_by,
            "source": OutcomeSource.PARTICIPANT_PAGE,
        },
    )
    if created:
        add_timeline_entry(
            participant=participant,
            occurred_at=moment_of(achieved_on),
            kind=EntryKind.OUTCOME,
            title=f"{outcome.get_kind_display()}: {what}",
            detail=f"Confirmed by: {outcome.get_confirmed_by_display()}. {evidence}",
            actor=recorded_by,
            key=f"outcome:{outcome.pk}",
        )
    return outcome


def record_exit_outcomes(
    *, participant: Participant, exited_by: User, correcting: bool = False
) -> Outcome:
    """Put the exit, and what the exit form says the person left to, in the register.

    Called by exit_participant with the participant's exit saved. A corrected
    exit replaces what its first version recorded; an earlier exit's (before
    re-engaging) stays, as it happened.
    """
    exit_outcome, reason = participant.exit_outcome, participant.exit_reason
    label = participant.get_exit_outcome_display()
    outcome, _ = Outcome.objects.update_or_create(
        key=f"exit:{participant.pk}",
        defaults={
            "participant": participant,
            "kind": OutcomeKind.EXIT,
            "achieved_on": participant.exit_date,
            "what": label,
            "note": f"{label}. {reason}".strip(),
            "recorded_by": exited_by,
            "source": OutcomeSource.EXIT,
        },
    )
    kind = EXIT_PROGRESS.get(exit_outcome)
    if correcting:
        participant.outcomes.filter(
            source=OutcomeSource.EXIT, kind__in=PROGRESS_KINDS
        ).exclude(kind=kind).delete()
    if kind is not None:
        Outcome.objects.update_or_create(
            key=f"exit:{participant.pk}:{kind}",
            defaults={
                "participant": participant,
                "kind": kind,
                "achieved_on": participant.exit_date,
                "what": label,
                "evidence": reason,
                "recorded_by": exited_by,
                "source": OutcomeSource.EXIT,
            },
        )
    return outcome
