"""Outcome clocks for enrolments, read in a fixed number of queries."""

from __future__ import annotations

import datetime
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import (
    Aggregate,
    Case,
    DateTimeField,
    DecimalField,
    F,
    Field,
    JSONField,
    Model,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import JSONObject
from django.utils import timezone

from caseload.models import ExitOutcome, Outcome, OutcomeKind
from inwork_support.models import ContractType, Employment, EmploymentTerms

from .. import clocks
from ..models import Claim, Enrolment, NationalLivingWageRate, OutcomeType


@dataclass(frozen=True)
class Progress:
    """One outcome type for one enrolment: its clock, and its claim if opened."""

    enrolment: Enrolment
    outcome_type: OutcomeType
    clock: clocks.Clock
    claim: Claim | None


def rule_of(outcome_type: OutcomeType) -> clocks.Rule:
    return clocks.Rule(
        name=outcome_type.name,
        rule=outcome_type.rule,
        hours_per_week=outcome_type.hours_per_week,
        weeks=outcome_type.weeks,
        window_months=outcome_type.window_months,
        window_from=outcome_type.window_from,
    )


class JSONList(Aggregate):
    """The rows' values as one JSON list (JSONB_AGG on PostgreSQL)."""

    function = "JSON_GROUP_ARRAY"
    output_field = JSONField()

    def as_postgresql(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, function="JSONB_AGG", **extra_context)


def _json_rows(queryset: QuerySet, fields: Iterable[str]) -> Subquery:
    """Return `queryset`'s rows as a JSON list of {field: value}, one column."""
    rows = JSONObject(**{name: F(name) for name in fields})
    return Subquery(
        queryset.order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(rows=JSONList(rows))
        .values("rows")
    )


def _attnames(model: type[Model]) -> list[str]:
    return [field.attname for field in model._meta.concrete_fields]


JOB_FIELDS = ("id", "start_date", "ended_on", "hours_per_week", "hourly_pay")
TERMS_FIELDS = ("id", "employment_id", "effective_from", "hours_per_week", "hourly_pay")


def with_clock_inputs(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """Annotate everything the clocks read, so the enrolments' query is the only one.

    Its contract's outcome types, its claims, the participant's jobs, their
    terms and education entries, and the living wage table (admin-editable, so
    read with every request rather than cached), each a JSON list.
    """
    person = OuterRef("participant_id")
    return enrolments.annotate(
        clock_types=_json_rows(
            OutcomeType.objects.filter(contract=OuterRef("contract_id")),
            _attnames(OutcomeType),
        ),
        clock_claims=_json_rows(
            Claim.objects.filter(enrolment=OuterRef("pk")), _attnames(Claim)
        ),
        clock_jobs=_json_rows(
            Employment.objects.filter(participant=person).annotate(
                self_employed=Case(
                    When(contract_type=ContractType.SELF_EMPLOYED, then=Value(1)),
                    default=Value(0),
                )
            ),
            (*JOB_FIELDS, "self_employed"),
        ),
        clock_terms=_json_rows(
            EmploymentTerms.objects.filter(employment__participant=person),
            TERMS_FIELDS,
        ),
        clock_education=_json_rows(
            Outcome.objects.filter(
                participant=person, kind=OutcomeKind.EDUCATION_TRAINING
            ),
            ("achieved_on",),
        ),
        clock_rates=_json_rows(
            NationalLivingWageRate.objects.all(), ("effective_from", "hourly_rate")
        ),
    )


def _value(field: Field, value: object) -> object:
    """Return a JSON value as the model field's Python value."""
    if value is None:
        return None
    if isinstance(field, JSONField):
        return json.loads(value) if isinstance(value, str) else value
    if isinstance(field, DecimalField):
        return Decimal(str(value))
    if isinstance(field, DateTimeField):
        moment = field.to_python(value)
        if settings.USE_TZ and timezone.is_naive(moment):
            moment = moment.replace(tzinfo=datetime.UTC)
        return moment
    return field.to_python(value)


def _instances(model: type[Model], rows: list[dict] | None) -> list[Model]:
    """Return model instances, as loaded from the database, from JSON rows."""
    fields = model._meta.concrete_fields
    names = [field.attname for field in fields]
    return [
        model.from_db("default", names, [_value(f, row[f.attname]) for f in fields])
        for row in rows or ()
    ]


def _day(value: str) -> datetime.date:
    return datetime.date.fromisoformat(value[:10])


def _decimal(value: object) -> Decimal:
    return Decimal(str(value))


def _jobs(enrolment: Enrolment) -> tuple[clocks.Job, ...]:
    """Return the participant's jobs, each with its terms over time (its current
    terms when no history)."""
    terms = defaultdict(list)
    for row in sorted(
        enrolment.clock_terms or (), key=lambda r: (r["effective_from"], r["id"])
    ):
        terms[row["employment_id"]].append(
            clocks.Terms(
                _day(row["effective_from"]),
                _decimal(row["hours_per_week"]),
                _decimal(row["hourly_pay"]),
            )
        )
    jobs = []
    for row in sorted(enrolment.clock_jobs or (), key=lambda r: r["id"]):
        start = _day(row["start_date"])
        current = clocks.Terms(
            start, _decimal(row["hours_per_week"]), _decimal(row["hourly_pay"])
        )
        jobs.append(
            clocks.Job(
                start,
                _day(row["ended_on"]) if row["ended_on"] else None,
                tuple(terms[row["id"]]) or (current,),
                self_employed=bool(row["self_employed"]),
            )
        )
    return tuple(jobs)


def progress_for(
    enrolments: Iterable[Enrolment], today: datetime.date
) -> list[Progress]:
    """Return every outcome type's progress for `enrolments` (participant loaded).

    No query for enrolments read through with_clock_inputs; one otherwise,
    whatever the number.
    """
    enrolments = list(enrolments)
    if not enrolments:
        return []
    if not all(hasattr(e, "clock_rates") for e in enrolments):
        loaded = {
            row["pk"]: row
            for row in with_clock_inputs(
                Enrolment.objects.filter(pk__in=[e.pk for e in enrolments])
            ).values("pk", *CLOCK_INPUTS)
        }
        for enrolment in enrolments:
            for name in CLOCK_INPUTS:
                setattr(enrolment, name, loaded[enrolment.pk][name])
    result = []
    for enrolment in enrolments:
        person = enrolment.participant
        history = clocks.History(
            enrolled_on=enrolment.enrolled_on,
            jobs=_jobs(enrolment),
            education_on=tuple(
                _day(row["achieved_on"]) for row in enrolment.clock_education or ()
            ),
            exit_date=person.exit_date,
            exit_in_education=person.exit_outcome == ExitOutcome.EDUCATION_TRAINING,
        )
        rates = sorted(
            (_day(row["effective_from"]), _decimal(row["hourly_rate"]))
            for row in enrolment.clock_rates or ()
        )
        claims = {
            claim.outcome_type_id: claim
            for claim in _instances(Claim, enrolment.clock_claims)
        }
        types = _instances(OutcomeType, enrolment.clock_types)
        types.sort(key=lambda t: (t.position, t.pk))
        for outcome_type in types:
            clock = clocks.clock(rule_of(outcome_type), history, rates, today)
            claim = claims.get(outcome_type.pk)
            result.append(Progress(enrolment, outcome_type, clock, claim))
    return result


CLOCK_INPUTS = (
    "clock_types",
    "clock_claims",
    "clock_jobs",
    "clock_terms",
    "clock_education",
    "clock_rates",
)
