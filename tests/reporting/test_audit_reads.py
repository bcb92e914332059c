"""Exports, drill-downs and subject access exports are recorded as what they were."""

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from accounts.models import DeliveryPartner
from tests.factories import ContactFactory, ParticipantFactory

pytestmark = pytest.mark.django_db

ACCESS = LogEntry.Action.ACCESS


def reads_by(user):
    return LogEntry.objects.filter(action=ACCESS, actor=user)


def test_a_team_export_is_recorded_against_the_partner(
    client, partner, partner_manager
):
    client.force_login(partner_manager)

    client.get(reverse("reporting:partner-csv"))

    read = reads_by(partner_manager).get()
    assert read.content_type.model_class() is DeliveryPartner
    assert read.object_id == partner.pk
    assert read.additional_data == {"read": "export", "export": "team dashboard"}


def test_a_programme_export_names_the_figure_and_filters_for_each_partner_it_covers(
    client, partner, other_partner, programme_manager
):
    client.force_login(programme_manager)
    url = reverse("reporting:programme-csv", args=["outcomes"])

    client.get(url, {"start": "2026-01-01", "end": "2026-03-31", "gender": "female"})
    client.get(url, {"start": "2026-01-01", "end": "2026-03-31", "partner": partner.pk})

    everyone, one_partner = (
        reads_by(programme_manager).filter(additional_data__filters__gender="female"),
        reads_by(programme_manager).filter(
            additional_data__filters__partner=partner.pk
        ),
    )
    assert sorted(r.object_id for r in everyone) == sorted(
        DeliveryPartner.objects.values_list("pk", flat=True)
    )
    assert everyone[0].additional_data == {
        "read": "export",
        "export": "outcomes.csv",
        "filters": {"from": "2026-01-01", "to": "2026-03-31", "gender": "female"},
    }
    assert [r.object_id for r in one_partner] == [partner.pk]


def test_a_drill_down_records_the_figure_and_each_record_opened(
    client, keyworker, partner_manager
):
    participants = ParticipantFactory.create_batch(2, keyworker=keyworker)
    ContactFactory(participant=participants[0])  # not part of this figure
    client.force_login(partner_manager)

    client.get(
        reverse("reporting:worker-records", args=[keyworker.pk, "active_caseload"])
    )

    reads = reads_by(partner_manager)
    assert sorted((r.content_type.model, r.object_id) for r in reads) == sorted(
        [("user", keyworker.pk)] + [("participant", p.pk) for p in participants]
    )
    assert reads[0].additional_data == {
        "read": "drill-down",
        "figure": "Active caseload",
        "worker": str(keyworker),
    }
    trail = client.get(
        reverse("records:participant-audit", args=[participants[0].pk])
    ).content.decode()
    assert "Read: drill-down (figure: Active caseload" in trail


def test_a_subject_access_export_is_told_apart_from_a_page_view(
    client, participant, keyworker, partner_manager
):
    client.force_login(keyworker)
    client.get(participant.get_absolute_url())
    client.force_login(partner_manager)

    client.get(
        reverse("records:subject-access", args=[participant.pk]), {"format": "json"}
    )

    export = reads_by(partner_manager).get()
    assert export.additional_data == {
        "read": "subject access export",
        "format": "JSON",
    }
    trail = client.get(
        reverse("records:participant-audit", args=[participant.pk])
    ).content.decode()
    assert "Subject access export (JSON)" in trail
    assert "Page opened" in trail
