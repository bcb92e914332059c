"""Retention from dates, against hand-built cohorts whose answers are known by hand.

And every cell's drill-down lists exactly the jobs the cell counts: by name for
the partner's manager, pseudonymised (and withheld when small) for the programme.
"""

import datetime
import re

import pytest
from auditlog.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inwork_support.models import CheckInKind, CheckInStatus, ContractType, EndReason
from reporting import drilldown
from reporting.metrics import Filters, figures, retention
from tests.factories import (
    CheckInFactory,
    ContactFactory,
    EmployerFactory,
    EmploymentFactory,
    ParticipantFactory,
)
from tests.reporting.factories import InWorkContactFactory

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 3, 20)
# Talent Match shaped cohort: every job starts on 3 Jun 2024, so its milestones
# are 3 Jun 2024 (start), 1 Jul 2024 (4 weeks), 2 Sep 2024 (13 weeks),
# 3 Dec 2024 (6 months) and 3 Jun 2025 (12 months): all in this period.
COHORT_START = D(2024, 6, 3)
COHORT_PERIOD = Filters(start=D(2024, 6, 1), end=D(2025, 6, 30), today=TODAY)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC))


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def a_job(keyworker, start, *, employer=None, supported_on=None, **fields):
    """Return a new participant's job; `supported_on`: in-work support that day."""
    person = ParticipantFactory(keyworker=keyworker, programme_start=D(2024, 1, 8))
    job = EmploymentFactory(
        participant=person,
        start_date=start,
        employer=employer or EmployerFactory(),
        **fields,
    )
    if supported_on:
        InWorkContactFactory(employment=job, contact__happened_at=at(supported_on))
    return job


def counts(filters, milestone):
    numbers = retention.retention(filters)[milestone]
    return {
        group: (
            numbers[f"{group}_reached"],
            numbers[f"{group}_decided"],
            numbers[f"{group}_lost_contact"],
        )
        for group in ("with", "without")
    }


SIX_MONTHS_2025 = Filters(start=D(2025, 9, 1), end=D(2026, 3, 20), today=TODAY)


def test_a_continuing_unsupported_job_past_six_months_counts_without_support(
    keyworker,
):
    # Started 1 Aug 2025: six months on 1 Feb 2026, passed; never ended, never
    # supported, no check-in logged. In work at 6 months, without support.
    a_job(keyworker, D(2025, 8, 1))
    # Not yet six months old (1 Oct 2025 -> 1 Apr 2026): undecided, not counted.
    a_job(keyworker, D(2025, 10, 1))

    assert counts(SIX_MONTHS_2025, "six_months") == {
        "with": (0, 0, 0),
        "without": (1, 1, 0),
    }


def test_support_given_after_a_milestone_does_not_count_for_it(keyworker):
    # Six months on 1 Feb 2026. Support on 10 Feb (after it) and on the day
    # itself leave the job "without support" at six months; support on 31 Jan
    # makes it "with". All three are in work at four weeks (29 Aug 2025), when
    # none had been supported.
    a_job(keyworker, D(2025, 8, 1), supported_on=D(2026, 2, 10))
    a_job(keyworker, D(2025, 8, 1), supported_on=D(2026, 2, 1))
    a_job(keyworker, D(2025, 8, 1), supported_on=D(2026, 1, 31))
    every_milestone = Filters(start=D(2025, 8, 1), end=TODAY, today=TODAY)

    assert counts(SIX_MONTHS_2025, "six_months") == {
        "with": (1, 1, 0),
        "without": (2, 2, 0),
    }
    assert counts(every_milestone, "four_weeks") == {
        "with": (0, 0, 0),
        "without": (3, 3, 0),
    }


def test_started_is_the_first_day_check_in_or_did_not_start(keyworker):
    june = D(2025, 6, 2)
    started = a_job(keyworker, june)
    CheckInFactory(
        employment=started,
        kind=CheckInKind.FIRST_DAY,
        status=CheckInStatus.DONE,
        completed_contact=ContactFactory(
            participant=started.participant, happened_at=at(june, 17)
        ),
    )
    # A pending first-day check-in says nothing: not yet known.
    CheckInFactory(employment=a_job(keyworker, june), kind=CheckInKind.FIRST_DAY)
    a_job(keyworker, june, ended_on=june, end_reason=EndReason.DID_NOT_START)
    # Ended the same day for another reason: whether they started is not known.
    a_job(keyworker, june, ended_on=june, end_reason=EndReason.DISMISSED)
    year = Filters(start=D(2025, 4, 1), end=TODAY, today=TODAY)

    assert counts(year, "started") == {"with": (0, 0, 0), "without": (1, 2, 0)}
    # The job that did not start is no job at four weeks (30 Jun); of the other
    # three, the one whose first day was checked had support before then.
    assert counts(year, "four_weeks") == {"with": (1, 1, 0), "without": (1, 2, 0)}


