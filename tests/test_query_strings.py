"""Bad query-string values are ignored: the page is shown, never a server error.

The form fuzz (test_forms_fuzz.py) sends hostile values to every GET page; these
are the values that once gave a 500, kept by name.
"""

import datetime

import pytest
from django.urls import reverse

from accounts.querystring import page_number, positive_int, search_text
from tests.caseload.factories import TimelineEntryFactory
from tests.factories import EmployerFactory
from tests.inwork_support.conftest import start_job

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("3", 3),
        ("²", None),
        ("٣", None),
        ("１２", None),
        ("0", None),
        ("-1", None),
        ("1.5", None),
        ("99999999999999999999", None),
        ("", None),
        (None, None),
    ],
)
def test_only_ascii_whole_numbers_in_range_are_read(value, expected):
    assert positive_int(value) == expected


def test_a_page_that_makes_no_sense_is_the_first_page():
    assert page_number("99999999999999999999") == 1
    assert page_number("²") == 1
    assert page_number("4") == 4


def test_search_text_loses_nul_and_control_bytes():
    assert search_text("  Bak\x00ery\x1b ") == "Bakery"
    assert search_text("x" * 500) == "x" * 100


@pytest.fixture
def signed_in(client, keyworker):
    client.force_login(keyworker)
    return client


@pytest.mark.parametrize("before", ["99999999999999999999", "²", "-3", "\x00"])
def test_an_older_timeline_page_with_a_bad_cursor_starts_from_the_latest(
    signed_in, participant, before
):
    TimelineEntryFactory(participant=participant, title="The latest")
    url = reverse("caseload:participant-timeline", args=[participant.pk])

    response = signed_in.get(url, {"before": before})

    assert response.status_code == 200
    assert [entry.title for entry in response.context["timeline"]] == ["The latest"]


@pytest.mark.parametrize("checkin", ["²", "99999999999999999999", "\x00"])
def test_an_in_work_contact_with_a_bad_check_in_offers_the_one_due(
    signed_in, participant, keyworker, time_machine, checkin
):
    time_machine.move_to("2026-03-02 18:00+00:00", tick=False)
    job = start_job(participant, keyworker)
    url = reverse("caseload:log-contact", args=[participant.pk])

    response = signed_in.get(url, {"checkin": checkin, "job": checkin})

    assert response.status_code == 200
    # The one due nearest to today: the first day's, not the overdue preparation.
    due = job.checkins.pending().due_by(datetime.date(2026, 3, 2)).last()
    assert due.kind == "first_day"
    (questions,) = response.context["form"].questions
    assert questions.initial["checkin"] == due


@pytest.mark.parametrize("query", ["\x00", "Bak\x00ery", "\x00" * 300])
def test_employer_search_with_a_nul_byte_still_searches(signed_in, keyworker, query):
    EmployerFactory(name="Castle Bakery", go_to_person=keyworker)

    response = signed_in.get(reverse("employers:employer-list"), {"q": query})

    assert response.status_code == 200
    names = [employer.name for employer in response.context["page"]]
    assert names == ["Castle Bakery"]


@pytest.mark.parametrize("page", ["99999999999999999999", "²", "1e400", "\x00"])
def test_a_paginated_list_with_a_bad_page_is_shown(signed_in, page):
    response = signed_in.get(reverse("employers:employer-list"), {"page": page})

    assert response.status_code == 200
