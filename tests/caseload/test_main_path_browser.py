"""The keyworker's main path in a real Chromium: find, log a contact, see it."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import PASSWORD, ContactFactory, ParticipantFactory


@pytest.mark.real_stack
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (375, 812)])
def test_keyworker_finds_a_participant_logs_a_contact_and_sees_it(
    live_server, page, keyworker, participant, screenshot_dir, width, height
):
    for first, last in [("Owen", "Hart"), ("Priya", "Shah"), ("Liam", "Cole")]:
        ParticipantFactory(keyworker=keyworker, first_name=first, last_name=last)
    ContactFactory(participant=participant)
    page.set_viewport_size({"width": width, "height": height})

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(keyworker.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(f"{live_server.url}{reverse('caseload:my-caseload')}")
    page.get_by_role("heading", name="My caseload").wait_for()
    page.screenshot(path=screenshot_dir / f"caseload-list-{width}.png", full_page=True)

    page.get_by_role("searchbox", name="Name").fill("jones")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("1 participant", exact=True)).to_be_visible()
    page.get_by_role("link", name="Log contact with Jade Jones").click()

    page.get_by_role("heading", name="Log contact").wait_for()
    expect(page.get_by_label("Face to face")).to_be_checked()
    page.get_by_label("Minutes").fill("1000")
    page.get_by_label("Money or benefits").check()
    page.get_by_label("Notes").fill("Went through the housing benefit form.")
    page.get_by_label("Action 1", exact=True).fill("Post the form to the council")
    page.get_by_label("Action 1 due").fill("2099-01-15")
    page.get_by_role("button", name="Save contact").click()

    # Too many minutes: refused, with everything typed still there.
    expect(page.get_by_text("at most 600 minutes")).to_be_visible()
    expect(page.get_by_label("Notes")).to_have_value(
        "Went through the housing benefit form."
    )
    expect(page.get_by_label("Action 1", exact=True)).to_have_value(
        "Post the form to the council"
    )
    page.screenshot(
        path=screenshot_dir / f"log-contact-error-{width}.png", full_page=True
    )
    page.get_by_label("Minutes").fill("35")
    page.get_by_role("button", name="Save contact").click()

    expect(page.get_by_text("Contact with Jade Jones logged.")).to_be_visible()
    timeline = page.locator("#timeline")
    expect(timeline.get_by_text("Face to face contact, 35 min")).to_be_visible()
    expect(
        timeline.get_by_text("Went through the housing benefit form.")
    ).to_be_visible()
    expect(page.get_by_text("Post the form to the council")).to_be_visible()
    page.screenshot(
        path=screenshot_dir / f"participant-page-{width}.png", full_page=True
    )
