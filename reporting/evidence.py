"""The evaluator's export: the outcome register and the outcome table's inputs.

Each sheet is built from the querysets the figures count (outcomes.people, the
register of those people), and the definitions sheet from the same registry the
definitions page reads, so the export says in words what the code computed. A
partner manager's export names their own partner's people; programme staff get
references (drilldown.reference), months instead of days, no free text, and no
rows for a partner with fewer than 5 participants engaged.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import BooleanField, ExpressionWrapper

from caseload.models import Outcome
from reporting import drilldown

from .metrics import METRICS, Filters
from .metrics.base import SMALL_NUMBER
from .metrics.figure import ROUNDING_NOTE
from .metrics.outcome_status import basis_day, conditions
from .metrics.outcomes import counts, outcomes_figure, people

YES_NO = {True: "Yes", False: "No"}
CELL_COLUMNS = {
    "i": "Counted in (i)",
    "ii": "Counted in (ii)",
    "iii": "Counted in (iii)",
}


@dataclass
class Sheet:
    name: str  # a sheet name, also the CSV's file name
    columns: list[str]
    rows: list[list[object]]


def _when(day: datetime.date | None, named: bool) -> str:
    if day is None:
        return ""
    return day.isoformat() if named else f"{day:%Y-%m}"


def _listed(filters: Filters, named: bool) -> list:
    """Return the engaged participants whose rows the export may list."""
    everyone = people(filters).annotate(
        **{
            f"in_{key}": ExpressionWrapper(conditions()[key], BooleanField())
            for key in CELL_COLUMNS
        }
    )
    rows = list(everyone.select_related("delivery_partner").order_by("pk"))
    if named:
        return rows
    per_partner = Counter(person.delivery_partner_id for person in rows)
    rows = [p for p in rows if per_partner[p.delivery_partner_id] >= SMALL_NUMBER]
    return sorted(rows, key=lambda person: drilldown.reference(person.pk))


def _who(person, named: bool) -> list[object]:
    reference = drilldown.reference(person.pk)
    if named:
        return [reference, person.display_name, person.delivery_partner.name]
    return [reference, person.delivery_partner.name]


def _who_columns(named: bool) -> list[str]:
    return ["Reference", "Name", "Partner"] if named else ["Reference", "Partner"]


def inputs_sheet(filters: Filters, named: bool, listed: list) -> Sheet:
    """Return one row per participant engaged: their status and what they count in."""
    columns = [
        *_who_columns(named),
        "Status at start",
        "Programme start",
        "Exit",
        "Status read on",
        "In a job that day",
        "Active job search by then",
        "Education or training by then",
        *CELL_COLUMNS.values(),
    ]
    rows = [
        [
            *_who(person, named),
            person.get_status_at_start_display(),
            _when(person.programme_start, named),
            _when(person.exit_date, named),
            _when(person.counted_on, named),
            YES_NO[person.working_on_day],
            YES_NO[person.searching_by_day],
            YES_NO[person.learning_by_day],
            *(YES_NO[getattr(person, f"in_{key}")] for key in CELL_COLUMNS),
        ]
        for person in listed
    ]
    return Sheet("outcome-inputs", columns, rows)


def register_sheet(filters: Filters, named: bool, listed: list) -> Sheet:
    """Return the register rows of the listed participants, up to the period's end."""
    by_pk = {person.pk: person for person in listed}
    outcomes = Outcome.objects.filter(
        participant__in=list(by_pk), achieved_on__lte=basis_day(filters)
    ).order_by("achieved_on", "pk")
    columns = [*_who_columns(named), "Outcome", "Date", "Source", "How confirmed"]
    if named:
        columns += ["What", "Evidence"]
    rows = []
    for outcome in outcomes:
        row = [
            *_who(by_pk[outcome.participant_id], named),
            outcome.get_kind_display(),
            _when(outcome.achieved_on, named),
            outcome.get_source_display() or "Not recorded",
            outcome.get_confirmed_by_display(),
        ]
        rows.append(
            row + [outcome.what or outcome.note, outcome.evidence] if named else row
        )
    if not named:
        rows.sort(key=lambda row: row[0])
    return Sheet("outcome-register", columns, rows)


def table_sheet(filters: Filters) -> Sheet:
    figure = outcomes_figure(counts(filters), filters)
    return Sheet(
        "outcome-table",
        figure.columns,
        [*figure.rows, [], *[[n] for n in figure.notes]],
    )


def definitions_sheet(filters: Filters, named: bool) -> Sheet:
    rows = [[metric.name, metric.definition] for metric in METRICS.values()]
    how = (
        "Names and exact dates: the partner's own participants."
        if named
        else "Pseudonymised: a reference per person (the same in every list), months "
        "instead of days, no free text; partners with fewer than "
        f"{SMALL_NUMBER} participants engaged are not listed."
    )
    rows += [
        ["Period", f"{filters.start:%-d %b %Y} to {filters.end:%-d %b %Y}"],
        ["Rows", how],
        ["Outcome table counts", ROUNDING_NOTE],
    ]
    return Sheet("definitions", ["Term", "Definition"], rows)


PARTS = {
    "outcome-table": "Outcome table",
    "outcome-inputs": "Inputs per person",
    "outcome-register": "Outcome register",
    "definitions": "Definitions",
}


def sheets(filters: Filters, named: bool) -> list[Sheet]:
    """Return every sheet of the export, in workbook order."""
    listed = _listed(filters, named)
    return [
        table_sheet(filters),
        inputs_sheet(filters, named, listed),
        register_sheet(filters, named, listed),
        definitions_sheet(filters, named),
    ]
