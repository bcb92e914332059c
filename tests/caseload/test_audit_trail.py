"""Caseload changes made by conditional updates, and contact pages read, are audited."""

import threading

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.urls import reverse

from caseload import imports, services
from caseload.models import (
    ConcernStatus,
    EntryKind,
    ImportStatus,
    SafeguardingConcern,
)
from tests.caseload.factories import ConcernFactory
from tests.caseload.import_sheets import person
from tests.conftest import missing
from tests.factories import ActionFactory, ContactFactory

pytestmark = pytest.mark.django_db

UPDATE, ACCESS = LogEntry.Action.UPDATE, LogEntry.Action.ACCESS


def updates_of(record):
    return LogEntry.objects.get_for_object(record).filter(action=UPDATE)


def test_closing_a_concern_records_who_closed_it_and_what_changed(
    participant, partner_manager
):
    concern = ConcernFactory(participant=participant)

    services.close_safeguarding_concern(
        concern=concern, closed_by=partner_manager, closing_note="Housing found."
    )

    entry = updates_of(concern).get()
    assert entry.actor == partner_manager
    assert entry.changes["status"] == ["open", "closed"]
    assert entry.changes["closed_by"] == ["None", str(partner_manager.pk)]
    assert entry.changes["closing_note"] == ["", "Housing found."]


def test_a_concern_closed_twice_is_closed_once_in_the_trail_and_the_timeline(
    participant, partner_manager, other_keyworker
):
    concern = ConcernFactory(participant=participant)
    # The second manager's page was opened before the first one closed it.
    stale = SafeguardingConcern.objects.get(pk=concern.pk)

    services.close_safeguarding_concern(
        concern=concern, closed_by=partner_manager, closing_note="Housing found."
    )
    second = services.close_safeguarding_concern(
        concern=stale, closed_by=other_keyworker, closing_note="Also closing."
    )

    assert second.closed_by == partner_manager
    assert second.closing_note == "Housing found."
    assert updates_of(concern).count() == 1
    closed = participant.timeline.filter(
        kind=EntryKind.SAFEGUARDING, title="Safeguarding concern closed"
    )
    assert closed.count() == 1


@pytest.mark.real_stack
@pytest.mark.django_db(transaction=True)
def test_two_managers_closing_a_concern_at_once_close_it_once(
    participant, partner_manager, other_keyworker
):
    if connection.vendor != "postgresql":
        missing("PostgreSQL (row locks decide the race)")
    concern = ConcernFactory(participant=participant)
    start = threading.Barrier(2)

    def close(user) -> None:
        try:
            start.wait()
            services.close_safeguarding_concern(
                concern=SafeguardingConcern.objects.get(pk=concern.pk),
                closed_by=user,
                closing_note=f"Closed by {user}",
            )
        finally:
            connection.close()

    threads = [
        threading.Thread(target=close, args=(user,))
        for user in (partner_manager, other_keyworker)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    concern.refresh_from_db()
    entry = updates_of(concern).get()
    assert concern.status == ConcernStatus.CLOSED
    assert entry.actor == concern.closed_by
    assert entry.changes["closing_note"] == ["", f"Closed by {concern.closed_by}"]
    assert participant.timeline.filter(title="Safeguarding concern closed").count() == 1


def test_completing_an_action_is_in_the_trail(participant, keyworker):
    action = ActionFactory(participant=participant)

    services.complete_action(action=action, done_by=keyworker)
    services.complete_action(action=action, done_by=keyworker)

    entry = updates_of(action).get()
    assert entry.actor == keyworker
    assert entry.changes["done_at"][0] == "None"


def test_a_keyworker_change_records_the_ended_assignment_and_moved_actions(
    participant, keyworker, other_keyworker, partner_manager
):
    action = ActionFactory(participant=participant, owner=keyworker)
    assignment = participant.assignments.create(
        keyworker=keyworker, started_at=participant.created_at
    )

    services.reassign_keyworker(
        participant=participant,
        new_keyworker=other_keyworker,
        assigned_by=partner_manager,
    )

    moved = updates_of(action).get()
    assert moved.actor == partner_manager
    assert moved.changes["owner"] == [str(keyworker.pk), str(other_keyworker.pk)]
    ended = updates_of(assignment).get()
    assert ended.actor == partner_manager
    assert ended.changes["ended_at"][0] == "None"


def test_a_stage_move_is_audited_and_outdates_an_open_edit_form(participant, keyworker):
    version = participant.version

    moved = services.set_stage(
        participant=participant,
        stage="in_work",
        changed_by=keyworker,
        only_from=("engaged", "pre_employment", "job_search"),
    )

    assert moved
    assert participant.version == version + 1
    entry = updates_of(participant).get()
    assert entry.actor == keyworker
    assert entry.changes["pathway_stage"][1] == "in_work"
    assert entry.changes["version"] == [str(version), str(version + 1)]
    with pytest.raises(services.StaleVersionError):
        services.update_participant(
            participant=participant,
            edited_by=keyworker,
            version=version,
            pathway_stage="job_search",
        )


def test_opening_a_contact_page_is_recorded_with_who_read_it(
    client, participant, keyworker, partner_manager
):
    contact = ContactFactory(participant=participant)
    client.force_login(keyworker)

    client.get(reverse("caseload:contact-detail", args=[contact.pk]))

    read = LogEntry.objects.get_for_object(contact).get(action=ACCESS)
    assert read.actor == keyworker
    assert read.additional_data == {"read": "contact page"}
    client.force_login(partner_manager)
    trail = client.get(reverse("records:participant-audit", args=[participant.pk]))
    assert "Read: contact page" in trail.content.decode()


def test_an_import_is_audited_without_copying_its_rows(keyworker):
    caseload_import = imports.preview_import(
        user=keyworker, filename="caseload.csv", rows=[(2, person(1))]
    )

    imports.discard_import(caseload_import=caseload_import)

    entries = LogEntry.objects.get_for_object(caseload_import)
    created = entries.get(action=LogEntry.Action.CREATE)
    assert created.changes["filename"] == ["None", "caseload.csv"]
    assert "rows" not in created.changes
    discarded = entries.get(action=UPDATE)
    assert discarded.changes == {
        "status": [ImportStatus.PREVIEWED, ImportStatus.DISCARDED]
    }


def test_the_actions_a_contact_sets_are_in_the_trail(participant, keyworker):
    contact = services.log_contact(
        participant=participant,
        worker=keyworker,
        happened_at=participant.created_at,
        channel="phone",
        minutes=10,
        actions=[("Ring the landlord", participant.programme_start)],
    )

    action = contact.actions.get()
    created = LogEntry.objects.get_for_object(action).get()
    assert created.actor == keyworker
    assert created.changes["description"] == ["None", "Ring the landlord"]
