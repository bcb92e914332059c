"""Who may open each reporting page: the role matrix for every view."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "keyworker",
    "iwso",
    "partner_manager",
    "other_partner_manager",
    "programme_manager",
    "employer_contact",
    "admin_user",
]


def get_as(client, request, role, url):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    return client.get(url)


def expect(response, status):
    if status == "login":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == status


TEAM = dict(zip(ROLES, ["login", 403, 403, 200, 200, 403, 403, 403], strict=True))
# Programme figures: programme staff, and partner managers for their own partner.
PROGRAMME = dict(zip(ROLES, ["login", 403, 403, 200, 200, 200, 403, 200], strict=True))
DEFINITIONS = dict(
    zip(ROLES, ["login", 200, 200, 200, 200, 200, 403, 200], strict=True)
)
# Drill-downs into a worker of "partner": only that partner's managers.
WORKER_RECORDS = dict(
    zip(ROLES, ["login", 403, 403, 200, 404, 403, 403, 403], strict=True)
)


@pytest.mark.parametrize(("role", "status"), TEAM.items())
@pytest.mark.parametrize(
    "name", ["reporting:partner-dashboard", "reporting:partner-csv"]
)
def test_team_dashboard_is_for_partner_managers(client, request, role, status, name):
    expect(get_as(client, request, role, reverse(name)), status)


@pytest.mark.parametrize(("role", "status"), PROGRAMME.items())
def test_programme_dashboard_is_for_the_programme(client, request, role, status):
    url = reverse("reporting:programme-dashboard")
    expect(get_as(client, request, role, url), status)


@pytest.mark.parametrize(("role", "status"), PROGRAMME.items())
def test_programme_csv_is_for_the_programme(client, request, role, status):
    url = reverse("reporting:programme-csv", args=["outcomes"])
    expect(get_as(client, request, role, url), status)


@pytest.mark.parametrize(("role", "status"), PROGRAMME.items())
def test_figure_records_are_for_the_figures_readers(client, request, role, status):
    url = reverse(
        "reporting:figure-records", args=["retention", "six_months.with.reached"]
    )
    expect(get_as(client, request, role, url), status)


def test_an_unknown_figure_cell_is_not_found(client, programme_manager):
    client.force_login(programme_manager)

    for figure, cell in [("names", "x"), ("retention", "six_months.with.names")]:
        url = reverse("reporting:figure-records", args=[figure, cell])
        assert client.get(url).status_code == 404


@pytest.mark.parametrize(("role", "status"), DEFINITIONS.items())
def test_definitions_are_for_all_staff(client, request, role, status):
    expect(get_as(client, request, role, reverse("reporting:definitions")), status)


@pytest.mark.parametrize(("role", "status"), WORKER_RECORDS.items())
def test_worker_records_are_for_that_partners_managers(
    client, request, role, status, keyworker, participant
):
    url = reverse("reporting:worker-records", args=[keyworker.pk, "active_caseload"])
    expect(get_as(client, request, role, url), status)


def test_a_manager_cannot_drill_into_another_partners_worker(
    client, partner_manager, keyworker_elsewhere
):
    client.force_login(partner_manager)
    url = reverse(
        "reporting:worker-records", args=[keyworker_elsewhere.pk, "active_caseload"]
    )

    assert client.get(url).status_code == 404


def test_an_unknown_measure_is_not_found(client, partner_manager, keyworker):
    client.force_login(partner_manager)
    url = reverse("reporting:worker-records", args=[keyworker.pk, "salary"])

    assert client.get(url).status_code == 404


def test_an_unknown_figure_is_not_found(client, programme_manager):
    client.force_login(programme_manager)

    response = client.get(reverse("reporting:programme-csv", args=["names"]))

    assert response.status_code == 404


@pytest.mark.parametrize(
    "page",
    ["participant-detail", "participant-edit", "log-contact", "participant-exit"],
)
def test_a_programme_manager_cannot_open_any_participant_page(
    client, programme_manager, participant, participant_elsewhere, page
):
    client.force_login(programme_manager)

    for person in (participant, participant_elsewhere):
        response = client.get(reverse(f"caseload:{page}", args=[person.pk]))
        # Case records are out of scope for the programme: never a 200.
        assert response.status_code in (403, 404)
        assert person.last_name not in response.content.decode()
