from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role, User


class Size(models.TextChoices):
    MICRO = "micro", "Micro (under 10 staff)"
    SMALL = "small", "Small (10 to 49)"
    MEDIUM = "medium", "Medium (50 to 249)"
    LARGE = "large", "Large (250 or more)"


class Relationship(models.TextChoices):
    NEW = "new", "New"
    WARM = "warm", "Warm"
    ESTABLISHED = "established", "Established"


class Employer(models.Model):
    """A business that employs or may employ participants; it has a go-to person."""

    name = models.CharField(max_length=200)
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
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="employers_as_deputy",
    )
    created_at = models.DateTimeField(default=timezone.now)

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
        if self.go_to_person and self.go_to_person.is_away and self.deputy:
            return self.deputy
        return self.go_to_person


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
    name = models.CharField(max_length=200)
    role = models.CharField(
        max_length=20, choices=ContactRole.choices, default=ContactRole.LINE_MANAGER
    )
    job_title = models.CharField(max_length=100, blank=True)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    invited_at = models.DateTimeField(null=True, blank=True)

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

    class Meta:
        ordering = ["-happened_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} with {self.employer}"


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


class ThreeWayMeeting(models.Model):
    """A meeting of participant, employer and worker, with actions and outcome."""

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="meetings"
    )
    participant = models.ForeignKey(
        "caseload.Participant", on_delete=models.CASCADE, related_name="meetings"
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
    outcome = models.TextField(
        blank=True, help_text="For instance: probation extended by 13 weeks."
    )

    class Meta:
        ordering = ["scheduled_for"]
        indexes = [models.Index(fields=["employer", "participant", "scheduled_for"])]

    def __str__(self) -> str:
        return f"Three-way meeting, {self.participant} at {self.employer}"


class MessageCategory(models.TextChoices):
    CONCERN = "concern", "A concern about an employee"
    QUESTION = "question", "A question"
    MEETING = "meeting", "A meeting request"
    GOOD_NEWS = "good_news", "Good news"
    OTHER = "other", "Other"


class EmployerMessageQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> EmployerMessageQuerySet:
        """Return the messages `user` may read.

        Employer contacts: their own employer's threads. Staff: threads of employers
        they are go-to person or deputy for, or that were addressed to them. Partner
        managers: threads addressed to their partner's staff.
        """
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.role == Role.EMPLOYER_CONTACT:
            return self.filter(employer__contacts__user=user)
        if user.role in (Role.KEYWORKER, Role.IN_WORK_SUPPORT_OFFICER):
            return self.filter(
                Q(employer__go_to_person=user)
                | Q(employer__deputy=user)
                | Q(addressed_to=user)
            )
        if user.role == Role.PARTNER_MANAGER:
            return self.filter(
                addressed_to__delivery_partner_id=user.delivery_partner_id
            )
        return self.none()

    def threads(self) -> EmployerMessageQuerySet:
        return self.filter(thread__isnull=True)

    def unanswered(self) -> EmployerMessageQuerySet:
        """Return thread openers from employers that no staff member has answered."""
        return self.threads().filter(
            sender_contact__isnull=False, first_reply_at__isnull=True
        )


class EmployerMessage(models.Model):
    """A message between an employer contact and their go-to person.

    The first message of a thread has `thread` empty; replies point at it. Response
    times are measured on the opener: `first_reply_at` minus `sent_at`.
    """

    employer = models.ForeignKey(
        Employer, on_delete=models.CASCADE, related_name="messages"
    )
    thread = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    sender_contact = models.ForeignKey(
        EmployerContact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="messages",
    )
    sender_staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    addressed_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="employer_messages",
    )
    category = models.CharField(
        max_length=20, choices=MessageCategory.choices, default=MessageCategory.QUESTION
    )
    urgent = models.BooleanField(default=False)
    body = models.TextField()
    sent_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    first_reply_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    submission_key = models.UUIDField(null=True, blank=True, unique=True)

    objects = EmployerMessageQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "pk"]
        indexes = [
            models.Index(fields=["employer", "thread", "-sent_at"]),
            models.Index(fields=["addressed_to", "first_reply_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="message_has_one_sender",
                condition=Q(sender_contact__isnull=True, sender_staff__isnull=False)
                | Q(sender_contact__isnull=False, sender_staff__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} from {self.employer}"
