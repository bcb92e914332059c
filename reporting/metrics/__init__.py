"""Every metric Keywork reports, defined once.

Dashboards, drill-down lists, CSV exports and the definitions page all read from
this package, so no two pages can disagree about what a number means.
"""

from . import definitions, figures, programme, team
from .base import METRICS, Filters, Metric, grace_days, support_standard

__all__ = [
    "METRICS",
    "Filters",
    "Metric",
    "definitions",
    "figures",
    "grace_days",
    "programme",
    "support_standard",
    "team",
]
