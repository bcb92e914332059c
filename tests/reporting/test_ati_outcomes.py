"""The funder's (ATI) outcome table against hand-built cohorts with known answers.

Each person below is placed by hand; the comments say why they count or not.
Status is read at exit, or at the period's end (today, when sooner) for those
still on the programme.
"""

import datetime
import re

import pytest
from django.urls import reverse

from caseload.models import OutcomeKind, PathwayStage, StatusAtStart
from reporting import drilldown
from reporting.forms import filter_form
from reporting.metrics import Filters, outcomes, programme
from tests.factories import EmploymentFactory, ParticipantFactory
from tests.reporting.factories import OutcomeFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 3, 20)
YEAR = Filters(start=D(2025, 4, 1), end=D(2026, 3, 31), today=TODAY)
SUMMER = Filters(start=D(2025, 4, 1), end=D(2025, 8, 31), today=TODAY)
UNEMPLOYED, INACTIVE, OTHER = (
    StatusAtStart.UNEMPLOYED,
    StatusAtStart.INACTIVE,
    StatusAtStart.OTHER,
)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC))


def person(keyworker, status, *, exit_date=None, **fields):
    fields.setdefault("programme_start", D(2025, 1, 6))
    if exit_date:
        fields |= {"pathway_stage": PathwayStage.EXITED, "exit_date": exit_date}
    return ParticipantFactory(keyworker=keyworker, status_at_start=status, **fields)


def job(participant, start, ended_on=None):
    EmploymentFactory(participant=participant, start_date=start, ended_on=ended_on)


def outcome(participant, kind, day):
    OutcomeFactory(participant=participant, kind=kind, achieved_on=day)


def cohort(keyworker, keyworker_elsewhere):
    """Make the hand-built cohort once; return who is who."""
    u1 = person(keyworker, UNEMPLOYED)
    job(u1, D(2025, 6, 1))  # in work today: (i)
    u2 = person(keyworker, UNEMPLOYED)
    job(u2, D(2025, 6, 1), ended_on=D(2025, 9, 1))  # ended before today: not (i)
    u3 = person(keyworker, UNEMPLOYED, exit_date=D(2025, 10, 1))
    job(u3, D(2025, 7, 1), ended_on=D(2025, 10, 1))  # in work on the exit day: (i)
    u4 = person(keyworker, UNEMPLOYED, exit_date=D(2025, 8, 1))
    job(u4, D(2025, 9, 1))  # started after the exit: not (i)
    u5 = person(keyworker, UNEMPLOYED)
    outcome(u5, OutcomeKind.EDUCATION_TRAINING, D(2025, 11, 1))  # (iii)
    i1 = person(keyworker, INACTIVE)
    outcome(i1, OutcomeKind.JOB_SEARCH, D(2025, 5, 1))  # (ii) by job search
    i2 = person(keyworker, INACTIVE)
    job(i2, D(2026, 1, 10))  # (ii) by a job
    person(keyworker, INACTIVE)  # nothing
    i4 = person(keyworker, INACTIVE)
    # Before their programme start: not theirs to count.
    outcome(i4, OutcomeKind.EDUCATION_TRAINING, D(2024, 12, 1))
    o1 = person(keyworker, OTHER)
    outcome(o1, OutcomeKind.EDUCATION_TRAINING, D(2025, 5, 5))  # (iii)
    # Left before the year: engaged only over the whole programme, in work then.
    x1 = person(
        keyworker,
        UNEMPLOYED,
        programme_start=D(2024, 6, 3),
        exit_date=D(2025, 2, 1),
    )
    job(x1, D(2024, 7, 1))
    person(keyworker, UNEMPLOYED, programme_start=D(2026, 5, 1))  # not yet started
    e1 = person(keyworker_elsewhere, UNEMPLOYED)
    job(e1, D(2025, 7, 1))  # (i), at the other partner
    return {"u1": u1, "u3": u3, "e1": e1, "u5": u5, "o1": o1, "x1": x1}


def test_the_year_counts_status_today_or_at_exit(keyworker, keyworker_elsewhere):
    cohort(keyworker, keyworker_elsewhere)
    expected = {
        "engaged": 11,
        "unemployed": 6,
        "inactive": 4,
        "other_status": 1,
        "i": 3,  # u1, u3, e1
        "not_i": 3,
        "ii": 2,  # i1, i2
        "not_ii": 2,
        "iii": 2,  # u5, o1
        "not_iii": 9,
    }

    assert outcomes.counts(YEAR) == expected
    # The dashboard's one aggregate counts the same cells.
    together = programme.participant_counts(YEAR)
    assert {key: together[key] for key in expected} == expected


def test_a_period_ending_earlier_reads_status_on_its_last_day(
    keyworker, keyworker_elsewhere
):
    cohort(keyworker, keyworker_elsewhere)

    counts = outcomes.counts(SUMMER)

    # u2 was still in work on 31 Aug; i2's job and u5's course came later.
    assert (counts["engaged"], counts["i"], counts["ii"], counts["iii"]) == (
        11,
        4,
        1,
        1,
    )


