"""A contract's claims page: what is ready to claim, what is blocked and why.

The page and its CSV and XLSX exports read the same rows, so an export lists
exactly the outcomes the page shows as ready.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from accounts.pseudonyms import reference

from ..models import (
    ClaimStage,
    Contract,
    EligibilityAnswer,
    Enrolment,
    EvidenceDocument,
)
from .claims import missing_evidence
from .enrolment import problems_of
from .progress import Progress, progress_for

READY = "ready"
BLOCKED = "blocked"
CLAIMED = "claimed"
SETTLED = "settled"


@dataclass
class BoardRow:
    progress: Progress
    reference: str
    section: str
    blockers: list[str] = field(default_factory=list)
    documents: list[EvidenceDocument] = field(default_factory=list)

    @property
    def claim(self):
        return self.progress.claim

    @property
    def stage_label(self) -> str:
        claim = self.progress.claim
        return claim.get_stage_display() if claim else ClaimStage.ELIGIBLE.label


def claims_board(
    *, contract: Contract, partner_id: int | None, today: datetime.date
) -> dict[str, list[BoardRow]]:
    """Return the contract's reached outcomes by section (ready, blocked, ...).

    A fixed number of queries: the enrolments, six for their clocks, the
    evidence and the checklist answers.
    """
    enrolments = Enrolment.objects.filter(contract=contract).select_related(
        "participant__delivery_partner", "contract"
    )
    if partner_id is not None:
        enrolments = enrolments.filter(participant__delivery_partner_id=partner_id)
    enrolments = list(enrolments.order_by("participant__last_name", "pk"))
    evidence = defaultdict(list)
    eligibility_uploads = defaultdict(set)
    for document in EvidenceDocument.objects.filter(enrolment__in=enrolments):
        if document.outcome_type_id:
            evidence[document.enrolment_id, document.outcome_type_id].append(document)
        else:
            eligibility_uploads[document.enrolment_id].add(document.eligibility_item_id)
    answers = defaultdict(list)
    for answer in EligibilityAnswer.objects.filter(
        enrolment__in=enrolments
    ).select_related("item"):
        answers[answer.enrolment_id].append(answer)
    board = {READY: [], BLOCKED: [], CLAIMED: [], SETTLED: []}
    for row in progress_for(enrolments, today):
        if not row.clock.achieved and row.claim is None:
            continue
        enrolment = row.enrolment
        documents = evidence[enrolment.pk, row.outcome_type.pk]
        if row.claim is not None:
            row.claim.evidence = documents  # the policy's second-person rule reads it
            row.claim.enrolment = enrolment
        blockers = problems_of(
            enrolment, answers[enrolment.pk], eligibility_uploads[enrolment.pk]
        )
        section = _section(row, documents, blockers)
        board[section].append(
            BoardRow(
                row, reference(enrolment.participant_id), section, blockers, documents
            )
        )
    return board


def _section(row: Progress, documents: list, blockers: list[str]) -> str:
    stage = row.claim.stage if row.claim else ClaimStage.ELIGIBLE
    if stage in (ClaimStage.PAID, ClaimStage.REJECTED):
        return SETTLED
    if stage == ClaimStage.CLAIMED:
        return CLAIMED
    if stage != ClaimStage.CHECKED:
        missing = missing_evidence(row.outcome_type, documents)
        if missing:
            blockers.append("evidence missing: " + ", ".join(missing))
        blockers.append("needs a second person's check of the evidence")
    return BLOCKED if blockers else READY
