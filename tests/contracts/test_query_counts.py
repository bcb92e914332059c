"""Outcome clocks cost the same few queries whatever the participant's history.

The participant page and Today read every enrolment with what its clocks need
(outcome types, claims, jobs, terms, education, the living wage table) in one
query: more jobs, more terms or more enrolled participants add none.
"""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from contracts import services
from inwork_support.models import ContractType
from inwork_support.services import change_terms
from tests.factories import ParticipantFactory
from tests.inwork_support.conftest import start_job
from tests.inwork_support.test_pages import TODAY_QUERIES

pytestmark = pytest.mark.django_db

ENROLLED = datetime.date(2026, 1, 5)
NOW = datetime.datetime(2026, 6, 1, 9, 0, tzinfo=datetime.UTC)


def enrol(contract, participant):
    items = contract.eligibility_items.values_list("pk", flat=True)
    with time_machine.travel(datetime.datetime(2026, 1, 5, 10, tzinfo=datetime.UTC)):
        return services.enrol_participant(
            contract=contract,
            participant=participant,
            enrolled_by=participant.keyworker,
            enrolled_on=ENROLLED,
            answers=dict.fromkeys(items, (True, "Seen")),
            declaration_signed_on=ENROLLED,
        )


def add_jobs(participant, count):
    """`count` more jobs from February, each with two changes of terms."""
    with time_machine.travel(datetime.datetime(2026, 2, 2, 10, tzinfo=datetime.UTC)):
        for n in range(count):
            job = start_job(participant, start_date=datetime.date(2026, 2, 2 + n))
            for weeks, hours in ((4, "20.0"), (8, "30.0")):
                change_terms(
                    employment=job,
                    recorded_by=participant.keyworker,
                    effective_from=job.start_date + datetime.timedelta(weeks=weeks),
                    hours_per_week=Decimal(hours),
                    hourly_pay=Decimal("12.71"),
                    contract_type=ContractType.PERMANENT,
                    location="",
                )


def queries(client, url):
    client.get(url)  # warm the session
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"] for q in captured.captured_queries]


@pytest.mark.parametrize("persona", ["keyworker", "iwso", "partner_manager"])
def test_the_participant_page_of_someone_enrolled_in_work_stays_within_budget(
    client, request, contract, keyworker, iwso, persona
):
    participant = ParticipantFactory(keyworker=keyworker, in_work_support_officer=iwso)
    enrol(contract, participant)
    client.force_login(request.getfixturevalue(persona))
    counts = []
    for jobs in (1, 4):
        add_jobs(participant, jobs)
        with time_machine.travel(NOW, tick=False):
            html, sql = queries(client, participant.get_absolute_url())
        assert "Sustained job:" in html
        assert "Job entry:</strong> achieved 2 Feb 2026" in html
        counts.append(len(sql))

    assert counts[0] == counts[1], sql
    assert counts[1] <= 15, "\n".join(s[:90] for s in sql)


@pytest.mark.parametrize("enrolled", [1, 10])
def test_today_reads_every_enrolled_participants_clocks_in_one_query(
    client, contract, keyworker, enrolled
):
    for _ in range(enrolled):
        participant = ParticipantFactory(keyworker=keyworker)
        enrol(contract, participant)
        add_jobs(participant, 2)
    client.force_login(keyworker)
    with time_machine.travel(NOW, tick=False):
        html, sql = queries(client, reverse("inwork_support:today"))

    assert html.count("Job entry:</strong> achieved") == enrolled
    assert len(sql) == TODAY_QUERIES <= 15, sql
