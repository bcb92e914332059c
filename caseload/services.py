"""Business rules of the caseload: every view, task and command calls these."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from accounts.models import User

from .models import Contact, EntryKind, Participant, TimelineEntry


def add_timeline_entry(
    *,
    participant: Participant,
    occurred_at: datetime.datetime,
    kind: EntryKind,
    title: str,
    detail: str = "",
    url: str = "",
    actor: User | None = None,
    contact: Contact | None = None,
    key: str | None = None,
) -> TimelineEntry | None:
    """Add one line to a participant's timeline; with `key`, add it at most once."""
    try:
        with transaction.atomic():
            return TimelineEntry.objects.create(
                participant=participant,
                occurred_at=occurred_at,
                kind=kind,
                title=title[:200],
                detail=detail,
                url=url,
                actor=actor,
                contact=contact,
                key=key,
            )
    except IntegrityError:
        if key is None:
            raise
        return None
