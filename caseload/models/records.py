"""Outcomes a funder counts, and the participant's timeline."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q, Subquery
from django.utils import timezone

from .contacts import Contact
from .participants import Participant


class OutcomeKind(models.TextChoices):
    JOB_ENTRY = "job_entry", "Job entry"
    SUSTAINED_6 = "sustained_6", "Sustained in work 6 months"
    SUSTAINED_12 = "sustained_12", "Sustained in work 12 months"
    EDUCATION_TRAINING = "education_training", "Entered education or training"
    JOB_SEARCH = "job_search", "Active job search"
    EXIT = "exit", "Exit"


# What a keyworker records on the participant page; the rest follow from events.
PROGRESS_KINDS = (OutcomeKind.EDUCATION_TRAINING, OutcomeKind.JOB_SEARCH)


class ConfirmedBy(models.TextChoices):
    PARTICIPANT = "participant", "Participant"
    EMPLOYER = "employer", "Employer"
    PAYSLIP = "payslip", "Payslip"
    PROVIDER = "provider", "Course or training provider"
    SEEN = "seen", "Seen by the keyworker (a letter, log or journal)"
    OTHER = "other", "Other evidence"


class OutcomeSource(models.TextChoices):
    """Which form or service recorded an outcome."""

    PARTICIPANT_PAGE = "participant_page", "Participant page"
    EXIT = "exit", "Exit form"
    JOB_START = "job_start", "Job start"
    MILESTONE = "milestone", "Six- or twelve-month check-in"


class Outcome(models.Model):
    """An outcome achieved, with its source and how it was confirmed: the register
    every outcome figure reads.

    `key` names the event it records (e.g. "employment:7:sustained_6") so recording it
    twice creates one row.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="outcomes"
    )
    kind = models.CharField(max_length=30, choices=OutcomeKind.choices)
    achieved_on = models.DateField()
    confirmed_by = models.CharField(
        max_length=20, choices=ConfirmedBy.choices, blank=True
    )
    note = models.TextField(blank=True)
    what = models.CharField(
        max_length=200, blank=True, help_text="The course, provider or activity."
    )
    evidence = models.TextField(blank=True, help_text="What was seen, and when.")
    source = models.CharField(max_length=20, choices=OutcomeSource.choices, blank=True)
    key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-achieved_on"]
        indexes = [
            models.Index(fields=["kind", "achieved_on"]),
            # The funder's table asks, per participant, for an outcome of a kind
            # in a date range: with only (kind, achieved_on) that read every
            # participant's outcomes of the kind (2 s of its 4 s at 20,000).
            models.Index(fields=["participant", "kind", "achieved_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} for {self.participant}"


class EntryKind(models.TextChoices):
    CONTACT = "contact", "Contact"
    BARRIER = "barrier", "Barrier"
    GOAL = "goal", "Goal"
    REFERRAL = "referral", "Referral"
    ASSIGNMENT = "assignment", "Keyworker"
    SAFEGUARDING = "safeguarding", "Safeguarding"
    JOB = "job", "Job"
    PLAN = "plan", "In-work support plan"
    CHECK_IN = "check_in", "Check-in"
    REMINDER = "reminder", "Reminder"
    ESCALATION = "escalation", "Escalation"
    EMPLOYER = "employer", "Employer"
    OUTCOME = "outcome", "Outcome"
    EXIT = "exit", "Exit"


# Characters of a contact's notes or an entry's detail shown on the timeline.
PREVIEW_CHARS = 200


class TimelineQuerySet(models.QuerySet):
    def older_than(self, entry_pk: int) -> TimelineQuerySet:
        """Return the entries that come after entry `entry_pk`, newest first.

        A keyset, not an OFFSET: a page of older entries starts from the index
        where the last page stopped, however far back that is. An entry that is
        not among these rows (another participant's) leaves none.
        """
        anchor = Subquery(self.filter(pk=entry_pk).order_by().values("occurred_at"))
        return self.filter(
            Q(occurred_at__lt=anchor) | Q(occurred_at=anchor, pk__lt=entry_pk)
        )


class TimelineEntry(models.Model):
    """One line of a participant's timeline.

    Every app adds its events here (through caseload.services.add_timeline_entry),
    so the participant page reads one indexed table instead of joining every app.
    Contacts link their row, so edits to a contact show through.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="timeline"
    )
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=EntryKind.choices)
    title = models.CharField(max_length=200)
    detail = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    contact = models.OneToOneField(
        Contact,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="timeline_entry",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    key = models.CharField(max_length=100, null=True, blank=True, unique=True)

    objects = TimelineQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["participant", "-occurred_at"])]
        verbose_name_plural = "timeline entries"

    def __str__(self) -> str:
        return self.title

    def preview(self) -> str:
        """Return the line under the title: the contact's notes, else the detail.

        Cut to PREVIEW_CHARS as the truncatechars filter does, without its
        character-by-character walk (a third of a timeline row's rendering).
        """
        text = self.contact.notes if self.contact_id else self.detail
        if len(text) <= PREVIEW_CHARS:
            return text
        return text[: PREVIEW_CHARS - 1] + "…"
