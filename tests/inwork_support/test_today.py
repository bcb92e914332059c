"""Today: what a worker's day holds, read in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.services import mark_away
from inwork_support import views
from inwork_support.models import ContractType, JobRisk
from tests.conftest import compiling
from tests.factories import CheckInFactory, EmploymentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
D = datetime.date
URL = reverse("inwork_support:today")


@pytest.fixture
def wednesday(time_machine):
    """Wednesday 4 March 2026: its week runs 2-8 March, "soon" to 1 April."""
    time_machine.move_to("2026-03-04 09:00+00:00", tick=False)


def job(keyworker, title, **fields):
    return EmploymentFactory(
        participant=ParticipantFactory(keyworker=keyworker), job_title=title, **fields
    )


def test_job_starts_this_week_and_jobs_ending_soon_are_each_in_their_list(
    client, keyworker, other_keyworker, wednesday
):
    starting = job(keyworker, "Starts Friday", start_date=D(2026, 3, 6))
    both = job(
        keyworker,
        "Starts Monday, short probation",
        start_date=D(2026, 3, 2),
        probation_end=D(2026, 3, 30),
    )
    probation = job(
        keyworker,
        "Probation ends",
        start_date=D(2025, 12, 8),
        probation_end=D(2026, 3, 20),
    )
    fixed_term = job(
        keyworker,
        "Contract ends",
        start_date=D(2025, 10, 1),
        probation_end=D(2026, 1, 1),
        contract_type=ContractType.FIXED_TERM,
        fixed_term_end=D(2026, 3, 25),
    )
    job(keyworker, "Starts next week", start_date=D(2026, 3, 9))
    job(keyworker, "Started last week", start_date=D(2026, 2, 27))
    job(
        keyworker,
        "Ended, probation would end soon",
        start_date=D(2025, 12, 8),
        probation_end=D(2026, 3, 20),
        ended_on=D(2026, 2, 1),
    )
    job(
        keyworker,
        "Probation ends after four weeks",
        start_date=D(2025, 12, 8),
        probation_end=D(2026, 4, 2),
    )
    job(other_keyworker, "Someone else's", start_date=D(2026, 3, 6))
    client.force_login(keyworker)

    response = client.get(URL)

    assert response.context["starting"] == [starting, both]
    assert response.context["ending"] == [both, probation, fixed_term]
    html = response.content.decode()
    assert "Probation ends 20 Mar 2026." in html
    assert "Probation ends 1 Jan 2026; contract ends 25 Mar 2026." in html
    assert "Someone else" not in html


def test_covering_names_the_away_colleague_without_a_query_per_check_in(
    client, keyworker, other_keyworker, wednesday
):
    mark_away(worker=other_keyworker, cover=keyworker)
    mine = CheckInFactory(employment=job(keyworker, "Mine"), due_on=D(2026, 3, 4))
    client.force_login(keyworker)
    client.get(URL)  # the visit noted
    counts = []
    for covered in (1, 5):
        while len(other_keyworker.checkins.all()) < covered:
            CheckInFactory(employment=job(other_keyworker, "Theirs"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        counts.append(len(queries))

    assert counts[0] == counts[1]
    due = response.context["due"]
    assert len(due) == 6
    assert {c.assigned_to for c in due} == {keyworker, other_keyworker}
    html = response.content.decode()
    assert html.count(f"(covering for {other_keyworker})") == 5
    assert mine.employment.participant.display_name in html


def test_a_colleagues_check_ins_are_not_on_today_unless_covering_for_them(
    client, keyworker, other_keyworker, wednesday
):
    CheckInFactory(employment=job(other_keyworker, "Theirs"), due_on=D(2026, 3, 4))
    client.force_login(keyworker)

    response = client.get(URL)

    assert response.context["due"] == []
    assert "covering for" not in response.content.decode()


def add_lines(keyworker):
    """One more line on each list: a check-in due, a start, an ending, a risk."""
    starting = job(keyworker, "Starts", start_date=D(2026, 3, 6))
    CheckInFactory(employment=starting, due_on=D(2026, 3, 4))
    ending = job(keyworker, "Ends", probation_end=D(2026, 3, 20))
    JobRisk.objects.create(employment=ending, reason="lateness")


def test_queries_stay_the_same_however_many_lines_each_list_has(
    client, keyworker, wednesday
):
    client.force_login(keyworker)
    client.get(URL)  # the visit noted
    counts = []
    for lines in (1, 5):
        while JobRisk.objects.count() < lines:
            add_lines(keyworker)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(URL)
        counts.append(len(queries))

    assert counts[0] == counts[1]
    assert len(response.context["due"]) == 5
    assert len(response.context["starting"]) == 10  # the endings started Monday
    assert len(response.context["ending"]) == 5
    assert response.content.decode().count("Lateness") == 5


def test_check_ins_overdue_due_today_and_coming_up_each_say_so(
    client, keyworker, wednesday
):
    for title, due_on in (
        ("Overdue", D(2026, 3, 2)),
        ("Today", D(2026, 3, 4)),
        ("Coming", D(2026, 3, 9)),
        ("Later", D(2026, 3, 12)),
    ):
        started = job(keyworker, title, start_date=D(2026, 1, 5))
        CheckInFactory(employment=started, due_on=due_on)
    client.force_login(keyworker)

    response = client.get(URL)

    html = response.content.decode()
    due, upcoming = html.split('id="upcoming-heading"')
    assert "Overdue</span> was due Mon 2 Mar" in due
    assert "Due today</span>" in due
    assert "due Mon 9 Mar" in upcoming
    assert "Later" not in html  # beyond the week ahead
    assert html.count("Log contact") == 3


def test_a_long_check_in_list_shows_a_screenful_overdue_first_and_says_how_many_more(
    client, keyworker, wednesday
):
    shown = views.CHECKINS_SHOWN
    for number in range(shown + 5):
        started = job(keyworker, f"Job {number}", start_date=D(2026, 1, 5))
        # The last one is the most overdue: it must come first.
        CheckInFactory(employment=started, due_on=D(2026, 3, 4) - D.resolution * number)
    client.force_login(keyworker)

    html = client.get(URL).content.decode()

    due = html.split('id="upcoming-heading"')[0]
    assert f'text-bg-secondary">{shown + 5}</span>' in due  # all of them counted
    assert due.count("Log contact") == shown
    assert f"Job {shown + 4} at" in due  # the most overdue first
    assert "Job 0 at" not in due  # due today, after every overdue one
    assert "5 more not shown." in due
    assert f'href="?all=checkins#due-heading">Show all {shown + 5}</a>' in due

    everything = client.get(URL, {"all": "checkins"}).content.decode()

    assert everything.count("Log contact") == shown + 5
    assert "more not shown" not in everything


def test_a_short_check_in_list_has_no_link_to_the_rest(client, keyworker, wednesday):
    checkin = CheckInFactory(employment=job(keyworker, "Only"), due_on=D(2026, 3, 4))
    client.force_login(keyworker)

    html = client.get(URL).content.decode()

    assert html.count("Log contact") == 1
    assert f'href="{checkin.employment.get_absolute_url()}"' in html
    log = reverse("inwork_support:checkin-log", args=[checkin.pk])
    assert f'href="{log}">Log contact' in html
    assert "more not shown" not in html
    assert "all=checkins" not in html


def test_a_worker_covering_and_one_not_each_see_their_own_from_the_same_queries(
    client, keyworker, other_keyworker, wednesday
):
    """The lists are compiled once per process for each number of workers held
    (config.prepared): a worker holding one and one holding two, in turn."""
    mine = CheckInFactory(employment=job(keyworker, "Mine"), due_on=D(2026, 3, 4))
    theirs = CheckInFactory(
        employment=job(other_keyworker, "Theirs"), due_on=D(2026, 3, 4)
    )
    JobRisk.objects.create(employment=theirs.employment, reason="lateness")
    pages = []
    for worker, away in (
        (keyworker, False),
        (other_keyworker, False),
        (keyworker, True),
        (other_keyworker, False),
    ):
        if away:
            mark_away(worker=other_keyworker, cover=keyworker)
        client.force_login(worker)
        response = client.get(URL)
        pages.append((response.context, response.content.decode()))

    assert pages[0][0]["due"] == [mine]
    assert pages[0][0]["risks"] == []
    assert pages[1][0]["due"] == [theirs]
    assert [r.employment for r in pages[1][0]["risks"]] == [theirs.employment]
    assert pages[2][0]["due"] == [mine, theirs]
    assert [r.employment for r in pages[2][0]["risks"]] == [theirs.employment]
    assert f"(covering for {other_keyworker})" in pages[2][1]
    assert pages[3][0]["due"] == [theirs]
    assert "Mine at" not in pages[3][1]


def test_a_second_visit_compiles_nothing(client, keyworker, wednesday, monkeypatch):
    add_lines(keyworker)
    client.force_login(keyworker)
    client.get(URL)
    client.get(URL, {"all": "checkins"})
    compiled = compiling(monkeypatch)

    for query in ({}, {"all": "checkins"}):
        response = client.get(URL, query)
        assert len(response.context["due"]) == 1
        assert len(response.context["risks"]) == 1

    assert compiled == []
