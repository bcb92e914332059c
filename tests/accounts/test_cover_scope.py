"""Whom a worker covers is read once per request, and is never stale on the next."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import COVERED_ON, Leave, User
from accounts.services import mark_away, mark_back
from caseload.models import Action, Barrier, Contact, Participant
from inwork_support.models import CheckIn, Employment
from tests.conftest import prepared_as
from tests.factories import EmploymentFactory

pytestmark = pytest.mark.django_db


def reads_of_cover(captured) -> int:
    # Prepared once per connection: after the first, each read is an EXECUTE.
    executes = prepared_as(COVERED_ON)
    return sum(
        "accounts_leave" in query["sql"] or query["sql"].startswith(executes)
        for query in captured.captured_queries
    )


def test_the_participant_page_reads_whom_the_keyworker_covers_once(
    client, keyworker, participant
):
    EmploymentFactory(participant=participant)
    client.force_login(keyworker)

    with CaptureQueriesContext(connection) as captured:
        assert client.get(participant.get_absolute_url()).status_code == 200

    # Its participant, barriers, jobs and check-ins are each scoped, from one read.
    assert reads_of_cover(captured) == 1


def test_every_scope_after_the_first_reuses_the_read(
    keyworker, participant, django_assert_num_queries
):
    list(Participant.objects.visible_to(keyworker))

    with django_assert_num_queries(6):
        for rows in (Participant, Contact, Action, Barrier, Employment, CheckIn):
            list(rows.objects.visible_to(keyworker))
    with django_assert_num_queries(1):
        list(CheckIn.objects.for_worker(keyworker))


def test_a_scope_is_an_index_condition_on_the_workers_ids(keyworker):
    sql = str(Participant.objects.visible_to(keyworker).query)

    assert "accounts_user" not in sql
    assert f"IN ({keyworker.pk})" in sql


def test_being_marked_away_and_back_shows_on_the_next_request(
    client, keyworker, other_keyworker, other_participant
):
    client.force_login(keyworker)
    url = other_participant.get_absolute_url()
    assert client.get(url).status_code == 404

    mark_away(worker=other_keyworker, cover=keyworker)
    assert client.get(url).status_code == 200

    mark_back(worker=other_keyworker)
    assert client.get(url).status_code == 404


def test_dated_leave_shows_on_its_first_day_and_ends_after_its_last(
    client, keyworker, other_keyworker, other_participant, time_machine
):
    Leave.objects.create(
        worker=other_keyworker,
        cover=keyworker,
        starts_on=datetime.date(2026, 4, 6),
        ends_on=datetime.date(2026, 4, 10),
    )
    client.force_login(keyworker)

    def status(day: int) -> int:
        time_machine.move_to(f"2026-04-{day:02} 12:00+01:00", tick=False)
        return client.get(other_participant.get_absolute_url()).status_code

    assert [status(day) for day in (5, 6, 10, 11)] == [404, 200, 200, 404]


def test_a_user_kept_past_midnight_reads_whom_they_cover_again(
    keyworker, other_keyworker, other_participant, time_machine
):
    Leave.objects.create(
        worker=other_keyworker,
        cover=keyworker,
        starts_on=datetime.date(2026, 4, 6),
        ends_on=datetime.date(2026, 4, 6),
    )
    time_machine.move_to("2026-04-05 23:30+01:00", tick=False)
    assert not Participant.objects.visible_to(keyworker).filter(pk=other_participant.pk)

    time_machine.move_to("2026-04-06 00:30+01:00", tick=False)
    assert Participant.objects.visible_to(keyworker).filter(pk=other_participant.pk)


def test_a_user_loaded_elsewhere_or_refreshed_sees_cover_as_it_is_now(
    keyworker, other_keyworker, other_participant
):
    assert not Participant.objects.visible_to(keyworker).filter(pk=other_participant.pk)
    mark_away(worker=other_keyworker, cover=keyworker)

    # A task loads its user itself; a kept object reads again once refreshed.
    loaded = User.objects.get(pk=keyworker.pk)
    keyworker.refresh_from_db()
    for user in (loaded, keyworker):
        assert Participant.objects.visible_to(user).filter(pk=other_participant.pk)
