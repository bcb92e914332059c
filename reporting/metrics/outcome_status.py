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
    ExpressionWrapper,
    F,
    Q,
    Value,
    When,
)
from django.db.models.lookups import GreaterThan

from caseload.models import OutcomeKind, StatusAtStart

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
    """Annotate each participant's status on the day the table reads it.

    Each "has a job / an outcome on the day" is a count over the participant's
    own rows (joined once, grouped by participant), not a subquery per
    participant, which PostgreSQL ran again for every count naming it: at
    20,000 participants the dashboard's people query read 497,000 buffers that
    way, 1,600 this way (bench/programme_figures.py --explain).
    """
    day = basis_day(filters)
    counted_on = Case(
        When(exit_date__lte=day, then=F("exit_date")),
        default=Value(day),
        output_field=DateField(),
    )
    job_on_day = Q(
        Q(employments__ended_on__isnull=True)
        | Q(employments__ended_on__gte=F("counted_on")),
        employments__start_date__gte=F("programme_start"),
        employments__start_date__lte=F("counted_on"),
    )
    by_day = Q(
        outcomes__achieved_on__gte=F("programme_start"),
        outcomes__achieved_on__lte=F("counted_on"),
    )
    flags = {
        "started_unemployed": Q(status_at_start=StatusAtStart.UNEMPLOYED),
        "started_inactive": Q(status_at_start=StatusAtStart.INACTIVE),
        "working_on_day": any_of("employments", job_on_day),
        "searching_by_day": any_of(
            "outcomes", by_day & Q(outcomes__kind=OutcomeKind.JOB_SEARCH)
        ),
        "learning_by_day": any_of(
            "outcomes", by_day & Q(outcomes__kind=OutcomeKind.EDUCATION_TRAINING)
        ),
    }
    return participants.annotate(counted_on=counted_on).annotate(
        **{
            name: ExpressionWrapper(condition, output_field=BooleanField())
            for name, condition in flags.items()
        }
    )


def any_of(related: str, condition: Q) -> Q:
    """Return whether any of a participant's `related` rows meets `condition`
    (named through `related`), as a count over the one join of them."""
    return Q(GreaterThan(Count(related, filter=condition), 0))


def count_expressions(on: Q) -> dict[str, Count]:
    """Return each cell's count over rows annotated by with_status, where the
    condition `on` picks the participants engaged in the period."""
    return {key: Count("pk", filter=on & q) for key, q in conditions().items()}
