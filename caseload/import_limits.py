"""Bounds on an import file, checked before the work they bound is done.

An .xlsx is a zip of XML: 412 KB can unpack to 400 MB of text, and openpyxl reads
every shared string into memory and every cell of a row before it can stop. So the
zip's directory is checked first (parts, unpacked sizes, compression ratio), then
every part is streamed once with a bounded parser that stops at the first row too
wide, row too far down or text too many, and only then does openpyxl read it.
Each refusal names the limit it hit.
"""

from __future__ import annotations

import io
import zipfile
from xml.parsers import expat

from django import forms

# 17 columns are read; a sheet with more than this is not a caseload.
MAX_COLUMNS = 60
# Blank rows are skipped, but a sheet reaching further down than this many rows per
# participant allowed is refused rather than walked row by row.
LINES_PER_ROW = 20
XLSX_MAX_PARTS = 100
XLSX_MAX_UNPACKED = 20 * 1024 * 1024
XLSX_MAX_PART = 10 * 1024 * 1024
# Parts below this size may be squeezed any amount (an empty sheet is 99% air).
XLSX_RATIO_FROM = 1024 * 1024
XLSX_MAX_RATIO = 100
SPREADSHEET_NAMESPACES = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)
SHARED_STRINGS = "xl/sharedStrings.xml"


def size_text(size: int) -> str:
    """Return a size as people read it: "10 MB", "2.5 MB", "300 KB"."""
    for unit, scale in (("GB", 1024**3), ("MB", 1024**2)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(f".0 {unit}", f" {unit}")
    return f"{max(1, round(size / 1024))} KB"


def check_columns(count: int, *, where: str, more: bool = False) -> None:
    """Refuse a row wider than an import can be; `where` names it ("The file").

    `more`: the row was read only as far as the limit, so `count` is a floor.
    """
    if count > MAX_COLUMNS:
        counted = f"more than {MAX_COLUMNS}" if more else f"{count:,}"
        raise forms.ValidationError(
            f"{where} has {counted} columns; an import can have at most {MAX_COLUMNS}."
        )


def check_xlsx(content: bytes, *, max_rows: int) -> None:
    """Refuse a workbook whose unpacked size or shape is beyond an import's limits.

    1. The zip's directory: how many parts, and each part's and the whole's
       unpacked size and compression ratio (declared sizes bind: zipfile stops
       reading a part at its declared size).
    2. Each part streamed: rows no wider than MAX_COLUMNS, no further down than
       LINES_PER_ROW per row allowed, and no more cells or shared strings than
       (rows + header) x MAX_COLUMNS.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
    except (zipfile.BadZipFile, OSError):
        return  # openpyxl says it is not a workbook
    with archive:
        parts = archive.infolist()
        _check_directory(parts)
        for part in parts:
            _scan_part(archive, part, max_rows=max_rows)


def _check_directory(parts: list[zipfile.ZipInfo]) -> None:
    if len(parts) > XLSX_MAX_PARTS:
        raise forms.ValidationError(
            f"This workbook is made of {len(parts):,} parts; an import can have "
            f"at most {XLSX_MAX_PARTS}. Save it again from Excel as a new workbook."
        )
    for part in parts:
        what = (
            "This workbook's text (its shared strings)"
            if part.filename == SHARED_STRINGS
            else f"The part {part.filename} of this workbook"
        )
        if part.file_size > XLSX_MAX_PART:
            raise forms.ValidationError(
                f"{what} unpacks to {size_text(part.file_size)}; an import's parts "
                f"can be at most {size_text(XLSX_MAX_PART)} each."
            )
        ratio = part.file_size // max(part.compress_size, 1)
        if part.file_size > XLSX_RATIO_FROM and ratio > XLSX_MAX_RATIO:
            raise forms.ValidationError(
                f"{what} is compressed {ratio:,} times over; an import can be "
                f"compressed at most {XLSX_MAX_RATIO} times. Save it again from Excel."
            )
    unpacked = sum(part.file_size for part in parts)
    if unpacked > XLSX_MAX_UNPACKED:
        raise forms.ValidationError(
            f"This workbook unpacks to {size_text(unpacked)}; an import can unpack "
            f"to at most {size_text(XLSX_MAX_UNPACKED)}. Split it into smaller files."
        )


def _scan_part(archive: zipfile.ZipFile, part: zipfile.ZipInfo, *, max_rows: int):
    """Stream one part, refusing at the first row, cell or string past a limit."""
    scan = _PartScan(max_rows=max_rows)
    # Expat (2.5 here) refuses entity amplification ("billion laughs") by itself
    # and fetches no external entity; each part is capped in size above.
    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartElementHandler = scan.start
    try:
        with archive.open(part) as stream:
            while chunk := stream.read(64 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
    except (expat.ExpatError, zipfile.BadZipFile, ValueError, EOFError, OSError):
        return  # not XML, or damaged: openpyxl reads it or says it can't


class _PartScan:
    """Count rows, cells and shared strings as expat meets them; keep nothing."""

    def __init__(self, *, max_rows: int) -> None:
        self.max_line = LINES_PER_ROW * max_rows
        self.max_cells = (max_rows + 1) * MAX_COLUMNS
        self.row = self.cells_in_row = self.cells = self.strings = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        namespace, _, tag = name.rpartition("}")
        if namespace not in SPREADSHEET_NAMESPACES:
            return
        if tag == "c":
            self.cells += 1
            self.cells_in_row += 1
            if self.cells > self.max_cells:
                raise forms.ValidationError(
                    f"This sheet has more than {self.max_cells:,} cells; an import "
                    f"can have at most {self.max_cells:,}."
                )
            column = _column_of(attributes.get("r"))
            if max(self.cells_in_row, column) > MAX_COLUMNS:
                check_columns(
                    max(self.cells_in_row, column),
                    where=f"Row {self.row:,}",
                    more=column <= self.cells_in_row,
                )
        elif tag == "si":
            self.strings += 1
            # As many pieces of text as cells: more could never be used.
            if self.strings > self.max_cells:
                raise forms.ValidationError(
                    f"This workbook holds more than {self.max_cells:,} pieces of "
                    f"text; an import can hold at most {self.max_cells:,}."
                )
        elif tag == "row":
            self.row = int(attributes.get("r") or self.row + 1)
            self.cells_in_row = 0
            if self.row > self.max_line:
                raise forms.ValidationError(
                    f"This sheet goes down to row {self.row:,}, blank rows "
                    f"included; an import can reach at most row {self.max_line:,}."
                )


def _column_of(reference: str | None) -> int:
    """Return the column number of a cell reference: "C7" is 3, "XFD1" 16,384."""
    number = 0
    for letter in (reference or "").rstrip("0123456789$"):
        if not "A" <= letter <= "Z":
            return 0
        number = number * 26 + ord(letter) - ord("A") + 1
    return number
