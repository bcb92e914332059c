"""In Chromium: a job ends, then the participant exits, and the page says so."""

import datetime

import pytest
from django.utils import timezone

from caseload.models import PathwayStage
from tests.factories import PASSWORD, EmployerFactory

from .conftest import start_job


def sign_in(page, base_url, user):
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Today").wait_for()


def stage_line(page) -> str:
    return page.locator("h1 ~ [data-stage-since]").inner_text()


@pytest.mark.real_stack
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (375, 800)])
def test_after_a_job_ends_and_an_exit_the_page_shows_the_stage_and_its_date(
    live_server, page, keyworker, participant, screenshot_dir, width, height
):
    today = timezone.localdate()
    job_start = today - datetime.timedelta(days=120)
    participant.programme_start = today - datetime.timedelta(days=200)
    participant.pathway_stage = PathwayStage.JOB_SEARCH
    participant.save()
    employer = EmployerFactory(name="Harbour Café Group", go_to_person=keyworker)
    job = start_job(participant, keyworker, employer=employer, start_date=job_start)
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_server.url, keyworker)

    page.goto(f"{live_server.url}{participant.get_absolute_url()}")
    assert stage_line(page) == f"since {job_start:%-d %b %Y}"
    page.screenshot(path=screenshot_dir / f"stage-in-work-{width}.png")

    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    page.get_by_role("link", name="Job ended").click()
    page.get_by_label("Last day").fill(f"{today - datetime.timedelta(days=1):%Y-%m-%d}")
    page.get_by_label("Why it ended").select_option(label="Dismissed")
    page.get_by_label("Their stage from now").select_option(label="Job search")
    page.screenshot(path=screenshot_dir / f"stage-end-job-form-{width}.png")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Job ended; a follow-up").wait_for()

    page.goto(f"{live_server.url}{participant.get_absolute_url()}")
    assert page.locator("[data-stage]").inner_text() == "Job search"
    start = participant.programme_start
    assert stage_line(page) == f"on the programme since {start:%-d %b %Y}"
    page.screenshot(
        path=screenshot_dir / f"stage-job-ended-{width}.png", full_page=True
    )

    page.get_by_role("link", name="Exit", exact=True).click()
    page.get_by_label("I have planned this ending").check()
    page.get_by_label("Exit date").fill(f"{today:%Y-%m-%d}")
    page.get_by_label("Outcome").select_option(label="Other")
    page.get_by_label("Reason for leaving").fill("Moved to Leeds to live with family.")
    page.get_by_role("button", name="Record exit").click()
    page.get_by_text("exit is recorded").wait_for()

    assert page.locator("[data-stage]").inner_text() == "Exited"
    assert stage_line(page) == f"on {today:%-d %b %Y}"
    assert page.get_by_role("link", name="Re-engage").is_visible()
    assert job.checkins.filter(status="pending").count() == 0
    page.screenshot(path=screenshot_dir / f"stage-exited-{width}.png", full_page=True)
