"""What the pages say and allow as the stage moves: job end, exit, re-engaging."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from caseload import services as caseload
from caseload.models import ExitOutcome, PathwayStage
from inwork_support.models import EndReason

from .conftest import start_job

pytestmark = pytest.mark.django_db

IN_WORK = datetime.datetime(2026, 3, 3, 10, 0, tzinfo=datetime.UTC)
AFTER_END = datetime.datetime(2026, 7, 2, 10, 0, tzinfo=datetime.UTC)
CASELOAD = reverse("caseload:my-caseload")


@pytest.fixture
def signed_in(client, keyworker):
    client.force_login(keyworker)
    return client


@pytest.fixture
def working(participant, keyworker):
    """In work since Monday 2 March 2026 (programme start: 5 January)."""
    participant.pathway_stage = PathwayStage.JOB_SEARCH
    participant.save()
    with time_machine.travel(IN_WORK, tick=False):
        return start_job(participant, keyworker)


def stage_line(response) -> str:
    """Return the words under the participant's name: their stage and its date."""
    html = response.content.decode()
    header = html[html.index("</h1>") : html.index("<dl", html.index("</h1>"))]
    return " ".join(re.sub(r"<[^>]+>", " ", header).split())


def end_url(job) -> str:
    return reverse("inwork_support:end", args=[job.pk])


def in_work_filter(client) -> list[str]:
    response = client.get(CASELOAD, {"stage": PathwayStage.IN_WORK})
    return [p.display_name for p in response.context["page"]]


@time_machine.travel(AFTER_END, tick=False)
def test_in_work_since_is_the_start_of_the_job_not_of_the_programme(
    signed_in, participant, working
):
    line = stage_line(signed_in.get(participant.get_absolute_url()))

    assert "In work" in line
    assert "since 2 Mar 2026" in line
    assert "5 Jan 2026" not in line


@time_machine.travel(AFTER_END, tick=False)
def test_with_two_open_jobs_in_work_since_is_the_earliest_start(
    signed_in, participant, keyworker, working
):
    start_job(
        participant,
        keyworker,
        job_title="Cleaner",
        start_date=datetime.date(2026, 5, 4),
    )

    line = stage_line(signed_in.get(participant.get_absolute_url()))

    assert "since 2 Mar 2026" in line


@time_machine.travel(AFTER_END, tick=False)
def test_a_job_recorded_as_ended_takes_the_participant_out_of_the_in_work_filter(
    signed_in, participant, working
):
    assert in_work_filter(signed_in) == [participant.display_name]

    response = signed_in.post(
        end_url(working),
        {
            "ended_on": "2026-07-01",
            "end_reason": EndReason.DISMISSED,
            "next_stage": "job_search",
        },
    )

    assert response.status_code == 302
    assert in_work_filter(signed_in) == []
    line = stage_line(signed_in.get(participant.get_absolute_url()))
    assert "Job search" in line
    assert "on the programme since 5 Jan 2026" in line


@time_machine.travel(AFTER_END, tick=False)
def test_the_end_job_form_offers_the_next_stage_only_for_the_last_open_job(
    signed_in, participant, keyworker, working
):
    form = signed_in.get(end_url(working)).context["form"]
    assert form.fields["next_stage"].initial == PathwayStage.JOB_SEARCH
    assert [value for value, _ in form.fields["next_stage"].choices] == [
        "job_search",
        "pre_employment",
        "engaged",
    ]

    start_job(participant, keyworker, job_title="Cleaner")

    assert "next_stage" not in signed_in.get(end_url(working)).context["form"].fields


@time_machine.travel(AFTER_END, tick=False)
def test_the_stage_chosen_on_the_end_job_form_is_the_participants(
    signed_in, participant, working
):
    signed_in.post(
        end_url(working),
        {
            "ended_on": "2026-07-01",
            "end_reason": EndReason.RESIGNED,
            "next_stage": "engaged",
        },
    )

    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.ENGAGED


@time_machine.travel(AFTER_END, tick=False)
def test_ending_a_job_ended_meanwhile_says_so_instead_of_failing(
    signed_in, participant, keyworker, working
):
    data = {"ended_on": "2026-07-01", "end_reason": EndReason.DISMISSED}
    form_opened = signed_in.get(end_url(working))
    assert form_opened.status_code == 200
    signed_in.post(end_url(working), data)

    again = signed_in.post(end_url(working), data, follow=True)

    assert again.status_code == 200
    assert "already ended" in again.content.decode()


