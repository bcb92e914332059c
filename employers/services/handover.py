"""What a worker holds at employers, for a leaver's handover.

Registered with `caseload.responsibility.register_holding` in AppConfig.ready:
the go-to and deputy roles, and the employer threads addressed to them.
"""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.audit import audited_update
from accounts.models import NotificationKind, User
from accounts.services import notify
from accounts.versions import lock, save_locked
from caseload.responsibility import Holding

from ..models import Employer, EmployerMessage


def _go_to_of(worker: User) -> QuerySet[Employer]:
    return Employer.objects.filter(go_to_person=worker).order_by("name", "pk")


def _deputy_of(worker: User) -> QuerySet[Employer]:
    return Employer.objects.filter(deputy=worker).order_by("name", "pk")


def _threads_of(worker: User) -> QuerySet[EmployerMessage]:
    # Thread openers and follow-ups addressed to them: a follow-up goes to
    # whoever the thread is with, so both must move for replies to find the
    # colleague.
    return EmployerMessage.objects.filter(addressed_to=worker)


def _move_go_to(*, worker: User, to_worker: User, by: User, reason: str) -> int:
    moved = 0
    for employer in _go_to_of(worker):
        current = lock(employer)
        # One person cannot be both: the colleague's deputy role lapses.
        deputy = None if current.deputy_id == to_worker.pk else current.deputy
        save_locked(current, go_to_person=to_worker, deputy=deputy)
        notify(
            recipient=to_worker,
            kind=NotificationKind.EMPLOYER,
            title=f"You are now the go-to person for {current}",
            body=reason,
            url=current.get_absolute_url(),
        )
        moved += 1
    return moved


def _move_deputy(*, worker: User, to_worker: User, by: User, reason: str) -> int:
    moved = 0
    for employer in _deputy_of(worker):
        current = lock(employer)
        deputy = None if current.go_to_person_id == to_worker.pk else to_worker
        save_locked(current, deputy=deputy)
        moved += 1
    return moved


def _move_threads(*, worker: User, to_worker: User, by: User, reason: str) -> int:
    return audited_update(_threads_of(worker), actor=by, addressed_to=to_worker)


GO_TO = Holding(
    label="Employers, as go-to person",
    held=lambda worker: [str(employer) for employer in _go_to_of(worker)],
    hand_over=_move_go_to,
    order=60,
)
DEPUTY = Holding(
    label="Employers, as deputy",
    held=lambda worker: [str(employer) for employer in _deputy_of(worker)],
    hand_over=_move_deputy,
    order=70,
)
THREADS = Holding(
    label="Employer threads addressed to them",
    held=lambda worker: [
        f"{message.get_category_display()} from {message.employer}, "
        f"{message.sent_at:%-d %b %Y}"
        for message in _threads_of(worker).threads().select_related("employer")
    ],
    hand_over=_move_threads,
    order=80,
)
