"""Reading a caseload spreadsheet, and the forms that check the file and each row.

The upload form reads the file and says, in words a keyworker can act on, why it
can't be read; the row form checks one row as a new participant would be checked.
"""

from __future__ import annotations

import calendar
import csv
import datetime
import io
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any

import openpyxl
from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from accounts.models import User

from .import_limits import (
    LINES_PER_ROW,
    MAX_COLUMNS,
    check_columns,
    check_xlsx,
    size_text,
)
from .models import (
    ConsentMethod,
    Disability,
    Ethnicity,
    Gender,
    PathwayStage,
    ReferralSource,
    StatusAtStart,
)
from .models.participants import WORKING_AGE, age_on

DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_ROWS = 2000
PREVIEW_ROWS = 50
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
# The first bytes of files people upload by mistake: PDF, Windows and Linux programs.
BINARY_SIGNATURES = (b"%PDF-", b"MZ", b"\x7fELF")

# The columns, in the order of the template; managers add "keyworker".
COLUMNS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "phone",
    "email",
    "postcode",
    "status_at_start",
    "programme_start",
    "pathway_stage",
    "referral_source",
    "consent_given_on",
    "consent_method",
    "gender",
    "disability",
    "ethnicity",
)
KEYWORKER = "keyworker"
REQUIRED_COLUMNS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "status_at_start",
    "programme_start",
)
ALIASES = {"dob": "date_of_birth", "keyworker_username": KEYWORKER}


