"""Importing a caseload in a real Chromium: upload, preview, import, see the people."""

import pytest

from tests.caseload.import_sheets import csv_bytes, person
from tests.factories import PASSWORD


def upload(rows) -> bytes:
    return csv_bytes(rows, header=[*rows[1]])


@pytest.mark.real_stack
@pytest.mark.parametrize(("width", "height"), [(1280, 800), (375, 740)])
def test_keyworker_imports_a_csv_and_sees_the_people_in_their_caseload(
    live_server, page, keyworker, screenshot_dir, width, height
):
    page.set_viewport_size({"width": width, "height": height})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill(keyworker.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)

    page.goto(f"{live_server.url}/caseload/import/")
    file_input = page.get_by_label("Spreadsheet (CSV or Excel .xlsx)")
    # 1. A file that is not a spreadsheet is refused, saying why.
    file_input.set_input_files(
        files=[{"name": "photo.csv", "mimeType": "text/csv", "buffer": bytes(256)}]
    )
    page.get_by_role("button", name="Preview import").click()
    page.get_by_text("This file is not a spreadsheet").wait_for()
    page.screenshot(path=screenshot_dir / f"import-refused-{width}.png", full_page=True)

    # 2. A file with a bad row lists the problem, and offers no import.
    rows = [person(1), person(2, preferred_name="Jay"), person(3)]
    bad = [*rows[:2], person(3, date_of_birth="2015-01-01")]
    page.get_by_label("Spreadsheet (CSV or Excel .xlsx)").set_input_files(
        files=[{"name": "draft.csv", "mimeType": "text/csv", "buffer": upload(bad)}]
    )
    page.get_by_role("button", name="Preview import").click()
    page.get_by_role("heading", name="Problems, row by row").wait_for()
    assert page.get_by_text("this person would be 11").is_visible()
    assert page.get_by_role("button", name="Import 3 participants").count() == 0
    page.screenshot(
        path=screenshot_dir / f"import-problems-{width}.png", full_page=True
    )
    page.get_by_role("link", name="Upload a corrected file").click()

    # 3. The corrected file shows its preview, with nothing saved yet.
    page.get_by_label("Spreadsheet (CSV or Excel .xlsx)").set_input_files(
        files=[
            {
                "name": "my-caseload.csv",
                "mimeType": "text/csv",
                "buffer": upload(rows),
            }
        ]
    )
    page.get_by_role("button", name="Preview import").click()
    page.get_by_role("heading", name="my-caseload.csv").wait_for()
    assert page.get_by_text("nothing has been saved yet").is_visible()
    page.screenshot(path=screenshot_dir / f"import-preview-{width}.png", full_page=True)

    # 4. Importing (by the worker: in process in tests) puts the three people in
    # the caseload; the import's page says so once done.
    page.get_by_role("button", name="Import 3 participants").click()
    page.get_by_text("Imported 3 participants on").wait_for()
    page.screenshot(path=screenshot_dir / f"import-made-{width}.png", full_page=True)
    page.get_by_role("link", name="Open the caseload").click()
    page.get_by_role("heading", name="My caseload").wait_for()
    for name in ("Imported1 Person", "Jay Person", "Imported3 Person"):
        assert page.get_by_role("link", name=name).first.is_visible()
    page.screenshot(path=screenshot_dir / f"import-done-{width}.png", full_page=True)
