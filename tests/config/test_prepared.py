"""PreparedQuery with what a scoped page passes it: a role, the workers a user
holds (a tuple of any length) and several dates (config/prepared.py)."""

import datetime

import pytest
from django.db import DataError, connection, transaction

from accounts.models import Role, User
from config.prepared import DATE, ID, IDS, KEY, PreparedQuery, statement
from tests.conftest import compiling
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def joined(role, ids, since):
    return User.objects.filter(
        role=role, pk__in=ids, date_joined__date__gte=since
    ).order_by("pk")


def test_a_tuple_of_ids_is_compiled_once_per_length_and_each_id_swapped_in(
    monkeypatch,
):
    a, b, c = (UserFactory(role=Role.KEYWORKER) for _ in range(3))
    manager = UserFactory(role=Role.PARTNER_MANAGER)
    prepared = PreparedQuery(joined, takes=(KEY, IDS, DATE))
    since = datetime.date(2000, 1, 1)
    prepared.all(Role.KEYWORKER, (a.pk,), since)
    prepared.all(Role.KEYWORKER, (a.pk, b.pk), since)
    compiled = compiling(monkeypatch)

    assert prepared.all(Role.KEYWORKER, (c.pk,), since) == [c]
    assert prepared.all(Role.KEYWORKER, (b.pk, c.pk), since) == [b, c]
    assert prepared.all(Role.KEYWORKER, (manager.pk, c.pk), since) == [c]
    assert prepared.all(Role.KEYWORKER, (b.pk,), datetime.date(2999, 1, 1)) == []
    assert compiled == []
    assert prepared.all(Role.KEYWORKER, (a.pk, b.pk, c.pk), since) == [a, b, c]
    assert prepared.all(Role.PARTNER_MANAGER, (manager.pk, c.pk), since) == [manager]
    assert len(compiled) == 2, "a new length and a new key each compile once"


def test_several_dates_each_reach_their_own_place():
    prepared = PreparedQuery(
        lambda pk, after, before: User.objects.filter(
            pk=pk, date_joined__date__gt=after, date_joined__date__lt=before
        ),
        takes=(ID, DATE, DATE),
    )
    worker = UserFactory()
    joined_on = worker.date_joined.date()
    day = datetime.timedelta(days=1)

    assert prepared.first(worker.pk, joined_on - day, joined_on + day) == worker
    assert prepared.first(worker.pk, joined_on + day, joined_on + 2 * day) is None
    assert prepared.first(worker.pk, joined_on - 2 * day, joined_on - day) is None


def test_a_value_computed_from_a_placeholder_is_refused():
    next_day = PreparedQuery(
        lambda pk, day: User.objects.filter(
            pk=pk,
            date_joined__date__gte=day,
            date_joined__date__lte=day + datetime.timedelta(days=1),
        ),
        takes=(ID, DATE),
    )
    with pytest.raises(ValueError, match="computed from a placeholder"):
        next_day.all(1, datetime.date(2026, 3, 4))


def test_a_query_that_can_match_nothing_is_not_sent(django_assert_num_queries):
    prepared = PreparedQuery(
        lambda pk, ids: User.objects.filter(pk=pk, pk__in=ids[1:]), takes=(ID, IDS)
    )
    with django_assert_num_queries(0):
        assert prepared.all(1, (1,)) == []


def test_an_unknown_kind_of_value_is_refused():
    with pytest.raises(ValueError, match="unknown kinds"):
        PreparedQuery(lambda pk: User.objects.filter(pk=pk), takes=(ID, "month"))


def test_the_wrong_number_of_values_is_refused():
    prepared = PreparedQuery(joined, takes=(KEY, IDS, DATE))
    with pytest.raises(TypeError, match="expected 3 values"):
        prepared.all(Role.KEYWORKER, (1,))


@pytest.mark.usefixtures("postgresql")
def test_a_query_planned_once_runs_as_a_prepared_statement_on_each_connection(
    django_assert_num_queries,
):
    a, b = (UserFactory(role=Role.KEYWORKER) for _ in range(2))
    prepared = PreparedQuery(joined, takes=(KEY, IDS, DATE), plan_once=True)
    since = datetime.date(2000, 1, 1)

    with django_assert_num_queries(1) as queries:  # PREPARE, then EXECUTE, at once
        assert prepared.all(Role.KEYWORKER, (a.pk, b.pk), since) == [a, b]
    assert queries.captured_queries[0]["sql"].startswith("PREPARE ")
    for _ in range(7):  # past the five runs PostgreSQL plans for their values
        with django_assert_num_queries(1) as queries:
            assert prepared.all(Role.KEYWORKER, (b.pk, a.pk), since) == [a, b]
        assert queries.captured_queries[0]["sql"].startswith("EXECUTE ")
    assert prepared.all(Role.KEYWORKER, (b.pk, 0), since) == [b]
    assert prepared.all(Role.KEYWORKER, (a.pk, b.pk), datetime.date(2999, 1, 1)) == []
    assert prepared.all(Role.PARTNER_MANAGER, (a.pk, b.pk), since) == []


def test_a_statement_with_text_and_a_percent_sign_is_prepared_as_the_orm_sends_it():
    worker = UserFactory(first_name="100% Ama")
    prepared = PreparedQuery(
        lambda pk: User.objects.filter(pk=pk, first_name__startswith="100% "),
        plan_once=True,
    )
    assert prepared.first(worker.pk) == worker
    assert prepared.first(UserFactory(first_name="100 Ama").pk) is None


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("postgresql")
def test_a_new_database_connection_prepares_the_statement_again(
    django_assert_num_queries,
):
    worker = UserFactory(role=Role.KEYWORKER)
    prepared = PreparedQuery(joined, takes=(KEY, IDS, DATE), plan_once=True)
    since = datetime.date(2000, 1, 1)
    prepared.all(Role.KEYWORKER, (worker.pk,), since)
    with django_assert_num_queries(1):
        assert prepared.all(Role.KEYWORKER, (worker.pk,), since) == [worker]

    connection.close()

    with django_assert_num_queries(1) as queries:  # PREPARE on the new connection
        assert prepared.all(Role.KEYWORKER, (worker.pk,), since) == [worker]
    assert queries.captured_queries[0]["sql"].startswith("PREPARE ")


@pytest.mark.usefixtures("postgresql")
def test_a_statement_whose_first_run_failed_is_prepared_afresh(
    django_assert_num_queries,
):
    # PREPARE outlives the failed transaction it was sent in: preparing the same
    # name again would fail with "already exists" on every later run.
    divide = statement("SELECT 100 / $1", ("int",))
    with pytest.raises(DataError), transaction.atomic(), connection.cursor() as cursor:
        divide.run(cursor, connection, [0])

    with connection.cursor() as cursor:
        divide.run(cursor, connection, [4])
        assert cursor.fetchone() == (25,)
    with django_assert_num_queries(1) as queries, connection.cursor() as cursor:
        divide.run(cursor, connection, [5])
        assert cursor.fetchone() == (20,)
    assert queries.captured_queries[0]["sql"].startswith("EXECUTE ")
