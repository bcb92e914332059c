"""Contacts with participants, the actions they lead to, and what they escalate."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import User

from .participants import Participant, seen_by

MIN_CONTACT_MINUTES = 1
MAX_CONTACT_MINUTES = 600


class Channel(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Phone"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    VIDEO = "video", "Video call"
    WORKPLACE_VISIT = "workplace_visit", "Workplace visit"
    THREE_WAY = "three_way", "Three-way meeting"


class Topic(models.TextChoices):
    WORK = "work", "Work-related"
    NON_WORK = "non_work", "Non-work"
    PRACTICAL = "practical", "Practical support"
    MONEY = "money", "Money or benefits"
    HOUSING = "housing", "Housing"
    HEALTH = "health", "Health or wellbeing"
    CRISIS = "crisis", "Crisis"
    NEXT_STEPS = "next_steps", "Next steps or progression"


class Attendee(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    EMPLOYER = "employer", "Employer"
    FAMILY = "family", "Family member or carer"
    PROFESSIONAL = "professional", "Another professional"
    OTHER = "other", "Someone else"


class ContactQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ContactQuerySet:
        """Return the contacts of participants `user` may see."""
        return self.filter(seen_by(user, "participant__"))


class Contact(models.Model):
    """One logged interaction with (or about) a participant."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="contacts"
    )
    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contacts"
    )
    happened_at = models.DateTimeField()
    channel = models.CharField(max_length=20, choices=Channel.choices)
    minutes = models.PositiveSmallIntegerField()
    attendees = models.JSONField(default=list, blank=True)
    topics = models.JSONField(default=list, blank=True)
    # Columns as well as topics: reports and escalation filter on them.
    is_crisis = models.BooleanField(default=False)
    out_of_hours = models.BooleanField(default=False)
    notes = models.TextField(blank=True)
    # A form's one-time token: a double-submitted form creates one contact.
    submission_key = models.UUIDField(null=True, blank=True, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ContactQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_at", "-pk"]
        indexes = [
            models.Index(fields=["participant", "-happened_at"]),
            models.Index(fields=["worker", "happened_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="contact_minutes_in_range",
                condition=Q(minutes__gte=MIN_CONTACT_MINUTES)
                & Q(minutes__lte=MAX_CONTACT_MINUTES),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} with {self.participant}"

    def get_absolute_url(self) -> str:
        return reverse("caseload:contact-detail", args=[self.pk])

    def topic_labels(self) -> list[str]:
        labels = dict(Topic.choices)
        return [labels.get(topic, topic) for topic in self.topics]

    def attendee_labels(self) -> list[str]:
        labels = dict(Attendee.choices)
        return [labels.get(who, who) for who in self.attendees]


class ActionQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ActionQuerySet:
        return self.filter(seen_by(user, "participant__"))

    def open(self) -> ActionQuerySet:
        return self.filter(done_at__isnull=True)


class Action(models.Model):
    """A follow-up action agreed at a contact, owned by a worker, with a due date."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="actions"
    )
    contact = models.ForeignKey(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
    )
    description = models.CharField(max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="actions"
    )
    due_on = models.DateField()
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["done_at", "due_on", "pk"]
        indexes = [models.Index(fields=["owner", "done_at", "due_on"])]

    def __str__(self) -> str:
        return self.description


class ConcernStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class SafeguardingQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> SafeguardingQuerySet:
        return self.filter(seen_by(user, "participant__"))

    def open(self) -> SafeguardingQuerySet:
        return self.filter(status=ConcernStatus.OPEN)


class SafeguardingConcern(models.Model):
    """Opened by a crisis contact; escalated to the worker's manager, who closes it."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="safeguarding_concerns"
    )
    contact = models.OneToOneField(
        Contact,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="safeguarding_concern",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    raised_at = models.DateTimeField(default=timezone.now)
    summary = models.TextField()
    status = models.CharField(
        max_length=10, choices=ConcernStatus.choices, default=ConcernStatus.OPEN
    )
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closing_note = models.TextField(blank=True)

    objects = SafeguardingQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["status", "participant"])]

    def __str__(self) -> str:
        return f"Safeguarding concern for {self.participant}"


class SupervisionNote(models.Model):
    """A manager's comment on a contact, optionally flagged for follow-up."""

    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, related_name="supervision_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField()
    needs_follow_up = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Note by {self.author} on {self.contact}"
