"""Phone-first, in Chromium: a phone contact from the caseload list in 3 taps.

Tap "Log contact" on the row, tap the "Phone" toggle, type the notes, tap
"Save contact": the check-in due today is pre-selected, so it is done, and the
contact is on the timeline. Every tap target on both pages is at least
24 x 24 px (WCAG 2.2, 2.5.8), measured in the browser.
"""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from caseload.models import Contact
from inwork_support import services
from inwork_support.models import CheckInKind
from tests.conftest import browser_sign_in
from tests.factories import EmployerFactory, ParticipantFactory

# Every visible control a finger may aim at. A radio or checkbox drawn as a
# button (Bootstrap's btn-check) is hidden: its label is the target.
SMALL_TARGETS = """
() => {
  const found = [];
  const controls = document.querySelectorAll(
    "a[href], button, input:not([type=hidden]), select, textarea, summary"
  );
  for (const control of controls) {
    const target = control.classList.contains("btn-check")
      ? document.querySelector(`label[for="${control.id}"]`)
      : control;
    if (!target || target.closest(".visually-hidden-focusable, [hidden]")) continue;
    const box = target.getBoundingClientRect();
    if (box.width === 0 && box.height === 0) continue;  // not displayed
    if (box.width < 24 || box.height < 24) {
      const name = (target.innerText || target.name || target.id || "").trim();
      found.push(`${target.tagName} "${name.slice(0, 40)}" ${box.width}x${box.height}`);
    }
  }
  return found;
}
"""

# Real pointer presses, kept across page loads in this tab.
COUNT_TAPS = """
document.addEventListener("pointerdown", (event) => {
  if (event.isTrusted) {
    const taps = Number(sessionStorage.getItem("taps") || 0);
    sessionStorage.setItem("taps", String(taps + 1));
  }
}, true);
"""


@pytest.mark.real_stack
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 900)])
def test_a_phone_contact_from_the_caseload_takes_three_taps_and_does_the_check_in(
    live_server, page, keyworker, participant, screenshot_dir, width, height
):
    for first, last in [("Owen", "Hart"), ("Priya", "Shah")]:
        ParticipantFactory(keyworker=keyworker, first_name=first, last_name=last)
    job = services.record_job_start(
        participant=participant,
        recorded_by=keyworker,
        employer=EmployerFactory(name="Harbour Café Group", go_to_person=keyworker),
        job_title="Kitchen assistant",
        hours_per_week=Decimal("24.0"),
        hourly_pay=Decimal("12.21"),
        contract_type="permanent",
        start_date=timezone.localdate(),
    )
    first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)
    page.set_viewport_size({"width": width, "height": height})
    browser_sign_in(page, live_server.url, keyworker)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.add_init_script(COUNT_TAPS)
    page.goto(f"{live_server.url}{reverse('caseload:my-caseload')}")
    page.get_by_role("heading", name="My caseload").wait_for()
    assert page.evaluate(SMALL_TARGETS) == []
    page.screenshot(path=screenshot_dir / f"phone-caseload-{width}.png", full_page=True)

    page.get_by_role("link", name=f"Log contact with {participant}").click()  # 1
    page.get_by_role("heading", name="Log contact").wait_for()
    check_in = page.get_by_label("The check-in this contact answers")
    expect(check_in).to_have_value(str(first_day.pk))
    # Asked only for the six- and twelve-month check-ins.
    confirmed = page.get_by_label("Still in work: how was it confirmed?")
    expect(confirmed).to_be_hidden()
    expect(page.get_by_role("spinbutton", name="Minutes")).to_have_value("15")
    assert page.evaluate(SMALL_TARGETS) == []
    # The folded in-work questions too (opened by script: not a tap counted).
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    page.get_by_label("Record new terms for the job").check()
    assert page.evaluate(SMALL_TARGETS) == []
    page.screenshot(
        path=screenshot_dir / f"phone-contact-form-open-{width}.png", full_page=True
    )
    page.get_by_label("Record new terms for the job").uncheck()
    page.evaluate("sessionStorage.setItem('taps', '1')")  # only the first tap
    page.get_by_text("Phone", exact=True).click()  # 2
    expect(page.get_by_label("Phone")).to_be_checked()
    page.get_by_label("Notes").fill("First shift went well; bus on time.")
    page.screenshot(
        path=screenshot_dir / f"phone-contact-form-{width}.png", animations="disabled"
    )
    page.get_by_role("button", name="Save contact").click()  # 3

    expect(page.get_by_text(f"Contact with {participant} logged.")).to_be_visible()
    assert page.evaluate("Number(sessionStorage.getItem('taps'))") == 3
    timeline = page.locator("#timeline")
    expect(timeline.get_by_text("Phone contact, 15 min")).to_be_visible()
    expect(timeline.get_by_text("First day check-in done")).to_be_visible()
    page.screenshot(
        path=screenshot_dir / f"phone-contact-saved-{width}.png", full_page=True
    )
    first_day.refresh_from_db()
    assert first_day.status == "done"
    contact = Contact.objects.get()
    assert first_day.completed_contact == contact
    assert (contact.channel, contact.minutes) == ("phone", 15)
    assert contact.notes == "First shift went well; bus on time."
    assert contact.happened_at <= timezone.now() + datetime.timedelta(minutes=1)


@pytest.mark.real_stack
@pytest.mark.django_db(transaction=True)
def test_a_minutes_quick_pick_is_one_tap(live_server, page, keyworker, participant):
    page.set_viewport_size({"width": 375, "height": 812})
    browser_sign_in(page, live_server.url, keyworker)
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.goto(
        f"{live_server.url}{reverse('caseload:log-contact', args=[participant.pk])}"
    )

    minutes = page.get_by_role("spinbutton", name="Minutes")
    pick = page.get_by_role("button", name="30 minutes")
    pick.click()

    expect(minutes).to_have_value("30")
    expect(pick).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_label("The check-in this contact answers")).to_have_count(0)
    page.get_by_role("button", name="Save contact").click()
    expect(page.get_by_text("Face to face contact, 30 min").first).to_be_visible()
