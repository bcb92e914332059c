"""The in-work questions on the one contact form (caseload.contact_questions).

For a participant in work, logged by someone who may change their jobs, the
contact form offers the check-in it answers and the In-Work Support Contact
form's questions. Registered in InworkSupportConfig.ready.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TypeVar

from django.db import router
from django.db.models import F, FilteredRelation, Q

from accounts import policy
from accounts.models import User
from accounts.querystring import positive_int
from caseload.models import Participant
from config.prepared import PreparedQuery
from employers.models import Employer

from . import dates
from .forms import InWorkQuestionsForm
from .models import CheckIn, CheckInStatus, Employment

# A check-in due within a week is the one a contact today most likely answers.
NEAR = datetime.timedelta(days=7)
Row = TypeVar("Row", CheckIn, Employment)


def in_work_questions(
    *, participant: Participant, user: User, data: Mapping | None, query: Mapping
) -> InWorkQuestionsForm | None:
    """Return the in-work questions for `participant`, or None if not in work.

    `?checkin=` pre-selects that pending check-in, `?job=` that job; otherwise
    the check-in due nearest to today (or coming up soon) is offered.
    """
    if not policy.may_change_job(user):
        return None
    jobs, checkins = current_jobs_and_pending_checkins(participant.pk)
    if not jobs:
        return None
    job = _by_pk(jobs, query.get("job"))
    offered = _by_pk(checkins, query.get("checkin")) or offered_checkin(
        [c for c in checkins if job is None or c.employment_id == job.pk],
        dates.today(),
    )
    if offered is not None:
        job = _by_pk(jobs, str(offered.employment_id))
    return InWorkQuestionsForm(
        data,
        jobs=jobs,
        checkins=checkins,
        initial={"checkin": offered, "job": job or jobs[0]},
    )


# The columns of a job, of its employer and of a pending check-in, in each row.
JOB_COLUMNS = [field.attname for field in Employment._meta.concrete_fields]
EMPLOYER_COLUMNS = [field.attname for field in Employer._meta.concrete_fields]
CHECKIN_COLUMNS = [field.attname for field in CheckIn._meta.concrete_fields]
PENDING = [f"pending_{column}" for column in CHECKIN_COLUMNS]
_EMPLOYER_AT = len(JOB_COLUMNS)
_CHECKIN_AT = _EMPLOYER_AT + len(EMPLOYER_COLUMNS)
_JOB_ID = JOB_COLUMNS.index("id")
_CHECKIN_ID = _CHECKIN_AT + CHECKIN_COLUMNS.index("id")


def _jobs_with_pending_checkins(participant_pk: int):
    # A row per job and pending check-in (one, of empty check-in columns, for a
    # job with none), the jobs in their own order: values, not instances, so
    # that a job with a dozen check-ins is built once, not once a row.
    pending = FilteredRelation(
        "checkins", condition=Q(checkins__status=CheckInStatus.PENDING)
    )
    columns = {
        name: F(f"pending__{column}")
        for name, column in zip(PENDING, CHECKIN_COLUMNS, strict=True)
    }
    return (
        Employment.objects.current()
        .filter(participant_id=participant_pk)
        .annotate(pending=pending)
        .annotate(**columns)
        .order_by(*Employment._meta.ordering, "pending__due_on", "pending__id")
        .values_list(
            *JOB_COLUMNS, *(f"employer__{c}" for c in EMPLOYER_COLUMNS), *PENDING
        )
    )


# Planned once per connection too: its join and filtered relation took PostgreSQL
# 0.5 ms to plan and 0.15 ms to run (bench database), on every contact form
# and every logged contact.
JOBS_WITH_PENDING_CHECKINS = PreparedQuery(_jobs_with_pending_checkins, plan_once=True)


def current_jobs_and_pending_checkins(
    participant_pk: int,
) -> tuple[list[Employment], list[CheckIn]]:
    """Return the participant's current jobs (with their employers) and their
    pending check-ins, each in its own order, from one query compiled once.

    Every contact form for someone in work reads both: the form in 0.2 ms
    instead of two queries compiled each time (1.1 ms on the benchmark machine).
    """
    db = router.db_for_read(Employment)
    jobs: dict[int, Employment] = {}
    checkins = []
    for row in JOBS_WITH_PENDING_CHECKINS.rows(participant_pk):
        job_pk = row[_JOB_ID]
        if job_pk not in jobs:
            job = Employment.from_db(db, JOB_COLUMNS, row[:_EMPLOYER_AT])
            employer = Employer.from_db(
                db, EMPLOYER_COLUMNS, row[_EMPLOYER_AT:_CHECKIN_AT]
            )
            Employment.employer.field.set_cached_value(job, employer)
            jobs[job_pk] = job
        if row[_CHECKIN_ID] is not None:
            checkins.append(CheckIn.from_db(db, CHECKIN_COLUMNS, row[_CHECKIN_AT:]))
    checkins.sort(key=lambda checkin: (checkin.due_on, checkin.pk))
    return list(jobs.values()), checkins


def offered_checkin(checkins: list[CheckIn], today: datetime.date) -> CheckIn | None:
    """Return the check-in a contact today most likely answers, or None.

    The one due nearest to today (today's before an overdue one), else the
    nearest coming up within a week. A six- or twelve-month check-in is
    offered only once due: answering it records sustained employment.
    """
    due = [c for c in checkins if c.due_on <= today]
    if due:
        return max(due, key=lambda c: (c.due_on, -c.pk))
    soon = [c for c in checkins if c.due_on <= today + NEAR and not c.is_milestone]
    return min(soon, key=lambda c: (c.due_on, c.pk)) if soon else None


def _by_pk(rows: list[Row], value: str | None) -> Row | None:
    pk = positive_int(value)
    return next((row for row in rows if row.pk == pk), None)
