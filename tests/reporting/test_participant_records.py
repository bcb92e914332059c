"""A manager reads a participant's audit trail and subject access export."""

import json

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caseload.models import Participant
from tests.factories import BarrierFactory, ContactFactory, EmploymentFactory

pytestmark = pytest.mark.django_db

PAGES = ["records:participant-audit", "records:subject-access"]


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("partner_manager", 200),
        ("other_partner_manager", 404),
        ("keyworker", 403),
        ("iwso", 403),
        ("programme_manager", 403),
        ("employer_contact", 403),
        ("admin_user", 403),
    ],
)
def test_only_the_partners_manager_can_open_a_participants_records(
    client, request, participant, page, persona, status
):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse(page, args=[participant.pk]))

    assert response.status_code == status


@pytest.mark.parametrize("page", PAGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, participant, page):
    response = client.get(reverse(page, args=[participant.pk]))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_the_trail_shows_who_changed_what_from_and_to(
    client, participant, partner_manager, keyworker
):
    client.force_login(keyworker)
    # A change made inside a request is attributed to the signed-in user.
    from auditlog.context import set_actor

    with set_actor(keyworker):
        participant.phone = "07700 900123"
        participant.save()
    client.force_login(partner_manager)

    response = client.get(reverse("records:participant-audit", args=[participant.pk]))

    body = response.content.decode()
    assert "07700 900123" in body
    assert str(keyworker) in body


def test_the_trail_includes_changes_to_related_records(
    client, participant, partner_manager, other_participant
):
    BarrierFactory(participant=participant, note="Rent arrears")
    BarrierFactory(participant=other_participant, note="Someone else's barrier")
    client.force_login(partner_manager)

    response = client.get(reverse("records:participant-audit", args=[participant.pk]))

    body = response.content.decode()
    assert "Rent arrears" in body
    assert "Someone else" not in body


def test_the_trail_runs_the_same_queries_however_long_it_is(
    client, participant, partner_manager
):
    client.force_login(partner_manager)
    url = reverse("records:participant-audit", args=[participant.pk])
    client.get(url)
    ContactFactory.create_batch(3, participant=participant)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    ContactFactory.create_batch(30, participant=participant)
    with CaptureQueriesContext(connection) as many:
        client.get(url)

    assert len(many.captured_queries) == len(few.captured_queries) <= 15


def test_the_trail_cannot_be_edited_in_the_admin(client, admin_user, participant):
    entry = LogEntry.objects.get_for_object(participant).first()
    client.force_login(admin_user)

    change = client.post(
        reverse("admin:auditlog_logentry_change", args=[entry.pk]), {"changes": "{}"}
    )
    delete = client.post(
        reverse("admin:auditlog_logentry_delete", args=[entry.pk]), {"post": "yes"}
    )

    assert LogEntry.objects.filter(pk=entry.pk).exists()
    assert change.status_code in (302, 403)
    assert delete.status_code in (302, 403)


def test_subject_access_export_holds_every_record_as_json(
    client, participant, partner_manager
):
    ContactFactory(participant=participant, notes="Talked about the interview")
    EmploymentFactory(participant=participant, job_title="Porter")
    client.force_login(partner_manager)

    response = client.get(
        reverse("records:subject-access", args=[participant.pk]) + "?format=json"
    )

    data = json.loads(response.content)
    assert response["Content-Disposition"].startswith("attachment")
    assert data["Participants"][0]["first name"] == participant.first_name
    assert data["Contacts"][0]["notes"] == "Talked about the interview"
    assert data["Employments"][0]["job title"] == "Porter"


def test_opening_the_export_is_itself_recorded(client, participant, partner_manager):
    client.force_login(partner_manager)

    client.get(reverse("records:subject-access", args=[participant.pk]))

    access = LogEntry.objects.get_for_object(participant).filter(
        action=LogEntry.Action.ACCESS
    )
    assert access.get().actor == partner_manager
    assert Participant.objects.filter(pk=participant.pk).exists()


def test_opening_a_participants_page_is_recorded_with_who_opened_it(
    client, participant, keyworker
):
    client.force_login(keyworker)

    client.get(reverse("caseload:participant-detail", args=[participant.pk]))

    access = LogEntry.objects.get_for_object(participant).filter(
        action=LogEntry.Action.ACCESS
    )
    assert access.get().actor == keyworker
