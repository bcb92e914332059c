"""Reading an import file: what is read, and a clear message for what can't be."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from caseload.import_forms import COLUMNS, KEYWORKER, UploadForm, read_spreadsheet
from tests.caseload.import_sheets import csv_bytes, csv_upload, person, xlsx_upload

MANAGER_COLUMNS = (*COLUMNS, KEYWORKER)


def problem(upload, columns=COLUMNS) -> str:
    with pytest.raises(Exception) as raised:  # noqa: PT011 - ValidationError, read below
        read_spreadsheet(upload, columns=columns)
    return " ".join(raised.value.messages)


def test_csv_rows_are_read_by_column_with_spreadsheet_row_numbers():
    rows = read_spreadsheet(csv_upload([person(1), person(2)]), columns=COLUMNS)

    assert [number for number, _ in rows] == [2, 3]
    assert rows[0][1]["first_name"] == "Imported1"
    assert rows[1][1]["date_of_birth"] == "03/04/1990"


def test_csv_with_a_byte_order_mark_and_headings_in_words_is_read():
    text = "\ufeffFirst name,Last name,Date of birth,Status at start,Programme start\n"
    text += "Zoë,Ng,1990-04-01,Economically inactive,2026-02-02\n"
    upload = SimpleUploadedFile("c.csv", text.encode("utf-8"))

    [(_, values)] = read_spreadsheet(upload, columns=COLUMNS)

    assert values["first_name"] == "Zoë"
    assert values["status_at_start"] == "Economically inactive"


def test_csv_saved_by_excel_in_windows_1252_is_read():
    text = "first_name;last_name;date_of_birth;status_at_start;programme_start\n"
    text += "Zoë;O’Brien;01/04/1990;inactive;02/02/2026\n"
    upload = SimpleUploadedFile("c.csv", text.encode("cp1252"))

    [(_, values)] = read_spreadsheet(upload, columns=COLUMNS)

    assert (values["first_name"], values["last_name"]) == ("Zoë", "O’Brien")


def test_xlsx_rows_are_read_with_excel_dates_as_iso_dates():
    rows = read_spreadsheet(xlsx_upload([person(1), person(2)]), columns=COLUMNS)

    assert [number for number, _ in rows] == [2, 3]
    assert rows[0][1]["date_of_birth"] == "1990-04-02"
    assert rows[0][1]["programme_start"] == "2026-02-02"
    assert rows[1][1]["postcode"] == "LS2 1AA"


def test_blank_rows_are_skipped_and_numbering_follows_the_sheet():
    data = (
        csv_bytes([person(1)])
        + b",,,,,,,,\n"
        + csv_bytes([person(2)]).split(b"\n", 1)[1]
    )

    rows = read_spreadsheet(SimpleUploadedFile("c.csv", data), columns=COLUMNS)

    assert [number for number, _ in rows] == [2, 4]


def test_a_10_mb_file_is_refused_with_its_size_and_the_limit():
    upload = SimpleUploadedFile("big.csv", b"a" * (10 * 1024 * 1024))

    assert problem(upload) == (
        "This file is 10 MB; the limit is 2 MB. Split it into smaller files."
    )


def test_the_size_limit_comes_from_settings(settings):
    settings.CASELOAD_IMPORT_MAX_BYTES = 100

    assert "the limit is 1 KB" in problem(csv_upload([person(1), person(2)]))


def test_malformed_xlsx_bytes_are_not_a_workbook():
    good = xlsx_upload([person(1)]).read()
    broken = SimpleUploadedFile("broken.xlsx", good[: len(good) // 2])

    assert "not an Excel workbook that can be opened" in problem(broken)


def test_text_named_xlsx_is_not_a_workbook():
    upload = SimpleUploadedFile("list.xlsx", csv_bytes([person(1)]))

    assert "not an Excel workbook that can be opened" in problem(upload)


def test_binary_junk_named_csv_is_not_a_spreadsheet():
    junk = bytes(range(256)) * 40
    upload = SimpleUploadedFile("photo.csv", junk)

    assert problem(upload) == (
        "This file is not a spreadsheet: a CSV file holds only text."
    )


def test_an_excel_workbook_named_csv_is_told_to_rename():
    upload = SimpleUploadedFile("book.csv", xlsx_upload([person(1)]).read())

    assert "Excel workbook with a .csv name" in problem(upload)


@pytest.mark.parametrize("name", ["caseload.xls", "caseload.pdf", "caseload"])
def test_other_file_types_are_refused(name):
    upload = SimpleUploadedFile(name, b"first_name\nA\n")

    assert problem(upload).startswith("Upload a CSV file (.csv) or an Excel workbook")


def test_an_empty_file_is_refused():
    assert problem(SimpleUploadedFile("empty.csv", b"")) == "This file is empty."


def test_an_empty_workbook_is_refused():
    workbook = openpyxl.Workbook()
    out = io.BytesIO()
    workbook.save(out)

    assert "first row is blank" in problem(SimpleUploadedFile("e.xlsx", out.getvalue()))


def test_headings_without_rows_are_refused():
    upload = SimpleUploadedFile("c.csv", csv_bytes([], header=list(person(1))))

    assert problem(upload) == (
        "This file has column headings but no participants under them."
    )


def test_missing_and_unknown_columns_are_named():
    rows = [{"first_name": "A", "last_name": "B", "Notes": "x", "NI number": "y"}]

    message = problem(csv_upload(rows))

    assert "Missing columns: date_of_birth, status_at_start, programme_start." in (
        message
    )
    assert "Unknown columns: Notes, NI number." in message


def test_a_keyworker_column_is_refused_for_a_keyworkers_import():
    rows = [{**person(1), "keyworker": "kw"}]

    assert "Your import goes into your own caseload: remove the keyworker column." in (
        problem(csv_upload(rows))
    )


def test_a_managers_import_must_name_the_keyworker():
    message = problem(csv_upload([person(1)]), columns=MANAGER_COLUMNS)

    assert message == "Missing columns: keyworker."


def test_a_column_given_twice_is_refused():
    data = (
        b"first_name,last_name,Last name,date_of_birth,status_at_start,programme_start"
    )
    data += b"\nA,B,C,1990-01-01,other,2026-01-01\n"

    assert "Columns given twice: last_name." in problem(
        SimpleUploadedFile("c.csv", data)
    )


def test_more_rows_than_the_limit_are_refused(settings):
    settings.CASELOAD_IMPORT_MAX_ROWS = 3

    message = problem(xlsx_upload([person(n) for n in range(4)]))

    assert message == (
        "This file has more than 3 rows. Split it into files of at most 3 rows."
    )


def test_rows_up_to_the_limit_are_read(settings):
    settings.CASELOAD_IMPORT_MAX_ROWS = 3

    rows = read_spreadsheet(xlsx_upload([person(n) for n in range(3)]), columns=COLUMNS)

    assert len(rows) == 3


@pytest.mark.django_db
def test_the_upload_form_shows_the_reason_on_its_file_field(keyworker):
    form = UploadForm({}, {"file": SimpleUploadedFile("x.csv", b"")}, user=keyworker)

    assert not form.is_valid()
    assert form.errors["file"] == ["This file is empty."]