def max_bytes() -> int:
    return getattr(settings, "CASELOAD_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_rows() -> int:
    return getattr(settings, "CASELOAD_IMPORT_MAX_ROWS", DEFAULT_MAX_ROWS)


def columns_for(user: User) -> tuple[str, ...]:
    """Return the columns `user` may import: managers also name the keyworker."""
    return (*COLUMNS, KEYWORKER) if user.is_partner_manager else COLUMNS


# Reading the file.

Row = tuple[int, dict[str, str]]  # (row number in the spreadsheet, {column: text})


def read_spreadsheet(upload: UploadedFile, *, columns: Sequence[str]) -> list[Row]:
    """Return the non-blank rows of a CSV or XLSX file, or say why it can't be read."""
    if upload.size > max_bytes():
        raise forms.ValidationError(
            f"This file is {size_text(upload.size)}; the limit is "
            f"{size_text(max_bytes())}. Split it into smaller files."
        )
    if upload.size == 0:
        raise forms.ValidationError("This file is empty.")
    suffix = PurePath(upload.name or "").suffix.lower()
    content = upload.read()
    if suffix == ".csv":
        table = _csv_table(content)
    elif suffix == ".xlsx":
        table = _xlsx_table(content)
    else:
        raise forms.ValidationError(
            "Upload a CSV file (.csv) or an Excel workbook (.xlsx). Older Excel files "
            "(.xls) can be saved as .xlsx from Excel's “Save as” menu."
        )
    return _rows(table, columns=columns)


def _csv_table(content: bytes) -> Iterable[Sequence[Any]]:
    if content.startswith(b"PK\x03\x04"):
        raise forms.ValidationError(
            "This looks like an Excel workbook with a .csv name. "
            "Rename it to .xlsx, or save it from Excel as “CSV UTF-8”."
        )
    # A program or a PDF renamed .csv may hold no NUL byte; its signature says so.
    if b"\x00" in content or content.startswith(BINARY_SIGNATURES):
        raise forms.ValidationError(
            "This file is not a spreadsheet: a CSV file holds only text."
        )
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves plain "CSV" in Windows-1252.
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            raise forms.ValidationError(
                "This file's text could not be read. Save it as “CSV UTF-8”."
            ) from None
    first_line = text.split("\n", 1)[0]
    # Excel in many European locales separates with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return _csv_lines(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


def _csv_lines(reader: Iterable[list[str]]) -> Iterable[list[str]]:
    """Yield the CSV's lines as read, so a refusal stops reading at once."""
    try:
        yield from reader
    except csv.Error as error:
        raise forms.ValidationError(
            f"This CSV file could not be read ({error})."
        ) from None


def _xlsx_table(content: bytes) -> Iterable[Sequence[Any]]:
    not_a_workbook = forms.ValidationError(
        "This file is not an Excel workbook that can be opened. Open it in Excel and "
        "save it again as .xlsx, or save it as “CSV UTF-8”."
    )
    if not content.startswith(b"PK\x03\x04"):
        raise not_a_workbook
    check_xlsx(content, max_rows=max_rows())
    try:
        workbook = openpyxl.load_workbook(
            io.BytesIO(content), read_only=True, data_only=True
        )
        try:
            return _sheet_lines(workbook.worksheets[0])
        finally:
            workbook.close()
    except forms.ValidationError:
        raise
    # A damaged workbook fails in many ways (zip, XML, missing parts, bad values).
    except Exception:
        raise not_a_workbook from None


def _sheet_lines(sheet: Any) -> list[Sequence[Any]]:
    """Return the sheet's lines, stopping once there are too many to import."""
    lines: list[Sequence[Any]] = []
    filled = 0
    for line in sheet.iter_rows(max_col=MAX_COLUMNS, values_only=True):
        lines.append(line)
        filled += any(cell not in (None, "") for cell in line)
        # Past the limits (plus the header) there is no need to read on: the
        # rows check says it is too long, or reaches too far down.
        if filled > max_rows() + 1 or len(lines) > LINES_PER_ROW * max_rows():
            break
    return lines


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _column_name(heading: str) -> str:
    """Return the column a heading names: "Date of birth" is date_of_birth."""
    name = re.sub(r"[^a-z0-9]+", "_", heading.lower()).strip("_")
    return ALIASES.get(name, name)


def _rows(table: Iterable[Sequence[Any]], *, columns: Sequence[str]) -> list[Row]:
    lines = iter(table)
    heading = next(lines, ())
    check_columns(len(heading), where="The file")
    header = [_cell_text(cell) for cell in heading]
    names = _check_header(header, columns=columns)
    rows: list[Row] = []
    max_line = LINES_PER_ROW * max_rows()
    for number, line in enumerate(lines, start=2):
        check_columns(len(line), where=f"Row {number:,}")
        if number > max_line:
            raise forms.ValidationError(
                f"This file goes down to row {number:,}, blank rows included; an "
                f"import can reach at most row {max_line:,}."
            )
        cells = [_cell_text(cell) for cell in line]
        if not any(cells):
            continue
        if len(rows) == max_rows():
            raise forms.ValidationError(
                f"This file has more than {max_rows():,} rows. "
                f"Split it into files of at most {max_rows():,} rows."
            )
        values = {name: text for name, text in zip(names, cells, strict=False) if name}
        rows.append((number, values))
    if not rows:
        raise forms.ValidationError(
            "This file has column headings but no participants under them."
        )
    return rows


def _check_header(header: list[str], *, columns: Sequence[str]) -> list[str]:
    if not any(header):
        raise forms.ValidationError(
            "This file is empty, or its first row is blank: the first row must hold "
            "the column headings (download the template to see them)."
        )
    names = [_column_name(heading) for heading in header]
    required = [*REQUIRED_COLUMNS, *([KEYWORKER] if KEYWORKER in columns else [])]
    missing = [name for name in required if name not in names]
    unknown = [
        heading
        for heading, name in zip(header, names, strict=True)
        if name and name not in columns and name != KEYWORKER
    ]
    repeated = sorted(n for n, count in Counter(names).items() if n and count > 1)
    problems = []
    if missing:
        problems.append(f"Missing columns: {', '.join(missing)}.")
    if unknown:
        problems.append(
            f"Unknown columns: {', '.join(unknown)}. This import reads only these "
            f"columns: {', '.join(columns)}."
        )
    if KEYWORKER in names and KEYWORKER not in columns:
        problems.append(
            "Your import goes into your own caseload: remove the keyworker column."
        )
    if repeated:
        problems.append(f"Columns given twice: {', '.join(repeated)}.")
    if problems:
        raise forms.ValidationError(problems)
    return names


class UploadForm(forms.Form):
    """The spreadsheet to preview; reading it is the validation."""

    file = forms.FileField(
        label="Spreadsheet (CSV or Excel .xlsx)",
        error_messages={"empty": "This file is empty."},
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.columns = columns_for(user)
        self.fields["file"].help_text = (
            f"Up to {size_text(max_bytes())} and {max_rows():,} rows. "
            "Nothing is imported until you have seen the preview."
        )

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        self.cleaned_data["rows"] = read_spreadsheet(upload, columns=self.columns)
        return upload


# Checking each row.


class ChoiceByValueOrLabel(forms.ChoiceField):
    """A choice given by its stored value or its label, in any letter case."""

    def __init__(
        self,
        choices: list[tuple[str, str]],
        *,
        what: str,
        default: str = "",
        **kwargs: Any,
    ) -> None:
        labels = ", ".join(label for _, label in choices)
        super().__init__(
            choices=choices,
            required=kwargs.pop("required", not default),
            error_messages={
                "invalid_choice": f"“%(value)s” is not {what}. Use one of: {labels}."
            },
            **kwargs,
        )
        self.default = default
        self.lookup = {
            _key(text): value for value, label in choices for text in (value, label)
        }

    def to_python(self, value: Any) -> str:
        text = super().to_python(value).strip()
        if not text:
            return self.default
        return self.lookup.get(_key(text), text)


def _key(text: str) -> str:
    return " ".join(re.sub(r"[-_]", " ", str(text).lower()).split())


# Dates written in one of DATE_FORMATS' shapes, whether or not the day exists.
DATE_SHAPES = (
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})"),
    re.compile(r"(?P<day>\d{1,2})/(?P<month>\d{1,2})/(?P<year>\d{4})"),
)


