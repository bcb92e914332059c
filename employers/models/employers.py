"""Employers, their contacts, and the log of contacts with them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import PARTNER_ROLES, User
from accounts.validators import validate_single_line
from caseload.models import Participant


class Size(models.TextChoices):
    MICRO = "micro", "Micro (under 10 staff)"
    SMALL = "small", "Small (10 to 49)"
    MEDIUM = "medium", "Medium (50 to 249)"
    LARGE = "large", "Large (250 or more)"


class Relationship(models.TextChoices):
    NEW = "new", "New"
    WARM = "warm", "Warm"
    ESTABLISHED = "established", "Established"


class EmployerQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> EmployerQuerySet:
        """Return the employers whose pages `user` may open.

        Partner staff see employers looked after by their partner (go-to person or
        deputy there), employers nobody has taken on yet, and employers where a
        participant they may see works. Nobody else sees the staff side.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role not in PARTNER_ROLES:
            return self.none()
        partner_id = user.delivery_partner_id
        workplaces = Employer.objects.filter(
            employments__participant__in=Participant.objects.visible_to(user).values(
                "pk"
            )
        ).values("pk")
        return self.filter(
            Q(go_to_person__delivery_partner_id=partner_id)
            | Q(deputy__delivery_partner_id=partner_id)
            | Q(go_to_person__isnull=True)
            | Q(pk__in=workplaces)
        )

    def search(self, text: str) -> EmployerQuerySet:
        """Return employers whose name, sector or address contains `text`."""
        if not text:
            return self
        return self.filter(
            Q(name__icontains=text)
            | Q(sector__icontains=text)
            | Q(address__icontains=text)
        )


class Employer(models.Model):
    """A business that employs or may employ participants; it has a go-to person."""

    name = models.CharField(max_length=200, validators=[validate_single_line])
    sector = models.CharField(max_length=100, blank=True)
    address = models.TextField(blank=True)
    size = models.CharField(max_length=10, choices=Size.choices, blank=True)
    relationship = models.CharField(
        max_length=20, choices=Relationship.choices, default=Relationship.NEW
    )
    adjustments_notes = models.TextField(
        blank=True, help_text="Reasonable adjustments this employer has made or offers."
    )
    offers_jobs = models.BooleanField(default=True)
    offers_work_trials = models.BooleanField(default=False)
    offers_placements = models.BooleanField(default=False)
    go_to_person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employers_as_go_to",
        verbose_name="go-to person",
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employers_as_deputy",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Optimistic locking (accounts.versions): a save based on an older one is refused.
    version = models.PositiveIntegerField(default=1)

    objects = EmployerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["go_to_person"]),
            models.Index(fields=["deputy"]),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("employers:employer-detail", args=[self.pk])

    def go_to_now(self) -> User | None:
        """Return who the employer should reach today: the deputy while away."""
        if self.go_to_person and self.deputy and self.go_to_person.is_away_today():
            return self.deputy
        return self.go_to_person

    @property
    def offers(self) -> list[str]:
        """Return what the employer offers, in words."""
        flags = [
            (self.offers_jobs, "Jobs"),
            (self.offers_work_trials, "Work trials"),
            (self.offers_placements, "Placements"),
        ]
        return [label for offered, label in flags if offered]


class AtEmployerQuerySet(models.QuerySet):
    """Rows that belong to an employer: visible with the employer's page."""

    def visible_to(self, user: User) -> models.QuerySet:
        return self.filter(employer__in=Employer.objects.visible_to(user).values("pk"))


class EngagementQuerySet(AtEmployerQuerySet):
    def visible_to(self, user: User) -> models.QuerySet:
        """Return the engagement notes of `user`'s own partner at employers they see.

        Partners share an employer, not their notes: a note may speak of a
        participant or a conversation another partner has no part in.
        """
        return (
            super()
            .visible_to(user)
            .filter(worker__delivery_partner_id=user.delivery_partner_id)
        )


class ContactRole(models.TextChoices):
    LINE_MANAGER = "line_manager", "Line manager"
    HR = "hr", "HR"
    OWNER = "owner", "Owner"
    OTHER = "other", "Other"


class EmployerContact(models.Model):
    """A person at an employer; with a user, they sign in to the portal."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="contacts"
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employer_contact",
    )
    name = models.CharField(max_length=200, validators=[validate_single_line])
    role = models.CharField(
        max_length=20, choices=ContactRole.choices, default=ContactRole.LINE_MANAGER
    )
    job_title = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AtEmployerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.employer})"


class EngagementKind(models.TextChoices):
    VACANCIES = "vacancies", "Finding vacancies"
    MATCHING = "matching", "Matching a participant"
    IN_WORK_SUPPORT = "in_work_support", "In-work support"
    THREE_WAY = "three_way", "Three-way meeting"
    OTHER = "other", "Other"


class EmployerEngagement(models.Model):
    """A contact between staff and an employer."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="engagements"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    participant = models.ForeignKey(
        "caseload.Participant",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    happened_at = models.DateTimeField(default=timezone.now)
    kind = models.CharField(max_length=20, choices=EngagementKind.choices)
    notes = models.TextField(blank=True)

    objects = EngagementQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.employer}"
