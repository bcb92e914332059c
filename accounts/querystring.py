"""Read a query string's numbers and search text: a bad value is ignored, never a 500.

Links the app makes carry ASCII digits. `str.isdigit()` is no guard: it accepts
"²", which `int()` refuses, and `int()` accepts "٣" and "１２", which no link of
ours sends. A number too big for the database's integers fails the query itself
(SQLite: "datatype mismatch"; PostgreSQL: "bigint out of range").
"""

from __future__ import annotations

import re

# Far beyond any real list (a participant's timeline at 20 a page: 2 million
# entries), and an offset every database accepts.
MAX_PAGE = 100_000
MAX_ID = 2**31 - 1
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def positive_int(value: str | None, *, maximum: int = MAX_ID) -> int | None:
    """Return `value` as a whole number from 1 to `maximum`, else None."""
    if not value or not value.isascii() or not value.isdigit():
        return None
    if len(value) > len(str(maximum)):
        return None
    number = int(value)
    return number if 1 <= number <= maximum else None


def page_number(value: str | None) -> int:
    """Return the page asked for, or the first page when it makes no sense."""
    return positive_int(value, maximum=MAX_PAGE) or 1


def search_text(value: str | None, *, max_length: int = 100) -> str:
    """Return a search box's text, trimmed, without NUL and other control bytes.

    PostgreSQL refuses a NUL in any string it is sent, so one in a search would
    fail the query.
    """
    return CONTROL.sub("", value or "").strip()[:max_length]
