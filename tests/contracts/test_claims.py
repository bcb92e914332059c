"""Enrolment, evidence and claims through the services, as the pages call them."""

import datetime

import pytest
import time_machine
from auditlog.models import LogEntry
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone

from contracts import services
from contracts.models import Claim, ClaimStage, EvidenceKind
from contracts.services.board import BLOCKED, READY
from records.retention import anonymise_participant
from records.subject_access import subject_access_data
from tests.contracts.conftest import PNG, payslip
from tests.inwork_support.conftest import start_job

pytestmark = pytest.mark.django_db

ENROLLED = datetime.date(2026, 1, 5)
JOB_START = datetime.date(2026, 3, 2)
LATER = datetime.datetime(2026, 3, 20, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def enrolment(contract, participant, keyworker):
    with time_machine.travel(datetime.datetime(2026, 1, 5, 10, tzinfo=datetime.UTC)):
        items = {item.question: item.pk for item in contract.eligibility_items.all()}
        return services.enrol_participant(
            contract=contract,
            participant=participant,
            enrolled_by=keyworker,
            enrolled_on=ENROLLED,
            answers=dict.fromkeys(items.values(), (True, "Seen")),
            declaration_signed_on=ENROLLED,
        )


@pytest.fixture
def in_work(enrolment, participant, keyworker):
    with time_machine.travel(datetime.datetime(2026, 2, 23, 10, tzinfo=datetime.UTC)):
        return start_job(participant, keyworker, start_date=JOB_START)


def _types(contract):
    return {t.name: t for t in contract.outcome_types.all()}


def _upload(enrolment, user, kind=EvidenceKind.PAYSLIP, **target):
    return services.upload_evidence(
        enrolment=enrolment, uploaded_by=user, upload=payslip(), kind=kind, **target
    )


def _eligibility_evidence(enrolment, user):
    item = enrolment.contract.eligibility_items.get(evidence_kind="right_to_work")
    _upload(enrolment, user, EvidenceKind.RIGHT_TO_WORK, item=item)


def test_the_enroller_cannot_be_the_second_person(enrolment, keyworker, iwso):
    _eligibility_evidence(enrolment, keyworker)

    with pytest.raises(services.EnrolmentError):
        services.check_enrolment(enrolment=enrolment, checker=keyworker)
    assert services.check_enrolment(enrolment=enrolment, checker=iwso)
    enrolment.refresh_from_db()

    assert enrolment.counts
    assert enrolment.checked_by == iwso
    assert not services.check_enrolment(enrolment=enrolment, checker=iwso)


def test_the_database_refuses_the_enroller_as_checker(enrolment, keyworker):
    with pytest.raises(IntegrityError), transaction.atomic():
        type(enrolment).objects.filter(pk=enrolment.pk).update(checked_by=keyworker)


def test_an_enrolment_without_its_eligibility_evidence_is_not_checked(enrolment, iwso):
    with pytest.raises(services.EnrolmentError, match="evidence missing"):
        services.check_enrolment(enrolment=enrolment, checker=iwso)

    assert services.eligibility_problems(enrolment) == [
        "evidence missing: Has the right to work in the UK",
        "enrolment not checked by a second person",
    ]


def test_a_file_is_judged_by_its_content_not_its_name(enrolment, keyworker):
    item = enrolment.contract.eligibility_items.first()
    program = payslip(b"MZ\x90\x00 this is a program", name="payslip.pdf")

    with pytest.raises(services.EvidenceError, match="not a PDF"):
        services.upload_evidence(
            enrolment=enrolment,
            uploaded_by=keyworker,
            upload=program,
            kind=EvidenceKind.PAYSLIP,
            item=item,
        )
    photo = services.upload_evidence(
        enrolment=enrolment,
        uploaded_by=keyworker,
        upload=payslip(PNG, name="scan.pdf"),
        kind=EvidenceKind.RIGHT_TO_WORK,
        item=item,
    )

    assert photo.content_type == "image/png"
    assert "scan" not in photo.file.name  # stored under a random name
    assert default_storage.exists(photo.file.name)


def test_a_file_over_the_limit_is_refused(enrolment, keyworker, settings):
    settings.EVIDENCE_MAX_BYTES = 20

    with pytest.raises(services.EvidenceError, match="too large"):
        _eligibility_evidence(enrolment, keyworker)


def test_an_outcome_moves_from_eligible_to_paid_each_step_audited(
    enrolment, in_work, keyworker, iwso, partner_manager
):
    types = _types(enrolment.contract)
    with time_machine.travel(LATER):
        _eligibility_evidence(enrolment, keyworker)
        services.check_enrolment(enrolment=enrolment, checker=partner_manager)
        _upload(enrolment, keyworker, outcome_type=types["Job entry"])
        claim = Claim.objects.get()
        assert claim.stage == ClaimStage.EVIDENCE_COMPLETE
        assert claim.achieved_on == JOB_START

        with pytest.raises(services.ClaimError, match="second person"):
            services.check_claim(claim=claim, checker=keyworker)
        services.check_outcome(
            enrolment=enrolment,
            outcome_type=types["Job entry"],
            checker=iwso,
            today=timezone.localdate(),
        )
        services.submit_claim(claim=claim, by=partner_manager)
        with pytest.raises(services.ClaimError, match="Say why"):
            services.settle_claim(claim=claim, by=partner_manager, paid=False)
        services.settle_claim(claim=claim, by=partner_manager, paid=True)

    claim.refresh_from_db()
    assert claim.stage == ClaimStage.PAID
    assert (claim.checked_by, claim.claimed_by) == (iwso, partner_manager)
    stages = [
        entry.changes["stage"][1]
        for entry in LogEntry.objects.get_for_object(claim).order_by("pk")
        if entry.changes and "stage" in entry.changes
    ]
    assert stages == ["eligible", "evidence_complete", "checked", "claimed", "paid"]


def test_a_step_taken_twice_moves_the_claim_once(
    enrolment, in_work, keyworker, iwso, partner_manager
):
    types = _types(enrolment.contract)
    with time_machine.travel(LATER):
        _eligibility_evidence(enrolment, keyworker)
        services.check_enrolment(enrolment=enrolment, checker=partner_manager)
        _upload(enrolment, keyworker, outcome_type=types["Job entry"])
        claim = Claim.objects.get()
        services.check_claim(claim=claim, checker=iwso)
        services.submit_claim(claim=claim, by=partner_manager)
        stale = Claim.objects.get(pk=claim.pk)
        stale.stage = ClaimStage.CHECKED

        with pytest.raises(services.ClaimError, match="claimed now"):
            services.submit_claim(claim=stale, by=partner_manager)


def test_the_board_says_why_an_outcome_is_blocked_and_what_is_ready(
    enrolment, in_work, keyworker, iwso, partner_manager
):
    types = _types(enrolment.contract)
    with time_machine.travel(LATER):
        blocked = services.claims_board(
            contract=enrolment.contract,
            partner_id=None,
            today=timezone.localdate(),
        )
        _eligibility_evidence(enrolment, keyworker)
        services.check_enrolment(enrolment=enrolment, checker=partner_manager)
        _upload(enrolment, keyworker, outcome_type=types["Job entry"])
        services.check_claim(claim=Claim.objects.get(), checker=iwso)
        ready = services.claims_board(
            contract=enrolment.contract,
            partner_id=None,
            today=timezone.localdate(),
        )

    [row] = blocked[BLOCKED]
    assert row.progress.outcome_type.name == "Job entry"
    assert row.blockers == [
        "evidence missing: Has the right to work in the UK",
        "enrolment not checked by a second person",
        "evidence missing: Payslip",
        "needs a second person's check of the evidence",
    ]
    assert [r.progress.outcome_type.name for r in ready[READY]] == ["Job entry"]
    assert not ready[BLOCKED]


def test_evidence_reaches_the_subject_access_export_and_leaves_at_retention(
    enrolment, keyworker, participant, django_capture_on_commit_callbacks
):
    _eligibility_evidence(enrolment, keyworker)
    document = enrolment.documents.get()
    stored = document.file.name

    held = subject_access_data(participant)
    participant.pathway_stage = "exited"
    participant.exit_date = datetime.date(2018, 1, 1)
    participant.save()
    with django_capture_on_commit_callbacks(execute=True):
        anonymise_participant(pk=participant.pk, now=timezone.now())

    [row] = held["Evidence documents"]
    assert row["kind"] == "Right to work"
    assert len(held["Enrolments"]) == 1
    document.refresh_from_db()
    assert document.file.name == ""
    assert document.original_name == "removed"
    assert not default_storage.exists(stored)
