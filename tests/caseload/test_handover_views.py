"""A leaver's handover page: preview what moves to whom, then confirm."""

import pytest
import time_machine

from accounts.models import Role
from caseload.models import Participant
from employers.models import Employer
from tests.factories import EmployerFactory, ParticipantFactory, UserFactory
from tests.inwork_support.conftest import RECORDED, start_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def leaver(keyworker, other_keyworker):
    with time_machine.travel(RECORDED, tick=False):
        start_job(
            ParticipantFactory(keyworker=keyworker, first_name="Nadia"), keyworker
        )
    EmployerFactory(name="Bright Bakery", go_to_person=keyworker)
    return keyworker


def url(worker):
    return f"/caseload/team/{worker.pk}/handover/"


def test_the_preview_lists_what_moves_and_to_whom_before_anything_moves(
    client, leaver, other_keyworker, partner_manager
):
    client.force_login(partner_manager)

    response = client.post(url(leaver), {"to_worker": other_keyworker.pk})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Nadia" in page
    assert "Bright Bakery" in page
    assert f"Hand over to {other_keyworker}" in page
    assert Participant.objects.filter(keyworker=leaver).exists()


def test_confirming_the_preview_moves_everything(
    client, leaver, other_keyworker, partner_manager
):
    client.force_login(partner_manager)
    page = client.post(url(leaver), {"to_worker": other_keyworker.pk})

    response = client.post(
        url(leaver),
        {"to_worker": other_keyworker.pk, "seen": page.context["seen"]},
    )

    assert response.status_code == 302
    assert not Participant.objects.filter(keyworker=leaver).exists()
    assert Employer.objects.get(name="Bright Bakery").go_to_person == other_keyworker


def test_a_confirm_after_the_holdings_changed_shows_the_new_preview_instead(
    client, leaver, other_keyworker, partner_manager
):
    client.force_login(partner_manager)
    page = client.post(url(leaver), {"to_worker": other_keyworker.pk})
    ParticipantFactory(keyworker=leaver, first_name="Tomasz")  # registered meanwhile

    response = client.post(
        url(leaver),
        {
            "to_worker": other_keyworker.pk,
            "reason": "Left on Friday",
            "seen": page.context["seen"],
        },
    )

    assert response.status_code == 409
    assert "changed after you looked" in response.content.decode()
    assert "Tomasz" in response.content.decode()
    assert "Left on Friday" in response.content.decode()
    assert Participant.objects.filter(keyworker=leaver).count() == 2


def test_a_worker_at_another_partner_cannot_be_handed_over(
    client, keyworker_elsewhere, partner_manager
):
    client.force_login(partner_manager)

    assert client.get(url(keyworker_elsewhere)).status_code == 404


def test_the_handover_page_runs_a_bounded_number_of_queries(
    client, leaver, other_keyworker, partner_manager, django_assert_max_num_queries
):
    for _ in range(5):
        ParticipantFactory(keyworker=leaver)
    client.force_login(partner_manager)

    with django_assert_max_num_queries(15):
        client.post(url(leaver), {"to_worker": other_keyworker.pk})


def test_the_team_page_offers_the_handover(client, keyworker, partner_manager):
    client.force_login(partner_manager)

    page = client.get("/caseload/team/").content.decode()

    assert url(keyworker) in page
    assert "Hand over everything" in page


def test_only_frontline_colleagues_can_take_it_over(
    client, leaver, partner_manager, partner
):
    client.force_login(partner_manager)
    other_manager = UserFactory(role=Role.PARTNER_MANAGER, delivery_partner=partner)

    response = client.post(url(leaver), {"to_worker": other_manager.pk})

    assert "Select a valid choice" in response.content.decode()
