"""Contracts a funder pays by results: their rules, enrolments, evidence and claims."""

from __future__ import annotations

import datetime
import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property

from accounts.models import DeliveryPartner, Role, User
from caseload.models import Participant
from caseload.models.participants import seen_by


def by_whom() -> models.ForeignKey:
    """Return a "who did it" field, empty until someone does."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )


class NationalLivingWageRateQuerySet(models.QuerySet):
    def in_force_on(self, day: datetime.date) -> NationalLivingWageRate | None:
        """Return the rate in force on `day`: the latest that started by then."""
        return self.filter(effective_from__lte=day).order_by("-effective_from").first()


class NationalLivingWageRate(models.Model):
    """The adult National Living Wage from a date: earnings thresholds follow it."""

    effective_from = models.DateField(unique=True)
    hourly_rate = models.DecimalField(max_digits=5, decimal_places=2)
    note = models.CharField(max_length=200, blank=True)

    objects = NationalLivingWageRateQuerySet.as_manager()

    class Meta:
        ordering = ["-effective_from"]
        verbose_name = "National Living Wage rate"
        constraints = [
            models.CheckConstraint(
                name="living_wage_positive", condition=Q(hourly_rate__gt=0)
            )
        ]

    def __str__(self) -> str:
        return f"£{self.hourly_rate} from {self.effective_from:%-d %b %Y}"


class ContractStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    LIVE = "live", "Live"
    CLOSED = "closed", "Closed"


class ContractQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ContractQuerySet:
        """Programme staff see every contract; partner staff those their partner
        delivers; nobody else any."""
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role in (Role.PROGRAMME_MANAGER, Role.ADMIN):
            return self.all()
        if user.delivery_partner_id and user.role != Role.EMPLOYER_CONTACT:
            return self.filter(partners=user.delivery_partner_id)
        return self.none()

    def open_for_enrolment(self, day: datetime.date) -> ContractQuerySet:
        return self.filter(
            status=ContractStatus.LIVE, starts_on__lte=day, ends_on__gte=day
        )


class Contract(models.Model):
    """What a funder pays the programme for, and who delivers it."""

    funder = models.CharField(max_length=200)
    name = models.CharField(max_length=200)
    reference = models.CharField(max_length=50, blank=True)
    starts_on = models.DateField()
    ends_on = models.DateField()
    partners = models.ManyToManyField(
        DeliveryPartner, related_name="contracts", blank=True
    )
    status = models.CharField(
        max_length=10, choices=ContractStatus.choices, default=ContractStatus.LIVE
    )

    objects = ContractQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                name="contract_ends_after_it_starts",
                condition=Q(ends_on__gte=F("starts_on")),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("contracts:claims", args=[self.pk])


class EvidenceKind(models.TextChoices):
    PAYSLIP = "payslip", "Payslip"
    EMPLOYER_CONFIRMATION = "employer_confirmation", "Employer confirmation"
    SIGNED_DECLARATION = "signed_declaration", "Signed declaration"
    HMRC_RECORD = "hmrc_record", "HMRC record"
    SELF_EMPLOYMENT = "self_employment", "Self-employment proof (UTR, accounts)"
    COURSE_CONFIRMATION = "course_confirmation", "Course enrolment confirmation"
    IDENTITY = "identity", "Identity document"
    RIGHT_TO_WORK = "right_to_work", "Right to work"
    BENEFIT_LETTER = "benefit_letter", "Benefit letter"
    ADDRESS = "address", "Proof of address"
    OTHER = "other", "Other"


class RuleKind(models.TextChoices):
    JOB_ENTRY = "job_entry", "Job entry"
    EARNINGS = "earnings", "Sustained: cumulative earnings over a window"
    HOURS_WEEKS = "hours_weeks", "Sustained: weeks at or above N hours"
    SELF_EMPLOYMENT = "self_employment", "Self-employment"
    EDUCATION = "education", "Education or training entry"
    ON_LEAVING = "on_leaving", "In work or education on leaving"


class WindowFrom(models.TextChoices):
    JOB_START = "job_start", "First job start after enrolment"
    ENROLMENT = "enrolment", "Enrolment"


class OutcomeType(models.Model):
    """One outcome a contract pays for, the rule that decides it and its evidence.

    The rule's parameters are plain fields, so an administrator sets them in the
    admin: earnings equal to `hours_per_week` hours at the National Living Wage
    for `weeks` weeks, within `window_months` months of `window_from`.
    """

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="outcome_types"
    )
    name = models.CharField(max_length=100)
    rule = models.CharField(max_length=20, choices=RuleKind.choices)
    hours_per_week = models.DecimalField(
        max_digits=4,
        decimal_places=1,
        null=True,
        blank=True,
        help_text="N hours a week: the hours threshold, or the earnings of N hours "
        "at the National Living Wage. For job entry, the least hours that count.",
    )
    weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="W weeks of earnings, or of weeks at N hours."
    )
    window_months = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="M calendar months to reach it in."
    )
    window_from = models.CharField(
        max_length=20, choices=WindowFrom.choices, default=WindowFrom.JOB_START
    )
    payment = models.DecimalField(
        max_digits=8, decimal_places=2, null=True, blank=True, help_text="£ per claim."
    )
    evidence_kinds = models.JSONField(
        default=list, blank=True, help_text="The evidence a claim needs, every kind."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["contract", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "name"], name="one_outcome_type_name_per_contract"
            ),
            models.CheckConstraint(
                name="sustained_rules_have_their_parameters",
                condition=~Q(rule__in=["earnings", "hours_weeks"])
                | Q(
                    hours_per_week__gt=0,
                    weeks__gt=0,
                    window_months__gt=0,
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.contract})"

    def evidence_labels(self) -> list[str]:
        labels = dict(EvidenceKind.choices)
        return [labels.get(kind, kind) for kind in self.evidence_kinds]


class EligibilityKind(models.TextChoices):
    AGE = "age", "Age"
    RIGHT_TO_WORK = "right_to_work", "Right to work in the UK"
    EMPLOYMENT_STATUS = "employment_status", "Employment status"
    RESIDENCY = "residency", "Residency"
    OTHER = "other", "Other"


class EligibilityItem(models.Model):
    """One line of a contract's eligibility checklist at intake."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="eligibility_items"
    )
    kind = models.CharField(max_length=20, choices=EligibilityKind.choices)
    question = models.CharField(max_length=200)
    evidence_kind = models.CharField(
        max_length=30,
        choices=EvidenceKind.choices,
        blank=True,
        help_text="Evidence that must be uploaded, if any.",
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["contract", "position", "pk"]

    def __str__(self) -> str:
        return self.question


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> EnrolmentQuerySet:
        return self.filter(seen_by(user, "participant__"))


class Enrolment(models.Model):
    """A participant on a contract: counts once a second person has checked it."""

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="enrolments"
    )
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_on = models.DateField()
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    declaration_signed_on = models.DateField(
        null=True, blank=True, help_text="The participant signed their declaration."
    )
    checked_by = by_whom()
    checked_at = models.DateTimeField(null=True, blank=True)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-enrolled_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "participant"], name="one_enrolment_per_contract"
            ),
            models.CheckConstraint(
                name="enrolment_checked_by_a_second_person",
                condition=Q(checked_by__isnull=True) | ~Q(checked_by=F("enrolled_by")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant} on {self.contract}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:enrolment-detail", args=[self.pk])

    @property
    def counts(self) -> bool:
        """A second person checked it: outcomes under it may be claimed."""
        return self.checked_by_id is not None


class EligibilityAnswer(models.Model):
    """The answer to one checklist item at intake."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.ForeignKey(
        EligibilityItem, on_delete=models.PROTECT, related_name="answers"
    )
    met = models.BooleanField()
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["item__position", "item_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "item"], name="one_answer_per_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.item}: {'yes' if self.met else 'no'}"


class ClaimStage(models.TextChoices):
    ELIGIBLE = "eligible", "Eligible"
    EVIDENCE_COMPLETE = "evidence_complete", "Evidence complete"
    CHECKED = "checked", "Checked by a second person"
    CLAIMED = "claimed", "Claimed"
    PAID = "paid", "Paid"
    REJECTED = "rejected", "Rejected"


class ClaimQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ClaimQuerySet:
        """Those who see the participant see their claims; programme staff see
        every claim, by reference only (the pages never name them)."""
        if user.is_authenticated and user.role in (Role.PROGRAMME_MANAGER, Role.ADMIN):
            return self.all() if user.is_active else self.none()
        return self.filter(seen_by(user, "enrolment__participant__"))


class Claim(models.Model):
    """One outcome claimed under a contract, from eligible to paid or rejected."""

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="claims"
    )
    outcome_type = models.ForeignKey(
        OutcomeType, on_delete=models.PROTECT, related_name="claims"
    )
    achieved_on = models.DateField()
    stage = models.CharField(
        max_length=20, choices=ClaimStage.choices, default=ClaimStage.ELIGIBLE
    )
    checked_by = by_whom()
    checked_at = models.DateTimeField(null=True, blank=True)
    claimed_by = by_whom()
    claimed_at = models.DateTimeField(null=True, blank=True)
    settled_by = by_whom()
    settled_at = models.DateTimeField(null=True, blank=True)
    rejection_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClaimQuerySet.as_manager()

    class Meta:
        ordering = ["achieved_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "outcome_type"], name="one_claim_per_outcome"
            ),
            models.CheckConstraint(
                name="rejected_claims_say_why",
                condition=~Q(stage="rejected") | ~Q(rejection_reason=""),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outcome_type.name} claim #{self.pk}"

    @cached_property
    def evidence(self) -> list[EvidenceDocument]:
        """Return the documents proving this outcome (set in bulk by the board)."""
        return list(
            EvidenceDocument.objects.filter(
                enrolment_id=self.enrolment_id, outcome_type_id=self.outcome_type_id
            )
        )


def evidence_path(document: EvidenceDocument, filename: str) -> str:
    """Store under a random name: the participant's name never reaches storage."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"evidence/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class EvidenceDocumentQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> EvidenceDocumentQuerySet:
        return self.filter(seen_by(user, "enrolment__participant__"))


class EvidenceDocument(models.Model):
    """An uploaded file proving an outcome or an eligibility item.

    Evidence for an outcome may come before it is reached (payslips over the
    weeks): it belongs to the enrolment and outcome type, and the claim, once
    opened, reads it from there.
    """

    enrolment = models.ForeignKey(
        Enrolment, on_delete=models.CASCADE, related_name="documents"
    )
    outcome_type = models.ForeignKey(
        OutcomeType,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    eligibility_item = models.ForeignKey(
        EligibilityItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
    )
    kind = models.CharField(max_length=30, choices=EvidenceKind.choices)
    file = models.FileField(upload_to=evidence_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    note = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = EvidenceDocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                name="evidence_proves_one_thing",
                condition=Q(outcome_type__isnull=True, eligibility_item__isnull=False)
                | Q(outcome_type__isnull=False, eligibility_item__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("contracts:evidence-download", args=[self.pk])
