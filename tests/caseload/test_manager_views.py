"""The partner manager's pages: team, cover, reassigning, safeguarding, supervision."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import Notification
from caseload.models import ConcernStatus, Participant, PathwayStage, SupervisionNote
from tests.caseload.factories import ConcernFactory, SupervisionNoteFactory
from tests.factories import ActionFactory, ContactFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(client, partner_manager):
    client.force_login(partner_manager)
    return client


def test_the_team_page_lists_caseloads_and_cover(
    manager, keyworker, other_keyworker, participant, keyworker_elsewhere
):
    keyworker.is_away, keyworker.cover = True, other_keyworker
    keyworker.save()

    response = manager.get(reverse("caseload:team"))

    workers = {w.username: w for w in response.context["workers"]}
    assert set(workers) == {"kw", "kw-colleague"}
    assert workers["kw"].active_caseload == 1
    assert f"covered by {other_keyworker}" in response.content.decode()


def test_the_team_page_counts_a_caseload_as_the_dashboard_does(
    manager, keyworker, iwso, participant
):
    """An in-work support officer's participants are their caseload on both pages."""
    participant.in_work_support_officer = iwso
    participant.save()
    ParticipantFactory(keyworker=keyworker, in_work_support_officer=iwso)
    ParticipantFactory(
        keyworker=keyworker,
        pathway_stage=PathwayStage.EXITED,
        exit_date=datetime.date(2026, 2, 1),
    )

    team = manager.get(reverse("caseload:team")).context["workers"]
    dashboard = manager.get(reverse("reporting:partner-dashboard"))
    # Each cell is named for a screen reader by its column, worker and number.
    cells = dict(
        re.findall(
            r'aria-label="Active caseload \(cap\) for ([^:"]+): (\d+) / \d+"',
            dashboard.content.decode(),
        )
    )

    on_team = {str(w): w.active_caseload for w in team}
    on_dashboard = {name: int(count) for name, count in cells.items()}
    assert on_team == on_dashboard == {str(keyworker): 2, str(iwso): 2}
    listed = manager.get(reverse("caseload:my-caseload"), {"keyworker": iwso.pk})
    assert len(listed.context["page"]) == 2


def test_marking_away_and_back(manager, keyworker, other_keyworker):
    manager.post(
        reverse("caseload:mark-away", args=[keyworker.pk]),
        {"cover": other_keyworker.pk},
    )
    keyworker.refresh_from_db()
    assert (keyworker.is_away, keyworker.cover) == (True, other_keyworker)

    manager.post(reverse("caseload:mark-back", args=[keyworker.pk]))
    keyworker.refresh_from_db()
    assert (keyworker.is_away, keyworker.cover) == (False, None)


def test_a_cover_must_be_at_the_same_partner(manager, keyworker, keyworker_elsewhere):
    response = manager.post(
        reverse("caseload:mark-away", args=[keyworker.pk]),
        {"cover": keyworker_elsewhere.pk},
    )

    assert "Select a valid choice" in response.content.decode()
    keyworker.refresh_from_db()
    assert keyworker.is_away is False


def test_reassigning_a_participant_in_the_browser(
    manager, participant, other_keyworker
):
    ActionFactory(participant=participant)

    response = manager.post(
        reverse("caseload:participant-reassign", args=[participant.pk]),
        {
            "new_keyworker": other_keyworker.pk,
            "reason": "Caseload balance",
            "version": participant.version,
        },
    )

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.keyworker == other_keyworker
    assert participant.actions.get().owner == other_keyworker


def test_bulk_reassign_in_the_browser(manager, keyworker, other_keyworker):
    ParticipantFactory.create_batch(2, keyworker=keyworker)

    manager.post(
        reverse("caseload:bulk-reassign"),
        {"from_worker": keyworker.pk, "to_worker": other_keyworker.pk},
    )

    assert Participant.objects.filter(keyworker=other_keyworker).count() == 2


