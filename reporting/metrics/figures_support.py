"""Figures about in-work support: retention, time, money, check-ins on time."""

from __future__ import annotations

from decimal import Decimal

from reporting import drilldown
from reporting.charts import Series, bar_chart, line_chart

from . import programme, retention
from .base import (
    Filters,
    define,
    hours,
    percent,
    published,
    shown_count,
    shown_percent,
    support_standard,
)
from .figure import Figure, percent_or_none

define(
    "retention",
    "Still in work at each milestone, with and without in-work support",
    f"""For every job with a milestone in the period (and not after today), where
    it stood at that milestone, decided by the job's dates alone, whether or not
    anyone logged a check-in. Milestones: the start date; four weeks
    ({retention.FOUR_WEEKS.days} days) and 13 weeks ({retention.THIRTEEN_WEEKS.days}
    days) after it; 6 and 12 calendar months after it; and a fixed-term
    contract's own end date. A job is in work at a milestone unless it ended
    before that day. "Started the job" is known when the first-day check-in was
    done by a contact (started) or the job ended as "did not start" (not
    started); otherwise it is not yet known and not counted; a job that did not
    start is left out of the later milestones. A job whose record ended in "lost
    contact" before a milestone is shown as lost contact, in its own column, and
    is not in the share. A job is "with support" at a milestone only when in-work
    support (see "In-work support") was given before the milestone's date;
    support on or after that day does not count for it. Share: in work out of
    jobs whose status is known. Milestones not yet reached are not counted.""",
)
PART_COLUMNS = [("reached", "in work"), ("decided", "jobs"), ("lost_contact", "lost")]


OWN_PARTNER_NOTE = (
    "Exact counts: these are your own partner's jobs, whose people you may open "
    "by name. The programme figures and their CSV publish the same numbers "
    "rounded to the nearest 5, with counts under 5 shown as <5."
)


def retention_figure(filters: Filters, *, exact: bool = False) -> Figure:
    """Return the retention figure, published (suppressed and rounded) unless
    `exact`: only for a partner manager's own partner, on the partner dashboard."""
    if exact and filters.partner_id is None:
        raise ValueError("Exact counts are only for one partner's own managers.")
    count = str if exact else shown_count
    share = _exact_share if exact else shown_percent
    chart_share = percent if exact else percent_or_none
    raw = retention.retention(filters)
    rows, links, series = [], {}, {"with": [], "without": []}
    for i, milestone in enumerate(retention.MILESTONES):
        numbers, row = raw[milestone.key], [milestone.name]
        for group in retention.GROUPS:
            reached, decided = numbers[f"{group}_reached"], numbers[f"{group}_decided"]
            cells = {
                part: count(numbers[f"{group}_{part}"]) for part, _ in PART_COLUMNS
            }
            for part, _label in PART_COLUMNS:
                links[(i, len(row))] = f"{milestone.key}.{group}.{part}"
                row.append(cells[part])
                if part == "decided":
                    row.append(share(reached, decided))
            series[group].append(chart_share(reached, decided))
        rows.append(row)
    chart = bar_chart(
        title="Still in work, with and without in-work support",
        desc="Share of jobs in work at each milestone, by whether in-work support "
        "was given before it.",
        categories=[row[0] for row in rows],
        series=[
            Series("With support", series["with"], [row[3] for row in rows]),
            Series("Without support", series["without"], [row[7] for row in rows]),
        ],
        maximum=100,
    )
    columns = ["Milestone"]
    for group in ("With support", "Without support"):
        columns += [
            f"{group}: in work",
            f"{group}: jobs known",
            f"{group}: share",
            f"{group}: lost contact",
        ]
    return Figure(
        "retention",
        "Still in work",
        "retention",
        columns,
        rows,
        chart,
        wide=True,
        notes=[OWN_PARTNER_NOTE] if exact else [],
        links=links,
    )


def _exact_share(part: int, whole: int) -> str:
    value = percent(part, whole)
    return "—" if value is None else f"{value:.1f}%"


drilldown.register(
    "retention",
    metric="retention",
    kind="jobs",
    records=retention.records,
    label=retention.label,
    family=retention.family,
)


define(
    "in_work_support_time",
    "Time spent on in-work support",
    """Minutes of contacts in the period that count as in-work support, shown as
    hours; per participant means per participant who received any of it.""",
)


