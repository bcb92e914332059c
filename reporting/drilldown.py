"""The records behind every figure: each linked cell opens exactly what it counts.

A figure registers one function, `records(filters) -> {cell key: queryset}`,
and computes its own counts from those same querysets (or from the same
conditions in one aggregate), so a count and its list cannot disagree. The view
`reporting:figure-records` lists one cell's records:

- a partner manager sees their own partner's people by name, with links;
- programme staff see a pseudonymised register (`reference()`, shared with
  the evaluator's export and the claims pages: accounts.pseudonyms), and
  no rows at all for a cell whose published count is under 5, nor for any cell
  of a family (cells splitting one whole) where another cell is 1 to 4, since
  listing the whole and the rest would give that small cell away.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models

from accounts import policy
from accounts.pseudonyms import reference
from caseload.models import Participant
from inwork_support.models import Employment

if TYPE_CHECKING:
    # reporting.metrics registers its figures here as it loads: no import back.
    from .metrics.base import Filters

Records = Callable[["Filters"], dict[str, models.QuerySet]]


@dataclass(frozen=True)
class Kind:
    """What one row of a drill-down is: its template and what it shows beside."""

    template: str  # renders one record, named or pseudonymised (`named` in context)
    participant: str  # path from the record to its Participant ("" for one)
    visible: Callable  # user -> the records of this kind the user may open
    related: tuple[str, ...] = ()


KINDS: dict[str, Kind] = {
    "participants": Kind(
        "reporting/records/_participant.html",
        "",
        lambda user: Participant.objects.visible_to(user),
        ("keyworker", "delivery_partner"),
    ),
    "jobs": Kind(
        "reporting/records/_job.html",
        "participant",
        lambda user: Employment.objects.visible_to(user),
        ("participant__keyworker", "participant__delivery_partner", "employer"),
    ),
}


@dataclass(frozen=True)
class DrillDown:
    figure: str  # the Figure's slug
    metric: str  # the Figure's metric: its key on the definitions page
    kind: str  # a key of KINDS
    records: Records
    label: Callable[[str], str]  # a cell key in words: "6 months, with support: ..."
    family: Callable[[str], list[str]] = lambda key: [key]


REGISTRY: dict[str, DrillDown] = {}


def register(
    figure: str,
    *,
    metric: str,
    kind: str,
    records: Records,
    label: Callable[[str], str],
    family: Callable[[str], list[str]] | None = None,
) -> DrillDown:
    """Register the records behind the cells of `figure` (its slug).

    `metric` is the key the Figure names its definition by (a figure's slug
    and its metric's key may differ), so the drill-down shows that definition.
    """
    drill = DrillDown(
        figure, metric, kind, records, label, family or (lambda key: [key])
    )
    REGISTRY[figure] = drill
    return drill


def names_shown(user) -> bool:
    """Return whether `user` sees drill-downs by name (else pseudonymised)."""
    return policy.sees_named_figure_records(user)


def scoped(user, filters: Filters) -> Filters:
    """Return `filters` as `user` may see them: a partner manager, own partner only."""
    if policy.is_partner_manager(user):
        return dataclasses.replace(filters, partner_id=user.delivery_partner_id)
    return filters


def withheld(drill: DrillDown, key: str, cells: dict[str, models.QuerySet]) -> bool:
    """Return whether programme staff may not see the rows of cell `key`.

    The cell itself under 5 (0 included: a certain nobody), or another cell of
    its family 1 to 4.
    """
    from .metrics.base import SMALL_NUMBER

    if cells[key].count() < SMALL_NUMBER:
        return True
    others = (cells[k] for k in drill.family(key) if k != key and k in cells)
    return any(0 < other.count() < SMALL_NUMBER for other in others)


def rows(drill: DrillDown, records: models.QuerySet, user) -> list[models.Model]:
    """Return the records of a cell `user` may list: by name, or by reference.

    Named lists are cut to the records the user may open (their partner's);
    pseudonymised ones are sorted by reference, so the order says nothing.
    """
    kind = KINDS[drill.kind]
    records = records.select_related(*kind.related)
    if names_shown(user):
        records = records.filter(pk__in=kind.visible(user).values("pk"))
        prefix = f"{kind.participant}__" if kind.participant else ""
        return list(records.order_by(f"{prefix}last_name", f"{prefix}first_name", "pk"))
    listed = list(records)
    for record in listed:
        record.reference = reference(participant_of(drill, record).pk)
    return sorted(listed, key=lambda record: (record.reference, record.pk))


def participant_of(drill: DrillDown, record: models.Model) -> Participant:
    kind = KINDS[drill.kind]
    return getattr(record, kind.participant) if kind.participant else record
