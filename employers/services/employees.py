"""The employees a portal contact may see: who agreed the employer may know.

Current: a job at the employer still open whose participant agreed the employer
may know they are supported. Past: no job there is open, and on their latest job
there the consent still stands. Withdrawing consent clears it on every job at the
employer (inwork_support.services.consent), so a withdrawal hides them at once;
someone who came back without consenting stays hidden too.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Exists, F, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from caseload.models import Participant
from config.prepared import PreparedQuery

from ..models import Employer, MeetingStatus, ThreeWayMeeting

CURRENT = "current"
PAST = "past"


def portal_employees(
    *, employer: Employer, which: str = CURRENT, query: str = "", facts: bool = True
) -> QuerySet[Participant]:
    """Return the employees of `employer` the portal may show, by name.

    `which` is CURRENT, PAST or "" for both; each row carries the facts the
    portal shows of their latest consenting job there (`job_title`,
    `start_date`, `probation_end`, `ended_on`). `query` matches any part of
    their names, every word. Without `facts`, the rows carry none of them.
    """
    jobs = employer.employments.filter(participant=OuterRef("pk"))
    open_consenting = jobs.filter(ended_on__isnull=True, employer_may_know=True)
    latest = jobs.order_by("-start_date", "-pk")
    # The facts shown: of the open consenting job, else the latest ended one.
    shown = jobs.filter(employer_may_know=True).order_by(
        F("ended_on").desc(nulls_first=True), "-start_date", "-pk"
    )
    current = Q(Exists(open_consenting))
    past = Q(~Exists(jobs.filter(ended_on__isnull=True)), latest_consents=True)
    rule = {CURRENT: current, PAST: past}.get(which, current | past)
    # Both rules need a job there: starting from the employer's jobs reads its
    # few people by index instead of testing every participant in the programme.
    worked_there = employer.employments.values("participant_id")
    rows = (
        Participant.objects.filter(pk__in=worked_there)
        .annotate(latest_consents=Subquery(latest.values("employer_may_know")[:1]))
        .filter(rule)
    )
    for word in query.split():
        rows = rows.filter(
            Q(first_name__icontains=word)
            | Q(last_name__icontains=word)
            | Q(preferred_name__icontains=word)
        )
    if facts:
        for field in ("job_title", "start_date", "probation_end", "ended_on"):
            rows = rows.annotate(**{field: Subquery(shown.values(field)[:1])})
    return rows.order_by("last_name", "first_name", "pk")


# The message form on the portal home names them on every visit: its query, a
# dozen subqueries, took longer for the ORM to compile than for PostgreSQL to run.
# It needs their names only: without the four facts' subqueries and the other
# columns, PostgreSQL plans and runs it in 1.0 ms instead of 1.4 (bench).
_PORTAL_PEOPLE = PreparedQuery(
    lambda employer_id: portal_employees(
        employer=Employer(pk=employer_id), which="", facts=False
    ).only("first_name", "last_name", "preferred_name")
)


def portal_people(employer: Employer) -> list[Participant]:
    """Return every employee, current or past, the portal may name, by name."""
    return _PORTAL_PEOPLE.all(employer.pk)


def portal_name(participant: Participant) -> str:
    """Return the name the portal shows: the one they go by, and their surname."""
    first = participant.preferred_name or participant.first_name
    return f"{first} {participant.last_name}"


def next_meetings(
    *, employer: Employer, participants: Iterable[Participant]
) -> dict[int, datetime.datetime]:
    """Return {participant id: their next three-way meeting there}, in one query."""
    upcoming = ThreeWayMeeting.objects.filter(
        employer=employer,
        participant__in=[p.pk for p in participants],
        status=MeetingStatus.SCHEDULED,
        scheduled_for__gte=timezone.now(),
    ).order_by("scheduled_for")
    found: dict[int, datetime.datetime] = {}
    for participant_id, when in upcoming.values_list("participant_id", "scheduled_for"):
        found.setdefault(participant_id, when)
    return found
