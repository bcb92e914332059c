"""The evaluator's export: its rows are the register and the table's inputs,
named for a partner manager (own partner only), pseudonymised for programme staff."""

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from caseload.models import Outcome, OutcomeKind, StatusAtStart
from reporting import drilldown
from reporting.metrics import METRICS, Filters, outcomes
from tests.factories import EmploymentFactory, ParticipantFactory
from tests.reporting.factories import OutcomeFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 3, 20)
YEAR = {"start": "2025-04-01", "end": "2026-03-31"}


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC))


@pytest.fixture
def programme(keyworker, keyworker_elsewhere):
    """Six at the partner (two learning, one in work), two at the other."""
    people = [
        ParticipantFactory(
            keyworker=keyworker,
            programme_start=D(2025, 1, 6),
            status_at_start=StatusAtStart.INACTIVE,
        )
        for _ in range(6)
    ]
    for person in people[:2]:
        OutcomeFactory(
            participant=person,
            kind=OutcomeKind.EDUCATION_TRAINING,
            achieved_on=D(2025, 9, 1),
            source="participant_page",
            what='=HYPERLINK("http://x")',
            evidence="Enrolment letter",
        )
    EmploymentFactory(participant=people[2], start_date=D(2025, 6, 2))
    OutcomeFactory(participant=people[3], achieved_on=D(2026, 4, 1))  # after today
    elsewhere = [
        ParticipantFactory(keyworker=keyworker_elsewhere, programme_start=D(2025, 1, 6))
        for _ in range(2)
    ]
    OutcomeFactory(participant=elsewhere[0], achieved_on=D(2025, 5, 1))
    return people, elsewhere


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def download(client, part):
    url = reverse("reporting:evidence-csv", args=[part])
    return csv_rows(client.get(url, YEAR))


def test_a_partner_manager_gets_their_partners_register_by_name(
    client, partner_manager, programme
):
    people, elsewhere = programme
    client.force_login(partner_manager)

    rows = download(client, "outcome-register")

    register = Outcome.objects.filter(
        participant__delivery_partner=partner_manager.delivery_partner,
        achieved_on__lte=TODAY,
    ).order_by("achieved_on", "pk")
    assert rows[0][:3] == ["Reference", "Name", "Partner"]
    assert [(r[0], r[1], r[3], r[4]) for r in rows[1:]] == [
        (
            drilldown.reference(o.participant_id),
            o.participant.display_name,
            o.get_kind_display(),
            o.achieved_on.isoformat(),
        )
        for o in register
    ]
    assert len(rows) == 1 + 2  # two courses; the outcome dated after today is not
    assert all(r[1] != elsewhere[0].display_name for r in rows[1:])
    # A cell that looks like a formula is written as text.
    assert rows[1][7].startswith("'=")


def test_the_inputs_are_the_people_the_table_counts(client, partner_manager, programme):
    client.force_login(partner_manager)
    mine = Filters(
        start=D(2025, 4, 1),
        end=D(2026, 3, 31),
        today=TODAY,
        partner_id=partner_manager.delivery_partner_id,
    )

    rows = download(client, "outcome-inputs")
    counted = outcomes.counts(mine)

    header, body = rows[0], rows[1:]
    assert len(body) == counted["engaged"] == 6
    for cell in ("i", "ii", "iii"):
        column = header.index(f"Counted in ({cell})")
        assert sum(row[column] == "Yes" for row in body) == counted[cell], cell
    assert (counted["ii"], counted["iii"]) == (1, 2)


def test_programme_staff_get_references_months_and_no_small_partner(
    client, programme_manager, programme
):
    people, elsewhere = programme
    client.force_login(programme_manager)

    rows = download(client, "outcome-register")
    inputs = download(client, "outcome-inputs")

    assert rows[0] == [
        "Reference",
        "Partner",
        "Outcome",
        "Date",
        "Source",
        "How confirmed",
    ]
    references = {drilldown.reference(p.pk) for p in people}
    assert {row[0] for row in inputs[1:]} == references  # the other partner has 2
    assert {row[3] for row in rows[1:]} == {"2025-09"}
    page = "\n".join(",".join(row) for row in rows + inputs)
    for person in people + elsewhere:
        assert person.display_name not in page
    assert "Enrolment letter" not in page


def test_the_workbook_holds_every_part_and_the_definitions_in_words(
    client, partner_manager, programme
):
    client.force_login(partner_manager)

    response = client.get(reverse("reporting:evidence-xlsx"), YEAR)
    book = openpyxl.load_workbook(io.BytesIO(response.content))

    assert book.sheetnames == [
        "outcome-table",
        "outcome-inputs",
        "outcome-register",
        "definitions",
    ]
    register = [
        [c if c is not None else "" for c in row]
        for row in book["outcome-register"].iter_rows(values_only=True)
    ]
    assert register == download(client, "outcome-register")
    words = {row[0]: row[1] for row in book["definitions"].iter_rows(values_only=True)}
    funder = METRICS["funder_outcomes"]
    assert words[funder.name] == funder.definition
    assert book["outcome-register"]["H2"].data_type == "s"  # text, never a formula


def test_an_unknown_part_is_not_found(client, programme_manager):
    client.force_login(programme_manager)

    url = reverse("reporting:evidence-csv", args=["everything"])
    assert client.get(url).status_code == 404
