"""Each engaged participant's status on the day the funder's table reads it.

The day is their exit, or for those still on the programme then, the period's
end (today, if that is sooner). Employment is read from job records, job search
and education or training from the outcome register. Shared by the table's
counts (in programme.participant_counts' one aggregate) and its drill-downs.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Value,
    When,
)

from caseload.models import Outcome, OutcomeKind, StatusAtStart
from inwork_support.models import Employment

from .base import Filters


def basis_day(filters: Filters) -> datetime.date:
    """Return the day the status of those still on the programme is read."""
    return min(filters.end, filters.today)


def conditions() -> dict[str, Q]:
    # Only annotations are named: participant_counts aggregates these over a
    # query Django wraps, whose outer filters may only name its columns.
    unemployed, inactive = Q(started_unemployed=True), Q(started_inactive=True)
    working, searching = Q(working_on_day=True), Q(searching_by_day=True)
    return {
        "engaged": Q(),
        "unemployed": unemployed,
        "inactive": inactive,
        "other_status": Q(started_unemployed=False, started_inactive=False),
        "i": unemployed & working,
        "not_i": unemployed & Q(working_on_day=False),
        "ii": inactive & (working | searching),
        "not_ii": inactive & Q(working_on_day=False, searching_by_day=False),
        "iii": Q(learning_by_day=True),
        "not_iii": Q(learning_by_day=False),
    }


def with_status(participants: models.QuerySet, filters: Filters) -> models.QuerySet:
    """Annotate each participant's status on the day the table reads it."""
    day = basis_day(filters)
    counted_on = Case(
        When(exit_date__lte=day, then=F("exit_date")),
        default=Value(day),
        output_field=DateField(),
    )
    jobs = Employment.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("counted_on")),
        participant=OuterRef("pk"),
        start_date__gte=OuterRef("programme_start"),
        start_date__lte=OuterRef("counted_on"),
    )
    register = Outcome.objects.filter(
        participant=OuterRef("pk"),
        achieved_on__gte=OuterRef("programme_start"),
        achieved_on__lte=OuterRef("counted_on"),
    )
    flags = {
        "started_unemployed": Q(status_at_start=StatusAtStart.UNEMPLOYED),
        "started_inactive": Q(status_at_start=StatusAtStart.INACTIVE),
        "working_on_day": Q(Exists(jobs)),
        "searching_by_day": Q(Exists(register.filter(kind=OutcomeKind.JOB_SEARCH))),
        "learning_by_day": Q(
            Exists(register.filter(kind=OutcomeKind.EDUCATION_TRAINING))
        ),
    }
    return participants.annotate(counted_on=counted_on).annotate(
        **{
            name: ExpressionWrapper(condition, output_field=BooleanField())
            for name, condition in flags.items()
        }
    )


def count_expressions(on: Q) -> dict[str, Count]:
    """Return each cell's count over rows annotated by with_status, where the
    condition `on` picks the participants engaged in the period."""
    return {key: Count("pk", filter=on & q) for key, q in conditions().items()}
