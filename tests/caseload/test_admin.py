"""Support staff find participants, contacts, assignments and concerns in the admin."""

import pytest
from django.urls import reverse

from tests.caseload.factories import ConcernFactory
from tests.factories import BarrierFactory, ContactFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["participant", "contact", "keyworkerassignment", "safeguardingconcern"]
)
def test_admin_lists_open(client, admin_user, participant, model):
    ContactFactory(participant=participant)
    ConcernFactory(participant=participant)
    client.force_login(admin_user)

    response = client.get(reverse(f"admin:caseload_{model}_changelist"))

    assert response.status_code == 200


def test_participant_admin_shows_barriers_inline(client, admin_user, participant):
    BarrierFactory(participant=participant, note="Rent arrears since October")
    client.force_login(admin_user)

    response = client.get(
        reverse("admin:caseload_participant_change", args=[participant.pk])
    )

    assert "Rent arrears since October" in response.content.decode()