@time_machine.travel(AFTER_END, tick=False)
def test_the_page_after_an_exit_shows_exited_on_its_date_with_re_engage(
    signed_in, participant, keyworker, working
):
    caseload.exit_participant(
        participant=participant,
        exited_by=keyworker,
        exit_date=datetime.date(2026, 7, 1),
        exit_reason="Moved away.",
        exit_outcome=ExitOutcome.OTHER,
    )

    response = signed_in.get(participant.get_absolute_url())

    line = stage_line(response)
    assert "Exited" in line
    assert "on 1 Jul 2026" in line
    html = response.content.decode()
    assert reverse("caseload:participant-reengage", args=[participant.pk]) in html
    assert reverse("inwork_support:job-start", args=[participant.pk]) not in html


@time_machine.travel(AFTER_END, tick=False)
def test_re_engaging_through_the_page_brings_them_back_with_the_reason(
    signed_in, participant, keyworker, working
):
    caseload.exit_participant(
        participant=participant,
        exited_by=keyworker,
        exit_date=datetime.date(2026, 7, 1),
        exit_reason="Moved away.",
        exit_outcome=ExitOutcome.OTHER,
    )
    url = reverse("caseload:participant-reengage", args=[participant.pk])

    response = signed_in.post(url, {"stage": "job_search", "reason": "Back in town."})

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.JOB_SEARCH
    assert participant.timeline.filter(detail="Back in town.").exists()


def test_re_engaging_without_a_reason_keeps_what_was_chosen(
    signed_in, participant, keyworker
):
    caseload.exit_participant(
        participant=participant,
        exited_by=keyworker,
        exit_date=datetime.date(2026, 2, 1),
        exit_reason="",
        exit_outcome=ExitOutcome.OTHER,
    )
    url = reverse("caseload:participant-reengage", args=[participant.pk])

    response = signed_in.post(url, {"stage": "job_search", "reason": ""})

    assert response.status_code == 200
    assert response.context["form"]["stage"].value() == "job_search"
    assert response.context["form"].errors["reason"]


def test_re_engaging_someone_not_exited_is_refused_with_a_message(
    signed_in, participant
):
    url = reverse("caseload:participant-reengage", args=[participant.pk])

    response = signed_in.post(
        url, {"stage": "engaged", "reason": "Why not"}, follow=True
    )

    assert "has not exited" in response.content.decode()
    participant.refresh_from_db()
    assert participant.pathway_stage == PathwayStage.ENGAGED


def test_a_job_start_for_someone_exited_shows_why_and_keeps_the_form(
    signed_in, participant, keyworker
):
    caseload.exit_participant(
        participant=participant,
        exited_by=keyworker,
        exit_date=datetime.date(2026, 2, 1),
        exit_reason="",
        exit_outcome=ExitOutcome.OTHER,
    )
    url = reverse("inwork_support:job-start", args=[participant.pk])
    data = {}
    data.update(
        new_employer_name="Harbour Café",
        job_title="Porter",
        hours_per_week="20",
        hourly_pay="12.50",
        contract_type="permanent",
        start_date="2026-02-02",
    )

    response = signed_in.post(url, data)

    assert response.status_code == 200
    assert "re-engage them" in response.content.decode()
    assert not participant.employments.exists()


def test_editing_an_exited_participants_details_keeps_them_exited(
    signed_in, participant, keyworker
):
    caseload.exit_participant(
        participant=participant,
        exited_by=keyworker,
        exit_date=datetime.date(2026, 2, 1),
        exit_reason="",
        exit_outcome=ExitOutcome.OTHER,
    )
    url = reverse("caseload:participant-edit", args=[participant.pk])
    form = signed_in.get(url).context["form"]
    assert "pathway_stage" not in form.fields
    data = {name: form[name].value() or "" for name in form.fields}
    data["phone"] = "07700 900123"

    response = signed_in.post(url, data)

    assert response.status_code == 302
    participant.refresh_from_db()
    assert participant.phone == "07700 900123"
    assert participant.pathway_stage == PathwayStage.EXITED


@time_machine.travel(AFTER_END, tick=False)
def test_the_edit_form_moves_into_or_out_of_work_only_through_a_job(
    signed_in, participant, working
):
    url = reverse("caseload:participant-edit", args=[participant.pk])

    def offered() -> list[str]:
        field = signed_in.get(url).context["form"].fields["pathway_stage"]
        return [value for value, _ in field.choices]

    assert offered() == ["in_work", "progressing"]
    working.participant.pathway_stage = PathwayStage.JOB_SEARCH
    working.participant.save()
    assert offered() == ["engaged", "pre_employment", "job_search"]
