"""Caseload services: reassigning, cover, exit, supervision and safeguarding."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Notification
from accounts.services import mark_away, mark_back
from caseload import services
from caseload.models import (
    Action,
    ConcernStatus,
    EntryKind,
    ExitOutcome,
    KeyworkerAssignment,
    Outcome,
    OutcomeKind,
    Participant,
    PathwayStage,
)
from inwork_support.models import CheckInKind, CheckInStatus
from tests.caseload.factories import ConcernFactory
from tests.factories import (
    ActionFactory,
    CheckInFactory,
    ContactFactory,
    EmploymentFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db


def reassign(participant, new, by):
    return services.reassign_keyworker(
        participant=participant, new_keyworker=new, assigned_by=by, reason="Leave"
    )


def test_reassigning_keeps_the_history(
    participant, keyworker, other_keyworker, partner_manager
):
    KeyworkerAssignment.objects.create(participant=participant, keyworker=keyworker)

    reassign(participant, other_keyworker, partner_manager)

    participant.refresh_from_db()
    assert participant.keyworker == other_keyworker
    history = list(participant.assignments.order_by("started_at"))
    assert [a.keyworker for a in history] == [keyworker, other_keyworker]
    assert history[0].ended_at is not None
    assert history[1].ended_at is None
    assert participant.timeline.filter(kind=EntryKind.ASSIGNMENT).exists()


def test_reassigning_moves_open_actions_but_not_done_or_others(
    participant, keyworker, other_keyworker, iwso, partner_manager
):
    open_action = ActionFactory(participant=participant, owner=keyworker)
    done = ActionFactory(
        participant=participant,
        owner=keyworker,
        done_at=datetime.datetime(2026, 3, 1, tzinfo=datetime.UTC),
    )
    iwso_action = ActionFactory(participant=participant, owner=iwso)

    reassign(participant, other_keyworker, partner_manager)

    owners = dict(Action.objects.values_list("pk", "owner"))
    assert owners[open_action.pk] == other_keyworker.pk
    assert owners[done.pk] == keyworker.pk
    assert owners[iwso_action.pk] == iwso.pk


def test_reassigning_gives_every_pending_check_in_to_the_new_holder(
    participant, keyworker, other_keyworker, iwso, partner_manager
):
    # No officer: the keyworker holds the check-ins, even one left with iwso.
    employment = EmploymentFactory(participant=participant)
    pending = CheckInFactory(
        employment=employment, assigned_to=keyworker, kind=CheckInKind.SIX_MONTHS
    )
    done = CheckInFactory(
        employment=employment,
        assigned_to=keyworker,
        kind=CheckInKind.FIRST_DAY,
        status=CheckInStatus.DONE,
    )
    iwso_checkin = CheckInFactory(
        employment=employment, assigned_to=iwso, kind=CheckInKind.PROBATION_END
    )

    reassign(participant, other_keyworker, partner_manager)

    for checkin, owner in [
        (pending, other_keyworker),
        (done, keyworker),
        (iwso_checkin, other_keyworker),
    ]:
        checkin.refresh_from_db()
        assert checkin.assigned_to == owner


def test_the_new_keyworker_is_told(participant, other_keyworker, partner_manager):
    reassign(participant, other_keyworker, partner_manager)

    assert Notification.objects.filter(recipient=other_keyworker).count() == 1


def test_reassigning_to_the_same_keyworker_is_refused(
    participant, keyworker, partner_manager
):
    with pytest.raises(ValueError, match="already the keyworker"):
        reassign(participant, keyworker, partner_manager)


def test_bulk_reassign_moves_every_active_participant(
    keyworker, other_keyworker, partner_manager
):
    active = ParticipantFactory.create_batch(3, keyworker=keyworker)
    exited = ParticipantFactory(
        keyworker=keyworker,
        pathway_stage=PathwayStage.EXITED,
        exit_date=datetime.date(2026, 2, 1),
    )
    for participant in active:
        ActionFactory(participant=participant, owner=keyworker)

    moved = services.reassign_caseload(
        from_worker=keyworker, to_worker=other_keyworker, assigned_by=partner_manager
    )

    assert moved == 3
    assert set(Participant.objects.filter(keyworker=other_keyworker)) == set(active)
    assert Action.objects.open().filter(owner=other_keyworker).count() == 3
    exited.refresh_from_db()
    assert exited.keyworker == keyworker
    assert KeyworkerAssignment.objects.filter(ended_at__isnull=True).count() == 3


def test_exit_records_stage_outcome_and_timeline(participant, keyworker):
    outcome = services.exit_participant(
        participant=participant,
        exited_by=keyworker,
        exit_date=datetime.date(2026, 3, 1),
        exit_reason="Started college full time.",
        exit_outcome=ExitOutcome.EDUCATION_TRAINING,
    )

    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.EXITED
    assert participant.exit_date == datetime.date(2026, 3, 1)
    assert (outcome.kind, outcome.achieved_on) == (
        OutcomeKind.EXIT,
        datetime.date(2026, 3, 1),
    )
    assert participant.timeline.filter(kind=EntryKind.EXIT).count() == 1


def test_exiting_someone_already_exited_is_refused_keeping_the_first_exit(
    participant, keyworker
):
    exit_on = {"exit_reason": "", "exit_outcome": ExitOutcome.OTHER}
    services.exit_participant(
        participant=participant,
        exited_by=keyworker,
        exit_date=datetime.date(2026, 3, 1),
        **exit_on,
    )

    with pytest.raises(services.StageMoveError, match="already exited on 1 Mar 2026"):
        services.exit_participant(
            participant=participant,
            exited_by=keyworker,
            exit_date=datetime.date(2026, 3, 2),
            **exit_on,
        )
    assert Outcome.objects.get().achieved_on == datetime.date(2026, 3, 1)


def test_a_cover_sees_an_away_workers_participants_until_they_are_back(
    keyworker, other_keyworker, participant, other_participant
):
    visible = Participant.objects.visible_to

    mark_away(worker=other_keyworker, cover=keyworker)
    assert set(visible(keyworker)) == {participant, other_participant}
    assert Notification.objects.filter(recipient=keyworker).exists()

    mark_back(worker=other_keyworker)
    keyworker.refresh_from_db()  # as their next request loads them
    assert set(visible(keyworker)) == {participant}


def test_a_worker_cannot_cover_for_themselves(keyworker):
    with pytest.raises(ValueError, match="themselves"):
        mark_away(worker=keyworker, cover=keyworker)


def test_a_supervision_note_notifies_the_keyworker_once(
    participant, keyworker, partner_manager
):
    contact = ContactFactory(participant=participant)

    note = services.add_supervision_note(
        contact=contact,
        author=partner_manager,
        comment="Please follow up the rent arrears.",
        needs_follow_up=True,
    )

    notification = Notification.objects.get(recipient=keyworker)
    assert "flagged a contact for follow-up" in notification.title
    assert notification.url == contact.get_absolute_url()
    services.resolve_supervision_note(note=note, resolved_by=keyworker)
    services.resolve_supervision_note(note=note, resolved_by=keyworker)
    note.refresh_from_db()
    assert note.resolved_at is not None
    assert participant.timeline.filter(title="Supervision note resolved").count() == 1


def test_closing_a_concern_records_who_and_why(participant, partner_manager):
    concern = ConcernFactory(participant=participant)

    services.close_safeguarding_concern(
        concern=concern, closed_by=partner_manager, closing_note="Housing found."
    )

    concern.refresh_from_db()
    assert concern.status == ConcernStatus.CLOSED
    assert (concern.closed_by, concern.closing_note) == (
        partner_manager,
        "Housing found.",
    )


def test_completing_an_action_twice_records_it_once(participant, keyworker):
    action = ActionFactory(participant=participant)

    services.complete_action(action=action, done_by=keyworker)
    first_done_at = Action.objects.get().done_at
    services.complete_action(action=action, done_by=keyworker)

    assert Action.objects.get().done_at == first_done_at
    assert participant.timeline.count() == 1


def test_update_with_an_old_version_is_refused(participant, keyworker):
    services.update_participant(
        participant=participant, edited_by=keyworker, version=1, phone="1"
    )

    with pytest.raises(services.StaleVersionError):
        services.update_participant(
            participant=participant, edited_by=keyworker, version=1, phone="2"
        )
    participant.refresh_from_db()
    assert (participant.phone, participant.version) == ("1", 2)


def test_a_back_dated_barrier_sits_on_the_timeline_at_its_date(participant, keyworker):
    services.record_barrier(
        participant=participant,
        recorded_by=keyworker,
        kind="housing",
        noted_on=datetime.date(2026, 1, 5),
    )

    entry = participant.timeline.get()
    assert timezone.localdate(entry.occurred_at) == datetime.date(2026, 1, 5)
