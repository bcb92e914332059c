"""No small count can be worked out by subtracting one published number from another.

Five people at Northside and exactly one at Riverside each fill every cell of
every programme figure. The test downloads every figure's CSV for all partners
and each partner, over periods that do and do not hold Riverside's one person,
and by gender, then tries every subtraction an attacker would: one filter from
another, a total from its rows, a row from another.
"""

import csv
import datetime
import io
import itertools
import re
from collections.abc import Iterator

import pytest
from django.urls import reverse

from caseload.models import Gender, OutcomeKind, StatusAtStart
from inwork_support.models import CheckInStatus
from reporting.metrics import figures
from tests.factories import (
    CheckInFactory,
    ContactFactory,
    EmploymentFactory,
    ParticipantFactory,
    UserFactory,
)
from tests.reporting.factories import (
    EmploymentTermsFactory,
    InWorkContactFactory,
    KeyworkerAssignmentFactory,
    OutcomeFactory,
    PracticalSupportFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 3, 20)
SMALL = range(1, 5)
# Columns and rows that hold hours, money or a mean: shown in full or derived.
NOT_COUNTS = {"Hours", "Hours per person", "Spent", "Mean keyworkers per participant"}
# Share columns and the published counts each must rest on: (share, part, whole).
SHARES = {
    "outcomes": [("Share of eligible", "Participants", "Eligible")],
    "support-share": [("Share", "Received in-work support", "Participants in work")],
    "retention": [
        (f"{group}: share", f"{group}: in work", f"{group}: jobs known")
        for group in ("With support", "Without support")
    ],
    "checkins-on-time": [("Share", "On time", "Due")],
}
NORTHSIDE_JOBS = D(2025, 6, 2)
RIVERSIDE_JOB = D(2025, 9, 1)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC))


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def person_in_every_cell(workers, start: datetime.date) -> None:
    """Make one participant counted in every figure: job, support, outcomes..."""
    person = ParticipantFactory(
        keyworker=workers[-1],
        programme_start=D(2025, 1, 6),
        status_at_start=StatusAtStart.UNEMPLOYED,
        gender=Gender.FEMALE,
    )
    for i, worker in enumerate(workers):  # three keyworkers in turn
        KeyworkerAssignmentFactory(
            participant=person,
            keyworker=worker,
            started_at=at(D(2025, 1 + i, 6)),
            ended_at=None if i == len(workers) - 1 else at(D(2025, 2 + i, 6)),
        )
    OutcomeFactory(
        participant=person,
        kind=OutcomeKind.EDUCATION_TRAINING,
        achieved_on=start,
    )
    job = EmploymentFactory(
        participant=person,
        start_date=start,
        sector="Retail",
        reached_six_months=True,
    )
    contact = ContactFactory(participant=person, happened_at=at(start), minutes=60)
    InWorkContactFactory(employment=job, contact=contact)
    CheckInFactory(
        employment=job,
        due_on=start,
        status=CheckInStatus.DONE,
        completed_contact=contact,
    )
    PracticalSupportFactory(employment=job, given_on=start)
    EmploymentTermsFactory(employment=job, effective_from=start, hours_per_week=16)
    EmploymentTermsFactory(
        employment=job,
        effective_from=start + datetime.timedelta(days=30),
        hours_per_week=24,
    )


@pytest.fixture
def programme(keyworker, other_keyworker, keyworker_elsewhere):
    """Five people at Northside in every cell, and exactly one at Riverside."""
    northside = [
        keyworker,
        other_keyworker,
        UserFactory(delivery_partner=keyworker.delivery_partner),
    ]
    riverside = [
        keyworker_elsewhere,
        *(
            UserFactory(delivery_partner=keyworker_elsewhere.delivery_partner)
            for _ in range(2)
        ),
    ]
    for _ in range(5):
        person_in_every_cell(northside, NORTHSIDE_JOBS)
    person_in_every_cell(riverside, RIVERSIDE_JOB)
    return keyworker.delivery_partner, keyworker_elsewhere.delivery_partner


def variants(northside, riverside) -> Iterator[dict]:
    """Yield every filter the page offers that an attacker would set against another."""
    periods = [
        {},  # the default: the last twelve months
        {"start": "2025-04-01", "end": "2025-08-31"},  # before Riverside's one job
        {"start": "2025-04-01", "end": "2025-09-01"},  # the same, and that job
        {"start": "2025-09-01", "end": "2026-03-20"},
    ]
    partners = [{}, {"partner": northside.pk}, {"partner": riverside.pk}]
    for period, chosen in itertools.product(periods, partners):
        yield period | chosen
    for gender in (Gender.FEMALE, Gender.MALE):
        yield {"gender": gender}
        yield {"gender": gender, "partner": riverside.pk}


def download(client, slug: str, params: dict) -> tuple[list[str], list[list[str]]]:
    response = client.get(reverse("reporting:programme-csv", args=[slug]), params)
    assert response.status_code == 200
    columns, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    return columns, [row for row in rows if len(row) == len(columns)]


