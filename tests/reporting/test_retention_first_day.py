"""A job's first day of support is a London calendar day, of its earliest support."""

import datetime

import pytest

from inwork_support.models import CheckInKind, CheckInStatus
from reporting.metrics import Filters
from reporting.metrics.retention import _jobs
from tests.factories import CheckInFactory, ContactFactory, EmploymentFactory
from tests.reporting.factories import InWorkContactFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 12, 3)
# 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time); 09:00 UTC on
# 1 December is 09:00 in London.
LATE_SUMMER_EVENING = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
NEXT_WINTER_MORNING = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)


def done_checkin(job, happened_at):
    contact = ContactFactory(participant=job.participant, happened_at=happened_at)
    return CheckInFactory(
        employment=job,
        kind=CheckInKind.SIX_MONTHS,
        status=CheckInStatus.DONE,
        completed_contact=contact,
    )


def test_the_first_support_day_is_the_earliest_local_day(keyworker):
    both = EmploymentFactory(participant__keyworker=keyworker, start_date=D(2026, 5, 1))
    done_checkin(both, NEXT_WINTER_MORNING)
    InWorkContactFactory(employment=both, contact__happened_at=LATE_SUMMER_EVENING)
    checkin_only = EmploymentFactory(
        participant__keyworker=keyworker, start_date=D(2026, 5, 1)
    )
    done_checkin(checkin_only, NEXT_WINTER_MORNING)
    # Its check-in is pending: no support yet.
    pending = EmploymentFactory(
        participant__keyworker=keyworker, start_date=D(2026, 5, 1)
    )
    CheckInFactory(employment=pending, kind=CheckInKind.SIX_MONTHS)

    days = {job.pk: job.first_support for job in _jobs(Filters.last_year(TODAY), TODAY)}

    assert days == {
        both.pk: D(2026, 7, 1),
        checkin_only.pk: D(2026, 12, 1),
        pending.pk: None,
    }
