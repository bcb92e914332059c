"""Claims: eligible -> evidence complete -> checked -> claimed -> paid or rejected.

Each step is a conditional update from the stage before (accounts.audit), so it
is audited, and two people pressing the same button move the claim once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from accounts.audit import audited_update
from accounts.models import User
from caseload.models import EntryKind
from caseload.services import add_timeline_entry

from ..models import Claim, ClaimStage, Enrolment, EvidenceDocument, OutcomeType
from .progress import progress_for


class ClaimError(Exception):
    """The step was refused; the message says why."""


def missing_evidence(
    outcome_type: OutcomeType, documents: Iterable[EvidenceDocument]
) -> list[str]:
    """Return the labels of the evidence kinds the outcome needs and lacks."""
    have = {document.kind for document in documents}
    return [
        label
        for kind, label in zip(
            outcome_type.evidence_kinds, outcome_type.evidence_labels(), strict=True
        )
        if kind not in have
    ]


@transaction.atomic
def open_claims(
    *, enrolments: Iterable[Enrolment], today: datetime.date, actor: User | None
) -> list[Claim]:
    """Open a claim for each outcome reached and not yet claimed; return them.

    Evidence already in place opens it at "evidence complete"; a claim still
    eligible whose evidence is now complete moves on.
    """
    opened = []
    enrolments = list(enrolments)
    for row in progress_for(enrolments, today):
        if not row.clock.achieved:
            continue
        claim = row.claim
        if claim is None:
            claim, created = Claim.objects.get_or_create(
                enrolment=row.enrolment,
                outcome_type=row.outcome_type,
                defaults={"achieved_on": row.clock.achieved_on},
            )
            if created:
                opened.append(claim)
        if claim.stage == ClaimStage.ELIGIBLE and not missing_evidence(
            row.outcome_type, claim.evidence
        ):
            _move(claim, ClaimStage.ELIGIBLE, ClaimStage.EVIDENCE_COMPLETE, actor)
    return opened


def open_reached_claims(*, today: datetime.date, batch_size: int = 500) -> int:
    """Open a claim for every outcome reached on any contract; return how many.

    The nightly task's service, so the register of claims is stored (and each
    new claim audited) whether or not anyone has uploaded evidence yet. Running
    it again opens nothing more: one claim per enrolment and outcome type (the
    database's unique key). Batches keep each transaction and its clocks small.
    """
    pks = list(Enrolment.objects.order_by("pk").values_list("pk", flat=True))
    opened = 0
    for start in range(0, len(pks), batch_size):
        batch = Enrolment.objects.filter(
            pk__in=pks[start : start + batch_size]
        ).select_related("contract", "participant")
        opened += len(open_claims(enrolments=batch, today=today, actor=None))
    return opened


@transaction.atomic
def check_claim(*, claim: Claim, checker: User) -> None:
    """Record a second person's check: the evidence proves the outcome."""
    if checker.pk in {document.uploaded_by_id for document in claim.evidence}:
        raise ClaimError("A second person must check: not whoever uploaded evidence.")
    if missing := missing_evidence(claim.outcome_type, claim.evidence):
        raise ClaimError("Evidence missing: " + ", ".join(missing) + ".")
    if not claim.enrolment.counts:
        raise ClaimError("The enrolment has not been checked by a second person.")
    if claim.stage == ClaimStage.ELIGIBLE:
        _move(claim, ClaimStage.ELIGIBLE, ClaimStage.EVIDENCE_COMPLETE, checker)
    now = timezone.now()
    _move(
        claim,
        ClaimStage.EVIDENCE_COMPLETE,
        ClaimStage.CHECKED,
        checker,
        checked_by=checker,
        checked_at=now,
    )
    add_timeline_entry(
        participant=claim.enrolment.participant,
        occurred_at=now,
        kind=EntryKind.OUTCOME,
        title=f"Evidence checked: {claim.outcome_type.name}",
        url=claim.enrolment.get_absolute_url(),
        actor=checker,
    )


@transaction.atomic
def check_outcome(
    *,
    enrolment: Enrolment,
    outcome_type: OutcomeType,
    checker: User,
    today: datetime.date,
) -> Claim:
    """Open the outcome's claim if it is reached, then check it (see check_claim)."""
    open_claims(enrolments=[enrolment], today=today, actor=checker)
    claim = Claim.objects.filter(enrolment=enrolment, outcome_type=outcome_type).first()
    if claim is None:
        raise ClaimError("The outcome has not been reached yet.")
    if claim.stage not in (ClaimStage.ELIGIBLE, ClaimStage.EVIDENCE_COMPLETE):
        raise ClaimError(f"The claim is {claim.get_stage_display().lower()} already.")
    claim.enrolment = enrolment
    check_claim(claim=claim, checker=checker)
    return claim


def submit_claim(*, claim: Claim, by: User) -> None:
    """Record that the outcome was claimed from the funder."""
    _move(
        claim,
        ClaimStage.CHECKED,
        ClaimStage.CLAIMED,
        by,
        claimed_by=by,
        claimed_at=timezone.now(),
    )


def settle_claim(*, claim: Claim, by: User, paid: bool, reason: str = "") -> None:
    """Record the funder's answer: paid, or rejected with the reason they gave."""
    if not paid and not reason.strip():
        raise ClaimError("Say why the funder rejected it.")
    _move(
        claim,
        ClaimStage.CLAIMED,
        ClaimStage.PAID if paid else ClaimStage.REJECTED,
        by,
        settled_by=by,
        settled_at=timezone.now(),
        rejection_reason="" if paid else reason.strip(),
    )


def _move(
    claim: Claim, before: str, after: str, actor: User | None, **fields: object
) -> None:
    """Move the claim from `before` to `after`, or refuse if it is elsewhere now."""
    moved = audited_update(
        Claim.objects.filter(pk=claim.pk, stage=before),
        actor=actor,
        stage=after,
        **fields,
    )
    if not moved:
        current = Claim.objects.get(pk=claim.pk).get_stage_display().lower()
        raise ClaimError(f"The claim is {current} now: refresh the page.")
    claim.stage = after
    for name, value in fields.items():
        setattr(claim, name, value)
