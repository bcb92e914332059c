"""Who else is involved, barriers, goals, referrals and exit, through the browser."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from caseload.models import (
    Barrier,
    GoalStatus,
    InvolvedProfessional,
    PathwayStage,
    Referral,
    StepStatus,
)
from tests.caseload.factories import (
    GoalFactory,
    GoalStepFactory,
    ProfessionalFactory,
    ReferralFactory,
)
from tests.factories import ActionFactory, BarrierFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.datetime(2026, 3, 3, 12, 0, tzinfo=datetime.UTC)


@pytest.fixture
def signed_in(client, keyworker):
    client.force_login(keyworker)
    return client


def url(name, participant, *args):
    return reverse(f"caseload:{name}", args=[participant.pk, *args])


def test_adding_editing_and_removing_a_professional(signed_in, participant):
    signed_in.post(
        url("professional-add", participant),
        {"role": "probation_officer", "name": "Jo Marsh", "organisation": "NPS"},
    )
    professional = InvolvedProfessional.objects.get()
    signed_in.post(
        url("professional-edit", participant, professional.pk),
        {
            "role": "probation_officer",
            "name": "Jo Marsh",
            "phone": "0113 000",
            "version": professional.version,
        },
    )
    professional.refresh_from_db()
    assert professional.phone == "0113 000"

    signed_in.post(url("professional-remove", participant, professional.pk))

    assert not InvolvedProfessional.objects.exists()
    assert participant.timeline.count() == 3


def test_a_professional_without_a_name_is_refused_and_typing_kept(
    signed_in, participant
):
    response = signed_in.post(
        url("professional-add", participant),
        {"role": "gp", "name": "", "organisation": "Hyde Park Surgery"},
    )

    assert response.status_code == 200
    assert 'value="Hyde Park Surgery"' in response.content.decode()


def test_another_participants_professional_is_404(
    signed_in, participant, other_participant
):
    theirs = ProfessionalFactory(participant=other_participant)

    response = signed_in.get(url("professional-edit", participant, theirs.pk))

    assert response.status_code == 404


@time_machine.travel(TODAY, tick=False)
def test_noting_and_resolving_a_barrier(signed_in, participant):
    signed_in.post(
        url("barrier-add", participant),
        {"kind": "debt", "severity": "3", "noted_on": "2026-02-01", "note": "Arrears"},
    )
    barrier = Barrier.objects.get()

    signed_in.post(
        url("barrier-resolve", participant, barrier.pk),
        {"resolved_on": "2026-03-01", "version": barrier.version},
    )

    barrier.refresh_from_db()
    assert barrier.resolved_on == datetime.date(2026, 3, 1)


@time_machine.travel(TODAY, tick=False)
def test_a_barrier_cannot_be_noted_in_the_future(signed_in, participant):
    response = signed_in.post(
        url("barrier-add", participant),
        {"kind": "debt", "severity": "2", "noted_on": "2026-04-01"},
    )

    assert "cannot be noted in the future" in response.content.decode()


def test_a_resolved_barrier_cannot_be_resolved_again(signed_in, participant):
    barrier = BarrierFactory(
        participant=participant, resolved_on=datetime.date(2026, 2, 1)
    )

    response = signed_in.get(url("barrier-resolve", participant, barrier.pk))

    assert response.status_code == 404


def test_goals_and_steps(signed_in, participant):
    signed_in.post(url("goal-add", participant), {"title": "Pass the CSCS test"})
    goal = participant.goals.get()
    signed_in.post(
        url("step-add", participant, goal.pk),
        {"description": "Book the test", "owner": "participant"},
    )
    step = goal.steps.get()

    signed_in.post(
        url("step-status", participant, goal.pk, step.pk),
        {"status": "done", "version": step.version},
    )
    signed_in.post(
        url("goal-status", participant, goal.pk),
        {"status": "achieved", "version": goal.version},
    )

    step.refresh_from_db()
    goal.refresh_from_db()
    assert (step.status, goal.status) == (StepStatus.DONE, GoalStatus.ACHIEVED)


def test_a_bad_status_changes_nothing(signed_in, participant):
    step = GoalStepFactory(goal=GoalFactory(participant=participant))

    signed_in.post(
        url("step-status", participant, step.goal.pk, step.pk), {"status": "maybe"}
    )

    step.refresh_from_db()
    assert step.status == StepStatus.TO_DO


def test_referral_and_its_outcome(signed_in, participant):
    signed_in.post(
        url("referral-add", participant),
        {
            "intervention": "mental_health",
            "service": "Mindwell Leeds",
            "referred_on": "2026-02-01",
        },
    )
    referral = Referral.objects.get()

    signed_in.post(
        url("referral-update", participant, referral.pk),
        {
            "status": "completed",
            "outcome": "Finished six sessions.",
            "version": referral.version,
        },
    )

    referral.refresh_from_db()
    assert (referral.status, referral.outcome) == (
        "completed",
        "Finished six sessions.",
    )


def test_another_partners_referral_is_404(
    signed_in, participant, participant_elsewhere
):
    theirs = ReferralFactory(participant=participant_elsewhere)

    response = signed_in.get(url("referral-update", participant, theirs.pk))

    assert response.status_code == 404


def test_marking_an_action_done(signed_in, participant):
    action = ActionFactory(participant=participant)

    signed_in.post(url("action-done", participant, action.pk))

    action.refresh_from_db()
    assert action.done_at is not None


@time_machine.travel(TODAY, tick=False)
def test_exit_prompts_to_plan_the_ending(signed_in, participant):
    html = signed_in.get(url("participant-exit", participant)).content.decode()

    assert "Plan the ending with Jade Jones, rather than cutting support off" in html


@time_machine.travel(TODAY, tick=False)
def test_exit_needs_the_ending_planned(signed_in, participant):
    data = {
        "exit_date": "2026-03-02",
        "exit_outcome": "unemployed_to_employed",
        "exit_reason": "Full-time job at the warehouse.",
        "version": participant.version,
    }

    refused = signed_in.post(url("participant-exit", participant), data)
    accepted = signed_in.post(
        url("participant-exit", participant), {**data, "ending_planned": "on"}
    )

    assert "Full-time job at the warehouse." in refused.content.decode()
    assert accepted.status_code == 302
    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.EXITED


@time_machine.travel(TODAY, tick=False)
def test_exit_date_cannot_be_in_the_future(signed_in, participant):
    response = signed_in.post(
        url("participant-exit", participant),
        {
            "ending_planned": "on",
            "exit_date": "2026-03-10",
            "exit_outcome": "other",
            "exit_reason": "Moving away.",
        },
    )

    assert "cannot be in the future" in response.content.decode()
    participant.refresh_from_db()
    assert participant.pathway_stage != PathwayStage.EXITED
