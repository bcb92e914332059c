"""Responsibility moves whole: check-ins, actions, roles and threads follow it."""

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry

from accounts.models import Leave, Role
from accounts.services import mark_away
from caseload import services
from caseload.models import Action, EntryKind, Participant
from employers.models import Employer, EmployerMessage
from employers.services import send_message
from inwork_support.models import CheckIn, JobRisk
from inwork_support.services import raise_job_risk, sweep_checkins
from tests.factories import (
    ActionFactory,
    EmployerContactFactory,
    EmployerFactory,
    EmployerMessageFactory,
    ParticipantFactory,
    UserFactory,
)
from tests.inwork_support.conftest import RECORDED, start_job

pytestmark = pytest.mark.django_db


def pending(participant):
    return CheckIn.objects.pending().filter(employment__participant=participant)


def holders(participant):
    return set(pending(participant).values_list("assigned_to", flat=True))


@time_machine.travel(RECORDED, tick=False)
def test_naming_an_officer_after_the_job_start_gives_them_the_checkins(
    participant, keyworker, iwso
):
    start_job(participant, keyworker)
    assert holders(participant) == {keyworker.pk}

    services.update_participant(
        participant=participant,
        edited_by=keyworker,
        version=participant.version,
        in_work_support_officer=iwso,
    )

    assert holders(participant) == {iwso.pk}
    assert LogEntry.objects.get_for_model(CheckIn).filter(actor=keyworker).exists()
    assert participant.timeline.filter(title__contains="in-work support officer")


@time_machine.travel(RECORDED, tick=False)
def test_clearing_the_officer_gives_the_checkins_and_actions_back_to_the_keyworker(
    keyworker, iwso, partner_manager
):
    participant = ParticipantFactory(keyworker=keyworker, in_work_support_officer=iwso)
    start_job(participant, keyworker)
    action = ActionFactory(participant=participant, owner=iwso)
    assert holders(participant) == {iwso.pk}

    services.set_in_work_support_officer(
        participant=participant, officer=None, changed_by=partner_manager
    )

    assert holders(participant) == {keyworker.pk}
    action.refresh_from_db()
    assert action.owner == keyworker


@time_machine.travel(RECORDED, tick=False)
def test_a_new_keyworker_takes_the_checkins_when_there_is_no_officer(
    participant, keyworker, other_keyworker, partner_manager
):
    start_job(participant, keyworker)

    services.reassign_keyworker(
        participant=participant,
        new_keyworker=other_keyworker,
        assigned_by=partner_manager,
    )

    assert holders(participant) == {other_keyworker.pk}


@time_machine.travel(RECORDED, tick=False)
def test_a_new_keyworker_leaves_the_checkins_with_the_officer(
    keyworker, other_keyworker, iwso, partner_manager
):
    participant = ParticipantFactory(keyworker=keyworker, in_work_support_officer=iwso)
    start_job(participant, keyworker)

    services.reassign_keyworker(
        participant=participant,
        new_keyworker=other_keyworker,
        assigned_by=partner_manager,
    )

    assert holders(participant) == {iwso.pk}


@time_machine.travel(RECORDED, tick=False)
def test_open_job_risks_are_on_the_new_keyworkers_today_page_not_the_old(
    client, participant, keyworker, other_keyworker, partner_manager
):
    job = start_job(participant, keyworker)
    raise_job_risk(employment=job, reason="sickness", detail="Off all week", key="k")

    services.reassign_keyworker(
        participant=participant,
        new_keyworker=other_keyworker,
        assigned_by=partner_manager,
    )

    assert JobRisk.objects.visible_to(other_keyworker).open().count() == 1
    assert not JobRisk.objects.visible_to(keyworker).exists()


def officer_away(participant, keyworker, iwso, other_keyworker):
    participant.in_work_support_officer = iwso
    participant.save()
    return start_job(participant, keyworker)


def test_the_cover_of_an_away_officer_can_open_the_job_and_participant(
    client, participant, keyworker, iwso, other_keyworker
):
    with time_machine.travel(RECORDED, tick=False):
        job = officer_away(participant, keyworker, iwso, other_keyworker)
        mark_away(worker=iwso, cover=other_keyworker)
    client.force_login(other_keyworker)

    assert client.get(job.get_absolute_url()).status_code == 200
    assert client.get(participant.get_absolute_url()).status_code == 200


def test_the_cover_of_an_away_officer_gets_their_reminders(
    participant, keyworker, iwso, other_keyworker
):
    with time_machine.travel(RECORDED, tick=False):
        job = officer_away(participant, keyworker, iwso, other_keyworker)
        mark_away(worker=iwso, cover=other_keyworker)
    first_day = job.checkins.get(kind="first_day")
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)):
        sweep_checkins()

    assert other_keyworker.notifications.filter(
        title__contains="check-in", url=job.get_absolute_url()
    ).exists()
    assert first_day.assigned_to == iwso


# Dated leave: cover applies on the dates, with no manager.


def test_leave_covers_only_on_its_dates(participant, keyworker, other_keyworker):
    Leave.objects.create(
        worker=keyworker,
        cover=other_keyworker,
        starts_on=datetime.date(2026, 4, 6),
        ends_on=datetime.date(2026, 4, 10),
    )

    def sees(day):
        at = datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)
        with time_machine.travel(at, tick=False):
            return Participant.objects.visible_to(other_keyworker).exists()

    assert not sees(datetime.date(2026, 4, 5))
    assert sees(datetime.date(2026, 4, 6))
    assert sees(datetime.date(2026, 4, 10))
    assert not sees(datetime.date(2026, 4, 11))