def counts(columns: list[str], rows: list[list[str]]) -> dict[tuple[str, str], int]:
    """Return every published count by (row, column); "<5" and others left out."""
    found = {}
    for number, row in enumerate(rows):
        # A figure of one row has no label column: its first cell is a count.
        label = f"row {number}" if re.fullmatch(r"\d+", row[0]) else row[0]
        for column, cell in zip(columns, row, strict=True):
            if column in NOT_COUNTS or label in NOT_COUNTS:
                continue
            if re.fullmatch(r"\d+", cell):
                found[(label, column)] = int(cell)
    return found


def differences(tables: dict[str, dict[tuple[str, str], int]]) -> Iterator[tuple]:
    """Yield every subtraction of one published count from another of a figure."""
    for (one, a), (other, b) in itertools.combinations(tables.items(), 2):
        for cell in a.keys() & b.keys():  # the same cell under two filters
            yield (one, other, cell), abs(a[cell] - b[cell])
    for name, table in tables.items():
        by_column = {}
        for (row, column), value in table.items():
            by_column.setdefault(column, {})[row] = value
        for column, cells in by_column.items():
            for (row_a, a), (row_b, b) in itertools.combinations(cells.items(), 2):
                yield (name, column, row_a, row_b), abs(a - b)
            for row, value in cells.items():  # a total minus every other row
                rest = sum(v for r, v in cells.items() if r != row)
                yield (name, column, row, "the rest"), abs(value - rest)


def test_no_small_count_can_be_worked_out_by_subtracting_published_numbers(
    client, programme_manager, programme
):
    northside, riverside = programme
    client.force_login(programme_manager)
    leaks = []
    for slug in figures.SLUGS:
        tables = {}
        for params in variants(northside, riverside):
            columns, rows = download(client, slug, params)
            tables[repr(params)] = counts(columns, rows)
            leaks += shares_that_undo_rounding(slug, params, columns, rows)
        leaks += [
            (slug, *where, gap) for where, gap in differences(tables) if gap in SMALL
        ]

    assert leaks == []


def shares_that_undo_rounding(slug, params, columns, rows) -> list[tuple]:
    """Return shares and means that give away a count the table rounded or hid."""
    leaks = []
    for share, part, whole in SHARES.get(slug, []):
        for row in rows:
            cells = dict(zip(columns, row, strict=True))
            if cells[share].endswith("%"):
                exact = float(cells[share][:-1]) * int(cells[whole]) / 100
                if abs(exact - int(cells[part])) > 0.05 * int(cells[whole]):
                    leaks.append((slug, params, row))
    if slug == "support-time":
        for row in rows:
            hours, people, each = row[1], row[2], row[3]
            if each != "*" and abs(float(hours) / float(each) - int(people)) > 1:
                leaks.append((slug, params, row))
    return leaks


def test_a_partner_with_one_person_shows_less_than_five_everywhere(
    client, programme_manager, programme
):
    _northside, riverside = programme
    client.force_login(programme_manager)

    _columns, rows = download(client, "outcomes", {"partner": riverside.pk})
    _columns, all_rows = download(client, "outcomes", {})

    assert rows[0] == ["Participants engaged", "<5", "", "", ""]
    # Six engaged in all, five at Northside: both published as 5.
    assert all_rows[0] == ["Participants engaged", "5", "", "", ""]


def test_the_mean_keyworkers_rests_on_published_counts(
    client, programme_manager, programme
):
    client.force_login(programme_manager)

    _columns, rows = download(client, "continuity", {})

    # Six people with three keyworkers each: 18 links, published as 20, over
    # six people published as 5. The true mean, 3.00, times the published 5
    # engaged would give 15 links, so the true mean would betray a sixth person.
    assert rows[0] == ["Mean keyworkers per participant", "4.0"]
    assert rows[1:] == [
        ["1 keyworker", "<5"],
        ["2 keyworkers", "<5"],
        ["3 or more", "5"],
    ]


def test_sectors_with_fewer_than_five_jobs_are_counted_together(
    client, programme_manager, programme
):
    _northside, riverside = programme
    client.force_login(programme_manager)

    _columns, everyone = download(client, "jobs-by-sector", {})
    _columns, one_person = download(client, "jobs-by-sector", {"partner": riverside.pk})

    assert everyone == [["Retail", "5"], ["Other sectors", "<5"]]
    assert one_person == [["Other sectors", "<5"]]


def test_every_partner_and_contract_type_is_listed_even_with_nothing(
    client, programme_manager, programme
):
    client.force_login(programme_manager)

    _columns, contracts = download(client, "jobs-by-contract", {"gender": Gender.MALE})
    _columns, checkins = download(client, "checkins-on-time", {"gender": Gender.MALE})

    assert len(contracts) == 6
    assert {row[1] for row in contracts} == {"<5"}
    assert [row[0] for row in checkins] == ["Northside Futures", "Riverside Works"]
