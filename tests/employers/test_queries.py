"""Pages run the same number of queries with 3 rows and with 30."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.employers.factories import (
    EngagementFactory,
    MeetingFactory,
    NominationFactory,
    VacancyFactory,
)
from tests.factories import (
    EmployerContactFactory,
    EmployerFactory,
    EmployerMessageFactory,
    EmploymentFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db

BUDGET = 15  # queries per page, whatever the data (DESIGN.md)


def _count(client, url: str) -> tuple[int, str]:
    """Return how many queries a page ran (session, sign-in checks included)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response.content.decode()


def _threads(employer, rows, keyworker):
    for n in range(rows):
        opener = EmployerMessageFactory(employer=employer, body=f"Message {n}")
        EmployerMessageFactory(
            employer=employer,
            thread=opener,
            sender_contact=None,
            sender_staff=keyworker,
            body=f"Reply {n}",
        )
        EmployerMessageFactory(employer=employer, body=f"Waiting {n}")


def _employees(employer, rows, keyworker):
    for n in range(rows):
        participant = ParticipantFactory(keyworker=keyworker, first_name=f"Emp{n}")
        EmploymentFactory(participant=participant, employer=employer)
        MeetingFactory(
            employer=employer,
            participant=participant,
            scheduled_for=datetime.datetime(2030, 1, 1, 9, tzinfo=datetime.UTC),
        )


def _employer_records(employer, rows, keyworker):
    for n in range(rows):
        participant = ParticipantFactory(keyworker=keyworker, first_name=f"Nom{n}")
        vacancy = VacancyFactory(employer=employer)
        NominationFactory(vacancy=vacancy, participant=participant)
        MeetingFactory(employer=employer, participant=participant)
        EngagementFactory(employer=employer, worker=keyworker, participant=participant)
        EmployerContactFactory(employer=employer)


def test_inbox_queries_do_not_grow_with_messages(client, keyworker, employer):
    client.force_login(keyworker)
    url = reverse("employers:inbox")
    _threads(employer, 3, keyworker)
    few, page = _count(client, url)
    assert page.count("list-group-item-action") == 6

    _threads(employer, 27, keyworker)
    many, page = _count(client, url)

    assert page.count("list-group-item-action") == 60
    assert few == many <= BUDGET


def test_portal_home_queries_do_not_grow_with_messages_or_employees(
    client, employer_contact, employer, keyworker
):
    client.force_login(employer_contact)
    url = reverse("employers:portal-home")
    _threads(employer, 3, keyworker)
    _employees(employer, 3, keyworker)
    few, page = _count(client, url)
    assert page.count("Tue 1 Jan 2030") == 3

    _threads(employer, 27, keyworker)
    _employees(employer, 27, keyworker)
    many, page = _count(client, url)

    # The home page shows the first ten; the employees page has them all.
    assert page.count("Tue 1 Jan 2030") == 10
    assert page.count("Open conversation") == 20
    assert few == many <= BUDGET


def test_employer_page_queries_do_not_grow_with_its_records(
    client, keyworker, employer
):
    client.force_login(keyworker)
    url = employer.get_absolute_url()
    _employer_records(employer, 3, keyworker)
    few, page = _count(client, url)
    assert page.count("Record outcome") == 3

    _employer_records(employer, 27, keyworker)
    many, page = _count(client, url)

    assert page.count("Record outcome") == 30
    assert few == many <= BUDGET


def test_employer_list_queries_do_not_grow_with_employers(client, keyworker):
    client.force_login(keyworker)
    url = reverse("employers:employer-list")
    EmployerFactory.create_batch(3, go_to_person=keyworker)
    few, page = _count(client, url)
    assert page.count("list-group-item-action") == 3

    EmployerFactory.create_batch(27, go_to_person=keyworker)
    many, page = _count(client, url)

    assert page.count("list-group-item-action") == 30
    assert few == many <= BUDGET
