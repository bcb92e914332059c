"""In Chromium: withdraw consent to employer disclosure on the job page."""

import pytest

from tests.factories import PASSWORD, EmployerFactory, EmploymentFactory


@pytest.mark.real_stack
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (375, 800)])
def test_keyworker_withdraws_consent_on_the_job_page_and_sees_the_history(
    live_server, page, keyworker, participant, screenshot_dir, width, height
):
    employer = EmployerFactory(name="Harbour Café Group", go_to_person=keyworker)
    job = EmploymentFactory(participant=participant, employer=employer)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(keyworker.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_role("heading", name="Today").wait_for()

    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    card = page.locator("#consent")
    assert "Consent given" in card.inner_text()
    card.get_by_text("Withdraw consent").click()
    card.get_by_label("Why (the participant's own words, or the reason)").fill(
        "“I'd rather my manager didn't know for now.”"
    )
    card.screenshot(path=screenshot_dir / f"inwork-consent-form-{width}.png")
    card.get_by_role("button", name="Save consent").click()

    page.get_by_text("Consent withdrawn: Harbour Café Group's portal").wait_for()
    card = page.locator("#consent")
    text = card.inner_text()
    assert "No consent" in text
    assert "Withdrawn" in text
    assert "I'd rather my manager didn't know for now." in text
    card.scroll_into_view_if_needed()
    page.screenshot(path=screenshot_dir / f"inwork-consent-{width}.png", full_page=True)