def not_a_real_date(text: str) -> str | None:
    """Say why `text`, written in an accepted shape, is no day on the calendar.

    Return None if it is not in an accepted shape (a format problem) or is a
    real day.
    """
    match = next(filter(None, (shape.fullmatch(text) for shape in DATE_SHAPES)), None)
    if match is None:
        return None
    year, month, day = (int(match[part]) for part in ("year", "month", "day"))
    if not 1 <= month <= 12:
        return f"{text} is not a real date: there is no month {month}."
    days = calendar.monthrange(year, month)[1]
    if 1 <= day <= days:
        return None
    name = calendar.month_name[month]
    if month == 2:
        name = f"February {year}"
    return f"{text} is not a real date: {name} has {days} days."


class ImportDateField(forms.DateField):
    """A date as DD/MM/YYYY or YYYY-MM-DD; a day that does not exist says so."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            input_formats=DATE_FORMATS,
            error_messages={"invalid": "Give the date as YYYY-MM-DD or DD/MM/YYYY."},
            **kwargs,
        )

    def to_python(self, value: Any) -> datetime.date | None:
        try:
            return super().to_python(value)
        except forms.ValidationError:
            problem = not_a_real_date(str(value).strip())
            if problem:
                raise forms.ValidationError(problem, code="invalid") from None
            raise


def _date_field(**kwargs: Any) -> forms.DateField:
    return ImportDateField(**kwargs)


STAGES = [c for c in PathwayStage.choices if c[0] != PathwayStage.EXITED]


class ImportRowForm(forms.Form):
    """One spreadsheet row, checked as the participant form checks a new participant."""

    first_name = forms.CharField(max_length=100)
    last_name = forms.CharField(max_length=100)
    preferred_name = forms.CharField(max_length=100, required=False)
    date_of_birth = _date_field()
    phone = forms.CharField(max_length=40, required=False)
    email = forms.EmailField(required=False)
    postcode = forms.CharField(max_length=10, required=False)
    status_at_start = ChoiceByValueOrLabel(
        StatusAtStart.choices, what="a status at start"
    )
    programme_start = _date_field()
    pathway_stage = ChoiceByValueOrLabel(
        STAGES,
        default=PathwayStage.ENGAGED,
        what="a pathway stage for a new participant",
    )
    referral_source = ChoiceByValueOrLabel(
        ReferralSource.choices, default=ReferralSource.SELF, what="a referral source"
    )
    consent_given_on = _date_field(required=False)
    consent_method = ChoiceByValueOrLabel(
        ConsentMethod.choices, required=False, what="a way of giving consent"
    )
    gender = ChoiceByValueOrLabel(
        Gender.choices, default=Gender.PREFER_NOT_TO_SAY, what="a gender option"
    )
    disability = ChoiceByValueOrLabel(
        Disability.choices,
        default=Disability.PREFER_NOT_TO_SAY,
        what="a disability option",
    )
    ethnicity = ChoiceByValueOrLabel(
        Ethnicity.choices,
        default=Ethnicity.PREFER_NOT_TO_SAY,
        what="an ethnicity option",
    )
    keyworker = forms.CharField(
        error_messages={"required": "Give the keyworker's username."}
    )

    def __init__(
        self, data: Mapping[str, str], *, keyworkers: Mapping[str, User] | None
    ):
        super().__init__(data)
        self.keyworkers = keyworkers
        if keyworkers is None:
            del self.fields["keyworker"]

    def clean_postcode(self) -> str:
        return " ".join(self.cleaned_data["postcode"].upper().split())

    def clean_date_of_birth(self) -> datetime.date:
        born = self.cleaned_data["date_of_birth"]
        if born >= timezone.localdate():
            raise forms.ValidationError("The date of birth must be in the past.")
        return born

    def clean_keyworker(self) -> User:
        username = self.cleaned_data["keyworker"]
        keyworker = self.keyworkers.get(username.lower())
        if keyworker is None:
            raise forms.ValidationError(
                f"No keyworker at your partner has the username “{username}”."
            )
        return keyworker

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        born, start = data.get("date_of_birth"), data.get("programme_start")
        low, high = WORKING_AGE
        if born and start and not low <= age_on(born, start) <= high:
            self.add_error(
                "date_of_birth",
                f"Participants must be of working age ({low} to {high}) at programme "
                f"start; this person would be {age_on(born, start)}.",
            )
        consent_on, method = data.get("consent_given_on"), data.get("consent_method")
        if consent_on and not method:
            self.add_error("consent_method", "Say how consent was given.")
        if method and not consent_on:
            self.add_error("consent_given_on", "Give the date consent was given.")
        if consent_on and consent_on > timezone.localdate():
            self.add_error("consent_given_on", "Consent cannot be given in the future.")
        return data


def column_guide(columns: Sequence[str]) -> list[dict[str, str | bool]]:
    """Describe each column for the upload page: required, and what it accepts."""
    guide = []
    for name in columns:
        field = ImportRowForm.base_fields[name]
        if isinstance(field, ChoiceByValueOrLabel):
            accepts = "; ".join(label for _, label in field.choices)
            if field.default:
                accepts += f" (blank: {dict(field.choices)[field.default]})"
        elif isinstance(field, forms.DateField):
            accepts = "A date: YYYY-MM-DD or DD/MM/YYYY"
        elif isinstance(field, forms.EmailField):
            accepts = "An email address"
        elif name == KEYWORKER:
            accepts = "The keyworker's username at your partner"
        else:
            accepts = (
                f"Text, up to {field.max_length} characters"
                if field.max_length
                else "An email address"
            )
        guide.append(
            {
                "name": name,
                "required": name in REQUIRED_COLUMNS or name == KEYWORKER,
                "accepts": accepts,
            }
        )
    return guide
