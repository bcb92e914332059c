"""In Chromium: a retention number opens the jobs behind it, named or pseudonymised."""

import datetime

import pytest
from django.utils import timezone

from inwork_support import dates
from inwork_support.models import EndReason
from tests.conftest import sign_in_context
from tests.factories import (
    EmployerFactory,
    EmploymentFactory,
    ParticipantFactory,
)


@pytest.mark.real_stack
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (375, 800)])
def test_a_retention_number_opens_its_jobs(
    live_server,
    browser,
    keyworker,
    partner_manager,
    programme_manager,
    screenshot_dir,
    width,
    height,
):
    # Ten jobs eight months old, never supported: five still going, five ended
    # after four weeks. At six months: 5 in work of 10 known, without support.
    start = dates.add_months(timezone.localdate(), -8)
    employer = EmployerFactory(name="Harbour Café Group")
    for n in range(10):
        ended = start + datetime.timedelta(days=40) if n >= 5 else None
        EmploymentFactory(
            participant=ParticipantFactory(
                keyworker=keyworker, first_name=f"Sam{n}", last_name="Okafor"
            ),
            employer=employer,
            start_date=start,
            ended_on=ended,
            end_reason=EndReason.RESIGNED if ended else "",
        )

    for user, who in ((partner_manager, "partner"), (programme_manager, "programme")):
        context = browser.new_context(viewport={"width": width, "height": height})
        sign_in_context(context, live_server.url, user)
        page = context.new_page()
        page.goto(f"{live_server.url}/reports/programme/")
        figure = page.locator("#figure-retention")
        link = figure.locator('a[href*="/six_months.without.reached/"]')
        box = link.bounding_box()
        assert box["width"] >= 24
        assert box["height"] >= 24
        figure.screenshot(path=screenshot_dir / f"figure-retention-{who}-{width}.png")
        page.screenshot(
            path=screenshot_dir / f"figure-links-{who}-{width}.png", full_page=True
        )
        link.click()
        page.get_by_role(
            "heading", name="6 months, without support: in work"
        ).wait_for()
        text = page.locator("main").inner_text()
        if who == "partner":
            assert "5 records" in text
            assert "Sam0 Okafor" in text
        else:
            assert "5 records, pseudonymised" in text
            assert "Okafor" not in text
            assert page.locator(".list-group-item").count() == 5
        page.screenshot(
            path=screenshot_dir / f"figure-records-{who}-{width}.png", full_page=True
        )
        context.close()
