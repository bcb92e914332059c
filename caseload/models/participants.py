from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone

from accounts.cover import held
from accounts.models import Role, User

PREFER_NOT = ("prefer_not", "Prefer not to say")

# Other apps' one-line facts for the participant page, annotated in the page's
# participant query (caseload may not import them): name -> a function
# returning the expression, called per query.
PAGE_SUMMARY: dict[str, Callable[[], models.Expression]] = {}


def register_page_summary(name: str, expression: Callable[[], models.Expression]):
    """Annotate `name` = expression() on every participant page's participant."""
    PAGE_SUMMARY[name] = expression


class PathwayStage(models.TextChoices):
    ENGAGED = "engaged", "Engaged"
    PRE_EMPLOYMENT = "pre_employment", "Pre-employment"
    JOB_SEARCH = "job_search", "Job search"
    IN_WORK = "in_work", "In work"
    PROGRESSING = "progressing", "Progressing"
    EXITED = "exited", "Exited"


class StatusAtStart(models.TextChoices):
    UNEMPLOYED = "unemployed", "Unemployed, claiming benefits"
    INACTIVE = "inactive", "Economically inactive"
    OTHER = "other", "Other"


class ContactMethod(models.TextChoices):
    PHONE = "phone", "Phone call"
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"
    FACE_TO_FACE = "face_to_face", "Face to face"
    OTHER = "other", "Other"


class ReferralSource(models.TextChoices):
    JOBCENTRE = "jobcentre", "Jobcentre Plus"
    SELF = "self", "Self-referral"
    HEALTH = "health", "Health service"
    HOUSING = "housing", "Housing provider"
    PROBATION = "probation", "Probation"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    VOLUNTARY = "voluntary", "Voluntary or community group"
    OTHER = "other", "Other"


class ConsentMethod(models.TextChoices):
    WRITTEN = "written", "Signed form"
    VERBAL = "verbal", "Verbally, recorded by worker"
    ELECTRONIC = "electronic", "Electronically"


class Gender(models.TextChoices):
    FEMALE = "female", "Female"
    MALE = "male", "Male"
    NON_BINARY = "non_binary", "Non-binary"
    OTHER = "other", "Other"
    PREFER_NOT_TO_SAY = PREFER_NOT


WORKING_AGE = (16, 66)


def age_on(born: datetime.date, on: datetime.date) -> int:
    """Return the age in whole years of someone born on `born`, on the day `on`."""
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


class AgeBand(models.TextChoices):
    UNDER_25 = "16-24", "16 to 24"
    FROM_25 = "25-34", "25 to 34"
    FROM_35 = "35-49", "35 to 49"
    FROM_50 = "50+", "50 and over"

    @classmethod
    def at(cls, born: datetime.date, on: datetime.date) -> AgeBand:
        """Return the band of someone born on `born`, on the day `on`."""
        age = age_on(born, on)
        if age < 25:
            return cls.UNDER_25
        if age < 35:
            return cls.FROM_25
        if age < 50:
            return cls.FROM_35
        return cls.FROM_50


class Disability(models.TextChoices):
    YES = "yes", "Yes"
    NO = "no", "No"
    PREFER_NOT_TO_SAY = PREFER_NOT


class Ethnicity(models.TextChoices):
    WHITE = "white", "White"
    MIXED = "mixed", "Mixed or multiple ethnic groups"
    ASIAN = "asian", "Asian or Asian British"
    BLACK = "black", "Black, Black British, Caribbean or African"
    OTHER = "other", "Other ethnic group"
    PREFER_NOT_TO_SAY = PREFER_NOT


class ExitOutcome(models.TextChoices):
    """The funder's outcome categories, plus "other"."""

    UNEMPLOYED_TO_EMPLOYED = "unemployed_to_employed", "Unemployment to employment"
    INACTIVE_TO_EMPLOYED = "inactive_to_employed", "Inactivity to employment"
    INACTIVE_TO_JOB_SEARCH = "inactive_to_job_search", "Inactivity to active job search"
    EDUCATION_TRAINING = "education_training", "Education or training"
    OTHER = "other", "Other"


def _count(rows: models.QuerySet) -> Coalesce:
    """Return a correlated COUNT of `rows` (filtered on OuterRef), 0 when none."""
    counted = rows.order_by().values("participant").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=models.IntegerField()), 0)


# A condition no row meets: the query is not sent at all.
NOBODY = Q(pk__in=[])


