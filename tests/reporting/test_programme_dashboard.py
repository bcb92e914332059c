"""The programme dashboard: aggregates only, small numbers hidden, filters."""

import csv
import datetime
import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caseload.models import Gender, StatusAtStart
from reporting.metrics import METRICS, Filters, figures
from reporting.metrics.figure import ROUNDING_NOTE
from tests.factories import ContactFactory, EmploymentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 20)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC))


@pytest.fixture
def programme(keyworker, keyworker_elsewhere):
    """Seven people engaged at Northside (three found jobs), one at Riverside."""
    people = [
        ParticipantFactory(
            keyworker=keyworker,
            last_name="Secretname",
            status_at_start=StatusAtStart.UNEMPLOYED,
            gender=Gender.FEMALE if i < 6 else Gender.MALE,
        )
        for i in range(7)
    ]
    for person in people[:3]:
        EmploymentFactory(participant=person, start_date=datetime.date(2026, 2, 2))
    ContactFactory(participant=people[0], notes="Private case note")
    ParticipantFactory(keyworker=keyworker_elsewhere, last_name="Elsewhere")
    return people


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_shows_aggregates_and_never_names_notes_or_case_links(
    client, programme_manager, programme
):
    client.force_login(programme_manager)

    page = client.get(reverse("reporting:programme-dashboard")).content.decode()

    assert "Participants engaged" in page
    # Eight engaged, published rounded to the nearest 5.
    assert '<td class="text-end">10</td>' in page
    for secret in ("Secretname", "Elsewhere", "Private case note", "/caseload/"):
        assert secret not in page


def test_counts_under_five_are_shown_as_less_than_five(
    client, programme_manager, programme
):
    client.force_login(programme_manager)

    page = client.get(reverse("reporting:programme-dashboard")).content.decode()
    response = client.get(reverse("reporting:programme-csv", args=["outcomes"]))

    assert "&lt;5" in page
    assert csv_rows(response)[1:3] == [
        ["Participants engaged", "10", "", "", ""],
        ["(i) Unemployment to employment", "<5", "*", "10", "*"],
    ]


def test_each_csv_holds_exactly_the_rows_of_its_figure(
    client, programme_manager, programme
):
    client.force_login(programme_manager)
    shown = figures.programme_figures(Filters.last_year(TODAY))

    for figure in shown:
        response = client.get(reverse("reporting:programme-csv", args=[figure.slug]))
        assert csv_rows(response) == [
            figure.columns,
            *figure.rows,
            [],
            [ROUNDING_NOTE],
        ], figure.slug


def test_every_figure_links_to_its_definition(client, programme_manager, programme):
    client.force_login(programme_manager)

    page = client.get(reverse("reporting:programme-dashboard")).content.decode()

    for figure in figures.programme_figures(Filters.last_year(TODAY)):
        assert figure.metric in METRICS
        assert f"{reverse('reporting:definitions')}#{figure.metric}" in page
    definitions = client.get(reverse("reporting:definitions")).content.decode()
    for key in METRICS:
        assert f'id="{key}"' in definitions


def test_filters_narrow_the_figures(client, programme_manager, programme, partner):
    client.force_login(programme_manager)
    url = reverse("reporting:programme-csv", args=["outcomes"])

    by_partner = csv_rows(client.get(url, {"partner": other_id(partner)}))
    women = csv_rows(client.get(url, {"gender": Gender.FEMALE}))

    assert by_partner[1] == ["Participants engaged", "<5", "", "", ""]
    assert women[1] == ["Participants engaged", "5", "", "", ""]  # six, rounded


def other_id(partner):
    from accounts.models import DeliveryPartner

    return DeliveryPartner.objects.exclude(pk=partner.pk).get().pk


def test_bad_filters_are_explained_and_keep_what_was_typed(
    client, programme_manager, programme
):
    client.force_login(programme_manager)

    response = client.get(
        reverse("reporting:programme-dashboard"),
        {"start": "2026-03-01", "end": "2026-01-01", "gender": Gender.FEMALE},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "The end date must be on or after the start date." in page
    assert 'value="2026-03-01"' in page
    assert f'value="{Gender.FEMALE}" selected' in page


def test_the_admin_may_read_the_programme_dashboard(client, admin_user, programme):
    client.force_login(admin_user)

    response = client.get(reverse("reporting:programme-dashboard"))

    assert response.status_code == 200
    assert "Programme dashboard" in response.content.decode()


def test_figures_are_kept_for_a_few_minutes_and_say_when_they_were_computed(
    client, programme_manager, settings
):
    settings.PROGRAMME_FIGURES_CACHE_SECONDS = 300
    cache.clear()
    client.force_login(programme_manager)
    url = reverse("reporting:programme-dashboard")
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as again:
        response = client.get(url)
    cache.clear()

    assert "Figures as of" in response.content.decode()
    # Only sign-in and the filter form's partner list remain on the second visit.
    assert len(again) < len(first) - 5


def test_the_beat_task_computes_the_default_view_ahead_of_its_visitors(
    client, programme_manager, settings
):
    from reporting.tasks import refresh_programme_figures

    settings.PROGRAMME_FIGURES_CACHE_SECONDS = 300
    cache.clear()
    client.force_login(programme_manager)
    url = reverse("reporting:programme-dashboard")
    with CaptureQueriesContext(connection) as cold:
        client.get(url)
    cache.clear()

    refresh_programme_figures.apply()
    with CaptureQueriesContext(connection) as warm:
        response = client.get(url)
    cache.clear()

    assert response.status_code == 200
    assert len(warm) < len(cold) - 5
