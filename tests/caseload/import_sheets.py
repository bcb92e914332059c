"""Spreadsheets for the caseload import tests, built in memory."""

import csv
import datetime
import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

HEADER = [
    "first_name",
    "last_name",
    "date_of_birth",
    "postcode",
    "status_at_start",
    "programme_start",
    "pathway_stage",
    "consent_given_on",
    "consent_method",
]


def person(n: int, **overrides: str) -> dict[str, str]:
    """Return a valid row for the n-th imported person; dates in the UK format."""
    return {
        "first_name": f"Imported{n}",
        "last_name": "Person",
        "date_of_birth": f"{1 + n % 28:02d}/04/1990",
        "postcode": f"LS{n} 1AA",
        "status_at_start": "Unemployed, claiming benefits",
        "programme_start": "2026-02-02",
        "pathway_stage": "engaged",
        "consent_given_on": "2026-02-02",
        "consent_method": "written",
        **overrides,
    }


def csv_bytes(rows: list[dict], header: list[str] | None = None) -> bytes:
    if header is None:
        header = list(rows[0]) if rows else HEADER
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def csv_upload(
    rows: list[dict], name: str = "caseload.csv", **kw
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, csv_bytes(rows, **kw), content_type="text/csv")


def xlsx_bytes(rows: list[dict]) -> bytes:
    """Return a workbook as Excel writes it: dates as dates, not text."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    header = list(rows[0])
    sheet.append([name.replace("_", " ").capitalize() for name in header])
    for row in rows:
        sheet.append([_excel_value(row[name]) for name in header])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _excel_value(text: str):
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text, fmt)  # noqa: DTZ007
        except ValueError:
            continue
    return text


def xlsx_upload(rows: list[dict], name: str = "caseload.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, xlsx_bytes(rows))
