"""Dashboards and exports run a fixed number of queries, whatever the data size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import UserFactory
from tests.reporting.factories import bulk_programme

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 20)
MANY = 10_000
BUDGET = 15  # DESIGN.md: at most 15 queries per page


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC))


@pytest.fixture
def workers(keyworker, other_keyworker, keyworker_elsewhere, iwso):
    return [keyworker, other_keyworker, keyworker_elsewhere, iwso]


def queries(client, url: str, *, trail: bool = True) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    if trail:
        return len(captured)
    # Recording what was read is one insert on PostgreSQL, but SQLite allows 999
    # parameters a statement, so Django splits it every 66 audit entries.
    read = [q for q in captured if q["sql"].startswith(TRAIL_INSERT)]
    assert read
    return len(captured) - len(read)


TRAIL_INSERT = 'INSERT INTO "auditlog_logentry"'


PROGRAMME_URLS = [
    reverse("reporting:programme-dashboard"),
    reverse("reporting:programme-dashboard") + "?partner=1&gender=female",
    reverse("reporting:programme-csv", args=["retention"]),
    reverse("reporting:programme-csv", args=["support-by-month"]),
]


@pytest.mark.parametrize("url", PROGRAMME_URLS)
def test_programme_pages_run_the_same_queries_at_10_and_10000_participants(
    client, programme_manager, workers, url
):
    client.force_login(programme_manager)
    bulk_programme(workers, 10, TODAY)
    few = queries(client, url)

    bulk_programme(workers, MANY, TODAY)
    many = queries(client, url)

    assert few == many
    assert many <= BUDGET


@pytest.mark.parametrize(
    "name", ["reporting:partner-dashboard", "reporting:partner-csv"]
)
def test_team_pages_run_the_same_queries_at_10_and_10000_participants(
    client, partner_manager, workers, name
):
    client.force_login(partner_manager)
    bulk_programme(workers, 10, TODAY)
    few = queries(client, reverse(name))

    for n in range(20):
        UserFactory(delivery_partner=partner_manager.delivery_partner, username=f"w{n}")
    bulk_programme(workers, MANY, TODAY)
    many = queries(client, reverse(name))

    assert few == many
    assert many <= BUDGET


def test_a_drill_down_runs_the_same_queries_at_10_and_10000_participants(
    client, partner_manager, keyworker, workers
):
    client.force_login(partner_manager)
    url = reverse("reporting:worker-records", args=[keyworker.pk, "contacts_30d"])
    bulk_programme(workers, 10, TODAY)
    client.get(url)  # content types for the trail are read once per process
    few = queries(client, url, trail=connection.vendor == "postgresql")

    bulk_programme(workers, 1000, TODAY)
    many = queries(client, url, trail=connection.vendor == "postgresql")

    assert few == many
