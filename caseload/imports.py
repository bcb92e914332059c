"""Caseload imports from a spreadsheet: check every row, preview, then import.

An upload is read and every row checked (a dry run) before anything is written.
Confirming queues the import for the Celery worker (caseload/import_jobs.py), which
checks every row again and creates all of its participants in one transaction, or
none of them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePath
from typing import Any

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from accounts.audit import audited_update
from accounts.models import Role, User

from .import_forms import KEYWORKER, ImportRowForm, Row
from .models import (
    AgeBand,
    CaseloadImport,
    EntryKind,
    ImportStatus,
    KeyworkerAssignment,
    Participant,
)
from .services import add_timeline_entry


@dataclass
class CheckedRow:
    number: int
    values: dict[str, str]
    cleaned: dict[str, Any] | None = None
    # Whatever of name, date of birth and postcode passed, for finding duplicates.
    identity: dict[str, Any] = field(default_factory=dict)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def error(self, column: str, message: str) -> None:
        value = self.values.get(column, "")
        self.errors.append(
            {"row": self.number, "field": column, "value": value, "message": message}
        )

    def stored(self) -> dict[str, Any]:
        """Return the row as kept on the import: cleaned if it passed, else as typed."""
        data = self.values if self.errors else _jsonable(self.cleaned)
        return {"row": self.number, "ok": not self.errors, "data": data}


def _jsonable(cleaned: dict[str, Any]) -> dict[str, str]:
    def text(value: Any) -> str:
        if isinstance(value, User):
            return value.username
        if isinstance(value, datetime.date):
            return value.isoformat()
        return "" if value is None else str(value)

    return {name: text(value) for name, value in cleaned.items()}


def check_rows(rows: Sequence[Row], *, creator: User) -> list[CheckedRow]:
    """Check every row as a new participant of `creator`'s partner.

    1. Each row is checked on its own by ImportRowForm.
    2. A row that may be someone already at the partner, or someone earlier in
       the file (same name and date of birth, or same postcode and date of
       birth), is an error: the same rule as registering one participant.
    """
    keyworkers = _keyworkers(creator) if creator.is_partner_manager else None
    checked = []
    for number, values in rows:
        form = ImportRowForm(values, keyworkers=keyworkers)
        row = CheckedRow(number, dict(values))
        if form.is_valid():
            row.cleaned = form.cleaned_data
        for column, messages in form.errors.items():
            for message in messages:
                row.error("" if column == "__all__" else column, message)
        row.identity = form.cleaned_data
        checked.append(row)
    _check_duplicates(checked, partner_id=creator.delivery_partner_id)
    return checked


def _keyworkers(manager: User) -> dict[str, User]:
    staff = User.objects.filter(
        delivery_partner_id=manager.delivery_partner_id,
        role=Role.KEYWORKER,
        is_active=True,
    )
    return {worker.username.lower(): worker for worker in staff}


def _identities(data: Mapping[str, Any]) -> list[tuple[str, tuple]]:
    born = data.get("date_of_birth")
    if not born:
        return []
    first, last = data.get("first_name"), data.get("last_name")
    postcode = "".join(str(data.get("postcode") or "").upper().split())
    found = []
    if first and last:
        found.append(("name", (first.strip().lower(), last.strip().lower(), born)))
    if postcode:
        found.append(("postcode", (postcode, born)))
    return found


def _check_duplicates(rows: list[CheckedRow], *, partner_id: int) -> None:
    births = {
        row.identity["date_of_birth"]
        for row in rows
        if row.identity.get("date_of_birth")
    }
    existing = {
        identity
        for person in Participant.objects.filter(
            delivery_partner_id=partner_id, date_of_birth__in=births
        ).values("first_name", "last_name", "postcode", "date_of_birth")
        for identity in _identities(person)
    }
    first_seen: dict[tuple, int] = {}
    for row in rows:
        for kind, identity in _identities(row.identity):
            what = "name" if kind == "name" else "postcode"
            if (kind, identity) in existing:
                row.error(
                    "",
                    f"Possible duplicate: someone with the same {what} and date of "
                    "birth is already a participant at your partner.",
                )
            elif (kind, identity) in first_seen:
                row.error(
                    "",
                    f"Same {what} and date of birth as row "
                    f"{first_seen[(kind, identity)]} of this file.",
                )
            else:
                first_seen[(kind, identity)] = row.number
        if row.errors:
            row.cleaned = None


# The dry run, then the import.


@transaction.atomic
def preview_import(*, user: User, filename: str, rows: Sequence[Row]) -> CaseloadImport:
    """Check every row of an upload and keep the result as a dry run to confirm."""
    checked = check_rows(rows, creator=user)
    return CaseloadImport.objects.create(
        created_by=user,
        delivery_partner_id=user.delivery_partner_id,
        filename=PurePath(filename).name[:255],
        rows=[row.stored() for row in checked],
        errors=[error for row in checked for error in row.errors],
    )


class ImportRefused(Exception):
    """The import was not made; `checked`, if given, is what the re-check found."""

    def __init__(self, message: str, *, checked: list[CheckedRow] | None = None):
        super().__init__(message)
        self.checked = checked


@transaction.atomic
def confirm_import(*, caseload_import: CaseloadImport, imported_by: User) -> None:
    """Queue a previewed import for the worker; refuse one confirmed before.

    1. Move it from previewed to importing with a conditional update, so a
       second click queues nothing.
    2. Once committed, hand its id to the worker; if the broker is down, the
       import's row is still the promise, and the sweep picks it up.
    """
    from .import_jobs import enqueue_import

    claimed = audited_update(
        CaseloadImport.objects.filter(
            pk=caseload_import.pk, status=ImportStatus.PREVIEWED, errors=[]
        ),
        actor=imported_by,
        status=ImportStatus.IMPORTING,
        imported_by=imported_by,
        confirmed_at=timezone.now(),
        started_at=None,
        attempts=0,
        progress=0,
        outcome="",
    )
    caseload_import.refresh_from_db()
    if not claimed and caseload_import.status == ImportStatus.PREVIEWED:
        raise ImportRefused("Fix the rows with problems and upload the file again.")
    if not claimed:
        raise ImportRefused(
            f"This import was already {caseload_import.get_status_display().lower()}."
        )
    transaction.on_commit(lambda: enqueue_import(caseload_import.pk))


@transaction.atomic
def import_caseload(
    *,
    caseload_import: CaseloadImport,
    claimed_at: datetime.datetime,
    progress: Callable[[int], None] = lambda done: None,
) -> int:
    """Create every participant of a claimed import, or none; return how many.

    1. Check every row again: the partner's caseload may have changed since.
    2. Create each participant with their keyworker assignment and timeline
       entry, telling `progress` how many are done as it goes.
    3. Mark the import imported, only if this run's claim still holds: a run
       that outlived its claim (a stalled worker, taken over) undoes its writes.
    Any error raises, and the transaction undoes every row written.
    """
    stored = [(row["row"], row["data"]) for row in caseload_import.rows]
    checked = check_rows(stored, creator=caseload_import.created_by)
    if any(row.errors for row in checked):
        raise ImportRefused(
            "Nothing was imported: some rows no longer pass the checks.",
            checked=checked,
        )
    for done, row in enumerate(checked, start=1):
        _create_participant(row, caseload_import=caseload_import, at=claimed_at)
        progress(done)
    finished = audited_update(
        CaseloadImport.objects.filter(
            pk=caseload_import.pk,
            status=ImportStatus.IMPORTING,
            started_at=claimed_at,
        ),
        actor=caseload_import.imported_by,
        status=ImportStatus.IMPORTED,
        imported_at=timezone.now(),
        imported_count=len(checked),
        progress=len(checked),
    )
    if not finished:
        raise ImportRefused("Another run of this import took it over.")
    return len(checked)


def _create_participant(
    row: CheckedRow,
    *,
    caseload_import: CaseloadImport,
    at: datetime.datetime,
) -> Participant:
    imported_by = caseload_import.imported_by
    details = dict(row.cleaned)
    keyworker = details.pop(KEYWORKER, None) or caseload_import.created_by
    participant = Participant.objects.create(
        delivery_partner_id=caseload_import.delivery_partner_id,
        keyworker=keyworker,
        age_band=AgeBand.at(details["date_of_birth"], details["programme_start"]),
        **details,
    )
    source = f"Imported from {caseload_import.filename}"
    KeyworkerAssignment.objects.create(
        participant=participant,
        keyworker=keyworker,
        started_at=at,
        assigned_by=imported_by,
        reason=source[:200],
    )
    add_timeline_entry(
        participant=participant,
        occurred_at=at,
        kind=EntryKind.ASSIGNMENT,
        title=f"{source}, with {keyworker} as keyworker",
        actor=imported_by,
        key=f"import:{caseload_import.pk}:row:{row.number}",
    )
    return participant


@transaction.atomic
def record_refusal(
    *,
    caseload_import: CaseloadImport,
    claimed_at: datetime.datetime,
    refusal: ImportRefused,
) -> bool:
    """Return a refused import to its preview, saying why and showing the rows to fix.

    Only this run's claim may do so; return False if the claim was lost.
    """
    fields: dict[str, Any] = {"outcome": str(refusal)[:200]}
    if refusal.checked is not None:
        fields["rows"] = [row.stored() for row in refusal.checked]
        fields["errors"] = [error for row in refusal.checked for error in row.errors]
    return bool(
        audited_update(
            CaseloadImport.objects.filter(
                pk=caseload_import.pk,
                status=ImportStatus.IMPORTING,
                started_at=claimed_at,
            ),
            actor=caseload_import.imported_by,
            status=ImportStatus.PREVIEWED,
            started_at=None,
            progress=0,
            **fields,
        )
    )


@transaction.atomic
def discard_import(*, caseload_import: CaseloadImport) -> bool:
    """Discard a previewed import; return False if it was already imported or gone."""
    return bool(
        audited_update(
            CaseloadImport.objects.filter(
                pk=caseload_import.pk, status=ImportStatus.PREVIEWED
            ),
            status=ImportStatus.DISCARDED,
        )
    )


# What the preview page shows.

LABELS = {
    name: dict(field.choices)
    for name, field in ImportRowForm.base_fields.items()
    if hasattr(field, "choices")
}
DATES = {
    name
    for name, field in ImportRowForm.base_fields.items()
    if isinstance(field, forms.DateField)
}


def _shown(name: str, value: str) -> str:
    """Return a checked row's stored value as the page shows it: labels, UK dates."""
    if name in DATES and value:
        return date_format(datetime.date.fromisoformat(value), "j M Y")
    return LABELS.get(name, {}).get(value, value)


@dataclass
class Preview:
    rows: list[dict[str, Any]]
    total: int
    ready: int
    errors: list[dict[str, Any]]
    error_count: int


def preview_of(caseload_import: CaseloadImport, *, limit: int = 50) -> Preview:
    """Return the first rows and errors of an import, with choices as their labels."""
    rows = []
    for row in caseload_import.rows[:limit]:
        data = row["data"]
        shown = {
            name: _shown(name, value) if row["ok"] else value
            for name, value in data.items()
        }
        rows.append({**row, "data": shown})
    ready = sum(1 for row in caseload_import.rows if row["ok"])
    return Preview(
        rows=rows,
        total=len(caseload_import.rows),
        ready=ready,
        errors=caseload_import.errors[: limit * 4],
        error_count=len(caseload_import.errors),
    )
