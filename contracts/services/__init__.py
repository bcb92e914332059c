"""Business rules of contracts and claims, for views, tasks, the demo and tests."""

from .board import claims_board
from .claims import (
    ClaimError,
    check_claim,
    check_outcome,
    missing_evidence,
    open_claims,
    open_reached_claims,
    settle_claim,
    submit_claim,
)
from .enrolment import (
    EnrolmentError,
    check_enrolment,
    eligibility_problems,
    enrol_participant,
)
from .evidence import EvidenceError, upload_evidence
from .progress import Progress, progress_for

__all__ = [
    "ClaimError",
    "EnrolmentError",
    "EvidenceError",
    "Progress",
    "check_claim",
    "check_outcome",
    "check_enrolment",
    "claims_board",
    "eligibility_problems",
    "enrol_participant",
    "missing_evidence",
    "open_claims",
    "open_reached_claims",
    "progress_for",
    "settle_claim",
    "submit_claim",
    "upload_evidence",
]
