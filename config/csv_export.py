"""Every CSV download Keywork offers, written one way: safe to open in a spreadsheet.

Excel and LibreOffice run a cell as a formula when it starts with = + - or @,
also after a tab, carriage return or spaces that an import trims away. A
full-width sign such as "＝" (typed with an East Asian keyboard) is the same sign
once normalised, as input methods and some imports do. So each cell is checked
after Unicode NFKC normalisation, which folds those to ASCII, and one that could
run is written with a leading apostrophe: the spreadsheet shows it as text, and
the apostrophe shows what happened.

Every cell is quoted. A spreadsheet set to another separator (Excel uses ";"
where the decimal mark is a comma) does not honour quotes opened in the middle
of what it takes for a field, so "Retail;=1+1" could still split into a new
cell "=1+1". A separator followed by a formula sign therefore gets the
apostrophe too: "Retail;'=1+1".
"""

from __future__ import annotations

import csv
import unicodedata
from collections.abc import Iterable, Sequence

from django.http import HttpResponse

FORMULA_SIGNS = frozenset("=+-@")
FORMULA_STARTS = ("\t", "\r")
# What a spreadsheet may take for the end of a cell: Excel's and LibreOffice's
# field separators, and the line breaks a quoted cell may hold.
SEPARATORS = frozenset(",;\t\r\n")


def safe_cell(value: object) -> str:
    """Return `value` as text a spreadsheet will show, never run as a formula."""
    text = "" if value is None else str(value)
    text = _defuse_after_separators(text)
    normal = unicodedata.normalize("NFKC", text)
    if normal.startswith(FORMULA_STARTS) or normal.lstrip()[:1] in FORMULA_SIGNS:
        return f"'{text}"
    return text


def _defuse_after_separators(text: str) -> str:
    # One pass from the end, remembering the next character that is not a
    # space, keeps a long cell full of separators linear.
    out: list[str] = []
    following = ""
    for char in reversed(text):
        if char in SEPARATORS and following in FORMULA_SIGNS:
            out.append("'")
        out.append(char)
        normal = unicodedata.normalize("NFKC", char).strip(" ")
        if normal:
            following = normal[0]
    return "".join(reversed(out))


def csv_response(
    filename: str, columns: Sequence[object], rows: Iterable[Sequence[object]]
) -> HttpResponse:
    """Return a CSV attachment of `columns` and `rows`, every cell quoted and safe."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    # A byte-order mark, so Excel opens the file as UTF-8 ("£", accented names).
    response.write("\ufeff")
    writer = csv.writer(response, quoting=csv.QUOTE_ALL)
    writer.writerow([safe_cell(c) for c in columns])
    writer.writerows([safe_cell(c) for c in row] for row in rows)
    return response
