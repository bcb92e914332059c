"""Vacancies, participants put forward, and three-way meetings."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import User
from caseload.models import Participant

from .employers import AtEmployerQuerySet, Employer


class AboutParticipantQuerySet(models.QuerySet):
    """Rows about a participant at an employer: both must be visible."""

    def visible_to(self, user: User) -> models.QuerySet:
        return self.filter(
            employer__in=Employer.objects.visible_to(user).values("pk"),
            participant__in=Participant.objects.visible_to(user).values("pk"),
        )


class NominationQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> NominationQuerySet:
        return self.filter(
            vacancy__employer__in=Employer.objects.visible_to(user).values("pk"),
            participant__in=Participant.objects.visible_to(user).values("pk"),
        )


class VacancyKind(models.TextChoices):
    JOB = "job", "Job"
    WORK_TRIAL = "work_trial", "Work trial"
    PLACEMENT = "placement", "Placement"


class VacancyStatus(models.TextChoices):
    OPEN = "open", "Open"
    FILLED = "filled", "Filled"
    CLOSED = "closed", "Closed"


class Vacancy(models.Model):
    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="vacancies"
    )
    title = models.CharField(max_length=200)
    kind = models.CharField(
        max_length=20, choices=VacancyKind.choices, default=VacancyKind.JOB
    )
    hours_per_week = models.DecimalField(
        max_digits=4, decimal_places=1, null=True, blank=True
    )
    posted_on = models.DateField(default=timezone.localdate)
    closes_on = models.DateField(null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=VacancyStatus.choices, default=VacancyStatus.OPEN
    )
    notes = models.TextField(blank=True)
    # Optimistic locking (accounts.versions): a save based on an older one is refused.
    version = models.PositiveIntegerField(default=1)

    objects = AtEmployerQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-posted_on"]
        verbose_name_plural = "vacancies"

    def __str__(self) -> str:
        return f"{self.title} at {self.employer}"


class NominationOutcome(models.TextChoices):
    PUT_FORWARD = "put_forward", "Put forward"
    INTERVIEW = "interview", "Interview"
    OFFERED = "offered", "Offered"
    STARTED = "started", "Started"
    UNSUCCESSFUL = "unsuccessful", "Unsuccessful"
    WITHDRAWN = "withdrawn", "Withdrawn"


class Nomination(models.Model):
    """A participant put forward for a vacancy, and what happened."""

    vacancy = models.ForeignKey(
        Vacancy, on_delete=models.CASCADE, related_name="nominations"
    )
    participant = models.ForeignKey(
        "caseload.Participant", on_delete=models.CASCADE, related_name="nominations"
    )
    put_forward_on = models.DateField(default=timezone.localdate)
    put_forward_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(
        max_length=20,
        choices=NominationOutcome.choices,
        default=NominationOutcome.PUT_FORWARD,
    )
    version = models.PositiveIntegerField(default=1)

    objects = NominationQuerySet.as_manager()

    class Meta:
        ordering = ["-put_forward_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["vacancy", "participant"], name="one_nomination_per_vacancy"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant} for {self.vacancy}"


class MeetingStatus(models.TextChoices):
    SCHEDULED = "scheduled", "Scheduled"
    HELD = "held", "Held"
    CANCELLED = "cancelled", "Cancelled"


class MeetingOutcome(models.TextChoices):
    NONE = "", "Nothing that changes the job"
    PROBATION_EXTENDED = "probation_extended", "Probation extended by N weeks"


class ThreeWayMeeting(models.Model):
    """A meeting of participant, employer and worker, with actions and outcome."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="meetings"
    )
    participant = models.ForeignKey(
        "caseload.Participant", on_delete=models.CASCADE, related_name="meetings"
    )
    # The job it is about. A string reference: in-work support imports
    # employers, never the other way round.
    employment = models.ForeignKey(
        "inwork_support.Employment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scheduled_for = models.DateTimeField()
    place = models.CharField(max_length=200, blank=True)
    status = models.CharField(
        max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.SCHEDULED
    )
    agreed_actions = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    # A structured outcome acts on the job: "probation extended by N weeks"
    # extends it once, and `probation_extended_to` records that it was applied.
    outcome_kind = models.CharField(
        max_length=30, choices=MeetingOutcome.choices, blank=True, default=""
    )
    extension_weeks = models.PositiveSmallIntegerField(null=True, blank=True)
    probation_extended_to = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)

    objects = AboutParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["scheduled_for"]
        indexes = [models.Index(fields=["employer", "participant", "scheduled_for"])]
        constraints = [
            models.CheckConstraint(
                name="probation_extension_has_weeks",
                condition=~models.Q(outcome_kind="probation_extended")
                | models.Q(extension_weeks__gte=1),
            )
        ]

    def __str__(self) -> str:
        return f"Three-way meeting, {self.participant} at {self.employer}"

    @property
    def is_held(self) -> bool:
        return self.status == MeetingStatus.HELD


class MeetingParty(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    EMPLOYER = "employer", "Employer"
    WORKER = "worker", "Worker"


class MeetingAction(models.Model):
    """An action one party agreed at a three-way meeting: who does it, by when.

    A worker's action is also a caseload Action on their list (`action`).
    """

    meeting = models.ForeignKey(
        ThreeWayMeeting, on_delete=models.CASCADE, related_name="actions"
    )
    party = models.CharField(max_length=20, choices=MeetingParty.choices)
    description = models.CharField(max_length=300)
    owner = models.CharField(max_length=200)
    due_on = models.DateField()
    action = models.OneToOneField(
        "caseload.Action",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self) -> str:
        return f"{self.owner}: {self.description}"
