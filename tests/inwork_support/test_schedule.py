"""Recording a job start creates its check-ins; changes move them; an end cancels."""

import datetime
from decimal import Decimal

import pytest

from caseload.models import Action, Outcome, PathwayStage, TimelineEntry
from inwork_support import services
from inwork_support.models import (
    CheckIn,
    CheckInKind,
    CheckInStatus,
    ContractType,
    EmploymentTerms,
)
from tests.factories import ContactFactory, ParticipantFactory

from .conftest import START, start_job

pytestmark = pytest.mark.django_db
D = datetime.date
K = CheckInKind


def schedule(employment, status=None):
    rows = employment.checkins.all()
    if status:
        rows = rows.filter(status=status)
    return {(c.kind, c.sequence): c.due_on for c in rows}


def test_a_permanent_job_gets_every_check_in_at_once(job):
    assert schedule(job) == {
        (K.PREPARATION, 0): D(2026, 2, 27),  # the Friday before a Monday start
        (K.FIRST_DAY, 0): D(2026, 3, 2),
        (K.REGULAR, 1): D(2026, 3, 9),  # weekly until a plan says otherwise
        (K.PROBATION_END, 0): D(2026, 5, 25),  # a week before 1 June (13 weeks)
        (K.SIX_MONTHS, 0): D(2026, 9, 2),
        (K.TWELVE_MONTHS, 0): D(2027, 3, 2),
    }
    assert job.probation_end == D(2026, 6, 1)
    assert set(job.checkins.values_list("status", flat=True)) == {"pending"}
    assert set(job.checkins.values_list("assigned_to", flat=True)) == {
        job.participant.keyworker_id
    }
    assert set(job.preparation.values_list("item", flat=True)) == {
        "travel",
        "clothes",
        "address",
        "lunch",
    }


def test_a_fixed_term_job_also_gets_a_contract_end_check_in_four_weeks_before(
    participant, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 2, 23, 10, tzinfo=datetime.UTC))
    job = start_job(
        participant,
        contract_type=ContractType.FIXED_TERM,
        fixed_term_end=D(2026, 8, 31),
    )
    assert schedule(job)[(K.CONTRACT_END, 0)] == D(2026, 8, 3)


@pytest.mark.parametrize(
    "contract", [c for c in ContractType if c != ContractType.FIXED_TERM]
)
def test_other_contracts_have_no_contract_end_check_in(participant, contract):
    job = start_job(participant, contract_type=contract)
    assert (K.CONTRACT_END, 0) not in schedule(job)


def test_six_and_twelve_months_from_31_august_land_on_month_ends(participant):
    job = start_job(participant, start_date=D(2027, 8, 31))
    assert schedule(job)[(K.SIX_MONTHS, 0)] == D(2028, 2, 29)  # leap year
    assert schedule(job)[(K.TWELVE_MONTHS, 0)] == D(2028, 8, 31)


def test_check_ins_go_to_the_in_work_support_officer_when_there_is_one(keyworker, iwso):
    participant = ParticipantFactory(keyworker=keyworker, in_work_support_officer=iwso)
    job = start_job(participant, keyworker)
    assert set(job.checkins.values_list("assigned_to", flat=True)) == {iwso.pk}
    assert iwso.notifications.filter(title__startswith="New job start").count() == 1


def test_a_job_recorded_after_it_started_does_not_chase_preparation(
    participant, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 10, tzinfo=datetime.UTC))
    job = start_job(participant)
    prep = job.checkins.get(kind=K.PREPARATION)
    assert prep.status == CheckInStatus.CANCELLED
    assert job.checkins.get(kind=K.FIRST_DAY).status == CheckInStatus.PENDING


def test_job_start_records_job_entry_terms_timeline_and_stage(participant):
    participant.pathway_stage = PathwayStage.JOB_SEARCH
    participant.save()
    job = start_job(participant)  # real "today" is after 2 March 2026
    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.IN_WORK
    assert Outcome.objects.get(key=f"employment:{job.pk}:job_entry").kind == (
        "job_entry"
    )
    assert EmploymentTerms.objects.filter(employment=job).count() == 1
    assert TimelineEntry.objects.filter(
        participant=participant, title__startswith="Job start"
    ).exists()


def test_a_new_employer_typed_on_the_form_gets_the_worker_as_go_to_person(
    participant, keyworker
):
    job = start_job(
        participant,
        employer=None,
        new_employer={"name": "Corner Bakery", "sector": "Food", "address": "1 St"},
    )
    assert job.employer.name == "Corner Bakery"
    assert job.employer.go_to_person == keyworker


