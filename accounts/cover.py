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

from .models import User


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
