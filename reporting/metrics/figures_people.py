"""Figures about people: engagement, outcomes, jobs, reach, continuity, progress."""

from __future__ import annotations

from inwork_support.models import ContractType
from reporting.charts import Series, bar_chart

from . import programme
from .base import (
    SMALL_NUMBER,
    Filters,
    define,
    published,
    shown_count,
    shown_percent,
)
from .figure import Figure, count_or_none

define(
    "participants_engaged",
    "Participants engaged",
    """Participants who were on the programme at any point in the period: started on
    or before its last day and had not exited before its first day.""",
)
define(
    "job_entries",
    "Job entries",
    """Jobs that started in the period, counted once per job, by the sector and
    contract type recorded when the job was added.""",
)


OTHER_SECTORS = "Other sectors"


def _entries_figure(
    slug: str, title: str, column: str, counts: dict, *, last: str = ""
) -> Figure:
    # Ordered by the published count, never the true one: two sectors both shown
    # as 5 must not give away which has 6.
    ordered = sorted(
        counts.items(),
        key=lambda item: (item[0] == last, -(count_or_none(item[1]) or 0), item[0]),
    )
    rows = [[name, shown_count(n)] for name, n in ordered]
    chart = bar_chart(
        title=title,
        desc=f"Jobs started in the period by {column.lower()}.",
        categories=[name for name, _n in ordered],
        series=[
            Series(
                "Jobs",
                [count_or_none(n) for _name, n in ordered],
                [r[1] for r in rows],
            )
        ],
    )
    return Figure(slug, title, "job_entries", [column, "Jobs started"], rows, chart)


def by_sector(counts: dict[str, int]) -> dict[str, int]:
    """Return the sectors with 5 or more jobs, the rest together as one row.

    A sector named on its own row would say that at least one person took a job
    in it, and its absence under one partner that nobody there did; so only
    sectors with 5 or more jobs are named, and "Other sectors" is always shown.
    """
    named = {name: n for name, n in counts.items() if n >= SMALL_NUMBER}
    small = sum(n for n in counts.values() if n < SMALL_NUMBER)
    named[OTHER_SECTORS] = named.get(OTHER_SECTORS, 0) + small
    return named


def by_contract(counts: dict[str, int]) -> dict[str, int]:
    """Return every contract type, none left out, so a missing row tells nothing."""
    return {label: 0 for _value, label in ContractType.choices} | counts


def job_entry_figures(filters: Filters) -> list[Figure]:
    entries = programme.job_entries(filters)
    return [
        _entries_figure(
            "jobs-by-sector",
            "Job entries by sector",
            "Sector",
            by_sector(entries.by_sector),
            last=OTHER_SECTORS,
        ),
        _entries_figure(
            "jobs-by-contract",
            "Job entries by contract type",
            "Contract type",
            by_contract(entries.by_contract),
        ),
    ]


define(
    "in_work_support_share",
    "Share of participants in work who receive in-work support",
    """Participants with a job running at some point in the period, and of them
    those whose job received in-work support (see "In-work support").""",
)


def support_share_figure(raw: dict) -> Figure:
    rows = [
        [
            shown_count(raw["in_work"]),
            shown_count(raw["supported"]),
            shown_percent(raw["supported"], raw["in_work"]),
        ]
    ]
    return Figure(
        "support-share",
        "In-work support reach",
        "in_work_support_share",
        ["Participants in work", "Received in-work support", "Share"],
        rows,
    )


define(
    "keyworker_continuity",
    "Keyworker continuity",
    """For participants engaged in the period, the number of different keyworkers
    each has had (from the keyworker assignment history; no history counts as
    one), as a mean and a spread. Fewer is better: one named, consistent person.""",
)


def continuity_figure(raw: dict) -> Figure:
    spread = [
        ("1 keyworker", raw["one_keyworker"]),
        ("2 keyworkers", raw["two_keyworkers"]),
        ("3 or more", raw["three_or_more_keyworkers"]),
    ]
    rows = [["Mean keyworkers per participant", _mean_keyworkers(raw)]]
    rows += [[name, shown_count(n)] for name, n in spread]
    chart = bar_chart(
        title="Keyworkers per participant",
        desc="How many different keyworkers participants engaged in the period "
        "have had.",
        categories=[name for name, _n in spread],
        series=[
            Series(
                "Participants",
                [count_or_none(n) for _name, n in spread],
                [r[1] for r in rows[1:]],
            )
        ],
    )
    return Figure(
        "continuity",
        "Keyworker continuity",
        "keyworker_continuity",
        ["Measure", "Value"],
        rows,
        chart,
    )


def _mean_keyworkers(raw: dict) -> str:
    # The true mean times the number engaged is the exact count of keyworker
    # links, which with the spread gives the small cells away: divide the
    # published (rounded) links by the published engaged instead.
    links = round((raw["mean_keyworkers"] or 0) * raw["engaged"])
    shown_links, shown_people = published(links), published(raw["engaged"])
    if shown_links is None or shown_people is None:
        return "*"
    return f"{shown_links / shown_people:.1f}"


define(
    "progression",
    "Progression in work",
    """Participants with a job running in the period whose hours, hourly pay or
    contract security went up between the job's first and latest recorded terms.
    Contract security, least to most: zero-hours; temporary or self-employed;
    fixed-term or apprenticeship; permanent.""",
)


def progression_figure(filters: Filters) -> Figure:
    raw = programme.progression(filters)
    lines = [
        ("More hours", raw["more_hours"]),
        ("Better pay", raw["more_pay"]),
        ("More secure contract", raw["more_security"]),
        ("Any of these", raw["any"]),
    ]
    rows = [
        [name, shown_count(n), shown_percent(n, raw["in_work"])] for name, n in lines
    ]
    chart = bar_chart(
        title="Progression in work",
        desc="Participants in work whose terms improved.",
        categories=[name for name, _n in lines],
        series=[
            Series(
                "Participants",
                [count_or_none(n) for _name, n in lines],
                [r[1] for r in rows],
            )
        ],
    )
    return Figure(
        "progression",
        "Progression in work",
        "progression",
        ["Improved", "Participants", "Share of those in work"],
        rows,
        chart,
        notes=[f"Participants in work in the period: {shown_count(raw['in_work'])}"],
    )
