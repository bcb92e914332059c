"""What every metric shares: the filter, the registry of definitions, suppression."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Func, IntegerField, Q
from django.db.models.functions import Coalesce
from django.utils import timezone

from caseload.models import Participant

SMALL_NUMBER = 5
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


def shown_count(value: int) -> str:
    """Return a count as shown on the programme dashboard: under 5 is "<5"."""
    return SUPPRESSED if value < SMALL_NUMBER else str(value)


def shown_percent(part: int, whole: int) -> str:
    """Return a percentage, hidden ("*") when it rests on a count under 5."""
    if part < SMALL_NUMBER or whole < SMALL_NUMBER:
        return SUPPRESSED_PERCENT
    return f"{percent(part, whole):.1f}%"


def hours(minutes: int | None) -> float:
    return round((minutes or 0) / 60, 1)
