"""The partner manager's team table: columns, cell text and drill-down links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from .charts import Series, bar_chart
from .metrics.base import support_standard
from .metrics.team import WorkerRow


@dataclass(frozen=True)
class Column:
    key: str  # the metric behind the cell: its drill-down and its definition
    label: str
    text: Callable[[WorkerRow], str]
    alert: Callable[[WorkerRow], bool] = lambda row: False


def _count(key: str) -> Callable[[WorkerRow], str]:
    return lambda row: str(row.counts[key])


def _on_time(row: WorkerRow) -> str:
    share = row.on_time_percent
    if share is None:
        return "none due"
    return f"{share:.0f}% ({row.on_time}/{row.counts['checkins_on_time_30d']})"


def _any(key: str) -> Callable[[WorkerRow], bool]:
    return lambda row: row.counts[key] > 0


TEAM_COLUMNS = [
    Column(
        "active_caseload",
        "Active caseload (cap)",
        lambda row: f"{row.counts['active_caseload']} / {row.cap}",
        lambda row: row.over_cap,
    ),
    Column("in_work", "In work", _count("in_work")),
    Column("contacts_30d", "Contacts, 30 days", _count("contacts_30d")),
    Column("contacts_30d", "Hours, 30 days", lambda row: f"{row.hours_30d:g}"),
    Column(
        "checkins_on_time_30d",
        "Check-ins on time, 30 days",
        _on_time,
        lambda row: (row.on_time_percent or 100) < support_standard(),
    ),
    Column(
        "checkins_overdue",
        "Check-ins overdue",
        _count("checkins_overdue"),
        _any("checkins_overdue"),
    ),
    Column(
        "no_contact_30d",
        "No contact in 30 days",
        _count("no_contact_30d"),
        _any("no_contact_30d"),
    ),
    Column(
        "out_of_hours_30d",
        "Out-of-hours contacts, 30 days",
        _count("out_of_hours_30d"),
    ),
    Column(
        "open_safeguarding",
        "Open safeguarding concerns",
        _count("open_safeguarding"),
        _any("open_safeguarding"),
    ),
    Column(
        "unanswered_messages",
        "Employer messages unanswered",
        _count("unanswered_messages"),
        _any("unanswered_messages"),
    ),
]


# A cell's markup, in the table (wide screens) and as a card's item (narrow): the
# page shows 9 workers x 10 cells twice, and the template language's dozen
# lookups per cell cost the dashboard 6 ms; here each is one format_html.
TABLE_CELL = '<td class="text-end{}"><a href="{}" aria-label="{}">{}</a></td>'
CARD_ITEM = (
    '<li class="list-group-item d-flex justify-content-between align-items-center{}">'
    '<a href="{}#{}" class="link-body-emphasis small">{}</a>'
    '<a class="btn btn-link btn-tap fw-semibold text-end" href="{}"'
    ' aria-label="{}">{}</a>'
    "</li>"
)


@dataclass(frozen=True)
class Cell:
    column: Column
    text: str
    url: str
    alert: bool
    label: str  # what a screen reader says: the column, the worker, the number
    definitions: str  # the definitions page, whose anchors are the metric keys

    def td(self) -> SafeString:
        warn = " table-warning fw-semibold" if self.alert else ""
        return format_html(TABLE_CELL, warn, self.url, self.label, self.text)

    def item(self) -> SafeString:
        column = self.column
        warn = " list-group-item-warning" if self.alert else ""
        return format_html(
            CARD_ITEM,
            *(warn, self.definitions, column.key, column.label),
            *(self.url, self.label, self.text),
        )


def team_cells(row: WorkerRow, definitions: str) -> list[Cell]:
    """Return the row's cells, each linking to the records behind its number."""
    # One reverse() per worker, not per cell (90 on a team of 9, a millisecond):
    # the metric is the URL's last part, and every key is already a slug.
    worker_url = reverse("reporting:worker-records", args=[row.worker.pk, "metric"])
    worker_url = worker_url.removesuffix("metric/")
    worker = str(row.worker)
    cells = []
    for column in TEAM_COLUMNS:
        text = column.text(row)
        cells.append(
            Cell(
                column=column,
                text=text,
                url=f"{worker_url}{column.key}/",
                alert=column.alert(row),
                label=f"{column.label} for {worker}: {text}",
                definitions=definitions,
            )
        )
    return cells


def team_csv_rows(rows: list[WorkerRow]) -> list[list[str]]:
    return [[str(row.worker), *[c.text(row) for c in TEAM_COLUMNS]] for row in rows]


def caseload_chart(rows: list[WorkerRow]):
    """Return bars of each worker's active caseload against the partner's cap."""
    cap = rows[0].cap if rows else 0
    return bar_chart(
        title="Active caseload against the cap",
        desc=f"Active participants per worker; the line marks the cap of {cap}.",
        categories=[str(row.worker) for row in rows],
        series=[
            Series(
                "Active caseload",
                [row.counts["active_caseload"] for row in rows],
                [str(row.counts["active_caseload"]) for row in rows],
            )
        ],
        target=cap,
        target_label=f"Cap {cap}",
    )
