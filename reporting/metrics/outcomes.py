"""The funder's outcome table (Action Towards Inclusion): engaged, and outcomes
(i) unemployment to employment, (ii) inactivity to employment or active job
search, (iii) entry to education or training, each as a share of all engaged
and of those eligible for it.

One annotated queryset (outcome_status) gives every count and every drill-down
list (a filter on the same conditions), so a number and its records cannot
disagree.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from reporting import drilldown
from reporting.charts import Series, bar_chart

from .base import Filters, define, shown_count, shown_percent
from .figure import Figure, percent_or_none
from .outcome_status import basis_day, conditions, count_expressions, with_status
from .programme import engaged

define(
    "funder_outcomes",
    "Outcomes in the funder's three categories (ATI)",
    """Counted over participants engaged in the period (see "Participants
    engaged"), each by their status on one day: the day they exited, or, for
    those who had not exited by the period's end, its last day (or today, if the
    period ends later). (i) Unemployment to employment: unemployed at start, and
    in a job on that day (a job recorded as starting on or after their programme
    start and not ended before that day). (ii) Inactivity to employment or job
    search: economically inactive at start, and in a job on that day or with an
    "active job search" outcome in the register dated from their programme start
    to that day. (iii) Education or training: anyone with an "education or
    training" outcome in the register dated from their programme start to that
    day. Each is shown two ways: as a share of all participants engaged (the
    funder's denominator), and as a share of those eligible for it: unemployed
    at start for (i), inactive at start for (ii), everyone engaged for (iii).
    The register holds outcomes recorded on the participant page and on the exit
    form; each row names its source.""",
)

# Each cell of the table, and the cells that split one whole between them (a
# drill-down of one could otherwise be worked out from the others).
CELLS = {
    "engaged": "Participants engaged",
    "unemployed": "Unemployed at start",
    "inactive": "Economically inactive at start",
    "other_status": "Neither at start",
    "i": "(i) Unemployment to employment",
    "not_i": "Unemployed at start, not in work on the day counted",
    "ii": "(ii) Inactivity to employment or job search",
    "not_ii": "Inactive at start, neither in work nor searching on the day counted",
    "iii": "(iii) Education or training",
    "not_iii": "No education or training by the day counted",
}
PARTITIONS = [
    ("engaged", "unemployed", "inactive", "other_status"),
    ("unemployed", "i", "not_i"),
    ("inactive", "ii", "not_ii"),
    ("engaged", "iii", "not_iii"),
]


def people(filters: Filters) -> models.QuerySet:
    """Return the engaged participants, each with the status the table counts."""
    return with_status(engaged(filters), filters)


def records(filters: Filters) -> dict[str, models.QuerySet]:
    """Return the participants each cell counts (the drill-down's lists)."""
    everyone = people(filters)
    return {key: everyone.filter(q) for key, q in conditions().items()}


def counts(filters: Filters) -> dict[str, int]:
    """Return every cell's count, in one query over the same conditions."""
    return people(filters).aggregate(**count_expressions(Q()))


def label(key: str) -> str:
    return CELLS[key]


def family(key: str) -> list[str]:
    return sorted({cell for group in PARTITIONS if key in group for cell in group})


# (row label, outcome cell, eligible cell) in table order.
LINES = [
    ("(i) Unemployment to employment", "i", "unemployed"),
    ("(ii) Inactivity to employment or job search", "ii", "inactive"),
    ("(iii) Education or training", "iii", "engaged"),
]
COLUMNS = [
    "Outcome",
    "Participants",
    "Share of all engaged",
    "Eligible",
    "Share of eligible",
]


def outcomes_figure(raw: dict[str, int], filters: Filters) -> Figure:
    """Return the table from `raw` (counts, or participant_counts) for `filters`."""
    rows = [["Participants engaged", shown_count(raw["engaged"]), "", "", ""]]
    links = {(0, 1): "engaged"}
    for i, (name, cell, eligible) in enumerate(LINES, start=1):
        n, base = raw[cell], raw[eligible]
        rows.append(
            [
                name,
                shown_count(n),
                shown_percent(n, raw["engaged"]),
                shown_count(base),
                shown_percent(n, base),
            ]
        )
        links |= {(i, 1): cell, (i, 3): eligible}
    of_all = [percent_or_none(raw[c], raw["engaged"]) for _n, c, _e in LINES]
    of_eligible = [percent_or_none(raw[c], raw[e]) for _n, c, e in LINES]
    chart = bar_chart(
        title="Outcomes in the funder's categories",
        desc="Each outcome as a share of all engaged and of those eligible.",
        categories=[name for name, _cell, _eligible in LINES],
        maximum=100,
        series=[
            Series("Share of all engaged", of_all, [row[2] for row in rows[1:]]),
            Series("Share of eligible", of_eligible, [row[4] for row in rows[1:]]),
        ],
    )
    day = basis_day(filters)
    return Figure(
        "outcomes",
        "Outcomes in the funder's categories",
        "funder_outcomes",
        COLUMNS,
        rows,
        chart,
        wide=True,
        notes=[
            "Status at exit, or on "
            f"{day:%-d %b %Y} for those still on the programme then.",
            "Share of all engaged is the funder's (ATI's) measure; share of "
            "eligible counts only those who could achieve the outcome.",
        ],
        links=links,
    )


drilldown.register(
    "outcomes",
    metric="funder_outcomes",
    kind="participants",
    records=records,
    label=label,
    family=family,
)
