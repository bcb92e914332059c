"""The Progress Chart's eight steps and the withdrawal suggestion, from loaded rows."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils import timezone

from .models import (
    CheckIn,
    CheckInKind,
    CheckInStatus,
    Employment,
    InWorkContact,
    InWorkSupportPlan,
    JobRisk,
    Preparation,
)

DONE, DUE, OVERDUE, CURRENT, STOPPED = "done", "due", "overdue", "current", "stopped"


@dataclass(frozen=True)
class Step:
    title: str
    state: str
    text: str


def _d(day: datetime.date) -> str:
    return f"{day:%-d %b %Y}"


def _latest(checkins: Sequence[CheckIn]) -> dict[str, CheckIn]:
    latest: dict[str, CheckIn] = {}
    for checkin in checkins:
        if checkin.sequence >= getattr(latest.get(checkin.kind), "sequence", -1):
            latest[checkin.kind] = checkin
    return latest


def checkin_step(title: str, checkin: CheckIn | None, today: datetime.date) -> Step:
    """Return a step that a check-in completes, with its status in words."""
    if checkin is None:
        return Step(title, STOPPED, "Not scheduled")
    if checkin.status == CheckInStatus.DONE:
        return Step(title, DONE, f"Done {_d(timezone.localdate(checkin.closed_at))}")
    if checkin.status == CheckInStatus.MISSED:
        return Step(title, OVERDUE, f"Missed (due {_d(checkin.due_on)})")
    if checkin.status == CheckInStatus.CANCELLED:
        return Step(title, STOPPED, f"Cancelled (was due {_d(checkin.due_on)})")
    if checkin.due_on < today:
        return Step(title, OVERDUE, f"Overdue: due {_d(checkin.due_on)}")
    return Step(title, DUE, f"Due {_d(checkin.due_on)}")


def progress_chart(
    *,
    employment: Employment,
    checkins: Sequence[CheckIn],
    plans: Sequence[InWorkSupportPlan],
    preparation: Sequence[Preparation],
    today: datetime.date,
) -> list[Step]:
    """Return the eight steps from job start to twelve months and exit."""
    latest = _latest(checkins)
    first_plan = min(plans, key=lambda p: p.revision) if plans else None
    started = employment.start_date <= today
    ticked = [p.done_on for p in preparation if p.done_on]
    prep_check = latest.get(CheckInKind.PREPARATION)
    steps = [
        Step(
            "Job start confirmed",
            DONE,
            f"Recorded {_d(timezone.localdate(employment.created_at))}",
        ),
        Step(
            "Plan agreed",
            DONE if first_plan else DUE,
            f"Agreed {_d(timezone.localdate(first_plan.created_at))}"
            if first_plan
            else "To do: agree the In-Work Support Plan",
        ),
    ]
    if preparation and len(ticked) == len(preparation):
        steps.append(Step("Prepared for work", DONE, f"Ready {_d(max(ticked))}"))
    elif prep_check and prep_check.status == CheckInStatus.DONE:
        steps.append(checkin_step("Prepared for work", prep_check, today))
    else:
        steps.append(
            Step(
                "Prepared for work",
                DUE,
                f"{len(ticked)} of {len(preparation)} ready",
            )
        )
    if first_plan and started:
        plan_start = Step("Plan started", DONE, f"From {_d(employment.start_date)}")
    elif started:
        plan_start = Step("Plan started", DUE, "Waiting for the plan")
    else:
        plan_start = Step("Plan started", DUE, f"Starts {_d(employment.start_date)}")
    steps.append(plan_start)
    steps.append(
        checkin_step("First-day contact", latest.get(CheckInKind.FIRST_DAY), today)
    )
    steps.append(_continuing(employment, checkins, latest, today))
    steps.append(checkin_step("Six months", latest.get(CheckInKind.SIX_MONTHS), today))
    steps.append(
        checkin_step(
            "Twelve months and exit", latest.get(CheckInKind.TWELVE_MONTHS), today
        )
    )
    return steps


def _continuing(
    employment: Employment,
    checkins: Sequence[CheckIn],
    latest: dict[str, CheckIn],
    today: datetime.date,
) -> Step:
    title = "Continuing in work"
    done = sum(c.status == CheckInStatus.DONE for c in checkins)
    if employment.ended_on:
        return Step(title, STOPPED, f"Job ended {_d(employment.ended_on)}")
    six = latest.get(CheckInKind.SIX_MONTHS)
    if six and six.status == CheckInStatus.DONE:
        return Step(title, DONE, "Six months reached")
    if employment.start_date > today:
        return Step(title, DUE, "Not started yet")
    months = employment.months_in_work(today)
    return Step(
        title,
        CURRENT,
        f"In work {months} month{'s' if months != 1 else ''}, "
        f"{done} check-in{'s' if done != 1 else ''} done",
    )


def suggests_withdrawal(
    *,
    employment: Employment,
    today: datetime.date,
    open_risks: Sequence[JobRisk],
    contacts: Sequence[InWorkContact],
    plan: InWorkSupportPlan | None,
) -> bool:
    """Return whether to suggest considering withdrawing in-work support.

    After six months in work, with no open risk, when the plan already keeps in
    touch monthly or less, or the last three contacts raised no needs or problems.
    """
    if not employment.is_current or employment.months_in_work(today) < 6:
        return False
    if open_risks:
        return False
    settled = len(contacts) >= 3 and not any(
        c.needs_and_problems.strip() for c in contacts[:3]
    )
    return settled or bool(plan and plan.interval_days() >= 28)