def seen_by(user: User, participant: str = "") -> Q:
    """Return "the participant at `participant` is one whose record `user` may open".

    The one place the rule is written. Keyworkers see their own caseload and
    that of anyone they cover for; in-work support officers see those assigned
    to them (and, covering, an away colleague's); partner managers see their
    whole partner. Programme managers and employers see no case record.

    `participant` is the path from the rows filtered to their participant
    ("participant__", "employment__participant__"): each row is checked on its
    own participant, joined, instead of against a subquery of every
    participant the user sees, which PostgreSQL plans in a third of the time
    (Today's check-ins: 1.3 ms -> 0.4 ms) and Django compiles without a
    nested query.
    """
    if not user.is_authenticated or not user.is_active:
        return NOBODY
    if user.role in (Role.KEYWORKER, Role.IN_WORK_SUPPORT_OFFICER):
        return held(
            user,
            f"{participant}keyworker_id",
            f"{participant}in_work_support_officer_id",
        )
    if user.role == Role.PARTNER_MANAGER:
        return Q(**{f"{participant}delivery_partner_id": user.delivery_partner_id})
    return NOBODY


def _any(rows: models.QuerySet) -> Exists:
    """Return whether any of `rows` belongs to the participant (OuterRef)."""
    return Exists(rows.filter(participant=OuterRef("pk")))


class ParticipantQuerySet(models.QuerySet):
    def visible_to(self, user: User) -> ParticipantQuerySet:
        """Return the participants whose case records `user` may open (seen_by)."""
        return self.filter(seen_by(user))

    def active(self) -> ParticipantQuerySet:
        return self.exclude(pathway_stage=PathwayStage.EXITED)

    def held_by(self, worker: User | OuterRef) -> ParticipantQuerySet:
        """Return those `worker` is named on, as keyworker or in-work support officer.

        With active(), a worker's caseload: the one definition the Team page, the
        caseload list's filter and the team dashboard all count. `worker` may be
        OuterRef("pk"), to count per worker in one query.
        """
        return self.filter(Q(keyworker=worker) | Q(in_work_support_officer=worker))

    def matching_name(self, text: str) -> ParticipantQuerySet:
        """Return participants whose first, preferred or last name contains `text`."""
        query = Q()
        for word in text.split():
            query &= (
                Q(first_name__icontains=word)
                | Q(preferred_name__icontains=word)
                | Q(last_name__icontains=word)
            )
        return self.filter(query)

    def with_page_summary(self) -> ParticipantQuerySet:
        """Annotate what the participant page states in a line, in the same query.

        The newest open safeguarding concern (and how many are open), when the
        current keyworker started and how many came before, and how many
        outcomes are in the register: the full stories are on the timeline (and
        the register's page), and a page of 300 contacts keeps within its query
        budget. Whether each of the page's lists has any rows, so that an empty
        list costs no query. Other apps add theirs through register_page_summary.
        """
        from .contacts import Action, ConcernStatus, SafeguardingConcern
        from .needs import Barrier, Goal, Referral
        from .records import Outcome

        concerns = SafeguardingConcern.objects.filter(
            participant=OuterRef("pk"), status=ConcernStatus.OPEN
        )
        newest = concerns.order_by("-raised_at", "-pk")
        assignments = KeyworkerAssignment.objects.filter(participant=OuterRef("pk"))
        return self.annotate(
            open_concern_id=Subquery(newest.values("pk")[:1]),
            open_concern_summary=Subquery(newest.values("summary")[:1]),
            open_concern_raised_at=Subquery(newest.values("raised_at")[:1]),
            open_concern_count=_count(concerns),
            keyworker_since=Subquery(
                assignments.filter(ended_at__isnull=True).values("started_at")[:1]
            ),
            keyworker_changes=_count(assignments.filter(ended_at__isnull=False)),
            outcome_count=_count(Outcome.objects.filter(participant=OuterRef("pk"))),
            has_open_actions=_any(Action.objects.open()),
            has_barriers=_any(Barrier.objects.all()),
            has_goals=_any(Goal.objects.all()),
            has_referrals=_any(Referral.objects.all()),
            has_professionals=_any(InvolvedProfessional.objects.all()),
            **{name: expression() for name, expression in PAGE_SUMMARY.items()},
        )

    def with_caseload_summary(self) -> ParticipantQuerySet:
        """Annotate the last contact time and the count of open actions.

        Correlated subqueries rather than joins with aggregates: one row per
        participant, and the page runs one query whatever the caseload size.
        """
        from .contacts import Action, Contact

        last_contact = Contact.objects.filter(participant=OuterRef("pk")).order_by(
            "-happened_at"
        )
        open_actions = (
            Action.objects.filter(participant=OuterRef("pk"), done_at__isnull=True)
            .order_by()
            .values("participant")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            last_contact_at=Subquery(last_contact.values("happened_at")[:1]),
            open_action_count=Coalesce(
                Subquery(open_actions, output_field=models.IntegerField()), 0
            ),
        )

    def possible_duplicates(
        self,
        *,
        delivery_partner_id: int,
        first_name: str,
        last_name: str,
        date_of_birth: datetime.date,
        postcode: str,
    ) -> ParticipantQuerySet:
        """Return participants at the partner who may be this same person.

        Same first and last name and date of birth, or same postcode and date
        of birth (a nickname or a changed surname still matches on address).
        """
        same_name = Q(first_name__iexact=first_name.strip()) & Q(
            last_name__iexact=last_name.strip()
        )
        query = same_name
        if postcode.strip():
            query |= Q(postcode__iexact=postcode.strip())
        return self.filter(
            query, delivery_partner_id=delivery_partner_id, date_of_birth=date_of_birth
        )


