"""In Chromium on a phone: an employer finds a current and a past employee by name."""

import datetime

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, EmploymentFactory, ParticipantFactory


@pytest.mark.real_stack
@pytest.mark.parametrize(("width", "height"), [(375, 740), (1280, 800)])
def test_employer_searches_current_and_past_employees(
    live_server,
    page,
    employer,
    employer_contact,
    keyworker,
    screenshot_dir,
    width,
    height,
):
    for n in range(24):
        EmploymentFactory(
            participant=ParticipantFactory(
                keyworker=keyworker, first_name=f"Worker{n:02}", last_name="Smith"
            ),
            employer=employer,
        )
    EmploymentFactory(
        participant=ParticipantFactory(
            keyworker=keyworker, first_name="Carla", last_name="Mendes"
        ),
        employer=employer,
        job_title="Barista",
    )
    EmploymentFactory(
        participant=ParticipantFactory(
            keyworker=keyworker, first_name="Carl", last_name="Hidden"
        ),
        employer=employer,
        employer_may_know=False,
    )
    EmploymentFactory(
        participant=ParticipantFactory(
            keyworker=keyworker, first_name="Carlos", last_name="Left"
        ),
        employer=employer,
        start_date=datetime.date(2025, 1, 6),
        ended_on=datetime.date(2025, 6, 30),
    )
    shot = screenshot_dir / f"portal-employees-{{}}-{width}.png"
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(employer_contact.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("link", name="Search current and past employees").click()
    page.get_by_role("heading", name="Employees we support").wait_for()
    expect(page.get_by_text("Page 1 of 2")).to_be_visible()
    page.get_by_label("Search by name").fill("carl")
    search = page.get_by_role("button", name="Search")
    box = search.bounding_box()
    assert box["width"] >= 24
    assert box["height"] >= 24
    search.click()

    people = page.locator("#employee-list li")
    expect(people).to_have_count(1)
    expect(people.first).to_contain_text("Carla Mendes")
    expect(page.locator("main")).not_to_contain_text("Hidden")
    page.screenshot(path=str(shot).format("current"), full_page=True)

    page.get_by_role("link", name="Past").click()
    expect(people).to_have_count(1)
    expect(people.first).to_contain_text("Carlos Left")
    expect(people.first).to_contain_text("30 Jun 2025")
    page.screenshot(path=str(shot).format("past"), full_page=True)
