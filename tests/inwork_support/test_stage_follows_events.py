"""The pathway stage follows events: jobs start and end, people exit and return."""

import datetime
import threading

import pytest
import time_machine
from auditlog.models import LogEntry
from django.db import connection

from accounts.models import Notification
from caseload import services as caseload
from caseload.models import ExitOutcome, PathwayStage
from inwork_support import services
from inwork_support.models import (
    CheckIn,
    CheckInStatus,
    Employment,
    EndReason,
    RiskReason,
)
from tests.conftest import missing
from tests.factories import ActionFactory, EmployerFactory

from .conftest import START, start_job

pytestmark = pytest.mark.django_db

IN_WORK = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=datetime.UTC)
FOUR_MONTHS_ON = datetime.date(2026, 7, 1)
AFTER_END = datetime.datetime(2026, 7, 2, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def working(participant, keyworker):
    """A participant in a job that started on Monday 2 March 2026."""
    participant.pathway_stage = PathwayStage.JOB_SEARCH
    participant.save()
    with time_machine.travel(IN_WORK, tick=False):
        job = start_job(participant, keyworker)
    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.IN_WORK
    return job


def end(job, worker, **extra):
    with time_machine.travel(AFTER_END, tick=False):
        return services.end_employment(
            employment=job,
            ended_on=FOUR_MONTHS_ON,
            end_reason=EndReason.DISMISSED,
            ended_by=worker,
            **extra,
        )


def exit_now(participant, worker, **extra):
    with time_machine.travel(AFTER_END, tick=False):
        return caseload.exit_participant(
            participant=participant,
            exited_by=worker,
            exit_date=FOUR_MONTHS_ON,
            exit_reason="Moved away.",
            exit_outcome=ExitOutcome.OTHER,
            **extra,
        )


def stage_entries(participant):
    return list(
        participant.timeline.filter(title__startswith="Stage:").values_list(
            "title", flat=True
        )
    )


# A job ends.


def test_a_job_dismissed_at_four_months_leaves_the_participant_in_job_search(
    participant, keyworker, working
):
    version = participant.version

    end(working, keyworker)

    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.JOB_SEARCH
    assert participant.version == version + 1
    change = LogEntry.objects.get_for_object(participant).order_by("-pk").first()
    assert change.changes["pathway_stage"] == ["in_work", "job_search"]
    assert change.actor == keyworker
    assert stage_entries(participant)[0] == "Stage: In work to Job search"


def test_the_keyworker_chooses_the_stage_after_the_last_job_ends(
    participant, keyworker, working
):
    end(working, keyworker, next_stage=PathwayStage.PRE_EMPLOYMENT)

    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.PRE_EMPLOYMENT


def test_with_another_job_still_open_the_participant_stays_in_work(
    participant, keyworker, working
):
    with time_machine.travel(IN_WORK, tick=False):
        start_job(participant, keyworker, job_title="Cleaner")

    end(working, keyworker)

    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.IN_WORK
    assert stage_entries(participant) == ["Stage: Job search to In work"]


def test_ending_a_job_twice_is_refused_saying_when_it_ended(keyworker, working):
    end(working, keyworker)

    with pytest.raises(services.JobAlreadyEndedError, match="ended on 1 Jul 2026"):
        end(working, keyworker)


def test_a_job_end_after_an_exit_leaves_the_participant_exited(
    participant, keyworker, working
):
    exit_now(participant, keyworker)

    end(working, keyworker)

    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.EXITED


# Exit.


def test_an_exit_cancels_the_pending_check_ins_of_every_job(
    participant, keyworker, working
):
    with time_machine.travel(IN_WORK, tick=False):
        second = start_job(participant, keyworker, job_title="Cleaner")
    assert second.checkins.filter(status=CheckInStatus.PENDING).exists()

    exit_now(participant, keyworker)

    pending = CheckIn.objects.filter(
        employment__participant=participant, status=CheckInStatus.PENDING
    )
    assert not pending.exists()


def test_after_an_exit_no_reminder_or_escalation_is_sent(
    participant, keyworker, working
):
    exit_now(participant, keyworker)
    later = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)

    with time_machine.travel(later, tick=False):
        services.sweep_checkins()

    assert not Notification.objects.filter(title__contains=str(participant)).exclude(
        title__startswith="New job start"
    )


