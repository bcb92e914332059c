"""Lookups that start from the signed-in user: out of scope is 404."""

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.cover import held_by_ids, worker_holding
from accounts.models import FRONTLINE_ROLES, User
from config.prepared import ID, IDS, KEY, PreparedQuery

from .models import Participant

WORKERS = ("keyworker", "in_work_support_officer")


def _participant_seen_by(
    role: str, ids: tuple[int, ...], related: tuple[str, ...], pk: int
) -> QuerySet[Participant]:
    participants = Participant.objects.visible_to(worker_holding(role, ids))
    if related:  # select_related() with no names would follow every foreign key
        participants = participants.select_related(*related)
    return participants.filter(pk=pk).order_by()


# A keyworker's or in-work support officer's read of one participant: the
# frontline pages' commonest query, compiled once per process (config.prepared)
# for each role, number of workers held and `related`.
PARTICIPANT_SEEN_BY = PreparedQuery(_participant_seen_by, takes=(KEY, IDS, KEY, ID))


def access_participant(
    user: User,
    pk: int,
    participants: QuerySet[Participant] | None = None,
    *,
    related: tuple[str, ...] = WORKERS,
) -> Participant:
    """Return participant `pk` if `user` may open their record, else raise 404.

    `participants` may add annotations; the scoping is always applied here.
    `related` are read with it (a page that shows no worker passes ()).
    """
    if participants is None and user.is_active and user.role in FRONTLINE_ROLES:
        participant = PARTICIPANT_SEEN_BY.first(
            user.role, held_by_ids(user), tuple(related), pk
        )
        if participant is None:
            raise Http404("No Participant matches the given query.")
        return participant
    if participants is None:
        participants = Participant.objects.all()
    participants = participants.visible_to(user)
    if related:
        participants = participants.select_related(*related)
    return get_object_or_404(participants, pk=pk)
