"""Participants: registration, edits, keyworkers, exit, who else is involved."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.audit import audited_update
from accounts.models import NotificationKind, User
from accounts.services import notify
from accounts.versions import StaleVersionError, save_if_current

from ..models import (
    AgeBand,
    EntryKind,
    InvolvedProfessional,
    KeyworkerAssignment,
    Participant,
    PathwayStage,
)
from ..responsibility import responsibility_changed
from .responsibility import officer_changed
from .timeline import add_timeline_entry


def _age_band(details: dict[str, Any]) -> AgeBand:
    return AgeBand.at(details["date_of_birth"], details["programme_start"])


@transaction.atomic
def register_participant(
    *, registered_by: User, keyworker: User, **details: Any
) -> Participant:
    """Register a participant with their named keyworker.

    1. The partner is the keyworker's; the age band is computed at programme start.
    2. The first keyworker assignment starts the history.
    3. The registration appears on the timeline.
    """
    now = timezone.now()
    participant = Participant.objects.create(
        delivery_partner_id=keyworker.delivery_partner_id,
        keyworker=keyworker,
        age_band=_age_band(details),
        **details,
    )
    KeyworkerAssignment.objects.create(
        participant=participant,
        keyworker=keyworker,
        started_at=now,
        assigned_by=registered_by,
        reason="Registered",
    )
    add_timeline_entry(
        participant=participant,
        occurred_at=now,
        kind=EntryKind.ASSIGNMENT,
        title=f"Registered, with {keyworker} as keyworker",
        actor=registered_by,
    )
    return participant


@transaction.atomic
def update_participant(
    *, participant: Participant, edited_by: User, version: int, **details: Any
) -> Participant:
    """Save edited details, refusing a save based on an older `version`.

    The conditional update is the lock: of two people saving the same version,
    exactly one matches the row, and the other gets StaleVersionError.
    """
    current = _lock(participant)
    if current.version != version:
        raise StaleVersionError(current)
    old_officer = current.in_work_support_officer
    old_stage = current.pathway_stage
    for field, value in details.items():
        setattr(current, field, value)
    current.age_band = AgeBand.at(current.date_of_birth, current.programme_start)
    current.version += 1
    current.save()
    add_timeline_entry(
        participant=current,
        occurred_at=timezone.now(),
        kind=EntryKind.ASSIGNMENT,
        title="Details updated",
        actor=edited_by,
    )
    if current.pathway_stage != old_stage:
        # Said on the timeline like every other move, so the stage is explained.
        add_timeline_entry(
            participant=current,
            occurred_at=timezone.now(),
            kind=EntryKind.ASSIGNMENT,
            title=f"Stage: {PathwayStage(old_stage).label} to "
            f"{current.get_pathway_stage_display()}",
            actor=edited_by,
        )
    if current.in_work_support_officer_id != getattr(old_officer, "pk", None):
        # A new officer takes the job's check-ins and their open actions.
        officer_changed(participant=current, old_officer=old_officer, by=edited_by)
    return current


def _lock(participant: Participant) -> Participant:
    # The row lock orders concurrent saves; save() (not update()) keeps the
    # audit log's record of old and new values.
    return Participant.objects.select_for_update().get(pk=participant.pk)


@transaction.atomic
def reassign_keyworker(
    *,
    participant: Participant,
    new_keyworker: User,
    assigned_by: User,
    reason: str = "",
    version: int | None = None,
) -> KeyworkerAssignment:
    """Make `new_keyworker` the named keyworker, keeping the history.

    0. From a form (`version` given), refuse if the participant changed since
       it was opened: two managers choosing at once do not overwrite each other.
    1. The open assignment ends; a new one starts (the old stays on the record).
    2. Open actions owned by the old keyworker move to the new one.
    3. The registered handlers move what follows responsibility: pending
       check-ins go to whoever now holds them (the officer, else the keyworker).
    4. The new keyworker is told; the change appears on the timeline.
    """
    now = timezone.now()
    if version is not None:
        participant = _lock(participant)
        if participant.version != version:
            raise StaleVersionError(participant)
    old = participant.keyworker
    if new_keyworker.pk == old.pk:
        raise ValueError("The new keyworker is already the keyworker.")
    audited_update(
        participant.assignments.filter(ended_at__isnull=True),
        actor=assigned_by,
        ended_at=now,
    )
    assignment = KeyworkerAssignment.objects.create(
        participant=participant,
        keyworker=new_keyworker,
        started_at=now,
        assigned_by=assigned_by,
        reason=reason,
    )
    participant = _lock(participant)
    participant.keyworker = new_keyworker
    participant.version += 1
    participant.save()
    audited_update(
        participant.actions.open().filter(owner=old),
        actor=assigned_by,
        owner=new_keyworker,
    )
    # Check-ins (inwork_support) follow through the registry: caseload may not
    # import the apps built on it.
    responsibility_changed(
        participant=participant,
        old_keyworker=old,
        old_officer=participant.in_work_support_officer,
        changed_by=assigned_by,
    )
    notify(
        recipient=new_keyworker,
        kind=NotificationKind.CASELOAD,
        title=f"{participant} is now on your caseload",
        body=reason,
        url=participant.get_absolute_url(),
    )
    add_timeline_entry(
        participant=participant,
        occurred_at=now,
        kind=EntryKind.ASSIGNMENT,
        title=f"Keyworker changed from {old} to {new_keyworker}",
        detail=reason,
        actor=assigned_by,
    )
    return assignment


@transaction.atomic
def add_professional(
    *, participant: Participant, added_by: User, **details: Any
) -> InvolvedProfessional:
    """Record another professional supporting the participant."""
    professional = participant.professionals.create(**details)
    add_timeline_entry(
        participant=participant,
        occurred_at=timezone.now(),
        kind=EntryKind.ASSIGNMENT,
        title=f"{professional.get_role_display()} involved: {professional.name}",
        actor=added_by,
    )
    return professional


@transaction.atomic
def update_professional(
    *,
    professional: InvolvedProfessional,
    updated_by: User,
    version: int | None,
    **details: Any,
) -> InvolvedProfessional:
    """Save changed details of an involved professional, unless changed meanwhile."""
    save_if_current(professional, version=version, **details)
    add_timeline_entry(
        participant=professional.participant,
        occurred_at=timezone.now(),
        kind=EntryKind.ASSIGNMENT,
        title=f"Details of {professional.name} updated",
        actor=updated_by,
    )
    return professional


@transaction.atomic
def remove_professional(
    *, professional: InvolvedProfessional, removed_by: User
) -> None:
    """Record that a professional is no longer involved."""
    add_timeline_entry(
        participant=professional.participant,
        occurred_at=timezone.now(),
        kind=EntryKind.ASSIGNMENT,
        title=f"{professional.name} no longer involved",
        actor=removed_by,
    )
    professional.delete()