def test_an_exit_clears_open_job_risks_and_closes_open_actions(
    participant, keyworker, working
):
    risk = services.raise_job_risk(employment=working, reason=RiskReason.LATENESS)
    action = ActionFactory(participant=participant, description="Call the college")

    exit_now(participant, keyworker)

    risk.refresh_from_db()
    action.refresh_from_db()
    assert risk.cleared_at is not None
    assert "exited the programme" in risk.clearing_note
    assert action.done_at is not None
    closed = participant.timeline.get(title="1 open action closed on exit")
    assert "Call the college" in closed.detail


@pytest.mark.parametrize("may_know", [True, False], ids=["agreed", "did not agree"])
def test_the_go_to_person_hears_support_ended_only_if_the_employer_may_know(
    participant, keyworker, keyworker_elsewhere, may_know
):
    employer = EmployerFactory(go_to_person=keyworker_elsewhere)
    with time_machine.travel(IN_WORK, tick=False):
        start_job(participant, keyworker, employer=employer, employer_may_know=may_know)

    exit_now(participant, keyworker)

    told = Notification.objects.filter(recipient=keyworker_elsewhere)
    naming = [n for n in told if participant.last_name in n.title + n.body]
    if may_know:
        (notice,) = naming
        assert notice.title == f"Support for {participant} at {employer} has ended"
        assert "Moved away" not in notice.body
    else:
        assert naming == []


def test_exiting_someone_already_exited_is_refused(participant, keyworker, working):
    exit_now(participant, keyworker)

    with pytest.raises(caseload.StageMoveError, match="already exited"):
        exit_now(participant, keyworker)


def test_a_job_start_for_someone_exited_is_refused_until_they_are_re_engaged(
    participant, keyworker, working
):
    exit_now(participant, keyworker)

    with pytest.raises(caseload.StageMoveError, match="re-engage them"):
        start_job(participant, keyworker, job_title="Porter")
    assert not participant.employments.filter(job_title="Porter").exists()


# Re-engaging.


def test_re_engaging_brings_an_exited_participant_back_at_the_chosen_stage(
    participant, keyworker, partner_manager, working
):
    exit_now(participant, keyworker)
    version = participant.version

    caseload.reengage_participant(
        participant=participant,
        reengaged_by=partner_manager,
        stage=PathwayStage.JOB_SEARCH,
        reason="Back in touch after the move.",
    )

    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.JOB_SEARCH
    assert participant.exit_date is None
    assert participant.version == version + 1
    change = LogEntry.objects.get_for_object(participant).order_by("-pk").first()
    assert change.changes["pathway_stage"] == ["exited", "job_search"]
    entry = participant.timeline.order_by("-pk").first()
    assert entry.title == "Re-engaged after exiting on 1 Jul 2026: Job search"
    assert entry.detail == "Back in touch after the move."
    assert Notification.objects.filter(
        recipient=keyworker, title__contains="back on your caseload"
    ).exists()


def test_re_engaging_someone_who_has_not_exited_is_refused(participant, keyworker):
    with pytest.raises(caseload.StageMoveError, match="has not exited"):
        caseload.reengage_participant(
            participant=participant, reengaged_by=keyworker, reason="Typo"
        )


def test_a_job_start_dated_ahead_moves_nobody_until_the_day(participant, keyworker):
    before = datetime.datetime(2026, 2, 23, 10, 0, tzinfo=datetime.UTC)
    with time_machine.travel(before, tick=False):
        start_job(participant, keyworker, start_date=START)

    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.ENGAGED


@pytest.mark.real_stack
@pytest.mark.django_db(transaction=True)
def test_two_jobs_ended_at_the_same_moment_take_the_participant_out_of_work(
    participant, keyworker
):
    if connection.vendor != "postgresql":
        missing("PostgreSQL (row locks decide the race)")
    participant.pathway_stage = PathwayStage.JOB_SEARCH
    participant.save()
    jobs = [start_job(participant, keyworker, job_title=t) for t in ("Cook", "Porter")]
    start = threading.Barrier(2)

    def end_job(job) -> None:
        try:
            employment = Employment.objects.get(pk=job.pk)  # connected: no head start
            start.wait()
            services.end_employment(
                employment=employment,
                ended_on=START,
                end_reason=EndReason.REDUNDANCY,
                ended_by=keyworker,
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=end_job, args=[job]) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.JOB_SEARCH
