"""In Chromium: a check-in reminder from the sweep, seen through the nav badge."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from accounts.models import Notification
from inwork_support import services
from tests.factories import PASSWORD, CheckInFactory, EmploymentFactory


@pytest.mark.real_stack
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 740)])
def test_a_reminder_from_the_sweep_is_seen_from_the_badge_and_read_on_opening(
    live_server, page, keyworker, participant, screenshot_dir, width, height
):
    today = timezone.localdate()
    job = EmploymentFactory(participant=participant, start_date=today)
    CheckInFactory(employment=job, due_on=today)
    # Before 7am: the reminder, not yet the morning digest.
    early = timezone.make_aware(datetime.datetime.combine(today, datetime.time(6)))
    assert services.sweep_checkins(now=early).reminded == 1
    shot = screenshot_dir / f"notifications-{{}}-{width}.png"

    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(keyworker.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Today").wait_for()

    badge = page.locator("#nav-notifications")
    expect(badge).to_be_visible()  # outside the collapsed menu on a phone
    expect(badge).to_have_text("Notifications 1 unread")
    box = badge.bounding_box()
    assert box["width"] >= 24
    assert box["height"] >= 24
    page.screenshot(path=str(shot).format("badge"))
    badge.click()

    page.get_by_role("heading", name="Notifications").wait_for()
    title = f"Due today: First day check-in with {participant}"
    link = page.get_by_role("link", name=title)
    expect(link).to_be_visible()
    assert page.locator("#notification-list .badge", has_text="New").count() == 1
    page.screenshot(path=str(shot).format("list"), full_page=True)
    link.click()

    page.wait_for_url(f"**{job.get_absolute_url()}")
    assert Notification.objects.get(recipient=keyworker).read_at is not None
    expect(page.locator("#nav-notifications")).to_have_text("Notifications")
    page.locator("#nav-notifications").click()
    expect(page.get_by_role("link", name=title)).to_be_visible()
    assert page.locator("#notification-list .badge", has_text="New").count() == 0
    page.screenshot(path=str(shot).format("read"), full_page=True)
