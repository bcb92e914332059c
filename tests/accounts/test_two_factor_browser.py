"""A manager enrols an authenticator in a real Chromium, giving the password again."""

import pytest
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import browser_sign_in


@pytest.mark.real_stack
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 740)])
def test_a_manager_enrols_at_first_sign_in_with_the_password_again(
    live_server, page, partner_manager, screenshot_dir, width, height
):
    page.set_viewport_size({"width": width, "height": height})

    browser_sign_in(page, live_server.url, partner_manager)

    assert TOTPDevice.objects.get(user=partner_manager).confirmed
    page.goto(f"{live_server.url}/two-step/setup/")
    page.get_by_label("6-digit code from the authenticator you already use").wait_for()
    page.screenshot(path=screenshot_dir / f"two-step-add-{width}.png", full_page=True)
