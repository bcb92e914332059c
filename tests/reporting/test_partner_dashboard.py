"""The partner manager's team dashboard and its drill-downs."""

import csv
import dataclasses
import datetime
import io

import pytest
from django.urls import reverse

from caseload.models import PathwayStage
from reporting.metrics import Filters, figures
from tests.factories import (
    ContactFactory,
    EmployerMessageFactory,
    EmploymentFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC))


def test_each_worker_has_a_row_whose_numbers_link_to_their_records(
    client,
    partner_manager,
    keyworker,
    other_keyworker,
    participant,
    keyworker_elsewhere,
):
    client.force_login(partner_manager)

    page = client.get(reverse("reporting:partner-dashboard")).content.decode()

    assert "Amira" in page
    assert str(other_keyworker) in page
    assert str(keyworker_elsewhere) not in page
    url = reverse("reporting:worker-records", args=[keyworker.pk, "active_caseload"])
    assert f'href="{url}"' in page
    assert "1 / 80" in page
    assert reverse("reporting:definitions") + "#checkins_overdue" in page


def test_a_worker_over_the_cap_is_highlighted(
    client, partner, partner_manager, keyworker
):
    partner.caseload_cap = 1
    partner.save()
    ParticipantFactory.create_batch(2, keyworker=keyworker)
    client.force_login(partner_manager)

    page = client.get(reverse("reporting:partner-dashboard")).content.decode()

    assert "2 / 1" in page
    assert "table-warning fw-semibold" in page
    # The narrow screens' card says so too, and each number is named for a
    # screen reader by its column and worker.
    assert "align-items-center list-group-item-warning" in page
    label = f"Active caseload (cap) for {keyworker}: 2 / 1"
    assert page.count(f'aria-label="{label}">2 / 1</a>') == 2


def test_a_workers_name_is_escaped_in_every_cell(client, partner_manager, keyworker):
    keyworker.first_name, keyworker.last_name = 'Zoë "Z"', "O'Neil & <Sons>"
    keyworker.save()
    client.force_login(partner_manager)

    page = client.get(reverse("reporting:partner-dashboard")).content.decode()

    escaped = "Zoë &quot;Z&quot; O&#x27;Neil &amp; &lt;Sons&gt;"
    label = f"Check-ins overdue for {escaped}: 0"
    assert page.count(f'aria-label="{label}">0</a>') == 2  # table and card
    assert "<Sons>" not in page


def test_drill_down_lists_the_participants_behind_the_number(
    client, partner_manager, keyworker, participant
):
    exited = ParticipantFactory(
        keyworker=keyworker,
        last_name="Gone",
        pathway_stage=PathwayStage.EXITED,
        exit_date=datetime.date(2026, 2, 1),
    )
    client.force_login(partner_manager)
    url = reverse("reporting:worker-records", args=[keyworker.pk, "active_caseload"])

    page = client.get(url).content.decode()

    assert participant.display_name in page
    assert participant.get_absolute_url() in page
    assert exited.last_name not in page
    assert "1 record" in page


@pytest.mark.parametrize(
    ("metric", "shown"),
    [
        ("contacts_30d", "Phone, 20 min"),
        ("out_of_hours_30d", "out of hours"),
        ("unanswered_messages", "rota"),
    ],
)
def test_each_kind_of_drill_down_shows_its_records(
    client, partner_manager, keyworker, participant, metric, shown
):
    ContactFactory(
        participant=participant,
        happened_at=datetime.datetime(2026, 3, 18, 20, tzinfo=datetime.UTC),
        out_of_hours=True,
    )
    EmployerMessageFactory(addressed_to=keyworker)
    client.force_login(partner_manager)

    page = client.get(
        reverse("reporting:worker-records", args=[keyworker.pk, metric])
    ).content.decode()

    assert "1 record" in page
    assert shown in page


def test_team_csv_has_the_dashboard_numbers(
    client, partner_manager, keyworker, participant
):
    client.force_login(partner_manager)

    response = client.get(reverse("reporting:partner-csv"))

    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Type"].startswith("text/csv")
    assert rows[0][:3] == ["Worker", "Active caseload (cap)", "In work"]
    assert any(row[:3] == [str(keyworker), "1 / 80", "0"] for row in rows)


def test_the_dashboard_shows_retention_for_the_managers_own_partner(
    client, partner_manager, keyworker, keyworker_elsewhere
):
    """The programme's retention figure, cut to the manager's partner."""
    for worker in (keyworker, keyworker_elsewhere):
        for n in range(6):
            EmploymentFactory(
                participant=ParticipantFactory(keyworker=worker),
                start_date=datetime.date(2026, 1, 5) + datetime.timedelta(days=n),
            )
    client.force_login(partner_manager)
    today = datetime.date(2026, 3, 20)
    everyone = Filters.last_year(today)
    own = dataclasses.replace(everyone, partner_id=partner_manager.delivery_partner_id)

    response = client.get(reverse("reporting:partner-dashboard"))

    shown = response.context["retention"]
    assert shown.rows == figures.partner_retention(own).rows
    assert shown.rows != figures.figure("retention", own).rows  # exact, not rounded
    assert shown.rows != figures.figure("retention", everyone).rows
    assert 'id="figure-retention"' in response.content.decode()
