"""Lookups that start from the signed-in user: out of scope is 404."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User

from .models import Participant

WORKERS = ("keyworker", "in_work_support_officer")


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
    if participants is None:
        participants = Participant.objects.all()
    participants = participants.visible_to(user)
    if related:  # select_related() with no names would follow every foreign key
        participants = participants.select_related(*related)
    return get_object_or_404(participants, pk=pk)
