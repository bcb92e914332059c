"""The import pages: who may use them, what they show, and what they cost."""

import datetime

import pytest
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caseload import imports
from caseload.models import CaseloadImport, ImportStatus, Participant
from tests.caseload.import_sheets import HEADER, csv_upload, person, xlsx_upload

pytestmark = pytest.mark.django_db

PERSONAS = [
    "keyworker",
    "other_keyworker",
    "keyworker_elsewhere",
    "iwso",
    "partner_manager",
    "other_partner_manager",
    "programme_manager",
    "employer_contact",
    "admin_user",
]
OK = "ok"
# Uploading and the template: every partner role; nobody else.
PAGE = dict(zip(PERSONAS, [OK, OK, OK, OK, OK, OK, 403, 403, 403], strict=True))
# The keyworker's own import: them and their partner's manager.
OWN_IMPORT = dict(
    zip(PERSONAS, [OK, 404, 404, 404, OK, 404, 403, 403, 403], strict=True)
)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC))


def preview(user, rows):
    return imports.preview_import(
        user=user, filename="team.csv", rows=list(enumerate(rows, start=2))
    )


@pytest.fixture
def keyworkers_import(keyworker):
    return preview(keyworker, [person(1), person(2)])


def status_of(response) -> int | str:
    if response.status_code == 200:
        return OK
    if response.status_code == 302 and "/accounts/" not in response.url:
        return OK
    return response.status_code


@pytest.mark.parametrize("name", ["import-upload", "import-template"])
@pytest.mark.parametrize("persona", PERSONAS)
def test_upload_pages_by_role(client, request, name, persona):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse(f"caseload:{name}"))

    assert status_of(response) == PAGE[persona]


@pytest.mark.parametrize(
    ("name", "method"),
    [("import-detail", "get"), ("import-confirm", "post"), ("import-discard", "post")],
)
@pytest.mark.parametrize("persona", PERSONAS)
def test_a_keyworkers_import_by_role(
    client, request, keyworkers_import, name, method, persona
):
    client.force_login(request.getfixturevalue(persona))

    url = reverse(f"caseload:{name}", args=[keyworkers_import.pk])
    response = getattr(client, method)(url)

    assert status_of(response) == OWN_IMPORT[persona]
    if OWN_IMPORT[persona] != OK:
        keyworkers_import.refresh_from_db()
        assert keyworkers_import.status == ImportStatus.PREVIEWED
        assert not Participant.objects.exists()


@pytest.mark.parametrize(
    ("name", "method"),
    [
        ("import-upload", "get"),
        ("import-template", "get"),
        ("import-detail", "get"),
        ("import-confirm", "post"),
        ("import-discard", "post"),
    ],
)
def test_anonymous_users_are_sent_to_sign_in(client, keyworkers_import, name, method):
    args = (
        [] if name in ("import-upload", "import-template") else [keyworkers_import.pk]
    )
    url = reverse(f"caseload:{name}", args=args)

    response = getattr(client, method)(url)

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?{REDIRECT_FIELD_NAME}={url}"


def test_another_partners_manager_cannot_import_a_managers_import(
    client, partner_manager, other_partner_manager, keyworker
):
    caseload_import = preview(partner_manager, [person(1, keyworker="kw")])
    client.force_login(other_partner_manager)

    response = client.post(
        reverse("caseload:import-confirm", args=[caseload_import.pk])
    )

    assert response.status_code == 404
    assert not Participant.objects.exists()


def test_confirm_and_discard_refuse_get(client, keyworker, keyworkers_import):
    client.force_login(keyworker)

    for name in ("import-confirm", "import-discard"):
        url = reverse(f"caseload:{name}", args=[keyworkers_import.pk])
        assert client.get(url).status_code == 405


def test_the_template_is_a_csv_of_the_columns_for_the_role(
    client, keyworker, partner_manager
):
    client.force_login(keyworker)
    keyworker_header = client.get(reverse("caseload:import-template")).content
    client.force_login(partner_manager)
    manager_header = client.get(reverse("caseload:import-template")).content

    assert keyworker_header.decode("utf-8-sig").startswith(
        '"first_name","last_name","preferred_name","date_of_birth",'
    )
    assert b"keyworker" not in keyworker_header
    assert (
        manager_header.decode("utf-8-sig").strip().endswith(',"ethnicity","keyworker"')
    )


