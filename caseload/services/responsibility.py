"""The in-work support officer: naming one moves the job's work to them."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.audit import audited_update
from accounts.models import NotificationKind, User
from accounts.services import notify
from accounts.versions import StaleVersionError

from ..models import EntryKind, Participant
from ..responsibility import responsibility_changed
from .timeline import add_timeline_entry


def officer_changed(
    *, participant: Participant, old_officer: User | None, by: User | None
) -> None:
    """Move what the old officer held for a saved participant to the new holder.

    1. Open actions owned by the old officer go to the new officer, or to the
       keyworker when there is none now.
    2. The registered handlers move the rest: pending check-ins go to the
       officer when there is one, else the keyworker.
    3. The change is on the timeline; a newly named officer is told.
    """
    new_officer = participant.in_work_support_officer
    if old_officer is not None:
        audited_update(
            participant.actions.open().filter(owner=old_officer),
            actor=by,
            owner=new_officer or participant.keyworker,
        )
    responsibility_changed(
        participant=participant,
        old_keyworker=participant.keyworker,
        old_officer=old_officer,
        changed_by=by,
    )
    if new_officer is None:
        title = f"{old_officer} no longer the in-work support officer"
    elif old_officer is None:
        title = f"{new_officer} is now the in-work support officer"
    else:
        title = f"In-work support officer changed from {old_officer} to {new_officer}"
    add_timeline_entry(
        participant=participant,
        occurred_at=timezone.now(),
        kind=EntryKind.ASSIGNMENT,
        title=title[:200],
        actor=by,
    )
    if new_officer is not None and new_officer != by:
        notify(
            recipient=new_officer,
            kind=NotificationKind.CASELOAD,
            title=f"You are now {participant}'s in-work support officer",
            url=participant.get_absolute_url(),
        )


@transaction.atomic
def set_in_work_support_officer(
    *,
    participant: Participant,
    officer: User | None,
    changed_by: User | None,
    version: int | None = None,
) -> Participant:
    """Name (or clear) the participant's in-work support officer; work follows.

    From a form (`version` given), refuse if the participant changed since.
    """
    current = Participant.objects.select_for_update().get(pk=participant.pk)
    if version is not None and current.version != version:
        raise StaleVersionError(current)
    old_officer = current.in_work_support_officer
    if getattr(old_officer, "pk", None) == getattr(officer, "pk", None):
        return current
    current.in_work_support_officer = officer
    current.version += 1
    current.save()
    officer_changed(participant=current, old_officer=old_officer, by=changed_by)
    return current
