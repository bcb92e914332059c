"""Lookups that start from the signed-in user: out of scope is 404."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User

from .models import Participant


def access_participant(
    user: User, pk: int, participants: QuerySet[Participant] | None = None
) -> Participant:
    """Return participant `pk` if `user` may open their record, else raise 404.

    `participants` may add annotations; the scoping is always applied here.
    """
    if participants is None:
        participants = Participant.objects.all()
    return get_object_or_404(
        participants.visible_to(user).select_related(
            "keyworker", "in_work_support_officer"
        ),
        pk=pk,
    )
