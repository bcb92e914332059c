"""Hostile uploads are refused before the work they would cause, each naming its limit.

The six files of issue 13 took a worker to 3.1 GB or 30 s each; here each is built
in milliseconds (tests/caseload/hostile_files.py) and refused from the zip's
directory or a bounded streaming pass. Their time and memory are measured by
bench/hostile_uploads.py, not asserted here.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http.multipartparser import MultiPartParser
from django.urls import reverse
from django.utils.html import escape

from caseload import import_limits
from caseload.import_forms import COLUMNS, read_spreadsheet
from caseload.models import CaseloadImport
from tests.caseload import hostile_files as hostile
from tests.caseload.import_sheets import csv_bytes, person, xlsx_bytes

PARTS = "an import's parts can be at most 10 MB each."
SIX = [
    (
        hostile.one_huge_shared_string,
        "x.xlsx",
        f"This workbook's text (its shared strings) unpacks to 400 MB; {PARTS}",
    ),
    (
        hostile.huge_total_shared_strings,
        "x.xlsx",
        f"This workbook's text (its shared strings) unpacks to 1.9 GB; {PARTS}",
    ),
    (
        hostile.cells_in_one_row,
        "x.xlsx",
        "The part xl/worksheets/sheet1.xml of this workbook unpacks to 114.4 MB; "
        + PARTS,
    ),
    (
        hostile.blank_rows,
        "x.xlsx",
        "The part xl/worksheets/sheet1.xml of this workbook unpacks to 28.6 MB; "
        + PARTS,
    ),
    (
        hostile.many_shared_strings,
        "x.xlsx",
        f"This workbook's text (its shared strings) unpacks to 324.2 MB; {PARTS}",
    ),
    (
        hostile.csv_with_columns,
        "x.csv",
        "The file has 100,000 columns; an import can have at most 60.",
    ),
]


def problem(data: bytes, name: str = "x.xlsx") -> str:
    with pytest.raises(Exception) as raised:  # noqa: PT011 - ValidationError, read below
        read_spreadsheet(SimpleUploadedFile(name, data), columns=COLUMNS)
    return " ".join(raised.value.messages)


@pytest.mark.django_db
@pytest.mark.parametrize(("build", "name", "message"), SIX, ids=list(hostile.HOSTILE))
def test_each_hostile_file_of_the_issue_is_refused_naming_its_limit(
    client, keyworker, build, name, message
):
    client.force_login(keyworker)
    upload = SimpleUploadedFile(name, build())

    response = client.post(reverse("caseload:import-upload"), {"file": upload})

    assert response.status_code == 200
    assert escape(message) in response.content.decode()
    assert not CaseloadImport.objects.exists()


def test_the_hostile_workbooks_are_real_zips_that_unpack_to_what_they_claim():
    import io
    import zipfile

    data = hostile.one_huge_shared_string(megabytes=2)

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None  # every part's CRC holds
        strings = archive.read("xl/sharedStrings.xml")
    assert len(strings) > 2 * 1024 * 1024
    assert len(data) < 10 * 1024


def test_a_row_wider_than_the_limit_is_refused_without_reading_it_all():
    message = problem(hostile.cells_in_one_row(count=5000))

    assert message == "Row 1 has more than 60 columns; an import can have at most 60."


def test_a_cell_far_to_the_right_is_refused_by_its_column():
    sheet = hostile.part(
        "xl/worksheets/sheet1.xml",
        hostile.SHEET_HEAD
        + b'<row r="1"><c r="XFD1"><v>1</v></c></row>'
        + hostile.SHEET_TAIL,
    )

    message = problem(hostile.workbook(sheet))

    assert message == "Row 1 has 16,384 columns; an import can have at most 60."


def test_a_sheet_reaching_too_far_down_is_refused_even_when_blank():
    message = problem(hostile.blank_rows(count=50_000))

    assert message == (
        "This sheet goes down to row 40,001, blank rows included; an import can "
        "reach at most row 40,000."
    )


def test_more_shared_strings_than_an_import_could_use_are_refused():
    message = problem(hostile.many_shared_strings(count=130_000, unit=b"<si/>"))

    assert message == (
        "This workbook holds more than 120,060 pieces of text; an import can hold "
        "at most 120,060."
    )


def test_more_cells_than_an_import_could_use_are_refused():
    sheet = hostile.repeated_part(
        "xl/worksheets/sheet1.xml",
        hostile.SHEET_HEAD,
        b"<row>" + b"<c/>" * 60 + b"</row>",
        2100,
        hostile.SHEET_TAIL,
    )

    message = problem(hostile.workbook(sheet))

    assert message == (
        "This sheet has more than 120,060 cells; an import can have at most 120,060."
    )


def test_a_part_compressed_beyond_the_ratio_is_refused():
    message = problem(hostile.cells_in_one_row(count=100_000))

    assert message == (
        "The part xl/worksheets/sheet1.xml of this workbook is compressed 485 times "
        "over; an import can be compressed at most 100 times. Save it again from "
        "Excel."
    )


def test_a_workbook_of_too_many_parts_is_refused():
    sheet = hostile.part("xl/worksheets/sheet1.xml", b"<worksheet/>")
    parts = [hostile.part(f"xl/media/{n}.xml", b"<x/>") for n in range(100)]

    message = problem(hostile.zip_bytes([sheet, *parts]))

    assert message.startswith(
        "This workbook is made of 101 parts; an import can have at most 100."
    )


def test_a_workbook_unpacking_past_the_total_is_refused(monkeypatch):
    monkeypatch.setattr(import_limits, "XLSX_MAX_UNPACKED", 1024)

    message = problem(xlsx_bytes([person(1)]))

    assert message.startswith("This workbook unpacks to ")
    assert message.endswith(
        "; an import can unpack to at most 1 KB. Split it into smaller files."
    )


def test_a_csv_row_wider_than_the_limit_is_refused():
    data = csv_bytes([person(1)]) + b"," * 100 + b"\n"

    assert problem(data, "x.csv") == (
        "Row 3 has 101 columns; an import can have at most 60."
    )


def test_a_csv_reaching_too_far_down_is_refused_even_when_blank():
    data = csv_bytes([person(1)]) + b"\n" * 50_000 + csv_bytes([person(2)])

    assert problem(data, "x.csv") == (
        "This file goes down to row 40,001, blank rows included; an import can "
        "reach at most row 40,000."
    )


def test_the_largest_import_allowed_passes_every_limit():
    rows = read_spreadsheet(
        SimpleUploadedFile("x.xlsx", xlsx_bytes([person(n) for n in range(2000)])),
        columns=COLUMNS,
    )

    assert len(rows) == 2000


@pytest.mark.django_db
def test_a_body_past_the_limit_is_refused_from_its_length_without_being_read(
    client, keyworker, monkeypatch
):
    def never(*args, **kwargs):
        raise AssertionError("the body was parsed")

    client.force_login(keyworker)
    monkeypatch.setattr(MultiPartParser, "parse", never)
    upload = SimpleUploadedFile("big.csv", b"x" * (3 * 1024 * 1024))

    response = client.post(reverse("caseload:import-upload"), {"file": upload})

    assert response.status_code == 413
    page = response.content.decode()
    assert "This upload is too large" in page
    assert "Keywork accepts at most 2.5 MB in one go" in page
    assert "A caseload import can be at most 2 MB" in page
    assert not CaseloadImport.objects.exists()
