from __future__ import annotations

import datetime

from django.conf import settings
from django.db import models
from django.db.models import ExpressionWrapper, Q
from django.urls import reverse
from django.utils import timezone

from accounts.cover import held
from accounts.models import User
from caseload.models import Participant
from caseload.models.participants import seen_by

FULL_TIME_HOURS = 30

DateRange = tuple[datetime.date, datetime.date]


class ContractType(models.TextChoices):
    PERMANENT = "permanent", "Permanent"
    FIXED_TERM = "fixed_term", "Fixed-term"
    TEMPORARY = "temporary", "Temporary or agency"
    ZERO_HOURS = "zero_hours", "Zero-hours"
    APPRENTICESHIP = "apprenticeship", "Apprenticeship"
    SELF_EMPLOYED = "self_employed", "Self-employed"


class EndReason(models.TextChoices):
    RESIGNED = "resigned", "Resigned"
    DISMISSED = "dismissed", "Dismissed"
    CONTRACT_ENDED = "contract_ended", "Contract ended"
    REDUNDANCY = "redundancy", "Redundancy"
    HEALTH = "health", "Ill health"
    NEW_JOB = "new_job", "Moved to a new job"
    # Retention figures read these two: a job that never began is not a job
    # that was kept or lost; after lost contact its status is unknown, not ended.
    DID_NOT_START = "did_not_start", "Did not start"
    LOST_CONTACT = "lost_contact", "Lost contact (last known in the job that day)"
    OTHER = "other", "Other"


class EmploymentQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> EmploymentQuerySet:
        return self.filter(seen_by(user, "participant__"))

    def current(self) -> EmploymentQuerySet:
        return self.filter(ended_on__isnull=True)

    def disclosed(self) -> EmploymentQuerySet:
        """Return jobs whose participant agreed the employer may know of support."""
        return self.filter(employer_may_know=True)

    def with_people(self) -> EmploymentQuerySet:
        return self.select_related("participant", "employer")

    def starting_or_ending(
        self, starting: DateRange, ending: DateRange
    ) -> EmploymentQuerySet:
        """Return jobs that start in `starting`, and current jobs whose probation or
        fixed term ends in `ending`, each marked `is_starting` and `is_ending`.

        Today's two lists in one query: they read the same visible jobs.
        """
        starts = Q(start_date__range=starting)
        ends = Q(ended_on__isnull=True) & (
            Q(probation_end__range=ending) | Q(fixed_term_end__range=ending)
        )
        return self.filter(starts | ends).annotate(
            is_starting=ExpressionWrapper(starts, output_field=models.BooleanField()),
            is_ending=ExpressionWrapper(ends, output_field=models.BooleanField()),
        )


