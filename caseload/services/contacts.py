"""Contacts, their actions, supervision, and the safeguarding they escalate."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.audit import audited_bulk_create, audited_update
from accounts.models import NotificationKind, User
from accounts.services import notify

from ..contact_questions import ContactAnswers
from ..models import (
    Action,
    ConcernStatus,
    Contact,
    EntryKind,
    Participant,
    SafeguardingConcern,
    SupervisionNote,
    Topic,
)
from .timeline import add_timeline_entry


def _insert_contact(**fields) -> Contact:
    """Insert a contact, its back-relations known to be empty while it is saved.

    Nothing can point at a row before it is inserted, so while its creation is
    audited its one-to-one back-relations (timeline entry, in-work answers,
    safeguarding concern) are known to be empty and not asked of the database;
    afterwards they are read as usual.
    """
    contact = Contact(**fields)
    relations = [r for r in Contact._meta.related_objects if r.one_to_one]
    for relation in relations:
        relation.set_cached_value(contact, None)
    try:
        contact.save(force_insert=True)
    finally:
        for relation in relations:
            if relation.get_cached_value(contact, None) is None:
                relation.delete_cached_value(contact)
    return contact


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
    answers: Sequence[ContactAnswers] = (),
    on_timeline: bool = True,
) -> Contact:
    """Record a contact, its follow-up actions, and what it escalates.

    Every path that logs a contact comes here: the caseload, the participant's
    page, a check-in on Today or the job page, the demo.

    1. `answers` to other apps' questions (caseload.contact_questions: the
       check-in it completes, the In-Work Support Contact form) must be about
       this participant, else ValueError and nothing is saved.
    2. A repeated submission (same `submission_key`, same worker and participant)
       returns the contact it made; a key another contact holds is not reused.
    3. The contact is flagged out-of-hours against the worker's working hours.
    4. Each (description, due date) in `actions` becomes an Action for the worker.
    5. A crisis opens a safeguarding concern and tells the worker's managers.
    6. The contact appears on the participant's timeline (unless the caller
       puts its own event there with the contact, `on_timeline=False`).
    7. The answers are applied (e.g. the check-in is done), once.
    All of it is one transaction (a savepoint in a caller's).
    """
    for answer in answers:
        answer.check(participant)
    fields = {
        "participant": participant,
        "worker": worker,
        "happened_at": happened_at,
        "channel": channel,
        "minutes": minutes,
        "topics": list(topics),
        "attendees": list(attendees),
        "is_crisis": Topic.CRISIS in topics,
        "out_of_hours": worker.is_out_of_hours(happened_at),
        "notes": notes,
    }
    extra = {"actions": actions, "answers": answers, "on_timeline": on_timeline}
    try:
        return _record_contact(fields, submission_key, **extra)
    except IntegrityError:
        # The key is unique: at most one contact holds it. A double tap finds
        # the contact its first tap made, however the two raced. The contact is
        # the transaction's first write, so undoing the transaction undid only
        # it: no savepoint of its own (two round trips a contact).
        holder = Contact.objects.filter(submission_key=submission_key).first()
        if submission_key is None or holder is None:
            raise
        if (holder.participant_id, holder.worker_id) == (participant.pk, worker.pk):
            return holder
        # The form makes a fresh key each time, so a key someone else's contact
        # holds was copied or forged: log this contact without it.
        return _record_contact(fields, None, **extra)


@transaction.atomic
def _record_contact(
    fields: dict,
    submission_key: uuid.UUID | None,
    *,
    actions: Sequence[tuple[str, datetime.date]],
    answers: Sequence[ContactAnswers],
    on_timeline: bool,
) -> Contact:
    # The contact first: a taken submission key fails here, before anything else
    # is written.
    contact = _insert_contact(**fields, submission_key=submission_key)
    participant, worker = fields["participant"], fields["worker"]
    audited_bulk_create(
        (
            Action(participant=participant, contact=contact, owner=worker, **fields)
            for fields in ({"description": d, "due_on": due} for d, due in actions)
        ),
        actor=worker,
    )
    if contact.is_crisis:
        open_safeguarding_concern(contact=contact)
    if on_timeline:
        add_timeline_entry(
            participant=participant,
            occurred_at=contact.happened_at,
            kind=EntryKind.CONTACT,
            title=f"{contact.get_channel_display()} contact, {contact.minutes} min",
            actor=worker,
            contact=contact,
            url=contact.get_absolute_url(),
        )
    for answer in answers:
        answer.apply(contact=contact, worker=worker)
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
            kind=NotificationKind.ESCALATION,
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


def add_action(
    *, participant: Participant, owner: User, description: str, due_on: datetime.date
) -> Action:
    """Give `owner` a follow-up action for the participant (other apps call this)."""
    return Action.objects.create(
        participant=participant, owner=owner, description=description, due_on=due_on
    )


@transaction.atomic
def complete_action(*, action: Action, done_by: User) -> Action:
    """Mark a follow-up action done (once: a second tap changes nothing)."""
    now = timezone.now()
    if audited_update(
        Action.objects.filter(pk=action.pk, done_at__isnull=True),
        actor=done_by,
        done_at=now,
    ):
        add_timeline_entry(
            participant=action.participant,
            occurred_at=now,
            kind=EntryKind.CONTACT,
            title=f"Action done: {action.description}",
            actor=done_by,
        )
    action.refresh_from_db()
    return action


@transaction.atomic
def add_supervision_note(
    *, contact: Contact, author: User, comment: str, needs_follow_up: bool
) -> SupervisionNote:
    """Comment on a contact as a manager, and tell the keyworker."""
    note = contact.supervision_notes.create(
        author=author, comment=comment, needs_follow_up=needs_follow_up
    )
    flagged = "flagged a contact for follow-up" if needs_follow_up else "commented"
    notify(
        recipient=contact.worker,
        kind=NotificationKind.SUPERVISION,
        title=f"{author} {flagged}: {contact.participant}",
        body=comment,
        url=contact.get_absolute_url(),
        key=f"supervision:{note.pk}",
    )
    add_timeline_entry(
        participant=contact.participant,
        occurred_at=note.created_at,
        kind=EntryKind.CONTACT,
        title="Supervision note" + (", for follow-up" if needs_follow_up else ""),
        url=contact.get_absolute_url(),
        actor=author,
    )
    return note


@transaction.atomic
def resolve_supervision_note(*, note: SupervisionNote, resolved_by: User) -> None:
    """Mark a supervision note dealt with."""
    now = timezone.now()
    if audited_update(
        SupervisionNote.objects.filter(pk=note.pk, resolved_at__isnull=True),
        actor=resolved_by,
        resolved_at=now,
    ):
        add_timeline_entry(
            participant=note.contact.participant,
            occurred_at=now,
            kind=EntryKind.CONTACT,
            title="Supervision note resolved",
            url=note.contact.get_absolute_url(),
            actor=resolved_by,
        )


@transaction.atomic
def close_safeguarding_concern(
    *, concern: SafeguardingConcern, closed_by: User, closing_note: str
) -> SafeguardingConcern:
    """Close an open concern with a note of what was done.

    Of two managers closing it at once, one closes it: the other changes
    nothing, and the trail and timeline say "closed" once.
    """
    now = timezone.now()
    closed = audited_update(
        SafeguardingConcern.objects.filter(pk=concern.pk, status=ConcernStatus.OPEN),
        actor=closed_by,
        status=ConcernStatus.CLOSED,
        closed_by=closed_by,
        closed_at=now,
        closing_note=closing_note,
    )
    concern.refresh_from_db()
    if not closed:
        return concern
    add_timeline_entry(
        participant=concern.participant,
        occurred_at=now,
        kind=EntryKind.SAFEGUARDING,
        title="Safeguarding concern closed",
        detail=closing_note,
        actor=closed_by,
    )
    return concern
