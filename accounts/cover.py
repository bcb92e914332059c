"""Rows a worker holds today: their own, and those of the away colleagues they cover.

The colleagues are read once per user object (`User.covered_today()`: the request's
user is loaded afresh on every request) and every scope is then written
`column IN (me, covered...)`: an index condition on the scoped table, compiled
from a handful of integers. It used to be `column = ANY(ARRAY(subquery on
accounts_user and accounts_leave))` in each scoped query: the participant page
built and compiled that subquery ten times per request, and its SQL read the
colleagues in four of its queries (bench/EXPLAIN.md).
"""

from __future__ import annotations

from django.db.models import Q
from django.utils import timezone

from .models import FRONTLINE_ROLES, Role, User


def held_by_ids(user: User) -> tuple[int, ...]:
    """Return the ids of the workers whose rows `user` holds today, themselves first."""
    return (user.pk, *(colleague.pk for colleague in user.covered_today()))


def held(user: User, *columns: str) -> Q:
    """Return "any of `columns` (user ids) is `user` or a colleague they cover"."""
    ids = held_by_ids(user)
    condition = Q()
    for column in columns:
        condition |= Q(**{f"{column}__in": ids})
    return condition


def worker_holding(role: str, ids: tuple[int, ...]) -> User:
    """Return a worker of `role` whose held_by_ids() are `ids`, for building once
    (config.prepared, with placeholder ids) a query scoped the way any such
    worker's is: the scope depends on nothing else of a frontline worker's.
    """
    if role not in FRONTLINE_ROLES:
        raise ValueError(f"{role!r} is scoped by more than the workers it holds")
    worker = User(pk=ids[0], role=role, is_active=True)
    worker._covered_on = (timezone.localdate(), [User(pk=pk) for pk in ids[1:]])
    return worker


def manager_of(partner_id: int) -> User:
    """Return a partner manager of `partner_id`, for building once (config.prepared,
    with a placeholder id) a query scoped the way any of the partner's managers'
    is: a manager's scope is their partner, whichever manager they are.
    """
    return User(
        role=Role.PARTNER_MANAGER, delivery_partner_id=partner_id, is_active=True
    )
