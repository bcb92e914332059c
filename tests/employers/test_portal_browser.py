"""The main path in a real Chromium: employer asks, go-to person answers."""

import pytest

from tests.factories import PASSWORD

pytestmark = pytest.mark.real_stack


def sign_in(page, base_url, username):
    page.context.clear_cookies()
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 740)])
def test_employer_messages_the_go_to_person_and_sees_the_reply(
    live_server,
    page,
    employer,
    employer_contact,
    keyworker,
    screenshot_dir,
    width,
    height,
):
    page.set_viewport_size({"width": width, "height": height})
    shot = screenshot_dir / f"employers-{{}}-{width}.png"

    # 1. The employer contact signs in to the portal and writes to Amira.
    sign_in(page, live_server.url, employer_contact.username)
    page.get_by_role("heading", name="Your go-to person").wait_for()
    page.get_by_label("What is it about?").select_option(label="A meeting request")
    page.get_by_label("Urgent").check()
    page.get_by_role("textbox", name="Your message").fill(
        "Could we meet about Jade's probation?"
    )
    page.screenshot(path=str(shot).format("portal-form"), full_page=True)
    page.get_by_role("button", name="Send message").click()
    page.get_by_text(f"Message sent to {keyworker}").wait_for()

    # 2. The go-to person sees it on their home page and replies. The Today page
    # shows the employer inbox card once the in-work helper includes it; until
    # then the inbox is where it is seen.
    sign_in(page, live_server.url, keyworker.username)
    page.goto(f"{live_server.url}/in-work/today/")
    if not page.get_by_role("heading", name="Employer messages").count():
        page.goto(f"{live_server.url}/employers/inbox/")
    page.get_by_text("Could we meet about Jade's probation?").wait_for()
    page.screenshot(path=str(shot).format("staff-home"), full_page=True)
    page.get_by_role("link", name="Harbour Café Group").first.click()
    page.get_by_role("textbox", name="Your reply").fill(
        "Yes: Thursday at 2pm at the café?"
    )
    page.get_by_role("button", name="Send reply").click()
    page.get_by_text("Reply sent").wait_for()
    page.screenshot(path=str(shot).format("staff-thread"), full_page=True)

    # 3. The employer signs in again and sees the reply under their message.
    sign_in(page, live_server.url, employer_contact.username)
    page.get_by_text("Yes: Thursday at 2pm at the café?").wait_for()
    assert page.get_by_text("Replied").first.is_visible()
    page.screenshot(path=str(shot).format("portal-reply"), full_page=True)
