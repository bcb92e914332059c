"""Retention in exact counts for a partner manager's own partner (whose people
they may open by name); the programme figures stay suppressed for everyone."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import EmploymentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
FOUR_WEEKS_WITHOUT = (1, 5)  # (row, column) of "First four weeks, without: in work"


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC))


@pytest.fixture
def three_jobs(keyworker, keyworker_elsewhere):
    """Three unsupported jobs at the partner past four weeks, seven elsewhere."""
    for worker, n in ((keyworker, 3), (keyworker_elsewhere, 7)):
        for _ in range(n):
            EmploymentFactory(
                participant=ParticipantFactory(keyworker=worker),
                start_date=datetime.date(2026, 1, 5),
            )


def cell(figure, row_column):
    row, column = row_column
    return figure.rows[row][column], figure.links[row_column]


def test_a_partner_manager_sees_their_own_partners_exact_count_and_its_names(
    client, partner_manager, three_jobs
):
    client.force_login(partner_manager)

    page = client.get(reverse("reporting:partner-dashboard"))
    shown, key = cell(page.context["retention"], FOUR_WEEKS_WITHOUT)
    listed = client.get(reverse("reporting:figure-records", args=["retention", key]))

    assert (shown, key) == ("3", "four_weeks.without.reached")
    assert len(listed.context["records"]) == 3
    assert "Exact counts" in page.content.decode()


@pytest.mark.parametrize("role", ["partner_manager", "programme_manager"])
def test_the_programme_figures_stay_suppressed(client, request, role, three_jobs):
    client.force_login(request.getfixturevalue(role))

    page = client.get(reverse("reporting:programme-dashboard"))

    retention = next(f for f in page.context["figures"] if f.slug == "retention")
    shown, _key = cell(retention, FOUR_WEEKS_WITHOUT)
    everyone_or_own = "<5" if role == "partner_manager" else "10"
    assert shown == everyone_or_own
    assert "Exact counts" not in page.content.decode()
