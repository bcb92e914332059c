"""Employer engagements and messages are audited; a message's text stays out."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from employers import services
from employers.models import EngagementKind
from records.retention import anonymise_participant
from tests.factories import EmployerContactFactory, EmployerFactory

pytestmark = pytest.mark.django_db


def test_an_engagement_is_in_the_trail_and_on_the_participants_audit_page(
    client, participant, keyworker, partner_manager
):
    employer = EmployerFactory()
    with set_actor(keyworker):
        engagement = services.log_engagement(
            employer=employer,
            worker=keyworker,
            participant=participant,
            kind=EngagementKind.MATCHING,
            notes="Talked through the warehouse role.",
        )

    created = LogEntry.objects.get_for_object(engagement).get()
    assert created.actor == keyworker
    assert created.changes["notes"] == ["None", "Talked through the warehouse role."]
    client.force_login(partner_manager)
    trail = client.get(reverse("records:participant-audit", args=[participant.pk]))
    assert "Talked through the warehouse role." in trail.content.decode()


def test_a_sent_message_is_in_the_trail_without_its_text(keyworker):
    employer = EmployerFactory(go_to_person=keyworker)
    contact = EmployerContactFactory(employer=employer)
    with set_actor(contact.user):
        message = services.send_message(
            contact=contact,
            category="question",
            urgent=True,
            body="Can we move Thursday's shift?",
        )

    created = LogEntry.objects.get_for_object(message).get()
    assert created.actor == contact.user
    assert created.changes["urgent"] == ["None", "True"]
    assert created.changes["addressed_to"] == ["None", str(keyworker.pk)]
    assert "body" not in created.changes
    assert "Thursday" not in str(created.changes)


def test_anonymising_a_participant_clears_engagement_notes_and_masks_the_trail(
    participant, keyworker
):
    engagement = services.log_engagement(
        employer=EmployerFactory(),
        worker=keyworker,
        participant=participant,
        kind=EngagementKind.MATCHING,
        notes="Jade's anxiety on the shop floor.",
    )

    anonymise_participant(pk=participant.pk, now=timezone.now())

    engagement.refresh_from_db()
    assert engagement.notes == ""
    created = LogEntry.objects.get_for_object(engagement).get()
    assert "anxiety" not in str(created.changes)
