"""Job changes made by conditional updates, and job pages read, are audited."""

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.urls import reverse

from caseload.models import PathwayStage
from inwork_support import services
from inwork_support.models import CheckInKind, CheckInStatus, EndReason, RiskReason
from tests.factories import ContactFactory
from tests.inwork_support.conftest import START, start_job

pytestmark = pytest.mark.django_db

UPDATE = LogEntry.Action.UPDATE
AFTER_START = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=datetime.UTC)


def updates_of(record):
    return LogEntry.objects.get_for_object(record).filter(action=UPDATE)


def test_a_job_start_moves_the_stage_through_caseload_audited_with_a_new_version(
    participant, keyworker
):
    participant.pathway_stage = PathwayStage.JOB_SEARCH
    participant.save()
    version = participant.version

    with time_machine.travel(AFTER_START, tick=False):
        start_job(participant, keyworker)

    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.IN_WORK
    assert participant.version == version + 1
    entry = updates_of(participant).order_by("-pk").first()
    assert entry.actor == keyworker
    assert entry.changes["pathway_stage"] == ["job_search", "in_work"]


def test_ending_a_job_records_the_end_the_cancelled_check_ins_and_cleared_risks(
    job, keyworker, iwso
):
    risk = services.raise_job_risk(employment=job, reason=RiskReason.MISSED_CHECK_IN)
    pending = list(job.checkins.filter(status=CheckInStatus.PENDING))

    services.end_employment(
        employment=job,
        ended_on=datetime.date(2026, 7, 1),
        end_reason=EndReason.DISMISSED,
        ended_by=iwso,
    )

    ended = updates_of(job).get()
    assert ended.actor == iwso
    assert ended.changes["ended_on"] == ["None", "2026-07-01"]
    assert ended.changes["end_reason"] == ["", "dismissed"]
    for checkin in pending:
        cancelled = updates_of(checkin).get()
        assert cancelled.actor == iwso
        assert cancelled.changes["status"] == ["pending", "cancelled"]
    cleared = updates_of(risk).get()
    assert (cleared.actor, cleared.changes["clearing_note"][1]) == (
        iwso,
        "The job ended.",
    )


def test_a_check_in_done_by_a_contact_is_in_the_trail(job, keyworker):
    first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)
    contact = ContactFactory(participant=job.participant, worker=keyworker)

    services.complete_checkin(checkin=first_day, contact=contact, done_by=keyworker)

    entry = updates_of(first_day).get()
    assert entry.actor == keyworker
    assert entry.changes["status"] == ["pending", "done"]
    assert entry.changes["completed_contact"] == ["None", str(contact.pk)]


def test_a_check_in_the_sweep_marks_missed_is_in_the_trail_as_the_systems(job):
    regular = job.checkins.get(kind=CheckInKind.REGULAR, sequence=1)  # due 9 March

    services.mark_missed_checkins(
        day=datetime.date(2026, 3, 16),
        now=datetime.datetime(2026, 3, 16, 6, 0, tzinfo=datetime.UTC),
    )

    entry = updates_of(regular).get()
    assert entry.actor is None
    assert entry.changes["status"] == ["pending", "missed"]


def test_the_reminder_sweep_writes_only_delivery_times_the_trail_leaves_out(job):
    before = LogEntry.objects.count()

    services.send_reminders(
        day=START, now=datetime.datetime(2026, 3, 2, 6, 0, tzinfo=datetime.UTC)
    )

    assert job.checkins.exclude(reminded_at=None).exists()
    assert LogEntry.objects.count() == before


def test_opening_a_job_page_is_recorded_and_shown_on_the_participants_trail(
    client, job, keyworker, partner_manager
):
    client.force_login(keyworker)

    client.get(reverse("inwork_support:employment-detail", args=[job.pk]))

    read = LogEntry.objects.get_for_object(job).get(action=LogEntry.Action.ACCESS)
    assert read.actor == keyworker
    assert read.additional_data == {"read": "job page"}
    client.force_login(partner_manager)
    trail = client.get(reverse("records:participant-audit", args=[job.participant.pk]))
    assert "Read: job page" in trail.content.decode()


def test_a_job_starts_check_ins_and_their_moves_are_in_the_trail(job, keyworker):
    first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)
    created = LogEntry.objects.get_for_object(first_day).get()
    assert created.action == LogEntry.Action.CREATE
    assert created.changes["due_on"] == ["None", "2026-03-02"]

    services.change_start_date(
        employment=job, start_date=datetime.date(2026, 3, 9), changed_by=keyworker
    )

    moved = updates_of(first_day).get()
    assert moved.changes == {"due_on": ["2026-03-02", "2026-03-09"]}
    changed = updates_of(job).get()
    assert changed.actor == keyworker
    assert changed.changes["start_date"] == ["2026-03-02", "2026-03-09"]