def test_uploading_a_csv_shows_its_preview(client, keyworker):
    client.force_login(keyworker)

    response = client.post(
        reverse("caseload:import-upload"),
        {"file": csv_upload([person(1), person(2)])},
        follow=True,
    )

    caseload_import = CaseloadImport.objects.get()
    assert response.redirect_chain == [(caseload_import.get_absolute_url(), 302)]
    assert caseload_import.created_by == keyworker
    page = response.content.decode()
    assert "Imported1" in page
    assert "Unemployed, claiming benefits" in page
    assert "Import 2 participants" in page
    assert not Participant.objects.exists()


def test_the_preview_shows_dates_the_uk_way(client, keyworker):
    client.force_login(keyworker)
    caseload_import = preview(keyworker, [person(1, date_of_birth="1990-05-01")])

    page = client.get(caseload_import.get_absolute_url()).content.decode()

    assert "1 May 1990" in page
    assert "2 Feb 2026" in page
    assert "1990-05-01" not in page
    assert "2026-02-02" not in page


def test_uploading_an_xlsx_then_importing_fills_the_caseload(
    client, keyworker, django_capture_on_commit_callbacks
):
    client.force_login(keyworker)
    client.post(reverse("caseload:import-upload"), {"file": xlsx_upload([person(1)])})
    caseload_import = CaseloadImport.objects.get()

    # The worker makes the import once the confirmation commits (in process here).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("caseload:import-confirm", args=[caseload_import.pk])
        )
    page = client.get(response.url).content.decode()

    assert response.url == caseload_import.get_absolute_url()
    assert "Imported 1 participant on" in page
    assert Participant.objects.get().keyworker == keyworker


def test_confirming_queues_the_import_and_its_page_shows_it_waiting(
    client, keyworker, keyworkers_import
):
    client.force_login(keyworker)

    # Without its commit callbacks run, the task is never sent: as if in the queue.
    response = client.post(
        reverse("caseload:import-confirm", args=[keyworkers_import.pk]), follow=True
    )

    page = response.content.decode()
    assert response.redirect_chain == [(keyworkers_import.get_absolute_url(), 302)]
    assert "Waiting to import 2 participants." in page
    assert 'data-refresh-seconds="2"' in page
    assert "js/import-progress.js" in page
    assert not Participant.objects.exists()
    keyworkers_import.refresh_from_db()
    assert keyworkers_import.status == ImportStatus.IMPORTING
    assert keyworkers_import.imported_by == keyworker


def test_a_running_import_shows_how_far_it_has_got(
    client, keyworker, keyworkers_import
):
    CaseloadImport.objects.filter(pk=keyworkers_import.pk).update(
        status=ImportStatus.IMPORTING,
        started_at=datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC),
        progress=1,
    )
    client.force_login(keyworker)

    page = client.get(keyworkers_import.get_absolute_url()).content.decode()

    assert "Importing 2 participants</strong>: 1 of 2 done." in page
    assert 'aria-valuenow="50"' in page
    assert "Import 2 participants" not in page


def test_a_finished_import_page_no_longer_reloads_itself(
    client, keyworker, keyworkers_import
):
    client.force_login(keyworker)

    page = client.get(keyworkers_import.get_absolute_url()).content.decode()

    assert "data-refresh-seconds" not in page
    assert "import-progress.js" not in page


# A Windows program and a PDF, as far as their first bytes go; neither has a NUL.
EXE = b"MZ\x90 This program cannot be run in DOS mode.\r\n$"
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (
            SimpleUploadedFile("big.csv", b"x" * (2 * 1024 * 1024 + 300 * 1024)),
            "This file is 2.3 MB; the limit is 2 MB.",
        ),
        (SimpleUploadedFile("bad.xlsx", b"PK\x03\x04junk"), "not an Excel workbook"),
        (SimpleUploadedFile("junk.csv", bytes(range(256))), "not a spreadsheet"),
        (SimpleUploadedFile("setup.exe", EXE), "Upload a CSV file (.csv) or an Excel"),
        (SimpleUploadedFile("caseload.csv", EXE), "not a spreadsheet"),
        (
            SimpleUploadedFile("caseload.pdf", PDF),
            "Upload a CSV file (.csv) or an Excel",
        ),
        (SimpleUploadedFile("caseload.csv", PDF), "not a spreadsheet"),
        (SimpleUploadedFile("caseload.xlsx", PDF), "not an Excel workbook"),
    ],
)
def test_a_file_that_cant_be_read_says_why_and_saves_nothing(
    client, keyworker, upload, message
):
    client.force_login(keyworker)

    response = client.post(reverse("caseload:import-upload"), {"file": upload})

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Nothing was saved" in page
    assert not CaseloadImport.objects.exists()