class Employment(models.Model):
    """A job: the start of in-work support and of its check-ins."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="employments"
    )
    employer = models.ForeignKey(
        "employers.Employer", on_delete=models.PROTECT, related_name="employments"
    )
    job_title = models.CharField(max_length=200)
    sector = models.CharField(max_length=100, blank=True)
    # Current terms; every change is also kept in EmploymentTerms.
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)
    hourly_pay = models.DecimalField(max_digits=6, decimal_places=2)
    contract_type = models.CharField(max_length=20, choices=ContractType.choices)
    location = models.CharField(max_length=200, blank=True)
    start_date = models.DateField()
    fixed_term_end = models.DateField(null=True, blank=True)
    probation_end = models.DateField()
    probation_extension_reason = models.TextField(blank=True)
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    end_note = models.TextField(blank=True)
    employer_may_know = models.BooleanField(
        default=False,
        help_text="The participant agrees their employer may know they are supported.",
    )
    # Did the job last 6 and 12 months? Set when it ends or the milestone passes.
    reached_six_months = models.BooleanField(null=True, blank=True)
    reached_twelve_months = models.BooleanField(null=True, blank=True)
    # The London day of its first in-work support (an in-work contact, or a
    # contact that did one of its check-ins): a roll-up the retention figure
    # reads instead of looking up each job's contacts. services.support_days
    # keeps it wherever support is recorded or corrected; check_records proves it.
    first_support_on = models.DateField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    objects = EmploymentQuerySet.as_manager()

    class Meta:
        ordering = ["-start_date", "-pk"]
        indexes = [
            models.Index(fields=["participant", "-start_date"]),
            models.Index(fields=["employer", "ended_on"]),
            models.Index(fields=["start_date"]),
            # Today's jobs whose probation or fixed term ends soon: without these
            # its query read every job (a sequential scan of all 6,750 on the
            # bench, 1 ms; 0.4 ms with them).
            models.Index(
                fields=["probation_end"],
                condition=Q(ended_on__isnull=True),
                name="current_job_probation_end",
            ),
            models.Index(
                fields=["fixed_term_end"],
                condition=Q(ended_on__isnull=True),
                name="current_job_fixed_term_end",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                name="fixed_term_jobs_have_an_end",
                condition=~Q(contract_type="fixed_term")
                | Q(fixed_term_end__isnull=False),
            ),
            models.CheckConstraint(
                name="job_ends_after_it_starts",
                condition=Q(ended_on__isnull=True)
                | Q(ended_on__gte=models.F("start_date")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.job_title} at {self.employer}"

    def get_absolute_url(self) -> str:
        return reverse("inwork_support:employment-detail", args=[self.pk])

    @property
    def is_full_time(self) -> bool:
        return self.hours_per_week >= FULL_TIME_HOURS

    @property
    def is_current(self) -> bool:
        return self.ended_on is None

    def months_in_work(self, today: datetime.date) -> int:
        """Return whole calendar months from the start date to `today` (or the end)."""
        until = min(self.ended_on or today, today)
        months = (
            (until.year - self.start_date.year) * 12
            + until.month
            - self.start_date.month
        )
        return max(0, months - (until.day < self.start_date.day))


class EmploymentTerms(models.Model):
    """The job's terms from a date: the history that shows progression in work."""

    employment = models.ForeignKey(
        Employment, on_delete=models.CASCADE, related_name="terms"
    )
    effective_from = models.DateField()
    hours_per_week = models.DecimalField(max_digits=4, decimal_places=1)
    hourly_pay = models.DecimalField(max_digits=6, decimal_places=2)
    contract_type = models.CharField(max_length=20, choices=ContractType.choices)
    location = models.CharField(max_length=200, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["effective_from", "pk"]
        verbose_name_plural = "employment terms"

    def __str__(self) -> str:
        return f"{self.employment} from {self.effective_from}"


class DisclosureConsentChange(models.Model):
    """A change to whether the employer may know the participant is supported.

    The job's `employer_may_know` is the consent that stands; these rows are its
    history after the job start: who recorded the change, when, and why (the
    participant's own words where they gave them).
    """

    employment = models.ForeignKey(
        Employment, on_delete=models.CASCADE, related_name="consent_changes"
    )
    employer_may_know = models.BooleanField()
    reason = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["changed_at", "pk"]
        verbose_name = "employer disclosure consent change"

    def __str__(self) -> str:
        given = "given" if self.employer_may_know else "withdrawn"
        return f"Consent {given} for {self.employment}"


class ContactFrequency(models.TextChoices):
    WEEKLY = "weekly", "Weekly"
    FORTNIGHTLY = "fortnightly", "Fortnightly"
    MONTHLY = "monthly", "Monthly"
    OTHER = "other", "Other (every N days)"


class PlanContactMethod(models.TextChoices):
    FACE_TO_FACE = "face_to_face", "Face to face"
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    OTHER = "other", "Other"


class LongTermGoal(models.TextChoices):
    MORE_HOURS = "more_hours", "More hours"
    PROMOTION = "promotion", "Promotion"
    CHANGE_OF_ROLE = "change_of_role", "Change of role"
    CAREER = "career", "Career or qualification"


class InWorkSupportPlan(models.Model):
    """One revision of an employment's In-Work Support Plan.

    Updating the plan adds a revision; earlier ones stay readable. The highest
    revision is the plan in force.
    """

    employment = models.ForeignKey(
        Employment, on_delete=models.CASCADE, related_name="plans"
    )
    revision = models.PositiveIntegerField(default=1)
    # Practical help needed.
    needs_travel_money = models.BooleanField(default=False)
    needs_travel_route = models.BooleanField(default=False)
    needs_work_clothes = models.BooleanField(default=False)
    other_practical_help = models.TextField(blank=True)
    # How and how often to keep in touch.
    contact_method = models.CharField(
        max_length=20,
        choices=PlanContactMethod.choices,
        default=PlanContactMethod.PHONE,
    )
    contact_frequency = models.CharField(
        max_length=20, choices=ContactFrequency.choices, default=ContactFrequency.WEEKLY
    )
    frequency_days = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Days between contacts, for 'other'."
    )
    other_requests = models.TextField(blank=True)
    agreed_support = models.TextField(blank=True)
    long_term_goals = models.JSONField(default=list, blank=True)
    long_term_notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["employment", "-revision"]
        constraints = [
            models.UniqueConstraint(
                fields=["employment", "revision"], name="one_plan_per_revision"
            ),
            models.CheckConstraint(
                name="other_frequency_has_days",
                condition=~Q(contact_frequency="other")
                | Q(frequency_days__gte=1, frequency_days__lte=365),
            ),
        ]

    def __str__(self) -> str:
        return f"Plan r{self.revision} for {self.employment}"

    def get_absolute_url(self) -> str:
        return reverse(
            "inwork_support:plan-revision", args=[self.employment_id, self.revision]
        )

    def long_term_goal_labels(self) -> list[str]:
        labels = dict(LongTermGoal.choices)
        return [labels.get(goal, goal) for goal in self.long_term_goals]

    def interval_days(self) -> int:
        """Return the days between regular check-ins (monthly counts as 28)."""
        return {
            ContactFrequency.WEEKLY: 7,
            ContactFrequency.FORTNIGHTLY: 14,
            ContactFrequency.MONTHLY: 28,
        }.get(self.contact_frequency, self.frequency_days or 28)


