"""Barriers, goals and referrals: what stands in the way, and what is being done."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import FRONTLINE_ROLES, Role, User

from .participants import Participant, seen_by


class BarrierKind(models.TextChoices):
    MENTAL_HEALTH = "mental_health", "Mental health"
    PHYSICAL_HEALTH = "physical_health", "Physical health"
    HOUSING = "housing", "Housing"
    DEBT = "debt", "Debt or money"
    BENEFITS = "benefits", "Benefits"
    DIGITAL = "digital", "Digital exclusion"
    BASIC_SKILLS = "basic_skills", "Basic skills"
    QUALIFICATIONS = "qualifications", "Qualifications or experience"
    CONFIDENCE = "confidence", "Confidence"
    CARING = "caring", "Caring or childcare"
    TRANSPORT = "transport", "Transport"
    SUBSTANCE_USE = "substance_use", "Substance use"
    OFFENDING = "offending", "Offending history"
    LEARNING_DIFFICULTY = (
        "learning_difficulty",
        "Learning difficulty or hidden disability",
    )
    SOCIAL_ISOLATION = "social_isolation", "Social isolation"
    CARE_EXPERIENCE = "care_experience", "Care experience"
    ABUSE = "abuse", "Abuse"


# Special-category data (UK GDPR art. 9 and 10): health, offending, abuse.
SENSITIVE_BARRIERS = frozenset(
    {
        BarrierKind.MENTAL_HEALTH,
        BarrierKind.PHYSICAL_HEALTH,
        BarrierKind.SUBSTANCE_USE,
        BarrierKind.OFFENDING,
        BarrierKind.LEARNING_DIFFICULTY,
        BarrierKind.ABUSE,
    }
)


class Severity(models.IntegerChoices):
    LOW = 1, "Low"
    MEDIUM = 2, "Medium"
    HIGH = 3, "High"


class BarrierQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> BarrierQuerySet:
        """Return the barriers `user` may see.

        Special-category kinds (health, offending, abuse) only for the roles that
        work with the person: frontline workers and their partner manager.
        """
        barriers = self.filter(seen_by(user, "participant__"))
        if user.role not in (*FRONTLINE_ROLES, Role.PARTNER_MANAGER):
            barriers = barriers.exclude(kind__in=SENSITIVE_BARRIERS)
        return barriers

    def current(self) -> BarrierQuerySet:
        return self.filter(resolved_on__isnull=True)

    def at(self, day: datetime.date) -> BarrierQuerySet:
        """Return the barriers that were open on `day`."""
        return self.filter(noted_on__lte=day).filter(
            Q(resolved_on__isnull=True) | Q(resolved_on__gt=day)
        )


class Barrier(models.Model):
    """A need or obstacle, noted and later resolved: distance travelled."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="barriers"
    )
    kind = models.CharField(max_length=30, choices=BarrierKind.choices)
    severity = models.PositiveSmallIntegerField(
        choices=Severity.choices, default=Severity.MEDIUM
    )
    noted_on = models.DateField(default=timezone.localdate)
    resolved_on = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # Optimistic locking (accounts.versions): a save based on an older one is refused.
    version = models.PositiveIntegerField(default=1)

    objects = BarrierQuerySet.as_manager()

    class Meta:
        ordering = ["resolved_on", "-severity", "kind"]
        constraints = [
            models.CheckConstraint(
                name="barrier_resolved_after_noted",
                condition=Q(resolved_on__isnull=True)
                | Q(resolved_on__gte=F("noted_on")),
            ),
        ]

    def __str__(self) -> str:
        return self.get_kind_display()

    @property
    def is_sensitive(self) -> bool:
        return self.kind in SENSITIVE_BARRIERS

    def was_open_on(self, day: datetime.date) -> bool:
        """Return whether this barrier stood in the way on `day` (as `at(day)`)."""
        return self.noted_on <= day and (
            self.resolved_on is None or self.resolved_on > day
        )


class GoalStatus(models.TextChoices):
    OPEN = "open", "Working on it"
    ACHIEVED = "achieved", "Achieved"
    DROPPED = "dropped", "Dropped"


class Goal(models.Model):
    """A goal the participant sets, broken into steps."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="goals"
    )
    title = models.CharField(max_length=200)
    set_on = models.DateField(default=timezone.localdate)
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=GoalStatus.choices, default=GoalStatus.OPEN
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["status", "due_on", "pk"]

    def __str__(self) -> str:
        return self.title


class StepOwner(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    WORKER = "worker", "Worker"


class StepStatus(models.TextChoices):
    TO_DO = "to_do", "To do"
    DONE = "done", "Done"
    DROPPED = "dropped", "Dropped"


class GoalStep(models.Model):
    goal = models.ForeignKey(Goal, on_delete=models.CASCADE, related_name="steps")
    description = models.CharField(max_length=300)
    owner = models.CharField(
        max_length=20, choices=StepOwner.choices, default=StepOwner.PARTICIPANT
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=20, choices=StepStatus.choices, default=StepStatus.TO_DO
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return self.description


class Intervention(models.TextChoices):
    FUNCTIONAL_SKILLS = "functional_skills", "Functional skills"
    MENTAL_HEALTH = "mental_health", "Mental health and wellbeing"
    FINANCIAL_ADVICE = "financial_advice", "Financial advice"
    CREATIVE = "creative", "Creative activity"
    TRAINING = "training", "Training course"
    OTHER = "other", "Other"


class ReferralStatus(models.TextChoices):
    MADE = "made", "Referred"
    ACCEPTED = "accepted", "Accepted"
    STARTED = "started", "Started"
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"
    DID_NOT_ATTEND = "did_not_attend", "Did not attend"


class Referral(models.Model):
    """A referral to an intervention at a named partner service."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="referrals"
    )
    intervention = models.CharField(max_length=30, choices=Intervention.choices)
    service = models.CharField(max_length=200, help_text="The partner service.")
    referred_on = models.DateField(default=timezone.localdate)
    status = models.CharField(
        max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.MADE
    )
    outcome = models.TextField(blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-referred_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_intervention_display()} at {self.service}"
