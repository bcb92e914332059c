"""The contracts pages through the client: uploads, the claims page and its exports."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.pseudonyms import reference
from contracts.models import EvidenceDocument
from tests.contracts.conftest import PDF, payslip
from tests.contracts.world import build_contract_world
from tests.inwork_support.conftest import start_job

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(partner, participant, keyworker, iwso, partner_manager):
    participant.in_work_support_officer = iwso
    participant.save()
    job = start_job(participant, keyworker)
    return build_contract_world(
        partner=partner,
        participant=participant,
        job=job,
        keyworker=keyworker,
        manager=partner_manager,
        checker=iwso,
    )


def _signed_in(client, user):
    client.force_login(user)
    return client


def test_the_exports_list_exactly_what_the_page_shows_as_ready(
    client, world, partner_manager, participant
):
    client = _signed_in(client, partner_manager)
    url = reverse("contracts:claims", args=[world.contract.pk])

    page = client.get(url)
    rows = list(csv.reader(io.StringIO(client.get(f"{url[:-1]}.csv").content.decode())))
    book = load_workbook(io.BytesIO(client.get(f"{url[:-1]}.xlsx").content))
    sheet = [[c or "" for c in row] for row in book.active.iter_rows(values_only=True)]

    ready = page.context["board"]["ready"]
    assert [(r.reference, r.progress.outcome_type.name) for r in ready] == [
        (reference(participant.pk), "Job entry")
    ]
    assert [(row[0], row[3]) for row in rows[1:]] == [
        (r.reference, r.progress.outcome_type.name) for r in ready
    ]
    assert [(row[0], row[3]) for row in sheet[1:]] == [
        (row[0], row[3]) for row in rows[1:]
    ]
    blocked = page.context["board"]["blocked"]
    # 24 hours at £12.21 from 2 March passed 26 weeks at 16 hours by late summer.
    assert [r.progress.outcome_type.name for r in blocked] == [
        "Sustained job",
        "Job entry, 16 hours",
    ]
    assert "Needs a second person&#x27;s check of the evidence" in page.content.decode()


def test_programme_staff_see_references_never_names(
    client, world, programme_manager, participant
):
    client = _signed_in(client, programme_manager)
    url = reverse("contracts:claims", args=[world.contract.pk])

    page = client.get(url).content.decode()
    exported = client.get(f"{url[:-1]}.csv").content.decode()

    assert reference(participant.pk) in page
    assert reference(participant.pk) in exported
    assert participant.last_name not in page
    assert participant.last_name not in exported


def test_an_upload_is_judged_by_content_and_what_was_typed_stays(
    client, world, keyworker
):
    client = _signed_in(client, keyworker)
    url = reverse("contracts:evidence-upload", args=[world.enrolment.pk])
    proves = f"outcome:{world.unchecked_type.pk}"
    before = EvidenceDocument.objects.count()

    refused = client.post(
        url,
        {
            "proves": proves,
            "kind": "payslip",
            "note": "March payslip",
            "file": payslip(b"<html>not a payslip</html>", name="march.pdf"),
        },
    )
    taken = client.post(
        url, {"proves": proves, "kind": "payslip", "file": payslip(PDF)}
    )

    assert refused.status_code == 200
    assert "not a PDF" in refused.content.decode()
    assert 'value="March payslip"' in refused.content.decode()
    assert taken.status_code == 302
    assert EvidenceDocument.objects.count() == before + 1


def test_the_file_is_sent_only_to_those_who_see_the_participant(
    client, world, iwso, keyworker_elsewhere
):
    url = world.document.get_absolute_url()

    shown = _signed_in(client, iwso).get(url)
    hidden = _signed_in(client, keyworker_elsewhere).get(url)

    assert shown.status_code == 200
    assert shown["Content-Type"] == "application/pdf"
    assert b"".join(shown.streaming_content) == PDF
    assert hidden.status_code == 404


def test_the_participant_page_shows_the_clocks(client, world, keyworker, participant):
    page = _signed_in(client, keyworker).get(participant.get_absolute_url())

    text = page.content.decode()
    assert "Contracts and outcomes" in text
    assert "Job entry:</strong> achieved 2 Mar 2026" in text
    assert "Enrol on Skills North" in text
