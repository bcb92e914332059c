"""Today's outcome clocks card: each worker's own enrolments, request after request.

The card's enrolment query is built once per process (the clock inputs' six
annotations) and filtered per request: nothing of one request's filter may
reach the next.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse

from contracts.models import Enrolment, NationalLivingWageRate
from contracts.services.progress import CLOCK_INPUTS, with_clock_inputs
from contracts.templatetags.contract_tags import _enrolments_with_clock_inputs
from tests.factories import ParticipantFactory

from .test_query_counts import NOW, add_jobs, enrol, queries

pytestmark = pytest.mark.django_db


def test_each_worker_sees_only_their_own_enrolments_clocks(
    client, contract, keyworker, other_keyworker
):
    mine = ParticipantFactory(keyworker=keyworker, first_name="Mine")
    theirs = ParticipantFactory(keyworker=other_keyworker, first_name="Theirs")
    for participant in (mine, theirs):
        enrol(contract, participant)
        add_jobs(participant, 1)
    pages = {}
    with time_machine.travel(NOW, tick=False):
        for worker in (keyworker, other_keyworker, keyworker):
            client.force_login(worker)
            pages.setdefault(worker, []).append(
                queries(client, reverse("inwork_support:today"))[0]
            )

    for worker, own, other in (
        (keyworker, mine, theirs),
        (other_keyworker, theirs, mine),
    ):
        for html in pages[worker]:
            assert html.count("Job entry:</strong> achieved") == 1
            assert own.display_name in html
            assert other.display_name not in html


def test_an_exited_participants_clocks_leave_the_card(client, contract, keyworker):
    participant = ParticipantFactory(keyworker=keyworker)
    enrol(contract, participant)
    add_jobs(participant, 1)
    client.force_login(keyworker)
    url = reverse("inwork_support:today")
    with time_machine.travel(NOW, tick=False):
        before = queries(client, url)[0]
        participant.pathway_stage = "exited"
        participant.exit_date = datetime.date(2026, 5, 29)
        participant.save()
        after = queries(client, url)[0]

    assert participant.display_name in before
    assert "Outcomes close or closing" not in after


def test_the_cards_clock_inputs_are_with_clock_inputs_own(contract, keyworker):
    """Compiled once per process, they read the same rows, edits included."""
    participant = ParticipantFactory(keyworker=keyworker)
    enrol(contract, participant)
    add_jobs(participant, 2)

    def both():
        card = _enrolments_with_clock_inputs().values(*CLOCK_INPUTS).get()
        own = with_clock_inputs(Enrolment.objects.all()).values(*CLOCK_INPUTS).get()
        return card, own

    card, own = both()
    assert card == own
    assert len(card["clock_jobs"]) == 2
    assert len(card["clock_terms"]) == 6  # each job's first terms and two changes
    NationalLivingWageRate.objects.create(
        effective_from=datetime.date(2027, 4, 1), hourly_rate=Decimal("13.10")
    )
    add_jobs(participant, 1)

    card, own = both()
    assert card == own
    assert len(card["clock_jobs"]) == 3
    april = [r for r in card["clock_rates"] if r["effective_from"] == "2027-04-01"]
    assert [Decimal(str(r["hourly_rate"])) for r in april] == [Decimal("13.10")]
