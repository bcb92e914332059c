"""Still in work at each milestone, from the job's dates, with and without support.

A job's status at a milestone follows from its start, its end (if any) and
today, never from whether someone logged a check-in: a continuing job with no
support is in work at six months as surely as a supported one. One query reads
the jobs whose milestones can fall in the period; each job is then placed, per
milestone, in exactly one cell. The figure counts the cells and the drill-down
lists them, so a number and its records cannot disagree.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from django.db import models
from django.db.models import OuterRef, Q
from django.db.models.lookups import GreaterThan

from config.prepared import PreparedQuery
from inwork_support.dates import add_months
from inwork_support.models import CheckInKind, Employment, EndReason

from .base import Filters, subquery_count
from .definitions import done_checkins

FOUR_WEEKS = datetime.timedelta(weeks=4)
THIRTEEN_WEEKS = datetime.timedelta(weeks=13)


class Job(NamedTuple):
    """What decides a job's status at its milestones, read in one query.

    A named tuple, not a frozen dataclass: the programme reads 6,500 of them,
    and a frozen dataclass's __init__ sets each field through object.__setattr__.
    """

    pk: int
    start_date: datetime.date
    ended_on: datetime.date | None
    end_reason: str
    fixed_term_end: datetime.date | None
    first_support: datetime.date | None  # its first day of in-work support, kept
    first_day_done: bool  # its first-day check-in was done by a contact


# Jobs share start dates (6,500 jobs, a few hundred days): each calendar-month
# milestone is worked out once per start date, not twice per job.
_months_after = functools.lru_cache(maxsize=4096)(add_months)


@dataclass(frozen=True)
class Milestone:
    key: str
    name: str
    day: Callable[[Job], datetime.date | None]


MILESTONES = [
    Milestone("started", "Started the job", lambda job: job.start_date),
    Milestone("four_weeks", "First four weeks", lambda j: j.start_date + FOUR_WEEKS),
    Milestone("thirteen_weeks", "13 weeks", lambda j: j.start_date + THIRTEEN_WEEKS),
    Milestone("six_months", "6 months", lambda j: _months_after(j.start_date, 6)),
    Milestone("twelve_months", "12 months", lambda j: _months_after(j.start_date, 12)),
    Milestone("contract_end", "End of a fixed term", lambda j: j.fixed_term_end),
]
BY_KEY = {milestone.key: milestone for milestone in MILESTONES}
GROUPS = {"with": "with support", "without": "without support"}
# Where a job stands at a milestone. "reached": in work (for "started": started);
# "not_reached": not; "lost_contact": the job's record ended in lost contact
# before it. "decided" (a cell of its own) is reached + not_reached.
STATUSES = ("reached", "not_reached", "lost_contact")
PARTS = {
    "reached": "in work",
    "not_reached": "not in work",
    "decided": "jobs whose status is known",
    "lost_contact": "lost contact",
}
STARTED_PARTS = {
    "reached": "started",
    "not_reached": "did not start",
    "decided": "jobs whose start is known",
    "lost_contact": "lost contact",
}


def status_at(milestone: Milestone, job: Job, day: datetime.date) -> str | None:
    """Return where `job` stands at `milestone` (on `day`), or None if undecided.

    Started: the first-day check-in done by a contact says started; the end
    reason "did not start" says not. Later milestones: a job that did not start
    is no job; one ended before the day is not in work, or lost contact when
    that is why its record ended; otherwise it was in work on the day.
    """
    did_not_start = job.end_reason == EndReason.DID_NOT_START
    lost = job.end_reason == EndReason.LOST_CONTACT
    if milestone.key == "started":
        if did_not_start:
            return "not_reached"
        if job.first_day_done:
            return "reached"
        return "lost_contact" if lost else None
    if did_not_start:
        return None
    if job.ended_on is not None and job.ended_on < day:
        return "lost_contact" if lost else "not_reached"
    return "reached"


def cell_keys() -> list[str]:
    """Return every cell of the figure: milestone.group.part."""
    return [
        f"{milestone.key}.{group}.{part}"
        for milestone in MILESTONES
        for group in GROUPS
        for part in PARTS
    ]


def job_cells(filters: Filters) -> dict[str, list[int]]:
    """Return the ids of the jobs in each cell, for milestones in the period.

    A milestone counts when its date is in the period and not after today. The
    job is "with support" at a milestone when in-work support was given before
    the milestone's date (see "In-work support"); support given on or after it
    does not count for it.
    """
    first, last = filters.start, min(filters.end, filters.today)
    cells: dict[str, list[int]] = {key: [] for key in cell_keys()}
    # The lists a job goes in, by milestone, supported and status: looked up
    # once here, not as keys built per job and milestone (6,500 jobs).
    lists = {
        (milestone.key, supported, status): [
            cells[f"{milestone.key}.{group}.{status}"],
            *([] if status == "lost_contact" else [cells[f"{prefix}.decided"]]),
        ]
        for milestone in MILESTONES
        for supported, group in ((True, "with"), (False, "without"))
        for prefix in [f"{milestone.key}.{group}"]
        for status in STATUSES
    }
    for job in _jobs(filters, last):
        for milestone in MILESTONES:
            day = milestone.day(job)
            if day is None or not first <= day <= last:
                continue
            status = status_at(milestone, job, day)
            if status is None:
                continue
            supported = job.first_support is not None and job.first_support < day
            for cell in lists[milestone.key, supported, status]:
                cell.append(job.pk)
    return cells


def _jobs(filters: Filters, last: datetime.date) -> list[Job]:
    if filters.partner_id is None:
        return [Job._make(row) for row in _jobs_query(filters, last)]
    # One partner's (a manager's dashboard): compiled once per filter and day,
    # for every partner, and planned once per connection (plan_once): building,
    # compiling and planning it cost 3 ms, as much as running it.
    others = dataclasses.replace(filters, partner_id=None)
    rows = _partner_jobs(others, last).rows(filters.partner_id)
    return [Job._make(row) for row in rows]


@functools.lru_cache(maxsize=8)
def _partner_jobs(filters: Filters, last: datetime.date) -> PreparedQuery:
    """Return the jobs query of `filters` for any one partner (swapped in)."""
    return PreparedQuery(
        lambda partner_id: _jobs_query(
            dataclasses.replace(filters, partner_id=partner_id), last
        ),
        plan_once=True,
    )


def _jobs_query(filters: Filters, last: datetime.date) -> models.QuerySet:
    # Milestones are at most 12 calendar months after the start, except a fixed
    # term's end: only jobs that can have one in the period are read.
    can_count = Q(start_date__gte=add_months(filters.start, -12)) | Q(
        fixed_term_end__gte=filters.start, fixed_term_end__lte=last
    )
    checkins = done_checkins().filter(employment=OuterRef("pk"))
    rows = (
        Employment.objects.filter(
            can_count, filters.of_participants("participant"), start_date__lte=last
        )
        .annotate(
            # Counted per job through one_checkin_per_slot: as EXISTS, PostgreSQL
            # hashes every done check-in of the database once (3 ms at 6,000).
            first_day_done=GreaterThan(
                subquery_count(checkins.filter(kind=CheckInKind.FIRST_DAY)), 0
            ),
        )
        .order_by()
        .values_list(
            "pk",
            "start_date",
            "ended_on",
            "end_reason",
            "fixed_term_end",
            # Kept as support is recorded (inwork_support.services.support_days):
            # worked out here, by two ordered subqueries per job, it took this
            # query from 3 ms to 7 (a partner's 326 jobs on the bench).
            "first_support_on",
            "first_day_done",
        )
    )
    return rows


def retention(filters: Filters) -> dict[str, dict[str, int]]:
    """Return, per milestone, each group's count in each part (see PARTS)."""
    cells = job_cells(filters)
    return {
        milestone.key: {
            f"{group}_{part}": len(cells[f"{milestone.key}.{group}.{part}"])
            for group in GROUPS
            for part in PARTS
        }
        for milestone in MILESTONES
    }


def records(filters: Filters) -> dict[str, models.QuerySet]:
    """Return the jobs behind each cell, as the drill-down lists them."""
    return {
        key: Employment.objects.filter(pk__in=ids)
        for key, ids in job_cells(filters).items()
    }


def label(key: str) -> str:
    """Return a cell in words: "6 months, with support: in work"."""
    milestone, group, part = key.split(".")
    parts = STARTED_PARTS if milestone == "started" else PARTS
    return f"{BY_KEY[milestone].name}, {GROUPS[group]}: {parts[part]}"


def family(key: str) -> list[str]:
    """Return the cells that split the same milestone and group between them."""
    milestone, group, _part = key.split(".")
    return [f"{milestone}.{group}.{status}" for status in STATUSES]
