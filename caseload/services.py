"""Business rules of the caseload: every view, task and command calls these."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence

from django.db import IntegrityError, transaction

from accounts.models import User
from accounts.services import notify

from .models import (
    Action,
    Contact,
    EntryKind,
    Participant,
    SafeguardingConcern,
    TimelineEntry,
    Topic,
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


@transaction.atomic
def log_contact(
    *,
    participant: Participant,
    worker: User,
    happened_at: datetime.datetime,
    channel: str,
    minutes: int,
    topics: Sequence[str] = (),
    attendees: Sequence[str] = (),
    notes: str = "",
    actions: Sequence[tuple[str, datetime.date]] = (),
    submission_key: uuid.UUID | None = None,
) -> Contact:
    """Record a contact, its follow-up actions, and what it escalates.

    1. A repeated submission (same `submission_key`) returns the contact it made.
    2. The contact is flagged out-of-hours against the worker's working hours.
    3. Each (description, due date) in `actions` becomes an Action for the worker.
    4. A crisis opens a safeguarding concern and tells the worker's managers.
    5. The contact appears on the participant's timeline.
    """
    if submission_key is not None:
        existing = Contact.objects.filter(submission_key=submission_key).first()
        if existing is not None:
            return existing
    contact = Contact.objects.create(
        participant=participant,
        worker=worker,
        happened_at=happened_at,
        channel=channel,
        minutes=minutes,
        topics=list(topics),
        attendees=list(attendees),
        is_crisis=Topic.CRISIS in topics,
        out_of_hours=worker.is_out_of_hours(happened_at),
        notes=notes,
        submission_key=submission_key,
    )
    Action.objects.bulk_create(
        Action(participant=participant, contact=contact, owner=worker, **fields)
        for fields in ({"description": d, "due_on": due} for d, due in actions)
    )
    if contact.is_crisis:
        open_safeguarding_concern(contact=contact)
    add_timeline_entry(
        participant=participant,
        occurred_at=happened_at,
        kind=EntryKind.CONTACT,
        title=f"{contact.get_channel_display()} contact, {minutes} min",
        actor=worker,
        contact=contact,
        url=contact.get_absolute_url(),
    )
    return contact


def open_safeguarding_concern(*, contact: Contact) -> SafeguardingConcern:
    """Open a concern from a crisis contact and escalate it to the worker's managers."""
    concern = SafeguardingConcern.objects.create(
        participant=contact.participant,
        contact=contact,
        raised_by=contact.worker,
        raised_at=contact.happened_at,
        summary=contact.notes or "Crisis contact",
    )
    for manager in User.objects.managers_of(contact.participant.delivery_partner_id):
        notify(
            recipient=manager,
            title=f"Safeguarding concern: {contact.participant}",
            body=f"Raised by {contact.worker} after a crisis contact.",
            url=contact.participant.get_absolute_url(),
            key=f"safeguarding:{concern.pk}:{manager.pk}",
        )
    add_timeline_entry(
        participant=contact.participant,
        occurred_at=contact.happened_at,
        kind=EntryKind.SAFEGUARDING,
        title="Safeguarding concern opened",
        actor=contact.worker,
    )
    return concern
