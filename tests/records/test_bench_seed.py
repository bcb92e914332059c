"""The benchmark seed is bulk SQL, not the services, yet every record it makes is one
the services could have made: check_records finds nothing in it."""

import importlib.util
from pathlib import Path

import pytest
from django.db import connection

from caseload.models import Outcome, OutcomeKind, Participant, PathwayStage
from inwork_support.models import CheckIn, CheckInStatus, Employment
from records.checks import count_by_kind, run_checks
from tests.conftest import missing

SEED = Path(__file__).resolve().parents[2] / "bench" / "seed.py"


def _bench_seed():
    spec = importlib.util.spec_from_file_location("bench_seed", SEED)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.real_stack
@pytest.mark.django_db
def test_a_small_bench_seed_breaks_no_record_rule():
    if connection.vendor != "postgresql":
        missing("PostgreSQL (the bench seed uses generate_series)")

    _bench_seed().seed(scale=0.01)

    # It built what the rules are about, so finding nothing means something.
    assert Employment.objects.count() > 20
    assert CheckIn.objects.filter(status=CheckInStatus.DONE).exists()
    assert Employment.objects.filter(reached_six_months=True).exists()
    assert Participant.objects.filter(pathway_stage=PathwayStage.EXITED).exists()
    assert Outcome.objects.filter(kind=OutcomeKind.SUSTAINED_6).exists()
    assert count_by_kind(run_checks()) == {}