def support_time_figures(filters: Filters) -> list[Figure]:
    per_partner = programme.with_every_partner(
        filters,
        programme.in_work_support_time(filters),
        {"minutes": 0, "participants": 0},
    )
    total_minutes = sum(row["minutes"] for row in per_partner)
    total_people = sum(row["participants"] for row in per_partner)
    rows = [
        [
            row["partner"],
            f"{hours(row['minutes']):g}",
            shown_count(row["participants"]),
            _per_person(hours(row["minutes"]), row["participants"]),
        ]
        for row in per_partner
    ]
    rows.append(
        [
            "All partners",
            f"{hours(total_minutes):g}",
            shown_count(total_people),
            _per_person(hours(total_minutes), total_people),
        ]
    )
    chart = bar_chart(
        title="In-work support hours per participant, by partner",
        desc="Hours of in-work support contacts per participant supported.",
        categories=[row[0] for row in rows],
        series=[
            Series(
                "Hours per participant",
                [None if row[3] == "*" else float(row[3]) for row in rows],
                [row[3] for row in rows],
            )
        ],
    )
    months = programme.in_work_support_by_month(filters)
    month_rows = [[m.strftime("%b %Y"), f"{hours(v):g}"] for m, v in months.items()]
    month_chart = line_chart(
        title="In-work support hours per month",
        desc="Hours of in-work support contacts in each month of the period.",
        categories=[m.strftime("%b %y") for m in months],
        series=[Series("Hours", [hours(v) for v in months.values()], [])],
    )
    return [
        Figure(
            "support-time",
            "In-work support time",
            "in_work_support_time",
            ["Partner", "Hours", "People supported", "Hours per person"],
            rows,
            chart,
        ),
        Figure(
            "support-by-month",
            "In-work support hours by month",
            "in_work_support_time",
            ["Month", "Hours"],
            month_rows,
            month_chart,
        ),
    ]


def _per_person(total: float, people: int) -> str:
    # Hours divided by the true number of people would give that number away
    # (12 hours at 2.0 each is 6 people, shown as 5): divide by the published one.
    shown = published(people)
    return "*" if shown is None else f"{total / shown:.1f}"


define(
    "practical_support",
    "Practical support spent",
    """Money given in the period to help participants start or stay in work
    (travel advances, clothes, bridging money...), by partner.""",
)


def practical_support_figure(filters: Filters) -> Figure:
    per_partner = programme.with_every_partner(
        filters,
        programme.practical_support(filters),
        {"amount": Decimal(0), "participants": 0},
    )
    total = sum((row["amount"] for row in per_partner), Decimal(0))
    rows = [
        [row["partner"], f"£{row['amount']:,.2f}", shown_count(row["participants"])]
        for row in per_partner
    ]
    rows.append(
        [
            "All partners",
            f"£{total:,.2f}",
            shown_count(sum(r["participants"] for r in per_partner)),
        ]
    )
    chart = bar_chart(
        title="Practical support spent, by partner",
        desc="Pounds spent on practical support in the period.",
        categories=[row["partner"] for row in per_partner],
        series=[
            Series(
                "Spent",
                [float(row["amount"]) for row in per_partner],
                [r[1] for r in rows[:-1]],
            )
        ],
    )
    return Figure(
        "practical-support",
        "Practical support",
        "practical_support",
        ["Partner", "Spent", "Participants helped"],
        rows,
        chart,
    )


define(
    "checkins_on_time_by_partner",
    "Check-ins on time against the standard",
    f"""Per partner, the share of check-ins due in the period that were done on
    time (see "Check-in on time"), against the programme's minimum in-work support
    standard of {support_standard()}%. Whether a partner meets it is judged on the
    share as shown, worked out from rounded counts (see "Small numbers").""",
)


def checkins_figure(filters: Filters) -> Figure:
    standard = support_standard()
    rows, values = [], []
    per_partner = programme.with_every_partner(
        filters, programme.checkins_on_time(filters), {"decided": 0, "on_time": 0}
    )
    for row in per_partner:
        shown = shown_percent(row["on_time"], row["decided"])
        share = percent_or_none(row["on_time"], row["decided"])
        meets = "" if share is None else ("Yes" if share >= standard else "No")
        rows.append(
            [
                row["partner"],
                shown_count(row["on_time"]),
                shown_count(row["decided"]),
                shown,
                meets,
            ]
        )
        values.append(share)
    chart = bar_chart(
        title=f"Check-ins on time by partner, against the {standard}% standard",
        desc=f"Share of check-ins done on time; the line marks the {standard}% "
        "standard.",
        categories=[row[0] for row in rows],
        series=[Series("On time", values, [row[3] for row in rows])],
        maximum=100,
        target=standard,
        target_label=f"Standard {standard}%",
    )
    return Figure(
        "checkins-on-time",
        "Check-ins on time",
        "checkins_on_time_by_partner",
        ["Partner", "On time", "Due", "Share", "Meets standard"],
        rows,
        chart,
    )
