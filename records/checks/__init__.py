"""Record checks: every record that breaks one of the rules records must keep.

Each check is one or two queries over the whole programme (20,000 participants),
returning `Finding`s that name the record, its participant and partner, and say
in plain words what is wrong. Findings carry ids, never names: a stored run is
shown to programme staff as counts, and names are looked up when a partner
manager opens the page.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable

from django.utils import timezone

# The check modules register themselves, in the order findings are listed.
# isort: off
from . import stages, checkins, assignments, outcomes, rollups  # noqa: F401

# isort: on
from .base import CHECKS, Finding, Moment


def run_checks(
    *, now: datetime.datetime | None = None, kinds: Iterable[str] = ()
) -> list[Finding]:
    """Run every check (or those of `kinds`) and return their findings in order."""
    now = now or timezone.now()
    moment = Moment(today=timezone.localdate(now), now=now)
    wanted = set(kinds) or set(CHECKS)
    found: list[Finding] = []
    for kind, registered in CHECKS.items():
        if kind in wanted:
            found.extend(registered.find(moment))
    return found


def count_by_kind(findings: Iterable[Finding | dict]) -> dict[str, int]:
    """Return how many findings there are of each kind, in the checks' order."""
    return in_check_order(
        Counter(f["kind"] if isinstance(f, dict) else f.kind for f in findings)
    )


def in_check_order(counts: dict[str, int]) -> dict[str, int]:
    """Return `counts` in the checks' order (a kind no longer checked goes last)."""
    known = {kind: counts[kind] for kind in CHECKS if counts.get(kind)}
    return known | {kind: n for kind, n in counts.items() if kind not in known and n}


def titles() -> dict[str, str]:
    """Return each kind's title, in the checks' order."""
    return {kind: registered.title for kind, registered in CHECKS.items()}


__all__ = [
    "CHECKS",
    "Finding",
    "Moment",
    "count_by_kind",
    "in_check_order",
    "run_checks",
    "titles",
]
