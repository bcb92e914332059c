"""Who may open each in-work page: a role matrix for every view."""

import pytest
from django.urls import reverse

from inwork_support import services

pytestmark = pytest.mark.django_db

PERSONAS = [
    "keyworker",
    "other_keyworker",
    "keyworker_elsewhere",
    "iwso",
    "partner_manager",
    "other_partner_manager",
    "programme_manager",
    "employer_contact",
    "admin_user",
]
# Out of scope is 404; may see but not change is 403.
READ = dict.fromkeys(PERSONAS, 404) | {"keyworker": 200, "partner_manager": 200}
CHANGE = READ | {"partner_manager": 403}
TODAY = dict.fromkeys(PERSONAS, 403) | {
    "keyworker": 200,
    "other_keyworker": 200,
    "keyworker_elsewhere": 200,
    "iwso": 200,
}


@pytest.fixture
def urls(job, keyworker):
    plan = services.save_plan(employment=job, author=keyworker, base_revision=0)
    risk = services.raise_job_risk(employment=job, reason="lateness", key="k")
    checkin = job.checkins.get(kind="first_day")
    return {
        "today": (reverse("inwork_support:today"), TODAY, 200),
        "job-start": (
            reverse("inwork_support:job-start", args=[job.participant_id]),
            CHANGE,
            200,
        ),
        "detail": (job.get_absolute_url(), READ, 200),
        "plan-revision": (plan.get_absolute_url(), READ, 200),
        **{
            name: (reverse(f"inwork_support:{name}", args=[job.pk]), CHANGE, 200)
            for name in (
                "start-date",
                "probation",
                "end",
                "plan-edit",
                "practical-support",
            )
        },
        # Both send the user on to the one contact form.
        "in-work-contact": (
            reverse("inwork_support:in-work-contact", args=[job.pk]),
            CHANGE,
            302,
        ),
        "checkin-log": (
            reverse("inwork_support:checkin-log", args=[checkin.pk]),
            CHANGE,
            302,
        ),
        "risk-clear": (
            reverse("inwork_support:risk-clear", args=[risk.pk]),
            CHANGE,
            200,
        ),
    }


VIEWS = [
    "today",
    "job-start",
    "detail",
    "plan-revision",
    "start-date",
    "probation",
    "end",
    "plan-edit",
    "practical-support",
    "in-work-contact",
    "checkin-log",
    "risk-clear",
]


@pytest.mark.parametrize("view", VIEWS)
def test_anonymous_visitors_are_sent_to_sign_in(client, urls, view):
    response = client.get(urls[view][0])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("view", VIEWS)
def test_each_role_gets_the_designed_response(client, request, urls, view, persona):
    url, expected, success = urls[view]
    client.force_login(request.getfixturevalue(persona))

    status = client.get(url).status_code

    assert status == (success if expected[persona] == 200 else expected[persona])


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_participants_worker_may_tick_preparation(
    client, request, job, persona
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("inwork_support:preparation", args=[job.pk])

    status = client.post(url, {"done_items": ["travel"]}).status_code

    assert status == {200: 302}.get(CHANGE[persona], CHANGE[persona])
    done = job.preparation.filter(done_on__isnull=False).count()
    assert done == (1 if persona == "keyworker" else 0)


def test_the_in_work_support_officer_assigned_may_open_and_change_the_job(
    client, job, iwso
):
    job.participant.in_work_support_officer = iwso
    job.participant.save()
    client.force_login(iwso)
    assert client.get(job.get_absolute_url()).status_code == 200
    response = client.get(
        reverse("inwork_support:in-work-contact", args=[job.pk]), follow=True
    )
    assert response.status_code == 200
    (questions,) = response.context["form"].questions
    assert questions.initial["job"] == job


def test_a_keyworker_cannot_complete_another_keyworkers_check_in(
    client, keyworker, other_job
):
    client.force_login(keyworker)
    checkin = other_job.checkins.get(kind="first_day")

    assert (
        client.get(reverse("inwork_support:checkin-log", args=[checkin.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("inwork_support:in-work-contact", args=[other_job.pk]),
        {"checkin": checkin.pk, "how_is_it_going": "Fine"},
    )
    assert response.status_code == 404
    checkin.refresh_from_db()
    assert checkin.status == "pending"


def test_a_keyworker_does_not_see_another_keyworkers_check_ins_on_today(
    client, keyworker, job, other_job, time_machine
):
    time_machine.move_to("2026-03-02 09:00+00:00")
    client.force_login(keyworker)
    response = client.get(reverse("inwork_support:today"))
    assert [c.employment_id for c in response.context["due"]] == [job.pk, job.pk]
    assert other_job.participant.display_name not in response.content.decode()
