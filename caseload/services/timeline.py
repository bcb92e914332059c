"""The participant's timeline: every app adds its events through here."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User

from ..models import (
    Contact,
    EntryKind,
    Participant,
    TimelineEntry,
)


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
    entry = TimelineEntry(
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
    if key is None:
        # Nothing to collide with: no savepoint, two queries fewer per contact.
        entry.save()
        return entry
    try:
        with transaction.atomic():
            entry.save()
    except IntegrityError:
        return None
    return entry


def moment_of(day: datetime.date) -> datetime.datetime:
    """Return when a dated event goes on the timeline: now, or that past day."""
    now = timezone.now()
    if day >= timezone.localdate(now):
        return now
    start_of_day = datetime.datetime.combine(day, datetime.time(9))
    return timezone.make_aware(start_of_day)