def test_reminders_go_to_the_cover_during_dated_leave(
    participant, keyworker, other_keyworker
):
    with time_machine.travel(RECORDED, tick=False):
        job = start_job(participant, keyworker)
    Leave.objects.create(
        worker=keyworker,
        cover=other_keyworker,
        starts_on=datetime.date(2026, 3, 1),
        ends_on=datetime.date(2026, 3, 6),
    )
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC)):
        sweep_checkins()

    assert other_keyworker.notifications.filter(url=job.get_absolute_url()).exists()
    assert not keyworker.notifications.filter(url=job.get_absolute_url()).exists()


# A leaver's handover, and a caseload moved on its own.


@pytest.fixture
def holdings(keyworker, other_keyworker):
    """Everything `keyworker` can hold: a caseload, an officer role, employers."""
    with time_machine.travel(RECORDED, tick=False):
        own = ParticipantFactory(keyworker=keyworker)
        start_job(own, keyworker)
        officered = ParticipantFactory(
            keyworker=other_keyworker, in_work_support_officer=keyworker
        )
        start_job(officered, other_keyworker)
    go_to = EmployerFactory(go_to_person=keyworker)
    deputy = EmployerFactory(go_to_person=other_keyworker, deputy=keyworker)
    thread = EmployerMessageFactory(employer=go_to, addressed_to=keyworker)
    return {
        "own": own,
        "officered": officered,
        "go_to": go_to,
        "deputy": deputy,
        "thread": thread,
    }


def nothing_left_with(worker):
    return (
        not Participant.objects.active().filter(keyworker=worker).exists()
        and not Participant.objects.filter(in_work_support_officer=worker).exists()
        and not Employer.objects.filter(go_to_person=worker).exists()
        and not Employer.objects.filter(deputy=worker).exists()
        and not EmployerMessage.objects.filter(addressed_to=worker).exists()
        and not CheckIn.objects.pending().filter(assigned_to=worker).exists()
        and not Action.objects.open().filter(owner=worker).exists()
    )


def test_reassigning_a_caseload_moves_officer_roles_go_to_roles_and_threads(
    holdings, keyworker, partner_manager
):
    colleague = UserFactory(
        role=Role.KEYWORKER, delivery_partner=keyworker.delivery_partner
    )

    moved = services.reassign_caseload(
        from_worker=keyworker, to_worker=colleague, assigned_by=partner_manager
    )

    assert moved == 1
    assert nothing_left_with(keyworker)
    holdings["officered"].refresh_from_db()
    assert holdings["officered"].in_work_support_officer == colleague
    assert holders(holdings["officered"]) == {colleague.pk}
    assert Employer.objects.get(pk=holdings["go_to"].pk).go_to_person == colleague
    assert Employer.objects.get(pk=holdings["deputy"].pk).deputy == colleague
    holdings["thread"].refresh_from_db()
    assert holdings["thread"].addressed_to == colleague


def test_the_handover_preview_lists_what_the_confirm_moves(
    holdings, keyworker, partner_manager
):
    colleague = UserFactory(
        role=Role.KEYWORKER, delivery_partner=keyworker.delivery_partner
    )
    preview = {held.label: held for held in services.handover_preview(worker=keyworker)}

    moved = services.hand_over_everything(
        worker=keyworker, to_worker=colleague, handed_over_by=partner_manager
    )

    assert preview["Participants, as keyworker"].items == [str(holdings["own"])]
    assert preview["Participants, as in-work support officer"].count == 1
    assert preview["Employers, as go-to person"].items == [str(holdings["go_to"])]
    assert preview["Employers, as deputy"].count == 1
    assert preview["Employer threads addressed to them"].count == 1
    assert preview["Pending check-ins"].count > 0
    assert moved["Participants, as keyworker"] == 1
    assert moved["Employers, as go-to person"] == 1
    assert nothing_left_with(keyworker)
    for participant in (holdings["own"], holdings["officered"]):
        assert participant.timeline.filter(
            kind=EntryKind.ASSIGNMENT, actor=partner_manager
        ).exists()
    assert LogEntry.objects.get_for_model(Employer).filter(actor=partner_manager)


def test_a_handover_to_the_participants_own_keyworker_clears_the_officer(
    holdings, keyworker, other_keyworker, partner_manager
):
    services.hand_over_everything(
        worker=keyworker, to_worker=other_keyworker, handed_over_by=partner_manager
    )

    officered = Participant.objects.get(pk=holdings["officered"].pk)
    assert officered.in_work_support_officer is None
    assert holders(officered) == {other_keyworker.pk}
    go_to = Employer.objects.get(pk=holdings["deputy"].pk)
    assert (go_to.go_to_person, go_to.deputy) == (other_keyworker, None)


def test_an_employer_reaches_the_deputy_while_the_go_to_person_is_on_leave(
    keyworker, other_keyworker
):
    employer = EmployerFactory(go_to_person=keyworker, deputy=other_keyworker)
    contact = EmployerContactFactory(employer=employer)
    Leave.objects.create(
        worker=keyworker,
        cover=other_keyworker,
        starts_on=datetime.date(2026, 4, 6),
        ends_on=datetime.date(2026, 4, 10),
    )

    def addressee(day):
        at = datetime.datetime(2026, 4, day, 12, tzinfo=datetime.UTC)
        with time_machine.travel(at, tick=False):
            message = send_message(
                contact=contact, category="question", urgent=False, body="Hello"
            )
            attention = EmployerMessage.objects.for_attention_of(other_keyworker)
            return message.addressed_to, attention.filter(pk=message.pk).exists()

    assert addressee(7) == (other_keyworker, True)
    assert addressee(13) == (keyworker, False)
