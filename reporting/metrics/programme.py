"""Programme-wide figures: raw numbers, each computed in one database query."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import FirstValue, Greatest, TruncMonth

from inwork_support.models import (
    ContractType,
    Employment,
    InWorkSupportDay,
    PracticalSupport,
)

from .base import Filters
from .definitions import (
    decided_checkins,
    is_on_time,
    job_was_supported,
    jobs_in_work_between,
    with_done_day,
)
from .outcome_status import any_of, count_expressions, with_status
from .retention import retention  # noqa: F401  (retention by milestone, from dates)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return `day` moved by calendar months (31 Aug + 6 is the end of February)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def is_engaged(filters: Filters) -> Q:
    """Return the condition of being on the programme at some point in the period."""
    return Q(programme_start__lte=filters.end) & (
        Q(exit_date__isnull=True) | Q(exit_date__gte=filters.start)
    )


def engaged(filters: Filters) -> models.QuerySet:
    return filters.participants().filter(is_engaged(filters))


def participant_counts(filters: Filters) -> dict:
    """Return engagement, the funder's outcomes, in-work support reach and
    continuity, at once.

    One aggregate over the filtered participants, each figure a filtered count,
    keeps the programme dashboard within its query budget. The outcome cells
    are outcome_status's, counted over the same annotations its drill-downs
    filter on.
    """
    # Tested on the one join of every participant's jobs: not as sets of every
    # job in the programme, which a partner's figures would pay for too.
    running = jobs_in_work_between(filters.start, filters.end, "employments__")
    # Every condition is an annotation: aggregating over the per-participant
    # counts makes Django wrap the query, and outer filters may only name its
    # columns.
    flags = {
        "f_is_on": is_engaged(filters),
        "f_running": any_of("employments", running),
        "f_supported": any_of(
            "employments", running & job_was_supported("employments")
        ),
    }
    people = with_status(filters.participants(), filters).annotate(
        # A participant with no assignment history has had one keyworker: their own.
        keyworkers=Greatest(Count("assignments__keyworker", distinct=True), Value(1)),
        **{
            name: ExpressionWrapper(condition, output_field=BooleanField())
            for name, condition in flags.items()
        },
    )
    on = Q(f_is_on=True)
    return people.aggregate(
        **count_expressions(on),
        in_work=Count("pk", filter=Q(f_running=True)),
        supported=Count("pk", filter=Q(f_supported=True)),
        mean_keyworkers=Avg("keyworkers", filter=on),
        one_keyworker=Count("pk", filter=on & Q(keyworkers=1)),
        two_keyworkers=Count("pk", filter=on & Q(keyworkers=2)),
        three_or_more_keyworkers=Count("pk", filter=on & Q(keyworkers__gte=3)),
    )


def in_work_support_share(filters: Filters) -> dict[str, int]:
    """Return participants in work in the period, and how many were supported."""
    counts = participant_counts(filters)
    return {key: counts[key] for key in ("in_work", "supported")}


def keyworker_continuity(filters: Filters) -> dict:
    """Return the mean keyworkers per participant engaged, and how they spread."""
    counts = participant_counts(filters)
    return {
        "participants": counts["engaged"],
        "mean": counts["mean_keyworkers"],
        "one": counts["one_keyworker"],
        "two": counts["two_keyworkers"],
        "three_or_more": counts["three_or_more_keyworkers"],
    }


NOT_RECORDED = "Not recorded"


@dataclass
class JobEntries:
    by_sector: dict[str, int]
    by_contract: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.by_sector.values())


def job_entries(filters: Filters) -> JobEntries:
    """Return jobs started in the period by sector and by contract type."""
    rows = (
        Employment.objects.filter(
            filters.of_participants("participant"),
            start_date__gte=filters.start,
            start_date__lte=filters.end,
        )
        .order_by()
        .values("sector", "contract_type")
        .annotate(n=Count("pk"))
    )
    entries = JobEntries(by_sector={}, by_contract={})
    labels = dict(ContractType.choices)
    for row in rows:
        sector = row["sector"].strip() or NOT_RECORDED
        contract = labels.get(row["contract_type"], row["contract_type"])
        entries.by_sector[sector] = entries.by_sector.get(sector, 0) + row["n"]
        entries.by_contract[contract] = entries.by_contract.get(contract, 0) + row["n"]
    return entries


def _support_days(filters: Filters) -> models.QuerySet:
    # The roll-up of in-work support contacts per participant and London day
    # (inwork_support's InWorkSupportDay): the period's days are its contacts'
    # days, and partner and demographics are the participant's, as they are now.
    return InWorkSupportDay.objects.filter(
        filters.of_participants("participant"),
        day__gte=filters.start,
        day__lte=filters.end,
    )


def with_every_partner(filters: Filters, rows: list[dict], empty: dict) -> list[dict]:
    """Return per-partner `rows` with a row of `empty` for each partner without one.

    A partner missing from a table would say that nobody there was counted: a
    certain 0, which suppression exists to hide.
    """
    found = {row["partner"]: row for row in rows}
    return [
        found.get(name, {"partner": name, **empty}) for name in filters.partner_names
    ]


def in_work_support_time(filters: Filters) -> list[dict]:
    """Return minutes of in-work support and participants supported, per partner."""
    return list(
        _support_days(filters)
        .order_by()
        .values(partner=F("participant__delivery_partner__name"))
        .annotate(
            minutes=Sum("minutes"), participants=Count("participant", distinct=True)
        )
        .order_by("partner")
    )


def in_work_support_by_month(filters: Filters) -> dict[datetime.date, int]:
    """Return minutes of in-work support per calendar month of the period."""
    rows = (
        _support_days(filters)
        .order_by()
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(minutes=Sum("minutes"))
    )
    found = {}
    for row in rows:
        found[row["month"]] = found.get(row["month"], 0) + row["minutes"]
    months, day = {}, filters.start.replace(day=1)
    while day <= filters.end:
        months[day] = found.get(day, 0)
        day = add_months(day, 1)
    return months


def practical_support(filters: Filters) -> list[dict]:
    """Return the money spent on practical support, per partner."""
    return list(
        PracticalSupport.objects.filter(
            filters.of_participants("employment__participant"),
            given_on__gte=filters.start,
            given_on__lte=filters.end,
        )
        .order_by()
        .values(partner=F("employment__participant__delivery_partner__name"))
        .annotate(
            amount=Sum("amount"),
            participants=Count("employment__participant", distinct=True),
        )
        .order_by("partner")
    )


def checkins_on_time(filters: Filters) -> list[dict]:
    """Return check-ins decided and done on time, per partner."""
    checkins = with_done_day(
        decided_checkins(filters.today).filter(
            filters.of_participants("employment__participant"),
            due_on__gte=filters.start,
            due_on__lte=filters.end,
        )
    )
    return list(
        checkins.order_by()
        .values(partner=F("employment__participant__delivery_partner__name"))
        .annotate(decided=Count("pk"), on_time=Count("pk", filter=is_on_time()))
        .order_by("partner")
    )


# Contract security, least to most secure: used to tell an improvement.
SECURITY = {
    ContractType.ZERO_HOURS: 0,
    ContractType.TEMPORARY: 1,
    ContractType.SELF_EMPLOYED: 1,
    ContractType.FIXED_TERM: 2,
    ContractType.APPRENTICESHIP: 2,
    ContractType.PERMANENT: 3,
}


def _security(field: str) -> Case:
    return Case(
        *[When(**{field: k}, then=Value(v)) for k, v in SECURITY.items()],
        default=Value(0),
        output_field=IntegerField(),
    )


def progression(filters: Filters) -> dict[str, int]:
    """Return participants in work whose hours, pay or security improved.

    Compares each job's first recorded terms with its latest: each job is
    joined to its terms once, and a window over them reads both ends (a
    subquery per job and value read the terms twelve times over: 236,500
    buffers at 6,500 jobs, against 800).
    """
    ends = {
        "first": [F("terms__effective_from").asc(), F("terms__pk").asc()],
        "latest": [F("terms__effective_from").desc(), F("terms__pk").desc()],
    }
    values = {
        "hours_per_week": F("terms__hours_per_week"),
        "hourly_pay": F("terms__hourly_pay"),
        "security": _security("terms__contract_type"),
    }
    jobs = Employment.objects.filter(
        jobs_in_work_between(filters.start, filters.end),
        filters.of_participants("participant"),
    ).annotate(
        **{
            f"{when}_{name}": Window(
                FirstValue(value), partition_by=F("pk"), order_by=order
            )
            for when, order in ends.items()
            for name, value in values.items()
        }
    )
    more_hours = Q(latest_hours_per_week__gt=F("first_hours_per_week"))
    more_pay = Q(latest_hourly_pay__gt=F("first_hourly_pay"))
    more_security = Q(latest_security__gt=F("first_security"))

    def people(condition: Q | None = None) -> Count:
        return Count("participant", distinct=True, filter=condition)

    return jobs.aggregate(
        in_work=people(),
        more_hours=people(more_hours),
        more_pay=people(more_pay),
        more_security=people(more_security),
        any=people(more_hours | more_pay | more_security),
    )