def test_bulk_reassign_to_the_same_worker_is_refused(manager, keyworker, participant):
    response = manager.post(
        reverse("caseload:bulk-reassign"),
        {"from_worker": keyworker.pk, "to_worker": keyworker.pk, "reason": "Typed"},
    )

    assert "Choose a different worker" in response.content.decode()
    assert 'value="Typed"' in response.content.decode()


def test_safeguarding_lists_open_concerns_of_this_partner_only(
    manager, participant, participant_elsewhere
):
    mine = ConcernFactory(participant=participant, summary="Sleeping rough.")
    ConcernFactory(participant=participant_elsewhere, summary="Elsewhere.")
    ConcernFactory(participant=participant, status=ConcernStatus.CLOSED)

    response = manager.get(reverse("caseload:safeguarding"))

    assert list(response.context["page"]) == [mine]
    html = response.content.decode()
    assert "Elsewhere." not in html
    assert 'Safeguarding <span class="badge text-bg-danger">1' in html


def test_closing_a_concern_needs_a_note(manager, participant):
    concern = ConcernFactory(participant=participant)
    url = reverse("caseload:concern-close", args=[concern.pk])

    refused = manager.post(url, {"closing_note": ""})
    closed = manager.post(url, {"closing_note": "Emergency housing arranged."})

    assert refused.status_code == 200
    assert closed.status_code == 302
    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED


def test_a_closed_concern_cannot_be_closed_again(manager, participant):
    concern = ConcernFactory(participant=participant, status=ConcernStatus.CLOSED)

    response = manager.get(reverse("caseload:concern-close", args=[concern.pk]))

    assert response.status_code == 404


def test_a_manager_comments_on_a_contact_and_the_keyworker_is_told(
    manager, participant, keyworker
):
    contact = ContactFactory(participant=participant)

    manager.post(
        reverse("caseload:supervision-note-add", args=[contact.pk]),
        {"comment": "", "needs_follow_up": "on"},
    )

    note = SupervisionNote.objects.get()
    assert note.needs_follow_up is True
    assert Notification.objects.filter(recipient=keyworker).count() == 1


def test_an_empty_supervision_note_is_refused_on_the_contact_page(manager, participant):
    contact = ContactFactory(participant=participant)

    response = manager.post(
        reverse("caseload:supervision-note-add", args=[contact.pk]), {"comment": ""}
    )

    assert response.status_code == 200
    assert "Write a comment, flag for follow-up, or both." in (
        response.content.decode()
    )
    assert SupervisionNote.objects.count() == 0


def test_the_keyworker_sees_the_note_and_marks_it_resolved(
    client, keyworker, partner_manager, participant
):
    note = SupervisionNoteFactory(
        contact__participant=participant, author=partner_manager
    )
    client.force_login(keyworker)
    page = client.get(note.contact.get_absolute_url()).content.decode()
    assert note.comment in page
    assert "Add a supervision note" not in page

    client.post(
        reverse("caseload:supervision-note-resolve", args=[note.contact.pk, note.pk])
    )

    note.refresh_from_db()
    assert note.resolved_at is not None


@pytest.mark.parametrize(
    ("url_name", "make"),
    [
        (
            "caseload:safeguarding",
            lambda p: ConcernFactory(participant=p),
        ),
        ("caseload:team", lambda p: ParticipantFactory(keyworker=p.keyworker)),
    ],
)
def test_manager_pages_query_count_does_not_grow(manager, keyworker, url_name, make):
    counts = []
    for size in (3, 27):
        for _ in range(size):
            make(ParticipantFactory(keyworker=keyworker))
        with CaptureQueriesContext(connection) as captured:
            assert manager.get(reverse(url_name)).status_code == 200
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1] <= 15


def test_contact_page_query_count_does_not_grow(manager, participant, partner_manager):
    contact = ContactFactory(participant=participant)
    counts = []
    for size in (3, 27):
        SupervisionNoteFactory.create_batch(
            size, contact=contact, author=partner_manager
        )
        ActionFactory.create_batch(size, participant=participant, contact=contact)
        with CaptureQueriesContext(connection) as captured:
            assert manager.get(contact.get_absolute_url()).status_code == 200
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1] <= 15
