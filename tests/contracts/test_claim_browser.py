"""In Chromium: a payslip uploaded, checked by a second person, and claimed."""

import datetime

import pytest
import time_machine

from contracts import services
from contracts.models import EvidenceKind
from tests.conftest import browser_sign_in
from tests.contracts.conftest import PDF, make_contract, payslip
from tests.inwork_support.conftest import start_job


@pytest.fixture
def enrolment(partner, participant, keyworker, iwso, partner_manager):
    """Enrolled a week before a job that started on 2 March 2026, and checked."""
    participant.in_work_support_officer = iwso
    participant.save()
    contract = make_contract(partner)
    with time_machine.travel(datetime.datetime(2026, 2, 23, 10, tzinfo=datetime.UTC)):
        start_job(participant, keyworker)
        enrolment = services.enrol_participant(
            contract=contract,
            participant=participant,
            enrolled_by=keyworker,
            enrolled_on=datetime.date(2026, 2, 23),
            answers={
                item.pk: (True, "Seen") for item in contract.eligibility_items.all()
            },
            declaration_signed_on=datetime.date(2026, 2, 23),
        )
        item = contract.eligibility_items.get(evidence_kind="right_to_work")
        services.upload_evidence(
            enrolment=enrolment,
            uploaded_by=keyworker,
            upload=payslip(),
            kind=EvidenceKind.RIGHT_TO_WORK,
            item=item,
        )
        services.check_enrolment(enrolment=enrolment, checker=partner_manager)
    return enrolment


@pytest.mark.real_stack
@pytest.mark.parametrize(("width", "height"), [(1280, 900), (375, 800)])
def test_a_payslip_is_checked_by_a_second_person_and_claimed(
    live_server,
    browser,
    enrolment,
    participant,
    keyworker,
    iwso,
    partner_manager,
    screenshot_dir,
    tmp_path,
    width,
    height,
):
    slip = tmp_path / "march-payslip.pdf"
    slip.write_bytes(PDF)
    base = live_server.url

    def as_user(user):
        page = browser.new_page(viewport={"width": width, "height": height})
        browser_sign_in(page, base, user)
        return page

    # 1. The keyworker uploads the payslip from the participant page.
    page = as_user(keyworker)
    page.goto(f"{base}{participant.get_absolute_url()}")
    panel = page.get_by_role("region", name="Contracts and outcomes")
    panel.get_by_text("Job entry:").wait_for()
    page.screenshot(
        path=screenshot_dir / f"contracts-participant-{width}.png", full_page=True
    )
    panel.get_by_role("link", name="Restart North").click()
    page.get_by_role("link", name="Upload evidence").click()
    page.get_by_label("What it proves").select_option(label="Job entry")
    page.get_by_label("Kind of evidence").select_option(label="Payslip")
    page.get_by_label("File").set_input_files(str(slip))
    page.get_by_role("button", name="Upload").click()
    page.get_by_text("Evidence uploaded.").wait_for()
    assert (
        page.get_by_role("button", name="Check the evidence (second person)").count()
        == 0
    )
    page.screenshot(
        path=screenshot_dir / f"contracts-uploaded-{width}.png", full_page=True
    )
    page.close()

    # 2. The in-work support officer, a second person, checks it.
    page = as_user(iwso)
    page.goto(f"{base}{enrolment.get_absolute_url()}")
    page.get_by_role("button", name="Check the evidence (second person)").click()
    page.get_by_text("Checked: it is ready to claim.").wait_for()
    page.close()

    # 3. The partner manager sees it ready, and marks it claimed.
    page = as_user(partner_manager)
    page.goto(f"{base}/contracts/{enrolment.contract_id}/claims/")
    ready = page.get_by_role("region", name="Ready to claim")
    ready.get_by_text("Job entry, reached 2 Mar 2026").wait_for()
    sustained = page.get_by_role("region", name="Blocked").get_by_text("Sustained job")
    assert sustained.is_visible()
    page.screenshot(
        path=screenshot_dir / f"contracts-claims-ready-{width}.png", full_page=True
    )
    ready.get_by_role("button", name="Mark claimed").click()
    page.get_by_text("Job entry: marked as claimed.").wait_for()
    claimed = page.get_by_role("region", name="Claimed, awaiting the funder")
    assert claimed.get_by_role("link", name=participant.display_name).is_visible()
    assert "Claimed" in claimed.inner_text()
    assert claimed.get_by_role("link", name="Record the funder's answer").is_visible()
    page.screenshot(
        path=screenshot_dir / f"contracts-claimed-{width}.png", full_page=True
    )
    page.close()

    enrolment.claims.get(outcome_type__name="Job entry").refresh_from_db()
    assert enrolment.claims.get(outcome_type__name="Job entry").stage == "claimed"
