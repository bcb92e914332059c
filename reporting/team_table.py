"""The partner manager's team table: columns, cell text and drill-down links."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from accounts.models import User

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
# page shows 9 workers x 10 cells twice. Each worker's cells are written here as
# one piece of markup: through the template language a cell cost a dozen lookups
# (6 ms a page), and through format_html ten conditional_escape() calls.
TABLE_CELL = '<td class="text-end{}"><a href="{}" aria-label="{}">{}</a></td>'
CARD_ITEM = (
    '<li class="list-group-item d-flex justify-content-between align-items-center{}">'
    '<a href="{}#{}" class="link-body-emphasis small">{}</a>'
    '<a class="btn btn-link btn-tap fw-semibold text-end" href="{}"'
    ' aria-label="{}">{}</a>'
    "</li>"
)


@dataclass(frozen=True)
class TeamRow:
    """A worker's row of the team table, and the same numbers as their card."""

    worker: User
    cells: SafeString  # the row's <td>s, after the worker's name
    items: SafeString  # the card's <li>s


def team_markup(rows: list[WorkerRow], definitions: str) -> list[TeamRow]:
    """Return each worker's cells, each number linking to the records behind it.

    Every cell is named for a screen reader by its column, the worker and the
    number; on a card, each column's name links to its definition (whose anchors
    are the metric keys).
    """
    # Escaped as format_html does (html.escape, quotes too), but each piece once:
    # a column's name per page, a worker's name and URL per row.
    definitions = escape(definitions)
    columns = [(c, escape(c.key), escape(c.label)) for c in TEAM_COLUMNS]
    team = []
    for row in rows:
        # One reverse() per worker, not per cell (90 on a team of 9, a
        # millisecond): the metric is the URL's last part, every key a slug.
        url = reverse("reporting:worker-records", args=[row.worker.pk, "metric"])
        url = escape(url.removesuffix("metric/"))
        worker = str(row.worker)
        cells, items = [], []
        for column, key, label in columns:
            text = column.text(row)
            aria = escape(f"{column.label} for {worker}: {text}")
            text, href = escape(text), f"{url}{key}/"
            alert = column.alert(row)
            warn = " table-warning fw-semibold" if alert else ""
            cells.append(TABLE_CELL.format(warn, href, aria, text))
            warn = " list-group-item-warning" if alert else ""
            items.append(
                CARD_ITEM.format(warn, definitions, key, label, href, aria, text)
            )
        # Every piece of them was escaped above.
        markup = [mark_safe("".join(part)) for part in (cells, items)]  # noqa: S308
        team.append(TeamRow(row.worker, *markup))
    return team


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
