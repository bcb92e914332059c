"""The nightly task stores a claim for every outcome reached, evidence or not,
once: the claims page, its export and the participant's panel say the same
before and after it runs."""

import csv
import datetime
import io
from types import SimpleNamespace

import pytest
from auditlog.models import LogEntry
from django.conf import settings
from django.urls import reverse

from contracts import services, tasks
from contracts.models import Claim, ClaimStage
from tests.inwork_support.conftest import start_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(contract, participant, keyworker):
    """Enrolled in January, in work from 2 March (24 hours at £12.21): job entry
    and 26 weeks at 16 hours reached, and no evidence uploaded, so no claim yet."""
    enrolled = datetime.date(2026, 1, 5)
    answers = {item.pk: (True, "Seen") for item in contract.eligibility_items.all()}
    services.enrol_participant(
        contract=contract,
        participant=participant,
        enrolled_by=keyworker,
        enrolled_on=enrolled,
        answers=answers,
        declaration_signed_on=enrolled,
    )
    start_job(participant, keyworker)
    return SimpleNamespace(contract=contract)


def seen(client, world, participant):
    """What the claims page, its CSV and the participant's panel show."""
    url = reverse("contracts:claims", args=[world.contract.pk])
    board = client.get(url).context["board"]
    exported = client.get(f"{url[:-1]}.csv").content.decode()
    panel = client.get(participant.get_absolute_url()).content.decode()
    sections = {
        section: [
            (r.reference, r.progress.outcome_type.name, r.stage_label) for r in rows
        ]
        for section, rows in board.items()
    }
    return sections, list(csv.reader(io.StringIO(exported))), panel


def test_reached_outcomes_get_one_stored_audited_claim_and_nothing_else_changes(
    client, world, partner_manager, participant
):
    client.force_login(partner_manager)
    assert not Claim.objects.exists()
    before = seen(client, world, participant)

    opened = tasks.open_reached_claims()
    claims = list(Claim.objects.order_by("outcome_type__position"))
    entries = LogEntry.objects.count()
    again = tasks.open_reached_claims()

    assert [c.outcome_type.name for c in claims] == ["Job entry", "Sustained job"]
    assert (opened, again) == (2, 0)
    assert {c.stage for c in claims} == {ClaimStage.ELIGIBLE}
    for claim in claims:
        created = LogEntry.objects.get_for_object(claim)
        assert created.filter(action=LogEntry.Action.CREATE).count() == 1
    assert LogEntry.objects.count() == entries  # the second run changed nothing
    assert Claim.objects.count() == 2
    after = seen(client, world, participant)
    assert after[:2] == before[:2]
    assert {(name, stage) for _ref, name, stage in after[0]["blocked"]} == {
        ("Job entry", "Eligible"),
        ("Sustained job", "Eligible"),
    }
    for panel in (before[2], after[2]):
        assert "Claim: Eligible, needs evidence" in panel


def test_beat_runs_it_nightly():
    entry = settings.CELERY_BEAT_SCHEDULE["open-reached-claims"]
    assert entry["task"] == tasks.open_reached_claims.name
