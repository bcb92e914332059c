"""Check-ins follow responsibility: whoever holds the participant holds them."""

from __future__ import annotations

from accounts.audit import audited_update
from accounts.models import User
from caseload.models import Participant
from caseload.responsibility import Holding

from ..models import CheckIn
from .schedule import assignee_for


def move_checkins_to_holder(
    *,
    participant: Participant,
    old_keyworker: User,
    old_officer: User | None,
    changed_by: User | None,
) -> int:
    """Give the participant's pending check-ins to who now does them; return how many.

    The rule is `assignee_for`'s: the in-work support officer, else the
    keyworker. Registered with `caseload.responsibility.on_responsibility_change`.
    """
    holder = assignee_for(participant)
    rows = (
        CheckIn.objects.pending()
        .filter(employment__participant=participant)
        .exclude(assigned_to=holder)
    )
    return audited_update(rows, actor=changed_by, assigned_to=holder)


def _held(worker: User) -> list[str]:
    rows = CheckIn.objects.pending().filter(assigned_to=worker).with_people()
    return [
        f"{checkin.employment.participant}: {checkin.get_kind_display()}, "
        f"due {checkin.due_on:%-d %b %Y}"
        for checkin in rows
    ]


def _hand_over(*, worker: User, to_worker: User, by: User, reason: str) -> int:
    # Check-ins of participants the worker held have moved with them already;
    # any left go to their participant's holder, else to the colleague.
    moved = 0
    rows = CheckIn.objects.pending().filter(assigned_to=worker).with_people()
    for checkin in rows.select_related(
        "employment__participant__keyworker",
        "employment__participant__in_work_support_officer",
    ):
        holder = assignee_for(checkin.employment.participant)
        new = to_worker if holder.pk == worker.pk else holder
        moved += audited_update(
            CheckIn.objects.filter(pk=checkin.pk, assigned_to=worker),
            actor=by,
            assigned_to=new,
        )
    return moved


CHECKINS = Holding(
    label="Pending check-ins", held=_held, hand_over=_hand_over, order=40
)
