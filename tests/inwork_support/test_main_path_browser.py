"""In Chromium: record a job start, see the tracker and check-ins, log day one."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from inwork_support import dates
from tests.factories import PASSWORD, EmployerFactory


@pytest.mark.real_stack
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (375, 800)])
def test_keyworker_records_a_job_start_and_logs_the_first_day_call(
    live_server, page, keyworker, participant, screenshot_dir, width, height
):
    EmployerFactory(name="Harbour Café Group", go_to_person=keyworker)
    start = timezone.localdate()
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(keyworker.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Today").wait_for()

    page.goto(f"{live_server.url}/in-work/participants/{participant.pk}/job-start/")
    page.get_by_label("Employer", exact=True).select_option(label="Harbour Café Group")
    page.get_by_label("Job title").fill("Kitchen assistant")
    page.get_by_label("Hours per week").fill("32")
    assert page.get_by_text("Full-time", exact=True).is_visible()
    page.get_by_label("Hourly pay (£)").fill("12.21")
    page.get_by_label("Start date").fill(start.isoformat())
    page.get_by_role("button", name="Record job start").click()

    page.get_by_role("heading", name="Progress chart").wait_for()
    chart = page.get_by_role("list", name="Progress chart")
    assert chart.locator("li").count() == 8
    six = dates.add_months(start, 6)
    twelve = dates.add_months(start, 12)
    probation_check = start + datetime.timedelta(weeks=12)
    rows = page.locator("table tbody tr")
    text = rows.all_inner_texts()
    assert any("First day" in r and f"{start:%-d %b %Y}" in r for r in text)
    assert any("Six months" in r and f"{six:%-d %b %Y}" in r for r in text)
    assert any("Twelve months" in r and f"{twelve:%-d %b %Y}" in r for r in text)
    assert any(
        "Probation end" in r and f"{probation_check:%-d %b %Y}" in r for r in text
    )
    page.screenshot(path=screenshot_dir / f"inwork-job-{width}.png", full_page=True)

    page.get_by_role("link", name="Log First day contact").click()
    expect(page.get_by_label("The check-in this contact answers")).to_have_value(
        str(participant.employments.get().checkins.get(kind="first_day").pk)
    )
    page.get_by_text("Phone", exact=True).click()  # the channel toggle
    page.get_by_label("1. How is the role going?").fill(
        "Good first day; the team showed her round."
    )
    page.get_by_role("button", name="Save contact").click()

    page.get_by_text(f"Contact with {participant} logged.").wait_for()
    expect(
        page.locator("#timeline").get_by_text("First day check-in done")
    ).to_be_visible()
    page.get_by_role("link", name="Kitchen assistant").first.click()
    first_day = rows.filter(has_text="First day")
    assert "Done" in first_day.inner_text()
    assert chart.locator("li").nth(4).inner_text().count("Done") == 1
    page.screenshot(
        path=screenshot_dir / f"inwork-first-day-{width}.png", full_page=True
    )
