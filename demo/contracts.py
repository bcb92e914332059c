"""Two funder contracts with different rules, and claims at every stage.

The contracts are set up as an administrator would in the admin, before the
history starts; each participant is enrolled by their keyworker the day they
join, and a week before today the evidence, checks and claims are worked
through the contracts services, each outcome reached taken to a different stage.
"""

from __future__ import annotations

import datetime
import itertools
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import User
from contracts import services
from contracts.models import (
    Contract,
    EligibilityItem,
    EligibilityKind,
    Enrolment,
    EvidenceKind,
    OutcomeType,
    RuleKind,
)

from .acts import Person
from .clock import Script, at
from .history import DAYS

PDF = b"%PDF-1.4\n% Keywork demo evidence\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# The stage each reached outcome is taken to, in turn.
STAGES = ("eligible", "evidence", "checked", "claimed", "paid", "rejected")


def plan_contracts(
    script: Script, staff: dict[str, User], people: list[Person]
) -> None:
    """Queue the contracts, each participant's enrolment, and the claims' work."""
    contracts: dict[str, Contract] = {}
    opening = at(script.today - datetime.timedelta(days=DAYS + 6), 10)
    script.at(opening, make_contracts, contracts, staff)
    for i, person in enumerate(people):
        start = person.details["programme_start"]
        name = "Restart North" if i % 2 == 0 else "Skills and Work"
        script.at(at(start, 16), enrol, person, contracts, name)
    week_ago = at(script.today - datetime.timedelta(days=7), 11)
    script.at(week_ago, work_claims, people, staff)


def make_contracts(contracts: dict[str, Contract], staff: dict[str, User]) -> None:
    """Two contracts: earnings over 18 months, and weeks at 16 hours in 12."""
    partners = {
        user.delivery_partner for user in staff.values() if user.delivery_partner
    }
    starts = timezone.localdate()
    restart = Contract.objects.create(
        funder="North Combined Authority",
        name="Restart North",
        reference="NCA-2024-017",
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=4 * 365),
    )
    restart.partners.set(partners)
    _outcome(restart, "Job entry", RuleKind.JOB_ENTRY, [EvidenceKind.PAYSLIP], 300)
    _outcome(
        restart,
        "Sustained earnings",
        RuleKind.EARNINGS,
        [EvidenceKind.PAYSLIP, EvidenceKind.EMPLOYER_CONFIRMATION],
        1200,
        hours_per_week=Decimal(16),
        weeks=26,
        window_months=18,
    )
    skills = Contract.objects.create(
        funder="Shared Prosperity Fund",
        name="Skills and Work",
        reference="SPF-LS-09",
        starts_on=starts,
        ends_on=starts + datetime.timedelta(days=4 * 365),
    )
    skills.partners.set([staff["manager1"].delivery_partner])
    _outcome(
        skills,
        "Thirteen weeks at 16 hours",
        RuleKind.HOURS_WEEKS,
        [EvidenceKind.EMPLOYER_CONFIRMATION],
        800,
        hours_per_week=Decimal(16),
        weeks=13,
        window_months=12,
        window_from="enrolment",
    )
    _outcome(
        skills,
        "Education or training",
        RuleKind.EDUCATION,
        [EvidenceKind.COURSE_CONFIRMATION],
        250,
    )
    _outcome(
        skills,
        "In work or learning on leaving",
        RuleKind.ON_LEAVING,
        [EvidenceKind.SIGNED_DECLARATION],
        150,
    )
    for contract in (restart, skills):
        EligibilityItem.objects.create(
            contract=contract,
            kind=EligibilityKind.RIGHT_TO_WORK,
            question="Has the right to work in the UK",
            evidence_kind=EvidenceKind.RIGHT_TO_WORK,
            position=1,
        )
        EligibilityItem.objects.create(
            contract=contract,
            kind=EligibilityKind.RESIDENCY,
            question="Lives in the contract area",
            evidence_kind=EvidenceKind.ADDRESS,
            position=2,
        )
        EligibilityItem.objects.create(
            contract=contract,
            kind=EligibilityKind.EMPLOYMENT_STATUS,
            question="Unemployed or economically inactive at enrolment",
            position=3,
        )
        contracts[contract.name] = contract


def _outcome(contract, name, rule, evidence, payment, **parameters) -> None:
    OutcomeType.objects.create(
        contract=contract,
        name=name,
        rule=rule,
        evidence_kinds=[str(kind) for kind in evidence],
        payment=Decimal(payment),
        position=contract.outcome_types.count() + 1,
        **parameters,
    )


def enrol(person: Person, contracts: dict[str, Contract], name: str) -> None:
    """The keyworker enrols them on the day they join, the declaration signed."""
    participant = person.get()
    contract = contracts[name]
    if not contract.partners.filter(pk=participant.delivery_partner_id).exists():
        contract = contracts["Restart North"]
    services.enrol_participant(
        contract=contract,
        participant=participant,
        enrolled_by=person.keyworker,
        enrolled_on=timezone.localdate(),
        answers={item.pk: (True, "Seen") for item in contract.eligibility_items.all()},
        declaration_signed_on=timezone.localdate(),
    )


def _file(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def work_claims(people: list[Person], staff: dict[str, User]) -> None:
    """Evidence, checks and claims for every outcome reached, a stage each in turn.

    The keyworker uploads; the partner's manager is the second person who checks
    the enrolment and the evidence, and claims; the programme manager records
    the funder's answer. One enrolment in ten is left unchecked, to show why a
    claim is blocked.
    """
    today = timezone.localdate()
    enrolments = Enrolment.objects.filter(
        participant__in=[person.pk for person in people]
    ).select_related("contract", "participant", "enrolled_by")
    stages = itertools.cycle(STAGES)
    for n, enrolment in enumerate(enrolments.order_by("pk")):
        keyworker = enrolment.enrolled_by
        manager = User.objects.managers_of(enrolment.participant.delivery_partner_id)[0]
        for item in enrolment.contract.eligibility_items.exclude(evidence_kind=""):
            services.upload_evidence(
                enrolment=enrolment,
                uploaded_by=keyworker,
                upload=_file(f"{item.evidence_kind}.pdf"),
                kind=item.evidence_kind,
                item=item,
            )
        if n % 10 != 9:
            services.check_enrolment(enrolment=enrolment, checker=manager)
        for row in services.progress_for([enrolment], today):
            if row.clock.achieved:
                _take_to(next(stages), row, keyworker, manager, staff["programme1"])


def _take_to(stage: str, row, keyworker: User, manager: User, funder_side: User):
    if stage == "eligible":
        return
    for kind in row.outcome_type.evidence_kinds:
        services.upload_evidence(
            enrolment=row.enrolment,
            uploaded_by=keyworker,
            upload=_file(f"{kind}.pdf"),
            kind=kind,
            outcome_type=row.outcome_type,
        )
    if stage == "evidence" or not row.enrolment.counts:
        return
    claim = services.check_outcome(
        enrolment=row.enrolment,
        outcome_type=row.outcome_type,
        checker=manager,
        today=timezone.localdate(),
    )
    if stage == "checked":
        return
    services.submit_claim(claim=claim, by=manager)
    if stage == "paid":
        services.settle_claim(claim=claim, by=funder_side, paid=True)
    elif stage == "rejected":
        services.settle_claim(
            claim=claim,
            by=funder_side,
            paid=False,
            reason="Payslip did not show the employer's name.",
        )