def test_a_preview_with_errors_lists_them_and_offers_no_import(client, keyworker):
    client.force_login(keyworker)
    rows = [person(1), person(2, date_of_birth="2015-01-01"), person(3, gender="x")]
    upload = csv_upload(rows, header=[*HEADER, "gender"])
    client.post(reverse("caseload:import-upload"), {"file": upload})
    caseload_import = CaseloadImport.objects.get()

    page = client.get(caseload_import.get_absolute_url()).content.decode()

    assert "2 problems" in page
    assert "this person would be 11" in page
    assert "“x” is not a gender option" in page
    assert "Import 3 participants" not in page
    assert "Upload a corrected file" in page


def test_confirming_twice_imports_once_and_says_so(
    client, keyworker, keyworkers_import, django_capture_on_commit_callbacks
):
    client.force_login(keyworker)
    url = reverse("caseload:import-confirm", args=[keyworkers_import.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url)

    response = client.post(url, follow=True)

    assert response.redirect_chain == [(keyworkers_import.get_absolute_url(), 302)]
    assert "This import was already imported." in response.content.decode()
    assert Participant.objects.count() == 2


def test_a_refused_import_shows_the_rows_that_changed(
    client,
    keyworker,
    other_keyworker,
    keyworkers_import,
    django_capture_on_commit_callbacks,
):
    from tests.factories import ParticipantFactory

    ParticipantFactory(
        keyworker=other_keyworker,
        first_name="Imported2",
        last_name="Person",
        date_of_birth=datetime.date(1990, 4, 3),
    )
    client.force_login(keyworker)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("caseload:import-confirm", args=[keyworkers_import.pk]))

    page = client.get(keyworkers_import.get_absolute_url()).content.decode()
    assert "Nothing was imported: some rows no longer pass the checks." in page
    assert "Possible duplicate" in page
    assert "Import 2 participants" not in page
    assert Participant.objects.count() == 1


def test_discarding_returns_to_the_upload_page(client, keyworker, keyworkers_import):
    client.force_login(keyworker)

    response = client.post(
        reverse("caseload:import-discard", args=[keyworkers_import.pk]), follow=True
    )

    assert "Discarded team.csv." in response.content.decode()
    keyworkers_import.refresh_from_db()
    assert keyworkers_import.status == ImportStatus.DISCARDED


def test_the_upload_page_lists_only_my_recent_imports(
    client, keyworker, other_keyworker, keyworkers_import
):
    theirs = preview(other_keyworker, [person(5)])
    client.force_login(keyworker)

    page = client.get(reverse("caseload:import-upload")).content.decode()

    assert keyworkers_import.get_absolute_url() in page
    assert theirs.get_absolute_url() not in page


def queries_for(client, url) -> int:
    client.get(url)  # a first request settles the session
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_preview_page_runs_the_same_queries_for_few_or_many_rows(client, keyworker):
    few = preview(keyworker, [person(n) for n in range(3)])
    many = preview(keyworker, [person(n) for n in range(60)])
    client.force_login(keyworker)

    assert queries_for(client, few.get_absolute_url()) == queries_for(
        client, many.get_absolute_url()
    )
    assert queries_for(client, many.get_absolute_url()) <= 10


def test_the_upload_page_runs_the_same_queries_for_few_or_many_imports(
    client, partner_manager, keyworker
):
    client.force_login(partner_manager)
    url = reverse("caseload:import-upload")
    for n in range(3):
        preview(keyworker, [person(n)])
    few = queries_for(client, url)
    for n in range(3, 30):
        preview(keyworker, [person(n)])

    assert queries_for(client, url) == few <= 10
