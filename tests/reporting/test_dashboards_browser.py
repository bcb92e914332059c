"""A partner manager and a programme manager see their dashboards in Chromium."""

import datetime

import pytest

from caseload.models import StatusAtStart
from inwork_support.models import CheckInStatus
from tests.conftest import browser_sign_in, enrolled_device
from tests.factories import (
    CheckInFactory,
    ContactFactory,
    EmploymentFactory,
    ParticipantFactory,
)
from tests.reporting.factories import InWorkContactFactory

pytestmark = pytest.mark.real_stack
SIZES = [(1280, 900), (375, 800)]


@pytest.fixture
def team(keyworker, other_keyworker, keyworker_elsewhere):
    """Enough people and jobs for charts with numbers of five and over."""
    today = datetime.date.today()  # noqa: DTZ011 (the live server runs in real time)
    for n in range(24):
        worker = [keyworker, other_keyworker, keyworker_elsewhere][n % 3]
        person = ParticipantFactory(
            keyworker=worker,
            programme_start=today - datetime.timedelta(days=200),
            status_at_start=StatusAtStart.INACTIVE
            if n % 4
            else StatusAtStart.UNEMPLOYED,
        )
        ContactFactory(
            participant=person,
            happened_at=datetime.datetime.now(datetime.UTC)
            - datetime.timedelta(days=n),
        )
        if n % 2:
            job = EmploymentFactory(
                participant=person,
                start_date=today - datetime.timedelta(days=100 + n),
                sector=["Hospitality", "Retail", "Care"][n % 3],
            )
            if n % 3:
                contact = InWorkContactFactory(employment=job).contact
                CheckInFactory(
                    employment=job,
                    due_on=contact.happened_at.date(),
                    status=CheckInStatus.DONE,
                    completed_contact=contact,
                )


def sign_in(page, live_server, user):
    browser_sign_in(page, live_server.url, user)


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_partner_manager_sees_their_team_dashboard(
    live_server, page, partner_manager, keyworker, team, screenshot_dir, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, live_server, partner_manager)

    page.get_by_role("heading", name="Northside Futures team dashboard").wait_for()
    assert page.get_by_role("img", name="Active caseload against the cap").is_visible()
    page.screenshot(path=screenshot_dir / f"team-dashboard-{width}.png", full_page=True)

    link = page.get_by_role("link", name=f"Active caseload (cap) for {keyworker}")
    link.locator("visible=true").first.click()
    page.get_by_role("heading", name=f"Active caseload: {keyworker}").wait_for()


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_programme_manager_sees_the_programme_dashboard(
    live_server, page, programme_manager, team, screenshot_dir, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    enrolled_device(programme_manager)  # enrolled before: asked for a code only
    sign_in(page, live_server, programme_manager)

    page.get_by_role("heading", name="Programme dashboard").wait_for()
    chart = page.get_by_role(
        "img", name="Still in work, with and without in-work support"
    )
    assert chart.is_visible()
    assert page.get_by_role("heading", name="Job entries by sector").is_visible()
    page.screenshot(
        path=screenshot_dir / f"programme-dashboard-{width}.png", full_page=True
    )

    page.get_by_label("Partner", exact=True).select_option(label="Riverside Works")
    page.get_by_role("button", name="Apply").click()
    page.get_by_text("Participants engaged").first.wait_for()
    assert "partner=" in page.url
