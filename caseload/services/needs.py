"""Barriers, goals with steps, and referrals."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from accounts.versions import save_if_current

from ..models import (
    Barrier,
    EntryKind,
    Goal,
    GoalStep,
    Participant,
    Referral,
)
from .timeline import add_timeline_entry, moment_of


def _barrier_title(barrier: Barrier, verb: str) -> str:
    # The timeline may be read more widely than the barrier list, so a
    # special-category kind (health, offending, abuse) is never named there.
    name = "A sensitive barrier" if barrier.is_sensitive else barrier.get_kind_display()
    return f"{name} {verb}"


@transaction.atomic
def record_barrier(
    *, participant: Participant, recorded_by: User, **details: Any
) -> Barrier:
    """Note a barrier the participant faces."""
    barrier = participant.barriers.create(recorded_by=recorded_by, **details)
    add_timeline_entry(
        participant=participant,
        occurred_at=moment_of(barrier.noted_on),
        kind=EntryKind.BARRIER,
        title=_barrier_title(barrier, "noted"),
        actor=recorded_by,
    )
    return barrier


@transaction.atomic
def resolve_barrier(
    *,
    barrier: Barrier,
    resolved_by: User,
    resolved_on: datetime.date,
    version: int | None,
) -> Barrier:
    """Mark a barrier resolved on `resolved_on`: distance travelled."""
    save_if_current(
        barrier, version=version, resolved_on=max(resolved_on, barrier.noted_on)
    )
    add_timeline_entry(
        participant=barrier.participant,
        occurred_at=moment_of(barrier.resolved_on),
        kind=EntryKind.BARRIER,
        title=_barrier_title(barrier, "resolved"),
        actor=resolved_by,
    )
    return barrier


@transaction.atomic
def add_goal(*, participant: Participant, added_by: User, **details: Any) -> Goal:
    """Record a goal the participant has set."""
    goal = participant.goals.create(**details)
    add_timeline_entry(
        participant=participant,
        occurred_at=moment_of(goal.set_on),
        kind=EntryKind.GOAL,
        title=f"Goal set: {goal.title}",
        actor=added_by,
    )
    return goal


@transaction.atomic
def update_goal_status(
    *, goal: Goal, updated_by: User, status: str, version: int | None
) -> Goal:
    """Mark a goal achieved, dropped, or back to working on it."""
    save_if_current(goal, version=version, status=status)
    add_timeline_entry(
        participant=goal.participant,
        occurred_at=timezone.now(),
        kind=EntryKind.GOAL,
        title=f"Goal {goal.get_status_display().lower()}: {goal.title}",
        actor=updated_by,
    )
    return goal


@transaction.atomic
def add_goal_step(*, goal: Goal, added_by: User, **details: Any) -> GoalStep:
    """Add a step towards a goal."""
    step = goal.steps.create(**details)
    add_timeline_entry(
        participant=goal.participant,
        occurred_at=timezone.now(),
        kind=EntryKind.GOAL,
        title=f"Step added to “{goal.title}”: {step.description}",
        actor=added_by,
    )
    return step


@transaction.atomic
def update_goal_step(
    *, step: GoalStep, updated_by: User, status: str, version: int | None
) -> GoalStep:
    """Mark a goal step done, dropped or to do."""
    save_if_current(step, version=version, status=status)
    add_timeline_entry(
        participant=step.goal.participant,
        occurred_at=timezone.now(),
        kind=EntryKind.GOAL,
        title=f"Step {step.get_status_display().lower()}: {step.description}",
        actor=updated_by,
    )
    return step


@transaction.atomic
def refer_participant(
    *, participant: Participant, referred_by: User, **details: Any
) -> Referral:
    """Refer the participant to an intervention at a partner service."""
    referral = participant.referrals.create(referred_by=referred_by, **details)
    add_timeline_entry(
        participant=participant,
        occurred_at=moment_of(referral.referred_on),
        kind=EntryKind.REFERRAL,
        title=f"Referred: {referral}",
        actor=referred_by,
    )
    return referral


@transaction.atomic
def update_referral(
    *,
    referral: Referral,
    updated_by: User,
    status: str,
    outcome: str,
    version: int | None,
) -> Referral:
    """Record where a referral has got to, and what came of it."""
    save_if_current(referral, version=version, status=status, outcome=outcome)
    add_timeline_entry(
        participant=referral.participant,
        occurred_at=timezone.now(),
        kind=EntryKind.REFERRAL,
        title=f"Referral {referral.get_status_display().lower()}: {referral}",
        detail=outcome,
        actor=updated_by,
    )
    return referral