def test_one_partner_and_the_whole_programme(keyworker, keyworker_elsewhere):
    cohort(keyworker, keyworker_elsewhere)
    mine = Filters(**{**YEAR.__dict__, "partner_id": keyworker.delivery_partner_id})
    form = filter_form({"whole": "on"}, TODAY)
    assert form.is_valid(), form.errors
    whole = form.filters(TODAY)

    assert (whole.start, whole.end) == (D(2024, 6, 3), TODAY)
    assert outcomes.counts(mine)["engaged"] == 10
    assert outcomes.counts(mine)["i"] == 2
    # x1 left in Feb 2025, in work: counted only over the whole programme.
    assert outcomes.counts(whole)["engaged"] == 12
    assert outcomes.counts(whole)["i"] == 4


def test_the_whole_programme_is_not_held_to_five_years(keyworker):
    person(keyworker, UNEMPLOYED, programme_start=D(2019, 1, 7))
    form = filter_form({"whole": "on", "start": "2019-01-01"}, TODAY)

    assert form.is_valid(), form.errors
    assert form.filters(TODAY).start == D(2019, 1, 7)


def test_the_table_shows_both_denominators(keyworker, keyworker_elsewhere):
    # Five copies of the cohort: every count is a multiple of 5, shown exactly.
    for _ in range(5):
        cohort(keyworker, keyworker_elsewhere)

    figure = outcomes.outcomes_figure(outcomes.counts(YEAR), YEAR)

    assert figure.columns == [
        "Outcome",
        "Participants",
        "Share of all engaged",
        "Eligible",
        "Share of eligible",
    ]
    assert figure.rows == [
        ["Participants engaged", "55", "", "", ""],
        # 15 of 55 engaged; 15 of 30 unemployed at start.
        ["(i) Unemployment to employment", "15", "27.3%", "30", "50.0%"],
        # 10 of 55; 10 of 20 inactive at start.
        ["(ii) Inactivity to employment or job search", "10", "18.2%", "20", "50.0%"],
        # Everyone is eligible for education or training.
        ["(iii) Education or training", "10", "18.2%", "55", "18.2%"],
    ]
    assert "Status at exit, or on 20 Mar 2026" in figure.notes[0]


def test_the_definition_states_the_basis_and_both_denominators():
    from reporting.metrics import METRICS

    words = METRICS["funder_outcomes"].definition
    assert "the day they exited" in words
    assert "as a share of all participants engaged" in words
    assert "unemployed at start for (i), inactive at start for (ii)" in words


# Drill-downs: each cell lists exactly the participants it counts.


def listed(response) -> int:
    found = re.search(r"(\d+) records?", response.content.decode())
    return int(found.group(1)) if found else -1


CELLS = ["engaged", "unemployed", "inactive", "i", "ii", "iii"]


def test_a_partner_manager_opens_each_cell_by_name(
    client, partner_manager, keyworker, keyworker_elsewhere
):
    people = cohort(keyworker, keyworker_elsewhere)
    client.force_login(partner_manager)
    mine = Filters(**{**YEAR.__dict__, "partner_id": keyworker.delivery_partner_id})
    counts = outcomes.counts(mine)
    query = {"start": "2025-04-01", "end": "2026-03-31"}

    for cell in CELLS:
        url = reverse("reporting:figure-records", args=["outcomes", cell])
        response = client.get(url, query)
        assert listed(response) == counts[cell], cell
    page = client.get(
        reverse("reporting:figure-records", args=["outcomes", "iii"]), query
    ).content.decode()
    assert people["u5"].display_name in page
    assert people["o1"].display_name in page
    assert people["e1"].display_name not in page


def test_the_programme_manager_sees_references_not_names(
    client, programme_manager, keyworker, keyworker_elsewhere
):
    people = [cohort(keyworker, keyworker_elsewhere) for _ in range(5)]
    client.force_login(programme_manager)
    counts = outcomes.counts(YEAR)
    url = reverse("reporting:figure-records", args=["outcomes", "i"])

    response = client.get(url, {"start": "2025-04-01", "end": "2026-03-31"})
    page = response.content.decode()

    assert listed(response) == counts["i"] == 15
    for who in people:
        assert drilldown.reference(who["u1"].pk) in page
        assert who["u1"].display_name not in page
        assert drilldown.reference(who["u5"].pk) not in page  # not in work


def test_the_programme_manager_gets_no_rows_for_a_small_cell(
    client, programme_manager, keyworker, keyworker_elsewhere
):
    people = cohort(keyworker, keyworker_elsewhere)
    client.force_login(programme_manager)
    url = reverse("reporting:figure-records", args=["outcomes", "iii"])

    page = client.get(url, {"start": "2025-04-01", "end": "2026-03-31"})

    assert "Not listed" in page.content.decode()
    assert drilldown.reference(people["u5"].pk) not in page.content.decode()


def test_the_exit_forms_education_outcome_counts_in_iii(keyworker):
    from caseload import services
    from caseload.models import ExitOutcome

    leaving = person(keyworker, INACTIVE)
    services.exit_participant(
        participant=leaving,
        exited_by=keyworker,
        exit_date=D(2026, 2, 2),
        exit_reason="College place from February",
        exit_outcome=ExitOutcome.EDUCATION_TRAINING,
    )

    counts = outcomes.counts(YEAR)
    assert (counts["engaged"], counts["iii"], counts["ii"]) == (1, 1, 0)
