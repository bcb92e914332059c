"""check_records: a programme made through the services agrees with itself, and
each kind of break planted in the database (the services would not make one) is
reported, exactly, on the record it was planted on."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine
from django.core.management import CommandError, call_command

from accounts.models import Role
from caseload import services as caseload
from caseload.models import (
    EntryKind,
    KeyworkerAssignment,
    Outcome,
    OutcomeKind,
    Participant,
    PathwayStage,
)
from inwork_support import services as inwork
from inwork_support.models import (
    CheckIn,
    CheckInKind,
    CheckInStatus,
    ContractType,
    Employment,
    JobRisk,
)
from records.checks import run_checks
from records.checks.stages import stage_named_by
from records.models import RecordCheckRun
from tests.factories import CheckInFactory, EmployerFactory, UserFactory

pytestmark = pytest.mark.django_db

TZ = datetime.UTC
STARTED = datetime.date(2026, 3, 2)
NOW = datetime.datetime(2026, 5, 1, 12, 0, tzinfo=TZ)


def at(day: datetime.date, hour: int = 10) -> time_machine.travel:
    return time_machine.travel(
        datetime.datetime.combine(day, datetime.time(hour), tzinfo=TZ), tick=False
    )


def register(keyworker, first_name: str) -> Participant:
    with at(datetime.date(2026, 1, 5)):
        return caseload.register_participant(
            registered_by=keyworker,
            keyworker=keyworker,
            first_name=first_name,
            last_name="Example",
            date_of_birth=datetime.date(1995, 6, 15),
            programme_start=datetime.date(2026, 1, 5),
            status_at_start="unemployed",
            consent_given_on=datetime.date(2026, 1, 5),
            consent_method="written",
        )


def start_job(participant: Participant) -> Employment:
    with at(STARTED):
        return inwork.record_job_start(
            participant=participant,
            recorded_by=participant.keyworker,
            employer=EmployerFactory(),
            job_title="Kitchen assistant",
            hours_per_week=Decimal("24.0"),
            hourly_pay=Decimal("12.21"),
            contract_type=ContractType.PERMANENT,
            start_date=STARTED,
        )


@pytest.fixture
def programme(partner, other_partner):
    """Three people, every record made through the services.

    `working` is in work; `seeking` never had a job (their own keyworker);
    `left` had a job that ended, then exited.
    """
    keyworker = UserFactory(username="kw-a", delivery_partner=partner)
    colleague = UserFactory(username="kw-b", delivery_partner=partner)
    elsewhere = UserFactory(username="kw-c", delivery_partner=other_partner)
    working, seeking, left = (
        register(keyworker, "Working"),
        register(colleague, "Seeking"),
        register(keyworker, "Left"),
    )
    job, old_job = start_job(working), start_job(left)
    with at(STARTED, 15):
        contact = caseload.log_contact(
            participant=working,
            worker=keyworker,
            happened_at=NOW.replace(month=3, day=2, hour=14),
            channel="phone",
            minutes=15,
        )
        first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)
        inwork.complete_checkin(checkin=first_day, contact=contact, done_by=keyworker)
    with at(datetime.date(2026, 4, 10)):
        inwork.end_employment(
            employment=old_job,
            ended_on=datetime.date(2026, 4, 10),
            end_reason="dismissed",
            ended_by=keyworker,
        )
    with at(datetime.date(2026, 4, 20)):
        caseload.exit_participant(
            participant=left,
            exited_by=keyworker,
            exit_date=datetime.date(2026, 4, 20),
            exit_reason="Moved away",
            exit_outcome="other",
        )
    return SimpleNamespace(
        working=working,
        seeking=seeking,
        left=left,
        job=job,
        old_job=old_job,
        keyworker=keyworker,
        colleague=colleague,
        elsewhere=elsewhere,
    )


def found() -> set[tuple[str, str]]:
    with time_machine.travel(NOW, tick=False):
        return {(f.kind, f.record) for f in run_checks()}


def stage_move(participant: Participant, title: str) -> None:
    caseload.add_timeline_entry(
        participant=participant, occurred_at=NOW, kind=EntryKind.JOB, title=title
    )


def pending(job: Employment, kind: str = CheckInKind.SIX_MONTHS) -> CheckIn:
    return job.checkins.get(kind=kind, status=CheckInStatus.PENDING)


def test_a_programme_made_through_the_services_has_no_findings(programme):
    assert found() == set()


def test_the_command_exits_1_with_fail_when_something_is_found(programme, capsys):
    with time_machine.travel(NOW, tick=False):
        call_command("check_records", "--fail")
        assert "0 findings." in capsys.readouterr().out
        Participant.objects.filter(pk=programme.seeking.pk).update(
            exit_date=datetime.date(2026, 4, 1)
        )
        with pytest.raises(CommandError) as refused:
            call_command("check_records", "--fail")
    assert refused.value.returncode == 1
    out = capsys.readouterr().out
    assert f"participant {programme.seeking.pk}" in out
    assert "1 finding." in out


def test_the_command_stores_a_run_with_save(programme):
    with time_machine.travel(NOW, tick=False):
        call_command("check_records", "--save", "--summary")
    run = RecordCheckRun.objects.get()
    assert (run.total, run.counts, run.findings) == (0, {}, [])


def test_in_work_with_no_open_job(programme):
    seeking = programme.seeking
    Participant.objects.filter(pk=seeking.pk).update(pathway_stage=PathwayStage.IN_WORK)
    stage_move(seeking, "Stage: Engaged to In work")
    assert found() == {("in_work_without_job", f"Participant {seeking.pk}")}


def test_an_open_job_when_not_in_work(programme):
    working = programme.working
    Participant.objects.filter(pk=working.pk).update(
        pathway_stage=PathwayStage.JOB_SEARCH
    )
    stage_move(working, "Stage: In work to Job search")
    assert found() == {("job_without_in_work", f"Job {programme.job.pk}")}


def test_a_job_that_starts_after_the_exit(programme):
    left = programme.left
    job = start_job(programme.seeking)
    Employment.objects.filter(pk=job.pk).update(
        participant=left, start_date=datetime.date(2026, 4, 27)
    )
    CheckIn.objects.filter(employment=job).update(
        status=CheckInStatus.CANCELLED, closed_at=NOW
    )
    Outcome.objects.filter(key=f"employment:{job.pk}:job_entry").update(
        participant=left
    )
    Participant.objects.filter(pk=programme.seeking.pk).update(
        pathway_stage=PathwayStage.ENGAGED
    )
    programme.seeking.timeline.filter(title__startswith="Stage: ").delete()
    assert found() == {("job_after_exit", f"Job {job.pk}")}


def test_leaving_the_programme_still_in_work_is_no_break(programme):
    with at(datetime.date(2026, 4, 24)):
        caseload.exit_participant(
            participant=programme.working,
            exited_by=programme.keyworker,
            exit_date=datetime.date(2026, 4, 24),
            exit_reason="Settled in work; support no longer needed",
            exit_outcome="unemployed_to_employed",
        )
    assert programme.job.checkins.filter(status=CheckInStatus.PENDING).count() == 0
    assert found() == set()


def test_an_exit_date_without_the_exited_stage(programme):
    seeking = programme.seeking
    Participant.objects.filter(pk=seeking.pk).update(
        exit_date=datetime.date(2026, 4, 1)
    )
    assert found() == {("exit_disagrees", f"Participant {seeking.pk}")}


def test_exited_with_no_exit_outcome(programme):
    left = programme.left
    Outcome.objects.filter(key=f"exit:{left.pk}").delete()
    assert found() == {("exit_without_outcome", f"Participant {left.pk}")}


def test_a_stage_the_timeline_does_not_explain(programme):
    seeking = programme.seeking
    Participant.objects.filter(pk=seeking.pk).update(
        pathway_stage=PathwayStage.PRE_EMPLOYMENT
    )
    assert found() == {("stage_not_on_timeline", f"Participant {seeking.pk}")}


def test_pending_check_ins_of_someone_who_exited_and_of_an_ended_job(programme):
    checkin = CheckInFactory(
        employment=programme.old_job, kind=CheckInKind.REGULAR, sequence=9
    )
    record = f"Check-in {checkin.pk}"
    assert found() == {
        ("pending_checkin_after_exit", record),
        ("pending_checkin_of_ended_job", record),
    }


def test_pending_check_ins_of_an_ended_job(programme):
    working = programme.working
    job = programme.job
    Employment.objects.filter(pk=job.pk).update(
        ended_on=datetime.date(2026, 4, 30),
        reached_six_months=False,
        reached_twelve_months=False,
    )
    Participant.objects.filter(pk=working.pk).update(
        pathway_stage=PathwayStage.JOB_SEARCH
    )
    stage_move(working, "Stage: In work to Job search")
    assert found() == {
        ("pending_checkin_of_ended_job", f"Check-in {c.pk}")
        for c in job.checkins.filter(status=CheckInStatus.PENDING)
    }


@pytest.mark.parametrize(
    "kind", [CheckInKind.FIRST_DAY, CheckInKind.SIX_MONTHS, CheckInKind.TWELVE_MONTHS]
)
def test_a_job_without_a_milestone_check_in(programme, kind):
    programme.job.checkins.filter(kind=kind).delete()
    # The first-day check-in was done by the 2 March contact: without it, that
    # contact is no longer in-work support, and the figures' roll-ups say so:
    # the day's support, and the job's first day of support.
    lost_support = {
        ("support_days", "In-work support on 2 Mar 2026"),
        ("first_support", f"Job {programme.job.pk}"),
    }
    assert found() == {("job_missing_checkins", f"Job {programme.job.pk}")} | (
        lost_support if kind == CheckInKind.FIRST_DAY else set()
    )


def test_a_pending_check_in_held_by_someone_not_responsible(programme):
    checkin = pending(programme.job)
    CheckIn.objects.filter(pk=checkin.pk).update(assigned_to=programme.colleague)
    assert found() == {("checkin_not_with_responsible", f"Check-in {checkin.pk}")}


def test_the_responsible_workers_cover_may_hold_a_check_in(programme):
    keyworker = programme.keyworker
    keyworker.is_away, keyworker.cover = True, programme.colleague
    keyworker.save()
    CheckIn.objects.filter(pk=pending(programme.job).pk).update(
        assigned_to=programme.colleague
    )
    assert found() == set()


def test_check_ins_are_held_by_the_in_work_support_officer_when_there_is_one(
    programme, partner
):
    officer = UserFactory(
        username="iwso-a", role=Role.IN_WORK_SUPPORT_OFFICER, delivery_partner=partner
    )
    Participant.objects.filter(pk=programme.working.pk).update(
        in_work_support_officer=officer
    )
    assert found() == {
        ("checkin_not_with_responsible", f"Check-in {c.pk}")
        for c in programme.job.checkins.filter(status=CheckInStatus.PENDING)
    }


def test_a_pending_check_in_not_due_when_its_job_says(programme):
    checkin = pending(programme.job)
    CheckIn.objects.filter(pk=checkin.pk).update(due_on=datetime.date(2026, 9, 1))
    assert found() == {("checkin_date_disagrees", f"Check-in {checkin.pk}")}


def test_a_missed_check_in_with_no_closing_time(programme):
    checkin = pending(programme.job)
    CheckIn.objects.filter(pk=checkin.pk).update(status=CheckInStatus.MISSED)
    assert found() == {("checkin_status_disagrees", f"Check-in {checkin.pk}")}


def test_a_check_in_done_by_a_contact_with_someone_else(programme):
    checkin = programme.job.checkins.get(kind=CheckInKind.FIRST_DAY)
    other = caseload.log_contact(
        participant=programme.seeking,
        worker=programme.colleague,
        happened_at=NOW,
        channel="phone",
        minutes=10,
    )
    CheckIn.objects.filter(pk=checkin.pk).update(completed_contact=other)
    assert found() == {
        ("checkin_status_disagrees", f"Check-in {checkin.pk}"),
        # In-work support moved from one contact to the other behind the
        # roll-ups' back: both days now differ from it, and so does the day
        # the job was first supported.
        ("support_days", "In-work support on 2 Mar 2026"),
        ("support_days", "In-work support on 1 May 2026"),
        ("first_support", f"Job {programme.job.pk}"),
    }


def test_an_open_risk_on_a_job_that_ended(programme):
    risk = JobRisk.objects.create(employment=programme.old_job, reason="sickness")
    assert found() == {("open_risk_of_ended_job", f"Job risk {risk.pk}")}


def _assignment(participant: Participant) -> KeyworkerAssignment:
    return participant.assignments.get(ended_at__isnull=True)


def test_keyworker_history_out_of_order(programme):
    old = KeyworkerAssignment.objects.create(
        participant=programme.seeking,
        keyworker=programme.keyworker,
        started_at=datetime.datetime(2025, 6, 1, tzinfo=TZ),
        ended_at=datetime.datetime(2025, 5, 1, tzinfo=TZ),
    )
    assert found() == {("assignment_out_of_order", f"Keyworker assignment {old.pk}")}


def test_keyworker_history_in_the_future(programme):
    current = _assignment(programme.seeking)
    KeyworkerAssignment.objects.filter(pk=current.pk).update(
        started_at=datetime.datetime(2027, 1, 1, tzinfo=TZ)
    )
    assert found() == {("assignment_in_future", f"Keyworker assignment {current.pk}")}


def test_keyworker_history_overlapping(programme):
    KeyworkerAssignment.objects.create(
        participant=programme.seeking,
        keyworker=programme.keyworker,
        started_at=datetime.datetime(2025, 12, 1, tzinfo=TZ),
        ended_at=datetime.datetime(2026, 2, 1, tzinfo=TZ),
    )
    current = _assignment(programme.seeking)
    assert found() == {("assignments_overlap", f"Keyworker assignment {current.pk}")}


def test_a_keyworker_the_history_does_not_name(programme):
    seeking = programme.seeking
    Participant.objects.filter(pk=seeking.pk).update(keyworker=programme.keyworker)
    assert found() == {("keyworker_not_assigned", f"Participant {seeking.pk}")}


def test_a_keyworker_at_another_partner(programme):
    seeking = programme.seeking
    Participant.objects.filter(pk=seeking.pk).update(keyworker=programme.elsewhere)
    KeyworkerAssignment.objects.filter(participant=seeking).update(
        keyworker=programme.elsewhere
    )
    assert found() == {("worker_at_other_partner", f"Participant {seeking.pk}")}


def test_a_caseload_held_by_someone_who_left(programme):
    programme.colleague.is_active = False
    programme.colleague.save()
    assert found() == {("held_by_leaver", f"Participant {programme.seeking.pk}")}


def test_an_outcome_with_no_source(programme):
    outcome = Outcome.objects.create(
        participant=programme.seeking,
        kind=OutcomeKind.EDUCATION_TRAINING,
        achieved_on=datetime.date(2026, 4, 1),
    )
    assert found() == {("outcome_without_source", f"Outcome {outcome.pk}")}


def test_an_outcome_keyed_to_another_persons_job(programme):
    outcome = Outcome.objects.create(
        participant=programme.seeking,
        kind=OutcomeKind.SUSTAINED_6,
        achieved_on=datetime.date(2026, 4, 1),
        key=f"employment:{programme.job.pk}:sustained_6",
    )
    assert found() == {("outcome_without_source", f"Outcome {outcome.pk}")}


def test_a_job_with_no_job_entry_outcome(programme):
    Outcome.objects.filter(key=f"employment:{programme.job.pk}:job_entry").delete()
    assert found() == {("job_without_entry_outcome", f"Job {programme.job.pk}")}


def test_a_six_month_flag_set_without_the_check_in(programme):
    Employment.objects.filter(pk=programme.job.pk).update(reached_six_months=True)
    assert found() == {("milestone_flag_disagrees", f"Job {programme.job.pk}")}


@pytest.mark.parametrize(
    ("title", "stage"),
    [
        (None, PathwayStage.ENGAGED),
        ("Stage: In work to Job search", PathwayStage.JOB_SEARCH),
        ("Stage: Pre-employment", PathwayStage.PRE_EMPLOYMENT),
        ("Exited: Education or training", PathwayStage.EXITED),
        ("Re-engaged after exiting on 3 Mar 2026: Job search", PathwayStage.JOB_SEARCH),
    ],
)
def test_the_stage_a_timeline_entry_moved_to_is_read_from_its_title(title, stage):
    assert stage_named_by(title) == stage
