"""In Chromium: axe-core on every page every role can open, WCAG 2.2 A and AA.

The pages come from the permission matrix (tests/permission_matrix.py): every URL
a role may GET is opened as that role, with the matrix's own scenario filling the
URL's arguments, so a new page is checked as soon as it has a row. Any violation
fails the test, naming the page, the role, the rule and the elements.

A second test does one keyworker's journey by keyboard alone: sign in, open a
participant, log a contact.
"""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse
from playwright.sync_api import Error as PlaywrightError

from tests.conftest import ARTIFACTS, sign_in_context
from tests.factories import PASSWORD
from tests.permission_matrix import MATRIX

# The matrix's own scenario, for the URLs' arguments.
from tests.test_permission_matrix import world  # noqa: F401

# One of each role, as the matrix names them (its other_* columns are the same
# pages seen from one step away).
ROLES = (
    "anonymous",
    "keyworker",
    "iwso",
    "partner_manager",
    "programme_manager",
    "employer_contact",
    "admin_user",
)
WCAG_A_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
AXE_OPTIONS = {
    "runOnly": {"type": "tag", "values": WCAG_A_AA},
    "resultTypes": ["violations"],
}


def urls_for(role: str) -> list[str]:
    """Return the URL names `role` may open, by the matrix."""
    return sorted(name for name, case in MATRIX.items() if case.get[role] == "ok")


def open_page(page, url: str) -> str:
    """Open `url`; return "page" for an HTML page, else what came instead."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" in error.message:
            return "a download"
        raise
    if not response.ok:
        return f"status {response.status}"
    kind = response.headers.get("content-type", "")
    return "page" if kind.startswith("text/html") else kind


def violations_on(page, axe: Axe) -> list[str]:
    """Return one line per element that breaks a WCAG A/AA rule on the page."""
    found = axe.run(page, options=AXE_OPTIONS).response["violations"]
    return [
        f"{rule['id']} ({rule['impact']}): {rule['help']}\n"
        f"      {' '.join(node['target'])}: {node['html'][:160]}"
        for rule in found
        for node in rule["nodes"]
    ]


@pytest.mark.real_stack
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (375, 800)])
def test_every_page_meets_wcag_for_every_role(
    live_server,
    browser,
    world,  # noqa: F811
    width,
    height,
):
    axe = Axe()
    checked = 0
    problems = []
    files = []  # what the matrix lets the role open that is a file, not a page
    for role in ROLES:
        # Reduced motion: Bootstrap then draws no transitions for axe to catch midway.
        context = browser.new_context(
            viewport={"width": width, "height": height}, reduced_motion="reduce"
        )
        user = world.users[role]
        if user is not None:
            sign_in_context(context, live_server.url, user)
        page = context.new_page()
        for name in urls_for(role):
            url = reverse(name, kwargs=MATRIX[name].args(world))
            got = open_page(page, live_server.url + url)
            if got.startswith("status"):
                problems.append(f"{name} ({url}) as {role}: {got}")
                continue
            if got != "page":
                files.append(f"{name} as {role}: {got}")
                continue
            checked += 1
            for line in violations_on(page, axe):
                problems.append(f"{name} ({url}) as {role}, {width} px:\n    {line}")
        context.close()

    summary = (
        f"axe-core: {checked} pages x roles checked at {width} px "
        f"({len(ROLES)} roles; {len(files)} files not checked)"
    )
    print(summary)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / f"accessibility-{width}.txt").write_text(
        "\n".join([summary, *problems, "Not pages:", *files]) + "\n"
    )
    assert checked >= 100, summary
    assert not problems, f"{summary}; {len(problems)} violations:\n" + "\n".join(
        problems
    )


def tab_to(page, name: str, *, limit: int = 80) -> None:
    """Press Tab until the focused control is the one named `name`; fail if never.

    The name is what a screen reader would announce: its label, aria-label or text.
    Every stop on the way must show where the focus is.
    """
    passed = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["body"]:
            continue  # past the last control, or not yet in the page
        assert focused["visible"], f"no visible focus on {focused['name']!r}"
        # A required field's label ends in crispy-forms' asterisk.
        if focused["name"].removesuffix("*") == name:
            return
        passed.append(focused["name"][:40])
    pytest.fail(f"Tab never reached {name!r} on {page.url}; passed {passed}")


# The focused element's accessible name (near enough), and whether it shows focus.
FOCUSED = """() => {
  const el = document.activeElement;
  const label = el.labels && el.labels.length ? el.labels[0].textContent : "";
  const name = (el.getAttribute("aria-label") || label || el.textContent || "")
    .replace(/\\s+/g, " ").trim();
  const style = getComputedStyle(el);
  const visible = style.outlineStyle !== "none" || style.boxShadow !== "none";
  return {name, visible, body: el === document.body};
}"""


@pytest.mark.real_stack
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (375, 800)])
def test_a_keyworker_logs_a_contact_by_keyboard_alone(
    live_server, page, keyworker, participant, screenshot_dir, width, height
):
    """Sign in, open a participant, log a contact: Tab, Enter, Space and typing."""
    page.set_viewport_size({"width": width, "height": height})
    # Focus styles drawn at once, not faded in (Bootstrap honours this).
    page.emulate_media(reduced_motion="reduce")
    page.goto(f"{live_server.url}/accounts/login/")

    tab_to(page, "Username")
    page.keyboard.type(keyworker.username)
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Today").wait_for()

    if width < 768:
        tab_to(page, "Show menu")
        page.keyboard.press("Space")
    tab_to(page, "My caseload")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/caseload/$"))
    tab_to(page, participant.display_name)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(rf"/caseload/participants/{participant.pk}/$"))
    tab_to(page, "Log contact")
    page.keyboard.press("Enter")
    page.get_by_role("heading", name="Log contact").wait_for()

    tab_to(page, "Minutes")
    page.keyboard.type("20")
    tab_to(page, "Notes")
    page.keyboard.type("Talked through the interview on Friday, by keyboard.")
    tab_to(page, "Save contact")
    page.screenshot(path=screenshot_dir / f"keyboard-contact-{width}.png")
    page.keyboard.press("Enter")

    page.get_by_text(f"Contact with {participant} logged.").wait_for()
    contact = participant.contacts.get()
    assert contact.minutes == 20
    assert contact.notes == "Talked through the interview on Friday, by keyboard."
