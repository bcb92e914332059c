"""The shared meaning of in-work support, on time and sustained, as query parts.

Every metric that needs one of these words builds on the expression here, so the
team dashboard, the programme dashboard, drill-downs and exports agree.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import TruncDate

from caseload.models import Contact
from inwork_support.models import CheckIn, CheckInStatus, Employment, InWorkContact

# In-work support is decided where it is recorded: inwork_support keeps its
# roll-up (InWorkSupportDay) by the same condition.
from inwork_support.services.support_days import (
    done_checkins,
    is_in_work_support_contact,
)

from .base import define, grace_days

define(
    "in_work_support",
    "In-work support",
    """A contact counts as in-work support when it was recorded with the In-Work
    Support Contact form or it completed a check-in. A job "received in-work
    support" when at least one such contact is linked to it; a participant did when
    any of their jobs did.""",
)
define(
    "on_time",
    "Check-in on time",
    f"""A check-in is on time when it was done by a contact on or before its due date
    plus the programme's grace period (currently {grace_days()} days). Counted over
    the check-ins that fell due in the period and are decided: done, missed, or still
    pending after the grace period. Cancelled check-ins (a job that ended) are left
    out.""",
)
define(
    "sustained",
    "Sustained in work",
    """A job is sustained at 6 (or 12) months when it had not ended before the
    day 6 (or 12) calendar months after it started. It follows from the job's
    dates, whether or not anyone logged a check-in (see "Still in work at each
    milestone"); jobs whose milestone is still to come are left out.""",
)


def in_work_support_contacts() -> models.QuerySet:
    return Contact.objects.filter(is_in_work_support_contact())


def job_was_supported(job: str = "pk") -> Q:
    """Return the condition, on Employment, of having received in-work support.

    `job` names the job from the model queried ("employments" from a
    participant). The jobs with a support contact or a done check-in are two
    sets the database hashes once, whatever the number of jobs tested.
    """
    return Q(**{f"{job}__in": InWorkContact.objects.values("employment")}) | Q(
        **{f"{job}__in": done_checkins().values("employment")}
    )


def participant_was_supported() -> Q:
    """Return the condition, on Participant, of having received in-work support."""
    supported_jobs = Employment.objects.filter(job_was_supported())
    return Q(Exists(supported_jobs.filter(participant=OuterRef("pk"))))


def decided_checkins(today: datetime.date) -> models.QuerySet:
    """Return check-ins whose on-time verdict is known on `today`."""
    grace_passed = today - datetime.timedelta(days=grace_days())
    return CheckIn.objects.filter(
        Q(status__in=[CheckInStatus.DONE, CheckInStatus.MISSED])
        # A backdated job's past check-in awaiting an answer is not decided yet.
        | Q(
            status=CheckInStatus.PENDING, awaiting_answer=False, due_on__lt=grace_passed
        )
    )


def is_on_time() -> Q:
    """Return the condition, on CheckIn, of having been done on time."""
    deadline = F("due_on") + datetime.timedelta(days=grace_days())
    return Q(
        status=CheckInStatus.DONE,
        completed_contact__isnull=False,
        on_time_done__lte=deadline,
    )


def with_done_day(checkins: models.QuerySet) -> models.QuerySet:
    """Annotate the local date of the contact that completed each check-in."""
    return checkins.annotate(on_time_done=TruncDate("completed_contact__happened_at"))


def jobs_in_work_between(
    start: datetime.date, end: datetime.date, prefix: str = ""
) -> Q:
    """Return the condition, on Employment (or on the jobs a model reaches by
    `prefix`, "employments__"), of the job running at some point."""
    return Q(**{f"{prefix}start_date__lte": end}) & (
        Q(**{f"{prefix}ended_on__isnull": True})
        | Q(**{f"{prefix}ended_on__gte": start})
    )
