"""A leaver's handover: everything a worker holds moves to one colleague.

What a worker holds is declared where it lives: caseload's own holdings are
registered below (participants as keyworker, as in-work support officer, open
actions left over), and the apps built on caseload register theirs in
AppConfig.ready (check-ins, employer go-to and deputy roles, employer threads).
The preview and the confirm read the same registry, so the page shows exactly
what the confirm moves.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from auditlog.context import auditlog_value, set_actor
from django.db import transaction
from django.db.models import QuerySet

from accounts.audit import audited_update
from accounts.models import User

from ..models import Action, Participant
from ..responsibility import Holding, holdings, register_holding
from .participants import reassign_keyworker
from .responsibility import set_in_work_support_officer

PREVIEW_LIMIT = 50  # rows listed per kind; the count is always whole


@dataclass(frozen=True)
class Held:
    """One kind of holding in a preview: how many, and the first few by name."""

    label: str
    count: int
    items: list[str]


def handover_preview(*, worker: User) -> list[Held]:
    """Return what `worker` holds, kind by kind, as the confirm would move it."""
    preview = []
    for holding in holdings():
        items = holding.held(worker)
        preview.append(Held(holding.label, len(items), items[:PREVIEW_LIMIT]))
    return preview


def handover_fingerprint(preview: list[Held]) -> str:
    """Return a digest of a preview: the confirm checks nothing changed since."""
    text = "\n".join(f"{held.label}:{held.count}:{held.items}" for held in preview)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


@transaction.atomic
def hand_over_everything(
    *, worker: User, to_worker: User, handed_over_by: User, reason: str = ""
) -> dict[str, int]:
    """Move everything `worker` holds to `to_worker`; return how many of each.

    1. Active participants whose keyworker they are get `to_worker` as
       keyworker (history kept, timeline entry, check-ins and actions follow).
    2. Participants whose officer they are get `to_worker` as officer.
    3. Each app's registered holdings move in turn (check-ins left over,
       employer go-to and deputy roles, employer threads), each change audited.
    """
    if to_worker.pk == worker.pk:
        raise ValueError("Choose a colleague other than the worker leaving.")
    reason = reason or f"Handover from {worker}"
    # Rows saved (not updated) are audited by auditlog's signals: name the
    # actor (a command, a task or the demo has none), keeping a request's address.
    context = auditlog_value.get(None) or {}
    with set_actor(
        handed_over_by,
        remote_addr=context.get("remote_addr"),
        remote_port=context.get("remote_port"),
    ):
        return {
            holding.label: holding.hand_over(
                worker=worker, to_worker=to_worker, by=handed_over_by, reason=reason
            )
            for holding in holdings()
        }


@transaction.atomic
def reassign_caseload(
    *, from_worker: User, to_worker: User, assigned_by: User, reason: str = ""
) -> int:
    """Hand over everything `from_worker` holds; return how many participants moved.

    A caseload moved on its own would leave the officer roles, employer go-to
    roles and open employer threads with the old worker.
    """
    moved = hand_over_everything(
        worker=from_worker,
        to_worker=to_worker,
        handed_over_by=assigned_by,
        reason=reason,
    )
    return moved[AS_KEYWORKER.label]


def _as_keyworker(worker: User) -> list[Participant]:
    return list(Participant.objects.active().filter(keyworker=worker).order_by("pk"))


def _as_officer(worker: User) -> list[Participant]:
    rows = Participant.objects.active().filter(in_work_support_officer=worker)
    return list(rows.order_by("pk"))


def _open_actions(worker: User) -> QuerySet[Action]:
    return Action.objects.open().filter(owner=worker)


def _move_caseload(*, worker: User, to_worker: User, by: User, reason: str) -> int:
    participants = _as_keyworker(worker)
    for participant in participants:
        reassign_keyworker(
            participant=participant,
            new_keyworker=to_worker,
            assigned_by=by,
            reason=reason,
        )
    return len(participants)


def _move_officer_roles(*, worker: User, to_worker: User, by: User, reason: str) -> int:
    participants = _as_officer(worker)
    for participant in participants:
        # Their keyworker being the colleague, the keyworker holds it all.
        officer = None if participant.keyworker_id == to_worker.pk else to_worker
        set_in_work_support_officer(
            participant=participant, officer=officer, changed_by=by
        )
    return len(participants)


def _move_actions(*, worker: User, to_worker: User, by: User, reason: str) -> int:
    # Actions on participants the worker did not hold as keyworker or officer
    # (they moved with the participant) go to the colleague.
    return audited_update(_open_actions(worker), actor=by, owner=to_worker)


AS_KEYWORKER = register_holding(
    Holding(
        label="Participants, as keyworker",
        held=lambda worker: [str(p) for p in _as_keyworker(worker)],
        hand_over=_move_caseload,
        order=10,
    )
)
register_holding(
    Holding(
        label="Participants, as in-work support officer",
        held=lambda worker: [str(p) for p in _as_officer(worker)],
        hand_over=_move_officer_roles,
        order=20,
    )
)
register_holding(
    Holding(
        label="Other open actions",
        # Listed before the participants move: those of their own participants
        # move with them, so the preview names only the rest.
        held=lambda worker: [
            f"{action} ({action.participant})"
            for action in _open_actions(worker)
            .exclude(participant__keyworker=worker)
            .exclude(participant__in_work_support_officer=worker)
            .select_related("participant")
        ],
        hand_over=_move_actions,
        order=30,
    )
)
