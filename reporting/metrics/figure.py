"""A programme figure: its table rows as shown, its chart, and its definition.

A figure's rows are the strings shown on the page, small numbers already
suppressed and the rest rounded; its chart and its CSV export are drawn from
those same published numbers, never from the true counts.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import quote

from django.urls import reverse
from django.utils.html import conditional_escape as escape
from django.utils.http import RFC3986_SUBDELIMS
from django.utils.safestring import SafeString, mark_safe

from .base import SUPPRESSED, published, published_percent

URL_SAFE = RFC3986_SUBDELIMS + "/~:@"  # what reverse() leaves unquoted

ROUNDING_NOTE = (
    "Counts under 5 are shown as <5 and every other count is rounded to the "
    "nearest 5; shares and means are worked out from the rounded counts, and "
    "hours and money are shown in full. So no count of 1 to 4 can be worked out, "
    "even by subtracting one figure from another."
)


ROW_HEADING = '<th scope="row" class="fw-normal">{}</th>'
LINKED_CELL = (
    '<td class="text-end"><a class="figure-link" href="{}{}"'
    ' title="Open the records behind this number">{}</a></td>'
)
CELL = '<td class="text-end">{}</td>'


@dataclass
class Figure:
    slug: str
    title: str
    metric: str  # key on the definitions page
    columns: list[str]
    rows: list[list[str]]
    chart: SafeString | None = None
    notes: list[str] = field(default_factory=list)
    wide: bool = False  # a table too wide to sit beside its chart
    # (row, column) of a table cell -> its key in reporting.drilldown, whose
    # records are exactly those the cell counts.
    links: dict[tuple[int, int], str] = field(default_factory=dict)

    def table(self) -> list[list[tuple[str, str, str]]]:
        """Return the rows as (shown value, drill-down cell key or "", the
        drill-down's URL or "") triples."""
        # One reverse() per figure, not per cell (48 on the retention table):
        # the cell key is the URL's last part, quoted as reverse() quotes it.
        url = reverse("reporting:figure-records", args=[self.slug, "cell"])
        url = url.removesuffix("cell/")
        rows = []
        for i, row in enumerate(self.rows):
            keys = [self.links.get((i, j), "") for j in range(len(row))]
            urls = [key and f"{url}{quote(key, safe=URL_SAFE)}/" for key in keys]
            rows.append(list(zip(row, keys, urls, strict=True)))
        return rows

    def table_markup(self, query: str = "", named: bool = False) -> SafeString:
        """Return the table's rows as markup: each counted cell links to its
        records (with the page's filters, `query`), unless it is "<5" and the
        reader may not see records by name (`named`).

        Written here, escaped as the template language escapes: through it, a
        cell cost a dozen lookups (100 cells on the retention figure).
        """
        query = f"?{escape(query)}" if query else ""
        rows = []
        for row in self.table():
            (heading, _, _), *cells = row
            markup = [ROW_HEADING.format(escape(heading))]
            for cell, key, url in cells:
                shown = escape(cell)
                if key and (cell != SUPPRESSED or named):
                    markup.append(LINKED_CELL.format(escape(url), query, shown))
                else:
                    markup.append(CELL.format(shown))
            rows.append(f"<tr>{''.join(markup)}</tr>")
        return mark_safe("\n".join(rows))  # noqa: S308 (every part escaped)

    def export_rows(self) -> list[list[str]]:
        """Return the rows of the figure's CSV: its table, then how it was rounded."""
        return [*self.rows, [], [ROUNDING_NOTE]]


def count_or_none(value: int) -> int | None:
    """Return the published count a chart draws: rounded, or None under 5."""
    return published(value)


def percent_or_none(part: int, whole: int) -> float | None:
    """Return the published share a chart draws, or None when it is hidden."""
    return published_percent(part, whole)