class PreparationItem(models.TextChoices):
    TRAVEL = "travel", "Travel to work sorted"
    CLOTHES = "clothes", "Work clothes ready"
    ADDRESS = "address", "Knows the address and who to ask for"
    LUNCH = "lunch", "Lunch planned"


class Preparation(models.Model):
    """One item to tick off before day one."""

    employment = models.ForeignKey(
        Employment, on_delete=models.CASCADE, related_name="preparation"
    )
    item = models.CharField(max_length=20, choices=PreparationItem.choices)
    done_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employment", "item"], name="one_preparation_item_each"
            )
        ]

    def __str__(self) -> str:
        return self.get_item_display()


class InWorkContact(models.Model):
    """The In-Work Support Contact form's answers, attached to a logged contact."""

    contact = models.OneToOneField(
        "caseload.Contact", on_delete=models.CASCADE, related_name="in_work"
    )
    employment = models.ForeignKey(
        Employment, on_delete=models.CASCADE, related_name="in_work_contacts"
    )
    how_is_it_going = models.TextField("How is the role going?")
    changes = models.TextField(
        "Any changes to hours, location or contract?", blank=True
    )
    anything_else = models.TextField(
        "Anything else needed to stay in work?", blank=True
    )
    needs_and_problems = models.TextField(blank=True)
    actions_and_timescales = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"In-work contact for {self.employment}"


class SupportItem(models.TextChoices):
    TRAVEL_ADVANCE = "travel_advance", "Travel advance"
    BIKE = "bike", "Bike"
    CLOTHES = "clothes", "Clothes"
    BRIDGING = "bridging", "Bridging money until first wage"
    COURSE_FEE = "course_fee", "Course fee"
    OTHER = "other", "Other"


