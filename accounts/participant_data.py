"""Participant data, declared once per app.

Each app lists, in its own `participant_data.py`, the records it holds that lead to
a participant (`Linked`: by a lookup path) or that name one in their text without
a link (`NamedIn`), and what retention clears in each. The app registers the
audited ones with auditlog from that list; records.data collects every app's list
for the subject access export, the audit page and retention; and a test walks the
models so a new one leading to a participant cannot be left out.

Accounts sits below every app, so the declaration types live here, beside its own
declarations: notifications and outgoing emails name participants in their text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from django.db import models

from .models import Notification, OutgoingEmail

# What a field becomes at retention: a value, or a function of the record.
Replacement = object | Callable[[models.Model], object]


@dataclass(frozen=True)
class Linked:
    """Records of `model` about one participant, reached by the lookup `path`.

    `clear`: field -> what it becomes at retention (the audit trail's values for
    those fields are masked too). `delete`: the record is someone else's details
    (a third party), deleted at retention and masked whole in the audit trail.
    """

    model: type[models.Model]
    path: str
    clear: Mapping[str, Replacement] = field(default_factory=dict)
    delete: bool = False
    audited: bool = True
    audit_exclude: tuple[str, ...] = ()


@dataclass(frozen=True)
class NamedIn:
    """Rows of `model` with no link to a participant that may name one in `fields`.

    Retention replaces the participant's name in them; they are left out of the
    subject access export, as a namesake's rows cannot be told apart.
    """

    model: type[models.Model]
    fields: tuple[str, ...]


def register_audited(declarations: Iterable[Linked | NamedIn]) -> None:
    """Register every audited `Linked` model with auditlog."""
    from auditlog.registry import auditlog

    for held in declarations:
        if isinstance(held, Linked) and held.audited:
            auditlog.register(held.model, exclude_fields=list(held.audit_exclude))


# Reminders, escalations and job starts are titled with the participant's name,
# and their emails carry it in the subject and body.
PARTICIPANT_DATA: list[Linked | NamedIn] = [
    NamedIn(Notification, ("title", "body")),
    NamedIn(OutgoingEmail, ("subject", "body")),
]
