"""Jobs recorded through the service, as a keyworker would."""

import datetime
from decimal import Decimal

import pytest
import time_machine

from inwork_support import services
from inwork_support.models import ContractType
from tests.factories import EmployerFactory

# A Monday, in GMT, with the clocks going forward on Sunday 29 March 2026.
START = datetime.date(2026, 3, 2)


def start_job(participant, worker=None, **overrides):
    """Record a job start for `participant` with fixed, asserted-on terms."""
    fields = {
        "participant": participant,
        "recorded_by": worker or participant.keyworker,
        "job_title": "Kitchen assistant",
        "hours_per_week": Decimal("24.0"),
        "hourly_pay": Decimal("12.21"),
        "contract_type": ContractType.PERMANENT,
        "start_date": START,
    }
    if "employer" not in overrides:
        fields["employer"] = EmployerFactory()
    fields.update(overrides)
    return services.record_job_start(**fields)


RECORDED = datetime.datetime(2026, 2, 23, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def job(participant, keyworker):
    """A permanent job starting Monday 2 March 2026, recorded the week before."""
    with time_machine.travel(RECORDED, tick=False):
        return start_job(participant, keyworker)


@pytest.fixture
def other_job(other_participant, other_keyworker):
    with time_machine.travel(RECORDED, tick=False):
        return start_job(other_participant, other_keyworker)