class PracticalSupport(models.Model):
    """Money or goods given to help someone start or stay in work."""

    employment = models.ForeignKey(
        Employment, on_delete=models.CASCADE, related_name="practical_support"
    )
    item = models.CharField(max_length=20, choices=SupportItem.choices)
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    given_on = models.DateField(default=timezone.localdate)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["-given_on"]
        constraints = [
            models.CheckConstraint(
                name="support_amount_positive", condition=Q(amount__gt=0)
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_item_display()} £{self.amount}"


class CheckInKind(models.TextChoices):
    PREPARATION = "preparation", "Preparation"
    FIRST_DAY = "first_day", "First day"
    REGULAR = "regular", "Regular"
    PROBATION_END = "probation_end", "Probation end"
    CONTRACT_END = "contract_end", "Contract end: next steps"
    SIX_MONTHS = "six_months", "Six months"
    TWELVE_MONTHS = "twelve_months", "Twelve months: discuss exit"


class CheckInStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    DONE = "done", "Done"
    MISSED = "missed", "Missed"
    CANCELLED = "cancelled", "Cancelled"
    # A backdated job's past check-in the worker says did not apply: neither
    # missed nor done, so it counts in no on-time figure.
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class CheckInQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> CheckInQuerySet:
        return self.filter(seen_by(user, "employment__participant__"))

    def pending(self) -> CheckInQuerySet:
        return self.filter(status=CheckInStatus.PENDING)

    def due_by(self, day: datetime.date) -> CheckInQuerySet:
        return self.filter(due_on__lte=day)

    def chased(self) -> CheckInQuerySet:
        """Return pending check-ins that are reminded, escalated and missed."""
        return self.pending().filter(awaiting_answer=False)

    def unanswered(self) -> CheckInQuerySet:
        """Return a backdated job's past check-ins nobody has answered yet."""
        return self.pending().filter(awaiting_answer=True)

    def for_worker(self, user: User) -> CheckInQuerySet:
        """Return check-ins assigned to `user` or to an away worker they cover."""
        return self.filter(held(user, "assigned_to_id"))

    def with_people(self) -> CheckInQuerySet:
        return self.select_related(
            "employment__participant", "employment__employer", "assigned_to"
        )


class CheckIn(models.Model):
    """A contact that is expected by a date. The database holds the schedule."""

    employment = models.ForeignKey(
        Employment, on_delete=models.CASCADE, related_name="checkins"
    )
    kind = models.CharField(max_length=20, choices=CheckInKind.choices)
    # Regular check-ins are numbered 1, 2, 3...; the others are 0.
    sequence = models.PositiveSmallIntegerField(default=0)
    due_on = models.DateField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="checkins"
    )
    status = models.CharField(
        max_length=20, choices=CheckInStatus.choices, default=CheckInStatus.PENDING
    )
    completed_contact = models.ForeignKey(
        "caseload.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="completed_checkins",
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    note = models.CharField(max_length=300, blank=True)
    # Claimed by conditional updates, so a reminder or escalation is sent once.
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_at = models.DateTimeField(null=True, blank=True)
    # Already past when its job was recorded (a backdated start): while pending,
    # it waits for the worker to say whether it happened, and the sweep neither
    # reminds, escalates nor misses it. Meaningful only while pending.
    awaiting_answer = models.BooleanField(default=False)

    objects = CheckInQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["status", "due_on"]),
            models.Index(fields=["assigned_to", "status", "due_on"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["employment", "kind", "sequence"], name="one_checkin_per_slot"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} check-in, {self.employment}"

    def is_overdue(self, today: datetime.date) -> bool:
        return self.is_chased and self.due_on < today

    def is_due(self, today: datetime.date) -> bool:
        return self.is_chased and self.due_on <= today

    @property
    def is_chased(self) -> bool:
        return self.status == CheckInStatus.PENDING and not self.awaiting_answer

    @property
    def is_pending(self) -> bool:
        return self.status == CheckInStatus.PENDING

    @property
    def is_milestone(self) -> bool:
        """Return whether completing it records a sustained-employment outcome."""
        return self.kind in (CheckInKind.SIX_MONTHS, CheckInKind.TWELVE_MONTHS)


class RiskReason(models.TextChoices):
    MISSED_CHECK_IN = "missed_check_in", "Missed check-in"
    SICKNESS = "sickness", "Sickness"
    LATENESS = "lateness", "Lateness"
    CONFLICT = "conflict", "Conflict at work"
    HOURS_OR_PAY = "hours_or_pay", "Trouble with hours or pay"
    OTHER = "other", "Other"


class JobRiskQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> JobRiskQuerySet:
        return self.filter(seen_by(user, "employment__participant__"))

    def open(self) -> JobRiskQuerySet:
        return self.filter(cleared_at__isnull=True)

    def with_people(self) -> JobRiskQuerySet:
        return self.select_related("employment__participant", "employment__employer")


class JobRisk(models.Model):
    """A job at risk: shown until the worker clears it with a note."""

    employment = models.ForeignKey(
        Employment, on_delete=models.CASCADE, related_name="risks"
    )
    reason = models.CharField(max_length=20, choices=RiskReason.choices)
    detail = models.TextField(blank=True)
    raised_at = models.DateTimeField(default=timezone.now)
    key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    cleared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    clearing_note = models.TextField(blank=True)

    objects = JobRiskQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at"]
        indexes = [models.Index(fields=["cleared_at", "employment"])]

    def __str__(self) -> str:
        return f"{self.get_reason_display()}: {self.employment}"


class WorkerDigest(models.Model):
    """A morning digest sent to one worker for one day: claimed once, sent once."""

    worker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["worker", "day"], name="one_digest_a_day")
        ]

    def __str__(self) -> str:
        return f"Digest for {self.worker} on {self.day}"


class InWorkSupportDay(models.Model):
    """The in-work support a participant was given on one London day: a roll-up.

    One row per participant and local day with any in-work support contact (a
    contact with the In-Work Support Contact form, or one that completed a
    check-in): how many, and their minutes. The programme figures sum these rows
    instead of testing every contact of the period, which took a second a figure
    at a million contacts. services.support_days keeps them, in the transaction
    that makes a contact in-work support; check_records proves them equal to the
    contacts.
    """

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField()
    contacts = models.PositiveIntegerField()
    minutes = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "day"], name="one_support_day_a_participant"
            )
        ]
        indexes = [models.Index(fields=["day", "participant"])]

    def __str__(self) -> str:
        return f"In-work support for participant {self.participant_id} on {self.day}"