def test_changing_the_start_date_reschedules_pending_check_ins_only(job, keyworker):
    first_day = job.checkins.get(kind=K.FIRST_DAY)
    CheckIn.objects.filter(pk=first_day.pk).update(status=CheckInStatus.DONE)
    CheckIn.objects.filter(kind=K.SIX_MONTHS).update(
        reminded_at=datetime.datetime(2026, 2, 1, tzinfo=datetime.UTC)
    )

    services.change_start_date(
        employment=job, start_date=D(2026, 3, 9), changed_by=keyworker
    )

    pending = schedule(job, status="pending")
    assert pending[(K.PREPARATION, 0)] == D(2026, 3, 6)
    assert pending[(K.REGULAR, 1)] == D(2026, 3, 16)
    assert pending[(K.PROBATION_END, 0)] == D(2026, 6, 1)
    assert pending[(K.SIX_MONTHS, 0)] == D(2026, 9, 9)
    assert pending[(K.TWELVE_MONTHS, 0)] == D(2027, 3, 9)
    assert job.checkins.get(kind=K.FIRST_DAY).due_on == START  # done: untouched
    assert job.checkins.get(kind=K.SIX_MONTHS).reminded_at is None  # remind again
    assert job.probation_end == D(2026, 6, 8)


def test_a_stale_start_date_change_is_refused(job, keyworker):
    with pytest.raises(services.StaleEmploymentError):
        services.change_start_date(
            employment=job,
            start_date=D(2026, 3, 9),
            changed_by=keyworker,
            version=job.version - 1,
        )


def test_extending_probation_moves_its_check_in_or_adds_a_new_one(job, keyworker):
    services.extend_probation(
        employment=job,
        probation_end=D(2026, 7, 1),
        reason="More time",
        changed_by=keyworker,
    )
    assert schedule(job)[(K.PROBATION_END, 0)] == D(2026, 6, 24)

    CheckIn.objects.filter(kind=K.PROBATION_END).update(status=CheckInStatus.DONE)
    services.extend_probation(
        employment=job,
        probation_end=D(2026, 8, 1),
        reason="Again",
        changed_by=keyworker,
    )
    assert schedule(job, status="pending")[(K.PROBATION_END, 1)] == D(2026, 7, 25)


def test_ending_a_job_cancels_pending_check_ins_and_opens_a_follow_up(
    job, keyworker, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 10, 1, 10, tzinfo=datetime.UTC))
    services.raise_job_risk(employment=job, reason="sickness", key="r1")

    services.end_employment(
        employment=job,
        ended_on=D(2026, 9, 30),
        end_reason="resigned",
        ended_by=keyworker,
    )

    job.refresh_from_db()
    assert not job.checkins.filter(status=CheckInStatus.PENDING).exists()
    assert job.checkins.filter(status=CheckInStatus.CANCELLED).count() == 6
    assert (job.reached_six_months, job.reached_twelve_months) == (True, False)
    action = Action.objects.get(participant=job.participant)
    assert action.owner == keyworker
    assert "next step" in action.description
    assert not job.risks.open().exists()
    assert TimelineEntry.objects.filter(title__startswith="Job ended").count() == 1


def test_a_job_ended_a_day_before_six_months_did_not_reach_them(job, keyworker):
    services.end_employment(
        employment=job,
        ended_on=D(2026, 9, 1),
        end_reason="dismissed",
        ended_by=keyworker,
    )
    job.refresh_from_db()
    assert job.reached_six_months is False


def test_completing_a_regular_check_in_schedules_the_next_from_the_contact(
    job, keyworker
):
    regular = job.checkins.get(kind=K.REGULAR, sequence=1)
    contact = ContactFactory(
        participant=job.participant,
        happened_at=datetime.datetime(2026, 3, 10, 11, tzinfo=datetime.UTC),
    )

    assert services.complete_checkin(
        checkin=regular, contact=contact, done_by=keyworker
    )
    assert not services.complete_checkin(
        checkin=regular, contact=contact, done_by=keyworker
    )

    assert schedule(job, status="pending")[(K.REGULAR, 2)] == D(2026, 3, 17)
    assert job.checkins.filter(kind=K.REGULAR, status="pending").count() == 1


def test_a_fortnightly_plan_re_dates_the_pending_regular_check_in(job, keyworker):
    services.save_plan(
        employment=job,
        author=keyworker,
        base_revision=0,
        contact_frequency="fortnightly",
    )
    assert schedule(job)[(K.REGULAR, 1)] == D(2026, 3, 16)


def test_regular_check_ins_stop_at_twelve_months(job):
    assert services.schedule_next_regular(employment=job, after=D(2027, 2, 28)) is None


def test_new_terms_are_kept_as_history_and_a_fixed_term_adds_a_contract_check(
    job, keyworker
):
    services.change_terms(
        employment=job,
        recorded_by=keyworker,
        effective_from=D(2026, 4, 1),
        hours_per_week=Decimal("32"),
        hourly_pay=Decimal("12.60"),
        contract_type=ContractType.FIXED_TERM,
        fixed_term_end=D(2026, 12, 31),
        location="Quay Street",
    )
    job.refresh_from_db()
    assert job.is_full_time
    assert list(job.terms.values_list("hours_per_week", flat=True)) == [
        Decimal("24.0"),
        Decimal("32.0"),
    ]
    assert schedule(job)[(K.CONTRACT_END, 0)] == D(2026, 12, 3)

    services.change_terms(
        employment=job,
        recorded_by=keyworker,
        effective_from=D(2026, 6, 1),
        hours_per_week=Decimal("32"),
        hourly_pay=Decimal("12.60"),
        contract_type=ContractType.PERMANENT,
        location="Quay Street",
    )
    assert job.checkins.get(kind=K.CONTRACT_END).status == CheckInStatus.CANCELLED
