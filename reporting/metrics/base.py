"""What every metric shares: the filter, the registry of definitions, suppression."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.conf import settings
from django.db import models
from django.db.models import Func, IntegerField, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import DeliveryPartner
from caseload.models import Participant

SMALL_NUMBER = 5
ROUNDING_BASE = 5
SUPPRESSED = "<5"
SUPPRESSED_PERCENT = "*"
WINDOW_DAYS = 30


def grace_days() -> int:
    """Return the days after its due date a check-in still counts as on time."""
    return getattr(settings, "CHECKIN_ON_TIME_GRACE_DAYS", 2)


def support_standard() -> int:
    """Return the minimum percentage of check-ins on time the programme expects."""
    return getattr(settings, "INWORK_SUPPORT_STANDARD_PERCENT", 80)


@dataclass(frozen=True)
class Metric:
    """A figure's name and its definition in plain words, for the definitions page."""

    key: str
    name: str
    definition: str


METRICS: dict[str, Metric] = {}


def define(key: str, name: str, definition: str) -> Metric:
    """Register a metric's definition once; dashboards link to it by key."""
    METRICS[key] = Metric(key=key, name=name, definition=" ".join(definition.split()))
    return METRICS[key]


@dataclass(frozen=True)
class Filters:
    """The slice of the programme a figure is computed over."""

    start: datetime.date
    end: datetime.date
    today: datetime.date
    partner_id: int | None = None
    gender: str = ""
    age_band: str = ""
    disability: str = ""

    @classmethod
    def last_year(cls, today: datetime.date | None = None) -> Filters:
        """Return the default filter: the twelve months up to today, everyone."""
        today = today or timezone.localdate()
        return cls(start=today - datetime.timedelta(days=364), end=today, today=today)

    def participants(self) -> models.QuerySet:
        """Return the participants matching the partner and demographic filters."""
        query = Q()
        if self.partner_id:
            query &= Q(delivery_partner_id=self.partner_id)
        for field in ("gender", "age_band", "disability"):
            if value := getattr(self, field):
                query &= Q(**{field: value})
        return Participant.objects.filter(query)

    def participant_ids(self) -> models.QuerySet:
        return self.participants().values("pk")

    def of_participants(self, path: str) -> Q:
        """Return the condition, on a model whose rows each reach one participant
        by `path`, that theirs is one of the filtered participants.

        Unfiltered, that is every row: nothing to test, where a semi-join with
        every participant cost each figure's query a hash of 20,000 of them.
        """
        if not self.is_filtered():
            return Q()
        return Q(**{f"{path}__in": self.participant_ids()})

    @cached_property
    def partner_names(self) -> list[str]:
        """Return the names of the partners covered: every one, or the chosen one.

        Read once per filter: each per-partner figure lists every partner.
        """
        partners = DeliveryPartner.objects.order_by("name")
        if self.partner_id:
            partners = partners.filter(pk=self.partner_id)
        return list(partners.values_list("name", flat=True))

    def is_filtered(self) -> bool:
        return bool(self.partner_id or self.gender or self.age_band or self.disability)


def start_of_day(day: datetime.date) -> datetime.datetime:
    """Return local midnight at the start of `day`, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


def window_start(today: datetime.date) -> datetime.datetime:
    """Return the start of "the last 30 days": local midnight 30 days before today."""
    return start_of_day(today - datetime.timedelta(days=WINDOW_DAYS))


class _Aggregate(Func):
    # An aggregate Django does not know is one: no GROUP BY is added, so a
    # correlated subquery returns a single row per outer row.
    output_field = IntegerField()


def subquery_count(queryset: models.QuerySet) -> Coalesce:
    """Return COUNT(*) of `queryset` as an expression, 0 when empty."""
    inner = queryset.order_by().annotate(_n=_Aggregate("pk", function="COUNT"))
    return Coalesce(models.Subquery(inner.values("_n")[:1]), 0)


def subquery_sum(queryset: models.QuerySet, field: str) -> Coalesce:
    """Return SUM(`field`) of `queryset` as an expression, 0 when empty."""
    inner = queryset.order_by().annotate(_s=_Aggregate(field, function="SUM"))
    return Coalesce(models.Subquery(inner.values("_s")[:1]), 0)


def percent(part: int, whole: int) -> float | None:
    """Return part as a percentage of whole, to one decimal place, or None."""
    if not whole:
        return None
    return round(100 * part / whole, 1)


def published(value: int) -> int | None:
    """Return a count as the programme may publish it: None under 5, else to the 5.

    Primary suppression hides 0-4; every other count is rounded to the nearest
    multiple of 5 (5-7 is 5, 8-12 is 10). So the difference between any two
    published counts is a multiple of 5: subtracting one partner, period or
    cell from another can never give a count of 1 to 4, nor a certain 0.
    """
    if value < SMALL_NUMBER:
        return None
    return (value + ROUNDING_BASE // 2) // ROUNDING_BASE * ROUNDING_BASE


def published_percent(part: int, whole: int) -> float | None:
    """Return part as a share of whole, computed from the published counts.

    A share of the true counts would undo the rounding (5 of 6 is 83.3%, so the
    "5" is really 6): shares and means rest only on numbers already shown.
    """
    shown_part, shown_whole = published(part), published(whole)
    if shown_part is None or shown_whole is None:
        return None
    return percent(shown_part, shown_whole)


def shown_count(value: int) -> str:
    """Return a count as shown to the programme: "<5", or rounded to the 5."""
    shown = published(value)
    return SUPPRESSED if shown is None else str(shown)


def shown_percent(part: int, whole: int) -> str:
    """Return a share of published counts, hidden ("*") when either is under 5."""
    share = published_percent(part, whole)
    return SUPPRESSED_PERCENT if share is None else f"{share:.1f}%"


def hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 1)
