"""In Chromium, Andy's journey: a three-way meeting from his job page extends his
probation by 13 weeks, and the job, its check-in and his timeline show it."""

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from inwork_support import dates, services
from inwork_support.models import CheckInKind, ContractType
from tests.conftest import browser_sign_in
from tests.factories import EmployerFactory, ParticipantFactory


@pytest.fixture
def andys_job(keyworker):
    """Andy started at the warehouse ten weeks ago; the job was recorded that day."""
    andy = ParticipantFactory(
        keyworker=keyworker,
        first_name="Andy",
        last_name="Baker",
        programme_start=timezone.localdate() - datetime.timedelta(weeks=30),
    )
    start = timezone.localdate() - datetime.timedelta(weeks=10)
    with time_machine.travel(
        datetime.datetime.combine(start, datetime.time(9), tzinfo=datetime.UTC),
        tick=False,
    ):
        return services.record_job_start(
            participant=andy,
            recorded_by=keyworker,
            employer=EmployerFactory(name="Northgate Warehousing"),
            job_title="Warehouse operative",
            hours_per_week=Decimal("37.5"),
            hourly_pay=Decimal("12.21"),
            contract_type=ContractType.PERMANENT,
            start_date=start,
            employer_may_know=True,
        )


@pytest.mark.real_stack
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (375, 800)])
def test_a_three_way_meeting_from_the_job_page_extends_probation(
    live_server, page, keyworker, andys_job, screenshot_dir, width, height
):
    job = andys_job
    old_end = job.probation_end
    new_end = dates.weeks_after(old_end, 13)
    new_check = new_end - dates.PROBATION_CHECK_BEFORE
    today = timezone.localdate()
    page.set_viewport_size({"width": width, "height": height})
    browser_sign_in(page, live_server.url, keyworker)

    page.goto(live_server.url + job.get_absolute_url())
    page.get_by_role("link", name="Arrange a three-way meeting").click()
    page.get_by_label("When").fill(f"{today.isoformat()}T10:00")
    page.get_by_label("Where").fill("Site office")
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Three-way meeting arranged.").wait_for()

    page.get_by_role("link", name=re.compile("Record actions and outcome")).click()
    page.get_by_role("heading", name="Three-way meeting").wait_for()
    assert "Andy Baker, Northgate Warehousing" in page.locator("main").inner_text()
    page.get_by_label("Status").select_option(label="Held")
    page.get_by_label("Probation extended by N weeks").check()
    page.get_by_label("Probation extended by (weeks)").fill("13")
    page.get_by_label("Outcome in words").fill(
        "Needs more time on the scanner; probation extended by 13 weeks."
    )
    page.get_by_label("What Andy Baker will do").fill("Practise the scanner")
    page.get_by_label("Andy Baker's action due by").fill(
        (today + datetime.timedelta(days=14)).isoformat()
    )
    page.get_by_label("What the employer will do").fill("Pair Andy with a buddy")
    page.get_by_label("Who at the employer").fill("Sam Reid, shift lead")
    page.get_by_label("Employer's action due by").fill(
        (today + datetime.timedelta(days=7)).isoformat()
    )
    page.screenshot(path=screenshot_dir / f"meeting-record-{width}.png", full_page=True)
    page.get_by_role("button", name="Save the meeting").click()

    page.get_by_text(f"Probation extended to {new_end:%-d %b %Y}").wait_for()
    job_card = page.get_by_role("region", name="The job")
    assert f"Probation ends{new_end:%-d %b %Y}" in job_card.inner_text().replace(
        "\n", ""
    )
    rows = page.locator("table tbody tr")
    probation_row = rows.filter(has_text="Probation end")
    assert f"{new_check:%-d %b %Y}" in probation_row.inner_text()
    meetings = page.get_by_role("region", name="Three-way meetings")
    text = meetings.inner_text()
    assert f"by 13 weeks, to {new_end:%-d %b %Y}" in text
    assert "Sam Reid, shift lead" in text
    assert "Held" in text
    page.screenshot(path=screenshot_dir / f"meeting-job-{width}.png", full_page=True)

    page.get_by_role("link", name="Andy Baker").first.click()
    timeline = page.get_by_text("Three-way meeting held at Northgate Warehousing")
    timeline.wait_for()
    assert timeline.is_visible()
    timeline.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / f"meeting-timeline-{width}.png")

    job.refresh_from_db()
    assert job.probation_end == new_end
    checkin = job.checkins.get(kind=CheckInKind.PROBATION_END, status="pending")
    assert checkin.due_on == new_check
