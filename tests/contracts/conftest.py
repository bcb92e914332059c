"""A contract delivered by `partner`, and files that are (or pretend to be) evidence."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from contracts.models import (
    Contract,
    EligibilityItem,
    EligibilityKind,
    EvidenceKind,
    NationalLivingWageRate,
    OutcomeType,
    RuleKind,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 40


def payslip(content: bytes = PDF, name: str = "payslip.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


RATES = (
    (datetime.date(2024, 4, 1), "11.44"),
    (datetime.date(2025, 4, 1), "12.21"),
    (datetime.date(2026, 4, 1), "12.71"),
)


def ensure_living_wage_rates() -> None:
    """Put back the migration's rates: a live_server test (anywhere in the run)
    empties every table after it, the migration's rows too."""
    for day, rate in RATES:
        NationalLivingWageRate.objects.get_or_create(
            effective_from=day, defaults={"hourly_rate": Decimal(rate)}
        )


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploaded files go to a fresh folder per test."""
    settings.MEDIA_ROOT = tmp_path / "media"


def make_contract(*partners, name="Restart North") -> Contract:
    """A contract: job entry (payslip) and 26 weeks' earnings at 16 hours."""
    ensure_living_wage_rates()
    contract = Contract.objects.create(
        funder="Combined Authority",
        name=name,
        starts_on=datetime.date(2025, 4, 1),
        ends_on=datetime.date(2028, 3, 31),
    )
    contract.partners.set(partners)
    OutcomeType.objects.create(
        contract=contract,
        name="Job entry",
        rule=RuleKind.JOB_ENTRY,
        evidence_kinds=[EvidenceKind.PAYSLIP],
        payment=Decimal("500.00"),
        position=1,
    )
    OutcomeType.objects.create(
        contract=contract,
        name="Sustained job",
        rule=RuleKind.EARNINGS,
        hours_per_week=Decimal(16),
        weeks=26,
        window_months=18,
        evidence_kinds=[EvidenceKind.PAYSLIP, EvidenceKind.EMPLOYER_CONFIRMATION],
        payment=Decimal("1500.00"),
        position=2,
    )
    EligibilityItem.objects.create(
        contract=contract,
        kind=EligibilityKind.RIGHT_TO_WORK,
        question="Has the right to work in the UK",
        evidence_kind=EvidenceKind.RIGHT_TO_WORK,
        position=1,
    )
    EligibilityItem.objects.create(
        contract=contract,
        kind=EligibilityKind.AGE,
        question="Aged 18 or over",
        position=2,
    )
    return contract


@pytest.fixture
def contract(partner):
    return make_contract(partner)
