"""The in-work questions on the one contact form (caseload.contact_questions).

For a participant in work, logged by someone who may change their jobs, the
contact form offers the check-in it answers and the In-Work Support Contact
form's questions. Registered in InworkSupportConfig.ready.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TypeVar

from accounts import policy
from accounts.models import User
from accounts.querystring import positive_int
from caseload.models import Participant

from . import dates
from .forms import InWorkQuestionsForm
from .models import CheckIn, Employment

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
    jobs = list(participant.employments.current().select_related("employer"))
    if not jobs:
        return None
    checkins = list(CheckIn.objects.filter(employment__in=jobs).pending())
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
