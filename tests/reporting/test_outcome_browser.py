"""A keyworker records an education start on the participant page, and outcome
(iii) of the funder's table moves: by one in the partner manager's drill-down,
from 5 to 10 in the published (rounded) table. In Chromium, 1280 and 375 px."""

import datetime
import uuid

import pytest

from caseload import services
from caseload.models import ConfirmedBy, OutcomeKind, StatusAtStart
from tests.conftest import browser_sign_in
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.real_stack
SIZES = [(1280, 900), (375, 800)]


@pytest.fixture
def learners(keyworker):
    """Seven already in education or training, recorded through the service."""
    today = datetime.date.today()  # noqa: DTZ011 (the live server runs in real time)
    for n in range(7):
        person = ParticipantFactory(
            keyworker=keyworker,
            programme_start=today - datetime.timedelta(days=200),
            status_at_start=StatusAtStart.INACTIVE,
        )
        services.record_progress(
            participant=person,
            kind=OutcomeKind.EDUCATION_TRAINING,
            achieved_on=today - datetime.timedelta(days=100 + n),
            what="ESOL Entry 3, City College",
            confirmed_by=ConfirmedBy.PROVIDER,
            evidence="Enrolment letter seen",
            recorded_by=keyworker,
            submission_key=uuid.uuid4(),
        )


def outcome_iii(page):
    row = page.locator("#figure-outcomes tr", has_text="(iii) Education or training")
    return row.locator("td").first


@pytest.mark.parametrize(("width", "height"), SIZES)
def test_recording_an_education_start_moves_outcome_iii(
    live_server,
    page,
    browser,
    keyworker,
    partner_manager,
    learners,
    screenshot_dir,
    width,
    height,
):
    today = datetime.date.today()  # noqa: DTZ011
    jade = ParticipantFactory(
        keyworker=keyworker,
        first_name="Jade",
        last_name="Jones",
        programme_start=today - datetime.timedelta(days=120),
        status_at_start=StatusAtStart.UNEMPLOYED,
    )
    manager = browser.new_context(viewport={"width": width, "height": height})
    figures = manager.new_page()
    browser_sign_in(figures, live_server.url, partner_manager)
    figures.goto(f"{live_server.url}/reports/programme/")
    assert outcome_iii(figures).inner_text() == "5"  # seven, rounded

    # 1. The keyworker records Jade's course on her page.
    page.set_viewport_size({"width": width, "height": height})
    browser_sign_in(page, live_server.url, keyworker)
    page.goto(f"{live_server.url}{jade.get_absolute_url()}")
    outcomes = page.get_by_role("region", name="Outcomes", exact=True)
    outcomes.screenshot(path=screenshot_dir / f"outcome-panel-{width}.png")
    outcomes.get_by_role("link", name="Record").click()
    page.get_by_label("Entered education or training").check()
    page.get_by_label("Date it started").fill(
        (today - datetime.timedelta(days=3)).isoformat()
    )
    page.get_by_label("What").fill("Level 1 Maths, Leeds City College")
    page.get_by_label("How it was confirmed").select_option(
        label="Course or training provider"
    )
    page.get_by_label("Evidence").fill("Enrolment letter seen at today's meeting")
    page.screenshot(path=screenshot_dir / f"outcome-form-{width}.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    page.get_by_role("heading", name="Outcome register").wait_for()
    assert page.get_by_text("Level 1 Maths, Leeds City College").is_visible()
    assert page.get_by_text("Participant page").first.is_visible()
    page.screenshot(
        path=screenshot_dir / f"outcome-register-{width}.png", full_page=True
    )

    # 2. The partner manager's table moves from 5 to 10; the drill-down by one.
    figures.reload()
    assert outcome_iii(figures).inner_text() == "10"  # eight, rounded
    figures.locator("#figure-outcomes").screenshot(
        path=screenshot_dir / f"outcome-table-{width}.png"
    )
    outcome_iii(figures).get_by_role("link").click()
    figures.get_by_role("heading", name="(iii) Education or training").wait_for()
    assert figures.get_by_text("8 records").is_visible()
    assert figures.get_by_role("link", name="Jade Jones").is_visible()
    figures.screenshot(
        path=screenshot_dir / f"outcome-drilldown-{width}.png", full_page=True
    )
    manager.close()
