"""PreparedQuery.rows(): a values_list() queryset's rows, as the ORM converts them
(config/prepared.py)."""

import datetime

import pytest
from django.db.models import F
from django.db.models.functions import TruncDate
from django.db.models.lookups import GreaterThan

from accounts.models import User
from config.prepared import PreparedQuery
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def joined(pk):
    return (
        User.objects.filter(pk=pk)
        .annotate(
            day=TruncDate("date_joined"),
            late=GreaterThan(F("date_joined"), F("last_login")),
        )
        .values_list("pk", "is_active", "day", "late")
    )


@pytest.mark.parametrize("plan_once", [False, True])
def test_rows_are_the_orms_values_list_with_the_id_swapped_in(plan_once):
    # 23:30 UTC on 30 June is 1 July in London.
    joined_at = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    before = joined_at - datetime.timedelta(days=1)
    first, second = (
        UserFactory(date_joined=joined_at, last_login=before) for _ in range(2)
    )
    prepared = PreparedQuery(joined, plan_once=plan_once)

    for user in (first, second, first):
        assert prepared.rows(user.pk) == [list(row) for row in joined(user.pk)]
    assert prepared.rows(second.pk) == [
        [second.pk, True, datetime.date(2026, 7, 1), True]
    ]
    assert prepared.rows(-1) == []