def test_lost_contact_is_its_own_column_from_the_day_contact_was_lost(keyworker):
    # Started 1 May 2025, record ended "lost contact" on 1 Sep 2025: in work at
    # four weeks (29 May) and 13 weeks (31 Jul), lost contact at six months
    # (1 Nov) and twelve months (beyond today: not counted).
    a_job(
        keyworker,
        D(2025, 5, 1),
        supported_on=D(2025, 5, 5),
        ended_on=D(2025, 9, 1),
        end_reason=EndReason.LOST_CONTACT,
    )
    year = Filters(start=D(2025, 4, 1), end=TODAY, today=TODAY)

    assert counts(year, "thirteen_weeks")["with"] == (1, 1, 0)
    assert counts(year, "six_months")["with"] == (0, 0, 1)
    row = {r[0]: r for r in figures.figure("retention", year).rows}["6 months"]
    # In work, jobs known, share, lost contact (counts under 5 shown as <5).
    assert row[1:5] == ["<5", "<5", "*", "<5"]


def test_a_fixed_term_counts_at_its_own_end(keyworker):
    fixed = {"contract_type": ContractType.FIXED_TERM}
    # Ran to its end on 30 Nov 2025: in work at the end of its fixed term.
    a_job(keyworker, D(2025, 9, 1), fixed_term_end=D(2025, 11, 30), **fixed)
    # Left before its end date: not in work at it.
    a_job(
        keyworker,
        D(2025, 9, 1),
        fixed_term_end=D(2025, 12, 31),
        ended_on=D(2025, 10, 15),
        end_reason=EndReason.RESIGNED,
        **fixed,
    )
    # Its term ends after today: undecided.
    a_job(keyworker, D(2025, 9, 1), fixed_term_end=D(2026, 8, 31), **fixed)

    assert counts(SIX_MONTHS_2025, "contract_end") == {
        "with": (0, 0, 0),
        "without": (1, 2, 0),
    }


# The Talent Match Figure 2 shape: in work at each milestone, with and without
# in-work support. Ends are spread so the counts are known by hand:
# with support (100 jobs, supported a week before the start):
#   21 end 20 Jun 2024 (before 4 weeks), 4 end 1 Aug (before 13 weeks),
#   4 end 1 Oct (before 6 months), 8 end 1 Feb 2025 (before 12 months), 63 stay:
#   in work 79 / 75 / 71 / 63 of 100.
# without support (100 jobs, never supported):
#   35, 10, 7 and 8 end at those dates, 40 stay: in work 65 / 55 / 48 / 40 of 100.
ENDS = [D(2024, 6, 20), D(2024, 8, 1), D(2024, 10, 1), D(2025, 2, 1), None]
WITH_ENDS = [21, 4, 4, 8, 63]
WITHOUT_ENDS = [35, 10, 7, 8, 40]


@pytest.fixture
def talent_match(keyworker):
    employer = EmployerFactory()
    for group, spread in (("with", WITH_ENDS), ("without", WITHOUT_ENDS)):
        for ended_on, n in zip(ENDS, spread, strict=True):
            for _ in range(n):
                a_job(
                    keyworker,
                    COHORT_START,
                    employer=employer,
                    supported_on=D(2024, 5, 27) if group == "with" else None,
                    ended_on=ended_on,
                    end_reason=EndReason.RESIGNED if ended_on else "",
                )


def test_a_cohort_in_the_shape_of_talent_match_figure_2(talent_match):
    raw = retention.retention(COHORT_PERIOD)

    in_work = {
        milestone: (raw[milestone]["with_reached"], raw[milestone]["without_reached"])
        for milestone in ("four_weeks", "thirteen_weeks", "six_months", "twelve_months")
    }
    assert in_work == {
        "four_weeks": (79, 65),
        "thirteen_weeks": (75, 55),
        "six_months": (71, 48),
        "twelve_months": (63, 40),
    }
    for milestone in in_work:
        assert (
            raw[milestone]["with_decided"] == raw[milestone]["without_decided"] == 100
        )
    # Shown: counts rounded to the 5 (79 -> 80, 71 -> 70, 63 -> 65, 48 -> 50) and
    # shares of the shown counts, out of 100.
    rows = {row[0]: row for row in figures.figure("retention", COHORT_PERIOD).rows}
    shares = {name: (rows[name][3], rows[name][7]) for name in rows}
    assert shares["First four weeks"] == ("80.0%", "65.0%")
    assert shares["13 weeks"] == ("75.0%", "55.0%")
    assert shares["6 months"] == ("70.0%", "50.0%")
    assert shares["12 months"] == ("65.0%", "40.0%")
    # Nobody's first day was recorded: not known, so nobody is counted.
    assert shares["Started the job"] == ("*", "*")


def drill(client, cell, period="?start=2024-06-01&end=2025-06-30"):
    url = reverse("reporting:figure-records", args=["retention", cell])
    return client.get(url + period)


