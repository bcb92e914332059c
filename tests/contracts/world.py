"""A contract scenario for the whole-project worlds (permission matrix, fuzz).

The participant, enrolled by `keyworker` a week before their job and checked by
`manager`, has reached two job-entry outcomes with payslips uploaded by
`keyworker`: the first checked by `checker` (ready to claim), the second waiting
for a second person's check. A second contract is open to enrol them on, and a
newcomer (in-work support officer: `checker`) waits for the check of their
enrolment.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from types import SimpleNamespace

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from contracts import services
from contracts.models import Claim, EvidenceKind, OutcomeType, RuleKind
from tests.contracts.conftest import PDF, make_contract
from tests.factories import ParticipantFactory


def _payslip() -> SimpleUploadedFile:
    return SimpleUploadedFile("payslip.pdf", PDF, content_type="application/pdf")


def build_contract_world(
    *, partner, participant, job, keyworker, manager, checker
) -> SimpleNamespace:
    contract = make_contract(partner)
    sixteen_hours = OutcomeType.objects.create(
        contract=contract,
        name="Job entry, 16 hours",
        rule=RuleKind.JOB_ENTRY,
        hours_per_week=Decimal(16),
        evidence_kinds=[EvidenceKind.PAYSLIP],
        position=3,
    )
    enrolment = services.enrol_participant(
        contract=contract,
        participant=participant,
        enrolled_by=keyworker,
        enrolled_on=job.start_date - datetime.timedelta(days=7),
        answers={item.pk: (True, "Seen") for item in contract.eligibility_items.all()},
        declaration_signed_on=job.start_date - datetime.timedelta(days=7),
    )
    right_to_work = contract.eligibility_items.get(evidence_kind="right_to_work")
    services.upload_evidence(
        enrolment=enrolment,
        uploaded_by=keyworker,
        upload=_payslip(),
        kind=EvidenceKind.RIGHT_TO_WORK,
        item=right_to_work,
    )
    services.check_enrolment(enrolment=enrolment, checker=manager)
    job_entry = contract.outcome_types.get(name="Job entry")
    documents = [
        services.upload_evidence(
            enrolment=enrolment,
            uploaded_by=keyworker,
            upload=_payslip(),
            kind=EvidenceKind.PAYSLIP,
            outcome_type=outcome_type,
        )
        for outcome_type in (job_entry, sixteen_hours)
    ]
    claim = Claim.objects.get(enrolment=enrolment, outcome_type=job_entry)
    services.check_outcome(
        enrolment=enrolment,
        outcome_type=job_entry,
        checker=checker,
        today=timezone.localdate(),
    )
    newcomer = ParticipantFactory(
        keyworker=keyworker,
        in_work_support_officer=checker,
        first_name="Ivy",
        last_name="Quinn",
    )
    unchecked = services.enrol_participant(
        contract=contract,
        participant=newcomer,
        enrolled_by=keyworker,
        enrolled_on=timezone.localdate(),
        answers={},
        declaration_signed_on=None,
    )
    return SimpleNamespace(
        contract=contract,
        other_contract=make_contract(partner, name="Skills North"),
        unchecked_enrolment=unchecked,
        enrolment=enrolment,
        document=documents[0],
        claim=claim,
        unchecked_type=sixteen_hours,
    )
