"""The login page in a real Chromium."""

import pytest

from tests.factories import PASSWORD


@pytest.mark.real_stack
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 740)])
def test_keyworker_signs_in_to_today_and_finds_their_caseload(
    live_server, page, keyworker, participant, screenshot_dir, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(keyworker.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.get_by_role("heading", name="Today").wait_for()
    page.screenshot(path=screenshot_dir / f"login-today-{width}.png", full_page=True)
    page.goto(f"{live_server.url}/caseload/")
    page.get_by_role("heading", name="My caseload").wait_for()
    assert page.get_by_text(participant.display_name).first.is_visible()
    page.screenshot(path=screenshot_dir / f"login-caseload-{width}.png", full_page=True)
