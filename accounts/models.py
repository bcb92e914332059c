from __future__ import annotations

import datetime

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone

from config.prepared import PreparedQuery


class DeliveryPartner(models.Model):
    """An organisation delivering the programme; staff belong to one."""

    name = models.CharField(max_length=200, unique=True)
    caseload_cap = models.PositiveIntegerField(
        default=80, help_text="Active participants one worker should carry at most."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    KEYWORKER = "keyworker", "Keyworker"
    IN_WORK_SUPPORT_OFFICER = "iwso", "In-work support officer"
    PARTNER_MANAGER = "partner_manager", "Partner manager"
    PROGRAMME_MANAGER = "programme_manager", "Programme manager"
    EMPLOYER_CONTACT = "employer_contact", "Employer contact"
    ADMIN = "admin", "Administrator"


# Roles that carry a caseload and belong to a delivery partner.
FRONTLINE_ROLES = (Role.KEYWORKER, Role.IN_WORK_SUPPORT_OFFICER)
PARTNER_ROLES = (*FRONTLINE_ROLES, Role.PARTNER_MANAGER)
STAFF_ROLES = (*PARTNER_ROLES, Role.PROGRAMME_MANAGER, Role.ADMIN)

DEFAULT_WORKING_DAYS = "01234"  # Monday to Friday, as datetime.weekday() digits


class UserQuerySet(models.QuerySet):
    def frontline(self) -> UserQuerySet:
        return self.filter(role__in=FRONTLINE_ROLES, is_active=True)

    def managers_of(self, partner_id: int) -> UserQuerySet:
        """Return the active partner managers of a delivery partner."""
        return self.filter(
            role=Role.PARTNER_MANAGER, delivery_partner_id=partner_id, is_active=True
        )

    def covered_by(self, user: User | int, day: datetime.date) -> UserQuerySet:
        """Return the workers `user` covers on `day`: marked away, or on leave."""
        on_leave = Leave.objects.on(day).filter(cover=user).values("worker")
        return self.filter(
            models.Q(cover=user, is_away=True) | models.Q(pk__in=on_leave)
        )

    def away_on(self, day: datetime.date) -> UserQuerySet:
        """Return the workers away on `day`: marked away, or on dated leave."""
        on_leave = Leave.objects.on(day).values("worker")
        return self.filter(models.Q(is_away=True) | models.Q(pk__in=on_leave))


class KeyworkUserManager(UserManager.from_queryset(UserQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in: staff of a partner, the programme, or an employer."""

    role = models.CharField(max_length=32, choices=Role.choices)
    delivery_partner = models.ForeignKey(
        DeliveryPartner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="staff",
    )
    phone = models.CharField(max_length=40, blank=True)
    # Working hours: contacts outside them are flagged out-of-hours.
    working_days = models.CharField(
        max_length=7,
        default=DEFAULT_WORKING_DAYS,
        help_text="Days worked, as weekday digits: 0 is Monday, 6 is Sunday.",
    )
    works_from = models.TimeField(default=datetime.time(9, 0))
    works_until = models.TimeField(default=datetime.time(17, 0))
    # Away (leave, sickness): a named cover picks up their participants meanwhile.
    is_away = models.BooleanField(default=False)
    cover = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="covering_for",
        help_text="Who covers while this worker is away.",
    )

    objects = KeyworkUserManager()

    class Meta:
        ordering = ["first_name", "last_name", "username"]
        constraints = [
            models.CheckConstraint(
                name="partner_staff_have_a_partner",
                condition=~models.Q(role__in=[r.value for r in PARTNER_ROLES])
                | models.Q(delivery_partner__isnull=False),
            ),
            models.CheckConstraint(
                name="away_workers_have_cover",
                condition=models.Q(is_away=False) | models.Q(cover__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def is_frontline(self) -> bool:
        return self.role in FRONTLINE_ROLES

    @property
    def is_partner_manager(self) -> bool:
        return self.role == Role.PARTNER_MANAGER

    @property
    def is_programme_manager(self) -> bool:
        return self.role == Role.PROGRAMME_MANAGER

    @property
    def is_employer_contact(self) -> bool:
        return self.role == Role.EMPLOYER_CONTACT

    def home_url(self) -> str:
        """Return the page this user lands on after signing in."""
        return reverse(ROLE_HOMES.get(self.role, "admin:index"))

    def is_out_of_hours(self, moment: datetime.datetime) -> bool:
        """Return whether `moment` falls outside this worker's working hours."""
        local = timezone.localtime(moment)
        if str(local.weekday()) not in self.working_days:
            return True
        return not (self.works_from <= local.time() < self.works_until)

    def responsible_now(self, covers: dict[int, User] | None = None) -> User:
        """Return who answers for this worker today: their cover while away.

        Away is either marked by a manager (`is_away`) or dated leave covering
        today; `covers` (worker id to cover, from `Leave.objects.covers_on`)
        spares a query per worker when many are looked up at once.
        """
        if self.is_away and self.cover_id:
            return self.cover
        if covers is None:
            covers = Leave.objects.covers_on(timezone.localdate(), [self.pk])
        return covers.get(self.pk, self)

    def covered_today(self) -> list[User]:
        """Return the away colleagues this user covers today, read once per object.

        Every scope that reaches through cover reads this (accounts/cover.py), so
        a page asks once instead of in a subquery of each of its queries. The
        request's user is loaded afresh on every request, so a change of cover
        (marked away or back, dated leave) shows on the next one; a task loads
        its own user. Kept for the day it was read on; refresh_from_db() forgets it.
        """
        today = timezone.localdate()
        day, covered = self.__dict__.get("_covered_on", (None, []))
        if day != today:
            covered = COVERED_ON.all(self.pk, today)
            self._covered_on = (today, covered)
        return covered

    def refresh_from_db(self, *args, **kwargs) -> None:
        self.__dict__.pop("_covered_on", None)
        super().refresh_from_db(*args, **kwargs)

    def is_away_today(self) -> bool:
        """Return whether the worker is away today, marked or on dated leave."""
        return self.responsible_now() != self


class LeaveQuerySet(models.QuerySet):
    def on(self, day: datetime.date) -> LeaveQuerySet:
        """Return the leave that includes `day`."""
        return self.filter(starts_on__lte=day, ends_on__gte=day)

    def covers_on(
        self, day: datetime.date, worker_ids: list[int] | None = None
    ) -> dict[int, User]:
        """Return {worker id: cover} for the workers on leave on `day`."""
        rows = self.on(day).select_related("cover")
        if worker_ids is not None:
            rows = rows.filter(worker_id__in=worker_ids)
        return {leave.worker_id: leave.cover for leave in rows}


class Leave(models.Model):
    """Dated leave a worker sets for themselves, with a colleague covering.

    Cover applies on the dates by itself: no manager marks the worker away, and
    nothing has to run at midnight for it to start or end.
    """

    worker = models.ForeignKey(User, on_delete=models.CASCADE, related_name="leaves")
    cover = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="leave_covered"
    )
    starts_on = models.DateField("Away from")
    ends_on = models.DateField("Back after", help_text="The last day away.")
    created_at = models.DateTimeField(default=timezone.now)

    objects = LeaveQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "pk"]
        indexes = [models.Index(fields=["cover", "starts_on", "ends_on"])]
        constraints = [
            models.CheckConstraint(
                name="leave_ends_after_it_starts",
                condition=models.Q(ends_on__gte=models.F("starts_on")),
            ),
            models.CheckConstraint(
                name="leave_cover_is_someone_else",
                condition=~models.Q(cover=models.F("worker")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} away {self.starts_on} to {self.ends_on}"


# Read by every frontline page that scopes anything (User.covered_today), and
# planned once per connection: PostgreSQL took 0.6 ms to plan it and 0.2 ms to
# run it (bench database), on every keyworker page and logged contact.
COVERED_ON = PreparedQuery(
    lambda pk, day: User.objects.covered_by(pk, day), with_date=True, plan_once=True
)


ROLE_HOMES = {
    Role.KEYWORKER: "inwork_support:today",
    Role.IN_WORK_SUPPORT_OFFICER: "inwork_support:today",
    Role.PARTNER_MANAGER: "reporting:partner-dashboard",
    Role.PROGRAMME_MANAGER: "reporting:programme-dashboard",
    Role.EMPLOYER_CONTACT: "employers:portal-home",
    Role.ADMIN: "admin:index",
}


class NotificationKind(models.TextChoices):
    """What a notification is about; each user chooses which kinds also email."""

    REMINDER = "reminder", "Check-in reminders and your morning list"
    ESCALATION = (
        "escalation",
        (
            "Escalations: overdue check-ins, unanswered employer messages, "
            "safeguarding concerns"
        ),
    )
    EMPLOYER_MESSAGE = "employer_message", "Messages from employers"
    EMPLOYER = "employer", "Changes at employers you look after"
    CASELOAD = (
        "caseload",
        ("Your caseload: new participants, job starts, in-work support officers"),
    )
    SUPERVISION = "supervision", "Supervision notes from your manager"
    COVER = "cover", "Covering for colleagues on leave"


# Kinds that come by email unless the user turns them off: what needs acting on
# today, and what an employer is waiting for.
EMAILED_BY_DEFAULT = frozenset(
    {
        NotificationKind.REMINDER,
        NotificationKind.ESCALATION,
        NotificationKind.EMPLOYER_MESSAGE,
        NotificationKind.EMPLOYER,
    }
)


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def for_user(self, user: User) -> NotificationQuerySet:
        return self.filter(recipient=user) if user.is_authenticated else self.none()


class Notification(models.Model):
    """An in-app message to one user: reminders, escalations, supervision notes.

    `key` makes sending idempotent: a notification with a key is created once.
    """

    recipient = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    key = models.CharField(max_length=200, null=True, blank=True, unique=True)
    title = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("accounts:notification-open", args=[self.pk])


class NotificationPreference(models.Model):
    """One user's choice for one kind: whether it also comes by email.

    No row means the default (`EMAILED_BY_DEFAULT`).
    """

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(max_length=20, choices=NotificationKind.choices)
    by_email = models.BooleanField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind"], name="one_preference_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.kind} by email {self.by_email}"


class PageVisit(models.Model):
    """When a user last opened a page, for "new since your last visit".

    `previous_at` is the start of the visit before this one: reloads within
    `VISIT_GAP` continue a visit, so what is new stays shown while they work.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    page = models.CharField(max_length=40)
    seen_at = models.DateTimeField()
    previous_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="one_visit_per_page")
        ]

    def __str__(self) -> str:
        return f"{self.user} on {self.page} at {self.seen_at}"


class OutgoingEmailQuerySet(models.QuerySet):
    def unsent(self) -> OutgoingEmailQuerySet:
        return self.filter(sent_at__isnull=True, failed_at__isnull=True)


class OutgoingEmail(models.Model):
    """An email waiting to be sent: the outbox.

    Web requests write a row in their own transaction and never need the broker; a
    worker claims and sends rows, so a Redis outage delays email but loses none.
    """

    to = models.EmailField()
    subject = models.CharField(max_length=200)
    body = models.TextField()
    created_at = models.DateTimeField(default=timezone.now)
    # Claimed by a conditional update before sending, so one row is sent once.
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)

    objects = OutgoingEmailQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["sent_at", "failed_at", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} to {self.to}"
