"""In Chromium, Carla's journey by the labels on screen: her fixed-term job start,
the first-day reminder met in the notification list, a 19:30 crisis call that
does the check-in, and the contract-end ("next steps") check-in on her job."""

import datetime
import zoneinfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from caseload.models import Contact, SafeguardingConcern
from inwork_support import dates, services
from inwork_support.models import CheckInKind, CheckInStatus, Employment
from tests.conftest import browser_sign_in
from tests.factories import ParticipantFactory

LONDON = zoneinfo.ZoneInfo("Europe/London")


@pytest.fixture
def evening(time_machine):
    """Today at 8pm in London: a 19:30 call is past, and after working hours."""
    today = timezone.localdate()
    time_machine.move_to(
        datetime.datetime.combine(today, datetime.time(20), tzinfo=LONDON), tick=True
    )
    return today


@pytest.fixture
def carla(keyworker, evening):
    return ParticipantFactory(
        keyworker=keyworker,
        first_name="Carla",
        last_name="Mendes",
        programme_start=evening - datetime.timedelta(weeks=20),
    )


def row(page, kind: str):
    return page.locator("table tbody tr").filter(has_text=kind)


@pytest.mark.real_stack
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (375, 800)])
def test_carla_s_fixed_term_job_reminder_and_evening_crisis_call(
    live_server, page, keyworker, carla, evening, screenshot_dir, width, height
):
    today = evening
    contract_end = today + datetime.timedelta(weeks=26)
    next_steps_due = contract_end - dates.CONTRACT_CHECK_BEFORE
    page.set_viewport_size({"width": width, "height": height})
    browser_sign_in(page, live_server.url, keyworker)
    shot = f"carla-{{}}-{width}.png"

    # The keyworker records Carla's fixed-term job, starting today.
    page.goto(live_server.url + carla.get_absolute_url())
    page.get_by_role("link", name="Record a job start").click()
    page.get_by_label("New employer's name").fill("Brightwell Care Homes")
    page.get_by_label("Job title").fill("Care assistant")
    page.get_by_label("Hours per week").fill("30")
    page.get_by_label("Hourly pay (£)").fill("12.60")
    page.get_by_label("Contract type").select_option(label="Fixed-term")
    page.get_by_label("Contract end date").fill(contract_end.isoformat())
    page.get_by_label("Start date").fill(today.isoformat())
    page.screenshot(path=screenshot_dir / shot.format("job-start"), full_page=True)
    page.get_by_role("button", name="Record job start").click()

    # Her job page: the first-day check-in is due today.
    page.get_by_role("heading", name="Care assistant").first.wait_for()
    expect(row(page, "First day")).to_contain_text("Due today")
    expect(row(page, "First day")).to_contain_text(f"{today:%-d %b %Y}")
    job = Employment.objects.get(participant=carla)
    assert job.fixed_term_end == contract_end

    # The sweep reminds the keyworker: the nav's Notifications shows it.
    assert services.sweep_checkins().reminded >= 1
    page.goto(live_server.url + "/")
    bell = page.locator("#nav-notifications")
    unread = keyworker.notifications.filter(read_at=None)
    assert unread.filter(title__startswith="Due today: First day").exists()
    expect(bell).to_contain_text(f"{unread.count()} unread")
    page.screenshot(path=screenshot_dir / shot.format("nav"))
    if not bell.is_visible():  # folded away at 375 px?
        page.get_by_role("button", name="Toggle navigation").click()
    bell.click()
    page.get_by_role("heading", name="Notifications").wait_for()
    reminder = page.get_by_role(
        "link", name=f"Due today: First day check-in with {carla}"
    )
    expect(reminder).to_be_visible()
    page.screenshot(path=screenshot_dir / shot.format("notifications"), full_page=True)
    reminder.click()

    # From the job page to the contact form, the check-in pre-selected.
    page.get_by_role("link", name="Log First day contact").click()
    page.get_by_role("heading", name="Log contact").wait_for()
    first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)
    expect(page.get_by_label("The check-in this contact answers")).to_have_value(
        str(first_day.pk)
    )
    page.get_by_text("Phone", exact=True).click()
    page.get_by_label("Date and time").fill(f"{today.isoformat()}T19:30")
    page.get_by_label("Crisis").check()
    page.get_by_label("Notes").fill(
        "Called in tears after her first shift; says she cannot go on."
    )
    page.screenshot(path=screenshot_dir / shot.format("contact"), full_page=True)
    page.get_by_role("button", name="Save contact").click()

    # The contact is logged, flagged, and the safeguarding flow has started.
    expect(page.get_by_text(f"Contact with {carla} logged.")).to_be_visible()
    expect(
        page.get_by_text("A safeguarding concern is open and your manager is told.")
    ).to_be_visible()
    timeline = page.locator("#timeline")
    call = timeline.locator("li").filter(has_text="Phone contact")
    expect(call).to_contain_text("Crisis")
    expect(call).to_contain_text("Out of hours")
    expect(call.locator("time")).to_have_text(f"{today:%-d %b %Y}, 19:30")
    expect(timeline.get_by_text("First day check-in done")).to_be_visible()
    expect(timeline.get_by_text("Safeguarding concern opened")).to_be_visible()
    page.screenshot(path=screenshot_dir / shot.format("logged"), full_page=True)

    # Her job: the first day is done, the contract-end check-in is ahead.
    page.goto(live_server.url + job.get_absolute_url())
    expect(row(page, "First day")).to_contain_text("Done")
    next_steps = row(page, "Contract end: next steps")
    expect(next_steps).to_be_visible()
    expect(next_steps).to_contain_text(f"{next_steps_due:%-d %b %Y}")
    next_steps.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / shot.format("job"), full_page=True)

    contact = Contact.objects.get(participant=carla)
    assert (contact.is_crisis, contact.out_of_hours) == (True, True)
    assert SafeguardingConcern.objects.get(participant=carla).contact == contact
    first_day.refresh_from_db()
    assert first_day.status == CheckInStatus.DONE
    assert first_day.completed_contact == contact
