"""Lookups that start from the signed-in user: out of scope is 404."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.cover import held_by_ids, worker_holding
from accounts.models import FRONTLINE_ROLES, User
from config.prepared import ID, IDS, KEY, PreparedQuery

from .models import Participant

WORKERS = ("keyworker", "in_work_support_officer")


class ParticipantRead:
    """access_participant's read of one of `participants`, for a keyworker or
    in-work support officer compiled once per process (config.prepared): per
    role, number of workers held and related names.

    The frontline pages' commonest query. Keep an instance as long as its
    queryset holds (module level, or per day for one with a date in it).
    """

    def __init__(self, participants: QuerySet[Participant]) -> None:
        self.participants = participants
        # Planned once per connection too: PostgreSQL took 0.7-0.9 ms to plan
        # the read of one participant and 0.1 ms to run it (bench database).
        self.frontline = PreparedQuery(
            self._seen_by, takes=(KEY, IDS, KEY, ID), plan_once=True
        )

    def _seen_by(
        self, role: str, ids: tuple[int, ...], related: tuple[str, ...], pk: int
    ) -> QuerySet[Participant]:
        rows = self.participants.visible_to(worker_holding(role, ids))
        if related:
            rows = rows.select_related(*related)
        return rows.filter(pk=pk).order_by()


EVERY_PARTICIPANT = ParticipantRead(Participant.objects.all())


def access_participant(
    user: User,
    pk: int,
    participants: QuerySet[Participant] | ParticipantRead = EVERY_PARTICIPANT,
    *,
    related: tuple[str, ...] = WORKERS,
) -> Participant:
    """Return participant `pk` if `user` may open their record, else raise 404.

    `participants` may add annotations (a queryset, or a ParticipantRead to
    compile its read once); the scoping is always applied here. `related` are
    read with it (a page that shows no worker passes ()).
    """
    if isinstance(participants, ParticipantRead):
        if user.is_active and user.role in FRONTLINE_ROLES:
            participant = participants.frontline.first(
                user.role, held_by_ids(user), tuple(related), pk
            )
            if participant is None:
                raise Http404("No Participant matches the given query.")
            return participant
        participants = participants.participants
    participants = participants.visible_to(user)
    if related:  # select_related() with no names would follow every foreign key
        participants = participants.select_related(*related)
    return get_object_or_404(participants, pk=pk)
