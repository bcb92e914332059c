"""My leave: staff book dated leave with a cover; it applies on its dates alone."""

import datetime

import pytest
import time_machine

from accounts.models import Leave
from caseload.models import Participant

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 4, 1, 10, tzinfo=datetime.UTC)
URL = "/leave/"


def book(client, cover, starts="2026-04-06", ends="2026-04-10"):
    return client.post(URL, {"starts_on": starts, "ends_on": ends, "cover": cover.pk})


@time_machine.travel(NOW, tick=False)
def test_a_keyworker_books_leave_and_the_cover_is_told(
    client, keyworker, other_keyworker
):
    client.force_login(keyworker)

    response = book(client, other_keyworker)

    assert response.status_code == 302
    leave = Leave.objects.get(worker=keyworker)
    assert (leave.starts_on, leave.ends_on) == (
        datetime.date(2026, 4, 6),
        datetime.date(2026, 4, 10),
    )
    assert other_keyworker.notifications.filter(title__contains="cover for").exists()


def test_the_cover_sees_the_caseload_on_the_leave_dates_only(
    client, participant, keyworker, other_keyworker
):
    with time_machine.travel(NOW, tick=False):
        client.force_login(keyworker)
        book(client, other_keyworker)
    client.force_login(other_keyworker)

    for day, status in ((5, 404), (6, 200), (10, 200), (11, 404)):
        moment = datetime.datetime(2026, 4, day, 12, tzinfo=datetime.UTC)
        with time_machine.travel(moment, tick=False):
            response = client.get(participant.get_absolute_url())
            assert response.status_code == status, day


@time_machine.travel(NOW, tick=False)
def test_leave_that_ends_before_it_starts_is_refused_keeping_the_dates(
    client, keyworker, other_keyworker
):
    client.force_login(keyworker)

    response = book(client, other_keyworker, starts="2026-04-10", ends="2026-04-06")

    assert response.status_code == 200
    assert "before the first" in response.content.decode()
    assert 'value="2026-04-10"' in response.content.decode()
    assert not Leave.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_overlapping_leave_is_refused(client, keyworker, other_keyworker):
    client.force_login(keyworker)
    book(client, other_keyworker)

    response = book(client, other_keyworker, starts="2026-04-09", ends="2026-04-14")

    assert "already have leave" in response.content.decode()
    assert Leave.objects.count() == 1


@time_machine.travel(NOW, tick=False)
def test_a_colleague_at_another_partner_cannot_cover(
    client, keyworker, keyworker_elsewhere
):
    client.force_login(keyworker)

    response = book(client, keyworker_elsewhere)

    assert "Select a valid choice" in response.content.decode()
    assert not Leave.objects.exists()


def test_coming_back_early_ends_the_cover_from_today(
    client, participant, keyworker, other_keyworker
):
    with time_machine.travel(NOW, tick=False):
        client.force_login(keyworker)
        book(client, other_keyworker)
    leave = Leave.objects.get()
    with time_machine.travel(datetime.datetime(2026, 4, 8, 9, tzinfo=datetime.UTC)):
        client.force_login(keyworker)
        client.post(URL, {"end": leave.pk})
        assert not Participant.objects.visible_to(other_keyworker).exists()

    leave.refresh_from_db()
    assert leave.ends_on == datetime.date(2026, 4, 7)


@time_machine.travel(NOW, tick=False)
def test_nobody_can_end_someone_elses_leave(client, keyworker, other_keyworker):
    client.force_login(keyworker)
    book(client, other_keyworker)
    client.force_login(other_keyworker)

    response = client.post(URL, {"end": Leave.objects.get().pk})

    assert response.status_code == 404
    assert Leave.objects.exists()


@time_machine.travel(NOW, tick=False)
def test_the_user_menu_links_to_my_leave(client, keyworker):
    client.force_login(keyworker)

    assert URL in client.get("/caseload/").content.decode()
