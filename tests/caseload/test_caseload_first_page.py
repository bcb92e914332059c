"""My caseload's first page runs as a prepared query (compiled once per process):
the same rows, and the same count, as the ORM's queryset of the list, for every
role that opens the page and every filter it takes."""

import datetime
import itertools

import pytest
from django.core.paginator import Paginator

from accounts.models import User
from accounts.services import mark_away
from caseload.models import Participant, PathwayStage
from caseload.views.caseload import (
    PAGE_SIZE,
    filter_caseload,
    listed,
    prepared_first_page,
)
from tests.conftest import compiling
from tests.factories import ActionFactory, ContactFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
URL = "/caseload/"
NOW = datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC)
STAGES = ["", PathwayStage.JOB_SEARCH, PathwayStage.EXITED]
SORTS = ["name", "-last_contact", "last_contact", "-open_actions", "stage"]


def fresh(user: User) -> User:
    # As each request loads its user: whom they cover is read again.
    return User.objects.get(pk=user.pk)


@pytest.fixture
def caseloads(keyworker, other_keyworker, iwso, participant_elsewhere):
    """More than a page for the keyworker, in every stage, some contacted, some
    with open actions, some held with the in-work support officer; a few for
    their colleague; each last name its own, so that every sort is one order."""
    stages = itertools.cycle(PathwayStage.values)
    for n in range(40):
        worker = keyworker if n < 36 else other_keyworker
        stage = next(stages)
        participant = ParticipantFactory(
            keyworker=worker,
            in_work_support_officer=iwso if n % 4 == 0 else None,
            first_name=f"First{n}",
            last_name=f"Last{(n * 7) % 40:02d}",
            pathway_stage=stage,
            exit_date=NOW.date() if stage == PathwayStage.EXITED else None,
        )
        for days in range(n % 3):
            ContactFactory(
                participant=participant,
                happened_at=NOW - datetime.timedelta(days=n + 10 * days),
            )
        for _ in range(n % 4):
            ActionFactory(participant=participant)


def shown(row: Participant) -> tuple:
    return (
        row.pk,
        row.display_name,
        row.pathway_stage,
        row.last_contact_at,
        row.open_action_count,
        str(row.keyworker),
    )


def assert_as_the_orm_lists(user: User, filters: dict) -> None:
    page = prepared_first_page(fresh(user), filters)
    orm = listed(Participant.objects.visible_to(fresh(user)))
    expected = Paginator(filter_caseload(orm, filters), PAGE_SIZE).page(1)

    assert page is not None
    assert [shown(row) for row in page] == [shown(row) for row in expected]
    assert page.paginator.count == expected.paginator.count
    assert page.paginator.num_pages == expected.paginator.num_pages


@pytest.mark.usefixtures("caseloads")
@pytest.mark.parametrize("persona", ["keyworker", "iwso", "partner_manager"])
def test_the_first_page_is_the_orms_for_every_filter(request, persona):
    user = request.getfixturevalue(persona)
    for stage, open_actions, sort in itertools.product(STAGES, [False, True], SORTS):
        filters = {"stage": stage, "open_actions": open_actions, "sort": sort}
        assert_as_the_orm_lists(user, filters)


@pytest.mark.usefixtures("caseloads")
def test_covering_a_colleague_lists_theirs_too(keyworker, other_keyworker):
    mark_away(worker=other_keyworker, cover=keyworker)

    for sort in SORTS:
        assert_as_the_orm_lists(keyworker, {"sort": sort})


@pytest.mark.usefixtures("caseloads")
def test_a_manager_filtering_on_a_worker(partner_manager, keyworker, iwso):
    for worker, sort in itertools.product([keyworker, iwso], SORTS):
        assert_as_the_orm_lists(partner_manager, {"keyworker": worker, "sort": sort})


def test_an_empty_list_is_one_empty_page(keyworker, other_participant):
    page = prepared_first_page(fresh(keyworker), {})

    assert list(page) == []
    assert (page.number, page.paginator.count, page.paginator.num_pages) == (1, 0, 1)


@pytest.mark.parametrize(
    "filters", [{"q": "first"}, {"no_contact_days": 14}, {"q": "a", "sort": "stage"}]
)
def test_text_and_time_filters_are_left_to_the_orm(keyworker, filters):
    assert prepared_first_page(fresh(keyworker), filters) is None


@pytest.mark.usefixtures("caseloads")
@pytest.mark.parametrize(
    ("asked", "rows", "number"),
    [(None, 25, 1), ("1", 25, 1), ("abc", 25, 1), ("2", 5, 2), ("0", 5, 2)],
)
def test_the_page_asked_for(client, keyworker, asked, rows, number):
    # The first page is prepared; every other is the paginator's, as before:
    # not a number is the first, out of range the last.
    client.force_login(keyworker)

    page = client.get(URL, {"stage": "", "page": asked} if asked else {}).context[
        "page"
    ]

    assert (len(page), page.number) == (rows, number)


@pytest.mark.usefixtures("caseloads")
@pytest.mark.parametrize("persona", ["keyworker", "partner_manager"])
def test_a_second_visit_compiles_no_participant_query(
    client, request, persona, monkeypatch
):
    client.force_login(request.getfixturevalue(persona))
    queries = ({}, {"sort": "-open_actions", "open_actions": "on"})
    for query in queries:
        client.get(URL, query)
    compiled = compiling(monkeypatch)

    for query in queries:
        assert client.get(URL, query).status_code == 200

    assert Participant not in compiled
    if persona == "keyworker":
        assert compiled == []


@pytest.mark.parametrize("sort", SORTS)
def test_namesakes_are_listed_in_one_order_across_pages(client, keyworker, sort):
    # Ties are broken down to the record, by the one order every page shares:
    # with only the last name as a tie-break, the first page (a prepared top 25)
    # and the second (the ORM's) could order two people of the same name and
    # stage differently, so that one showed on both and another on neither.
    namesakes = [
        ParticipantFactory(keyworker=keyworker, first_name="Sam", last_name="Lee").pk
        for _ in range(PAGE_SIZE + 5)
    ]
    # Rewritten rows move to the end of the table: stored order is not pk order.
    Participant.objects.filter(pk__in=namesakes[::2]).update(first_name="Sam")
    client.force_login(keyworker)

    shown = [
        participant.pk
        for number in (1, 2)
        for participant in client.get(URL, {"sort": sort, "page": number}).context[
            "page"
        ]
    ]

    assert shown == namesakes