class Participant(models.Model):
    """A person supported by the programme, with a named keyworker."""

    delivery_partner = models.ForeignKey(
        "accounts.DeliveryPartner", on_delete=models.PROTECT, related_name="+"
    )
    keyworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="caseload"
    )
    in_work_support_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="in_work_caseload",
    )
    # Who they are and how to reach them.
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    preferred_name = models.CharField(max_length=100, blank=True)
    date_of_birth = models.DateField()
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    preferred_contact_method = models.CharField(
        max_length=20, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    # Joining the programme.
    referral_source = models.CharField(
        max_length=20, choices=ReferralSource.choices, default=ReferralSource.SELF
    )
    status_at_start = models.CharField(max_length=20, choices=StatusAtStart.choices)
    eligibility_evidence = models.TextField(
        blank=True, help_text="What was seen to confirm eligibility, and when."
    )
    programme_start = models.DateField()
    pathway_stage = models.CharField(
        max_length=20, choices=PathwayStage.choices, default=PathwayStage.ENGAGED
    )
    consent_given_on = models.DateField(null=True, blank=True)
    consent_method = models.CharField(
        max_length=20, choices=ConsentMethod.choices, blank=True
    )
    # Demographics, for reporting only.
    gender = models.CharField(
        max_length=20, choices=Gender.choices, default=Gender.PREFER_NOT_TO_SAY
    )
    age_band = models.CharField(
        max_length=10, choices=AgeBand.choices, help_text="Age band at programme start."
    )
    disability = models.CharField(
        max_length=20, choices=Disability.choices, default=Disability.PREFER_NOT_TO_SAY
    )
    ethnicity = models.CharField(
        max_length=20, choices=Ethnicity.choices, default=Ethnicity.PREFER_NOT_TO_SAY
    )
    # Leaving the programme.
    exit_date = models.DateField(null=True, blank=True)
    exit_reason = models.TextField(blank=True)
    exit_outcome = models.CharField(
        max_length=30, choices=ExitOutcome.choices, blank=True
    )
    # Set once, when the retention period ran out and identifying data was removed.
    anonymised_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Optimistic locking: a save based on an older version is refused.
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ParticipantQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["keyworker", "last_name", "first_name"]),
            models.Index(fields=["delivery_partner", "pathway_stage"]),
            models.Index(fields=["date_of_birth", "last_name"]),
            models.Index(fields=["date_of_birth", "postcode"]),
        ]
        constraints = [
            models.CheckConstraint(
                name="exited_participants_have_exit_date",
                condition=~Q(pathway_stage="exited") | Q(exit_date__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("caseload:participant-detail", args=[self.pk])

    @property
    def display_name(self) -> str:
        return f"{self.preferred_name or self.first_name} {self.last_name}"

    @property
    def has_consented(self) -> bool:
        return self.consent_given_on is not None


class KeyworkerAssignment(models.Model):
    """Who was a participant's named keyworker, and when: the history is kept."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="assignments"
    )
    keyworker = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-started_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant"],
                condition=Q(ended_at__isnull=True),
                name="one_current_keyworker_per_participant",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.keyworker} for {self.participant}"


class ProfessionalRole(models.TextChoices):
    SOCIAL_WORKER = "social_worker", "Social worker"
    PROBATION_OFFICER = "probation_officer", "Probation officer"
    HOUSING_OFFICER = "housing_officer", "Housing officer"
    GP = "gp", "GP"
    MENTAL_HEALTH = "mental_health", "Mental health worker"
    WORK_COACH = "work_coach", "Jobcentre work coach"
    OTHER = "other", "Other"


class InvolvedProfessional(models.Model):
    """Someone else supporting the participant, so workers know of each other."""

    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="professionals"
    )
    role = models.CharField(max_length=30, choices=ProfessionalRole.choices)
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    notes = models.TextField(blank=True)
    # Optimistic locking (accounts.versions): a save based on an older one is refused.
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["role", "name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_role_display()})"
