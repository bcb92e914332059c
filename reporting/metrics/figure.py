"""A programme figure: its table rows as shown, its chart, and its definition.

A figure's rows are the strings shown on the page, small numbers already
suppressed; its chart and its CSV export are drawn from those same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.safestring import SafeString

from .base import SMALL_NUMBER, percent


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


def count_or_none(value: int) -> int | None:
    return None if value < SMALL_NUMBER else value


def percent_or_none(part: int, whole: int) -> float | None:
    if part < SMALL_NUMBER or whole < SMALL_NUMBER:
        return None
    return percent(part, whole)
