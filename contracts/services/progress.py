"""Outcome clocks for enrolments, read in a fixed number of queries."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from caseload.models import ExitOutcome, Outcome, OutcomeKind
from inwork_support.models import ContractType, Employment

from .. import clocks
from ..models import Claim, Enrolment, NationalLivingWageRate, OutcomeType, RuleKind

# Rules that read education entries from the outcome register.
READ_EDUCATION = (RuleKind.EDUCATION, RuleKind.ON_LEAVING)


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


def living_wage_rates() -> list[tuple[datetime.date, object]]:
    return list(
        NationalLivingWageRate.objects.values_list("effective_from", "hourly_rate")
    )


def job_of(employment: Employment) -> clocks.Job:
    """Return the job's hours and pay over time (its current terms when no history)."""
    terms = tuple(
        clocks.Terms(row.effective_from, row.hours_per_week, row.hourly_pay)
        for row in employment.terms.all()
    ) or (
        clocks.Terms(
            employment.start_date, employment.hours_per_week, employment.hourly_pay
        ),
    )
    return clocks.Job(
        employment.start_date,
        employment.ended_on,
        terms,
        self_employed=employment.contract_type == ContractType.SELF_EMPLOYED,
    )


def progress_for(
    enrolments: Iterable[Enrolment], today: datetime.date
) -> list[Progress]:
    """Return every outcome type's progress for `enrolments` (participant loaded).

    Six queries whatever the number: outcome types, claims, jobs, their terms,
    the living wage table and (when a rule reads them) education entries.
    """
    enrolments = list(enrolments)
    if not enrolments:
        return []
    types = defaultdict(list)
    for outcome_type in OutcomeType.objects.filter(
        contract__in={e.contract_id for e in enrolments}
    ):
        types[outcome_type.contract_id].append(outcome_type)
    claims = {
        (c.enrolment_id, c.outcome_type_id): c
        for c in Claim.objects.filter(enrolment__in=enrolments)
    }
    people = {e.participant_id for e in enrolments}
    jobs = defaultdict(list)
    for employment in Employment.objects.filter(
        participant__in=people
    ).prefetch_related("terms"):
        jobs[employment.participant_id].append(job_of(employment))
    education = defaultdict(list)
    if any(t.rule in READ_EDUCATION for group in types.values() for t in group):
        for person, day in Outcome.objects.filter(
            participant__in=people, kind=OutcomeKind.EDUCATION_TRAINING
        ).values_list("participant", "achieved_on"):
            education[person].append(day)
    rates = living_wage_rates()
    result = []
    for enrolment in enrolments:
        person = enrolment.participant
        history = clocks.History(
            enrolled_on=enrolment.enrolled_on,
            jobs=tuple(jobs[person.pk]),
            education_on=tuple(education[person.pk]),
            exit_date=person.exit_date,
            exit_in_education=person.exit_outcome == ExitOutcome.EDUCATION_TRAINING,
        )
        for outcome_type in types[enrolment.contract_id]:
            clock = clocks.clock(rule_of(outcome_type), history, rates, today)
            claim = claims.get((enrolment.pk, outcome_type.pk))
            result.append(Progress(enrolment, outcome_type, clock, claim))
    return result