def test_each_cell_lists_exactly_the_jobs_it_counts_for_the_partner_manager(
    client, partner_manager, talent_match
):
    cells = retention.job_cells(COHORT_PERIOD)
    client.force_login(partner_manager)

    for key, ids in cells.items():
        response = drill(client, key)
        assert response.status_code == 200
        assert sorted(job.pk for job in response.context["records"]) == sorted(ids)
    # By name, each linking to the person's record.
    response = drill(client, "twelve_months.with.reached")
    first = response.context["records"][0].participant
    assert first.display_name in response.content.decode()
    assert first.get_absolute_url() in response.content.decode()


def test_the_programme_sees_the_same_rows_pseudonymised(
    client, programme_manager, talent_match
):
    cells = retention.job_cells(COHORT_PERIOD)
    client.force_login(programme_manager)

    listed = 0
    for key, ids in cells.items():
        response = drill(client, key)
        records = response.context["records"]
        if len(ids) < 5:  # every lost-contact and started cell here: 0
            assert records == []
            assert "Not listed" in response.content.decode()
            continue
        listed += 1
        assert sorted(job.pk for job in records) == sorted(ids)
        page = response.content.decode()
        assert not any(job.participant.first_name in page for job in records)
        references = re.findall(r"P-[0-9A-F]{8}", page)
        assert sorted(references) == sorted(
            drilldown.reference(job.participant_id) for job in records
        )
    assert listed == 24  # 4 milestones x 2 groups x (in work, not, known)


def test_a_small_cell_or_one_that_would_give_it_away_lists_nothing(
    client, programme_manager, partner_manager, keyworker
):
    # Six months on 1 Dec 2025: 6 in work, 2 not. The 2 is small, and listing
    # the 8 known and the 6 in work would give it away: the programme sees none
    # of the three; the partner's manager sees them all.
    for _ in range(6):
        a_job(keyworker, D(2025, 6, 1))
    for _ in range(2):
        a_job(keyworker, D(2025, 6, 1), ended_on=D(2025, 7, 1), end_reason="resigned")
    url = reverse("reporting:figure-records", args=["retention", "x"])
    period = "?start=2025-09-01&end=2026-03-20"

    for user, expected in (
        (programme_manager, [0, 0, 0]),
        (partner_manager, [6, 2, 8]),
    ):
        client.force_login(user)
        found = []
        for part in ("reached", "not_reached", "decided"):
            cell = url.replace("/x/", f"/six_months.without.{part}/")
            found.append(len(client.get(cell + period).context["records"]))
        assert found == expected


def test_a_partner_manager_sees_only_their_own_partner(
    client, partner_manager, keyworker, keyworker_elsewhere
):
    for _ in range(5):
        a_job(keyworker, D(2025, 6, 1))
    elsewhere = [a_job(keyworker_elsewhere, D(2025, 6, 1)) for _ in range(7)]
    client.force_login(partner_manager)
    period = "?start=2025-09-01&end=2026-03-20"
    period += f"&partner={keyworker_elsewhere.delivery_partner_id}"

    response = drill(client, "six_months.without.reached", period).context
    dashboard = client.get(reverse("reporting:programme-dashboard") + period)

    # Asking for the other partner still gives their own: 5 jobs, none elsewhere.
    listed = {job.pk for job in response["records"]}
    assert not listed & {job.pk for job in elsewhere}
    retention_figure = next(
        f for f in dashboard.context["figures"] if f.slug == "retention"
    )
    assert retention_figure.rows[3][5:7] == ["5", "5"]  # 6 months, without support
    assert (
        dashboard.context["filters"].partner_id == partner_manager.delivery_partner_id
    )


def test_a_named_list_is_on_each_persons_audit_trail(
    client, partner_manager, keyworker
):
    jobs = [a_job(keyworker, D(2025, 6, 1)) for _ in range(2)]
    client.force_login(partner_manager)

    period = "?start=2025-09-01&end=2026-03-20"
    response = drill(client, "six_months.without.reached", period)

    assert len(response.context["records"]) == 2
    reads = LogEntry.objects.filter(
        action=LogEntry.Action.ACCESS, actor=partner_manager
    ).values_list("object_pk", flat=True)
    assert {str(job.participant_id) for job in jobs} <= set(reads)


def queries_for(client, cell) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = drill(client, cell)
    assert response.status_code == 200
    assert response.context["records"]
    # The audit trail is one insert on PostgreSQL; SQLite splits it every 66 rows.
    trail = [q for q in captured if q["sql"].startswith('INSERT INTO "auditlog')]
    return len(captured) - len(trail)


@pytest.mark.parametrize("role", ["partner_manager", "programme_manager"])
def test_a_drill_down_runs_the_same_queries_for_10_or_210_jobs(
    client, request, keyworker, role
):
    client.force_login(request.getfixturevalue(role))
    for n in range(10):
        ended = ENDS[0] if n < 5 else None
        reason = "resigned" if ended else ""
        a_job(keyworker, COHORT_START, ended_on=ended, end_reason=reason)
    few = queries_for(client, "six_months.without.decided")

    request.getfixturevalue("talent_match")
    many = queries_for(client, "six_months.without.decided")

    assert few == many
    assert many <= 15
