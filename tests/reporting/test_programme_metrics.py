"""Each programme figure against a hand-built data set with known answers."""

import datetime
import decimal

import pytest

from caseload.models import StatusAtStart
from inwork_support.models import CheckInStatus, ContractType
from reporting.metrics import Filters, programme
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
    PracticalSupportFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 3, 20)
YEAR = Filters(start=D(2025, 4, 1), end=D(2026, 3, 31), today=TODAY)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC))


def person(keyworker, status=StatusAtStart.UNEMPLOYED, **fields):
    fields.setdefault("programme_start", D(2025, 1, 6))
    return ParticipantFactory(keyworker=keyworker, status_at_start=status, **fields)


def job(participant, start, **fields):
    return EmploymentFactory(participant=participant, start_date=start, **fields)


def test_add_months_uses_calendar_months():
    assert programme.add_months(D(2025, 8, 31), 6) == D(2026, 2, 28)
    assert programme.add_months(D(2026, 3, 31), -6) == D(2025, 9, 30)
    assert programme.add_months(D(2026, 1, 15), -13) == D(2024, 12, 15)


def test_job_entries_by_sector_and_contract_type(keyworker):
    job(person(keyworker), D(2025, 6, 1), sector="Hospitality")
    job(
        person(keyworker),
        D(2025, 5, 1),
        sector="Retail",
        contract_type=ContractType.ZERO_HOURS,
    )
    job(
        person(keyworker),
        D(2025, 7, 1),
        sector="Hospitality",
        contract_type=ContractType.FIXED_TERM,
        fixed_term_end=D(2026, 1, 1),
    )
    job(person(keyworker), D(2025, 1, 10), sector="Retail")
    job(person(keyworker), D(2025, 8, 1), sector="")

    entries = programme.job_entries(YEAR)

    assert entries.by_sector == {"Hospitality": 2, "Retail": 1, "Not recorded": 1}
    assert entries.by_contract == {"Permanent": 2, "Zero-hours": 1, "Fixed-term": 1}
    assert entries.total == 4


@pytest.fixture
def jobs(keyworker):
    """Jobs with and without in-work support, at each milestone of the year."""
    supported_1 = job(person(keyworker), D(2025, 6, 1), reached_six_months=True)
    contact = InWorkContactFactory(
        employment=supported_1,
        contact__happened_at=datetime.datetime(2025, 6, 2, 10, tzinfo=datetime.UTC),
        contact__minutes=30,
    ).contact
    # The same contact also completes a check-in: still counted once.
    CheckInFactory(
        employment=supported_1, status=CheckInStatus.DONE, completed_contact=contact
    )
    supported_2 = job(
        person(keyworker),
        D(2025, 7, 1),
        ended_on=D(2025, 8, 15),
        reached_six_months=False,
    )
    CheckInFactory(
        employment=supported_2,
        status=CheckInStatus.DONE,
        completed_contact=ContactFactory(
            participant=supported_2.participant,
            happened_at=datetime.datetime(2025, 7, 1, 9, tzinfo=datetime.UTC),
            minutes=60,
        ),
    )
    no_show = job(
        person(keyworker),
        D(2025, 5, 1),
        ended_on=D(2025, 5, 1),
        reached_six_months=False,
    )
    CheckInFactory(employment=no_show)  # pending: not support
    ContactFactory(
        participant=no_show.participant,
        happened_at=datetime.datetime(2025, 5, 2, tzinfo=datetime.UTC),
        minutes=90,
    )
    job(person(keyworker), D(2024, 12, 1), reached_six_months=True)
    long_supported = job(
        person(keyworker),
        D(2024, 5, 1),
        reached_six_months=True,
        reached_twelve_months=True,
    )
    InWorkContactFactory(
        employment=long_supported,
        contact__happened_at=datetime.datetime(2024, 5, 5, 10, tzinfo=datetime.UTC),
    )
    job(
        person(keyworker),
        D(2024, 6, 1),
        ended_on=D(2025, 1, 1),
        reached_six_months=True,
        reached_twelve_months=False,
    )
    job(person(keyworker), D(2026, 4, 10))
    return {"supported_1": supported_1, "supported_2": supported_2}


def test_retention_with_and_without_in_work_support(jobs):
    # By hand, for the milestones from 1 Apr 2025 to today (20 Mar 2026):
    # supported_1 (1 Jun 2025, continuing, first support 2 Jun) started (first-day
    # check-in done) without support before its start, then in work with support
    # at 4 weeks, 13 weeks and 6 months (1 Dec). supported_2 (1 Jul, ended
    # 15 Aug, support on 1 Jul) started; with support in work at 4 weeks (29 Jul),
    # not at 13 weeks (30 Sep) or 6 months. no_show (1 May, ended that day, no
    # support, no first-day check-in) has an unknown start and is out of work at
    # 4 and 13 weeks and 6 months. Dec 2024 (continuing, unsupported): in work
    # at 6 (1 Jun 2025) and 12 months. May 2024 (supported): in work at 12
    # months. Jun 2024 (ended 1 Jan 2025): out of work at 12 months.
    expected = {
        "started": {"with": (0, 0), "without": (2, 2)},
        "four_weeks": {"with": (2, 2), "without": (0, 1)},
        "thirteen_weeks": {"with": (1, 2), "without": (0, 1)},
        "six_months": {"with": (1, 2), "without": (1, 2)},
        "twelve_months": {"with": (1, 1), "without": (1, 2)},
        "contract_end": {"with": (0, 0), "without": (0, 0)},
    }
    result = programme.retention(YEAR)
    assert {
        milestone: {
            group: (numbers[f"{group}_reached"], numbers[f"{group}_decided"])
            for group in ("with", "without")
        }
        for milestone, numbers in result.items()
    } == expected


def test_share_of_participants_in_work_who_receive_support(jobs):
    assert programme.in_work_support_share(YEAR) == {"in_work": 5, "supported": 3}


def test_time_on_in_work_support_counts_each_contact_once(jobs, keyworker):
    assert programme.in_work_support_time(YEAR) == [
        {"partner": keyworker.delivery_partner.name, "minutes": 90, "participants": 2}
    ]
    months = programme.in_work_support_by_month(YEAR)
    assert len(months) == 12
    assert months[D(2025, 6, 1)] == 30
    assert months[D(2025, 7, 1)] == 60
    assert sum(months.values()) == 90


def test_practical_support_spent_per_partner(jobs, keyworker):
    PracticalSupportFactory(employment=jobs["supported_1"], given_on=D(2025, 6, 3))
    PracticalSupportFactory(
        employment=jobs["supported_2"],
        amount=decimal.Decimal("25.50"),
        given_on=D(2025, 7, 2),
    )
    PracticalSupportFactory(employment=jobs["supported_1"], given_on=D(2025, 3, 2))

    [row] = programme.practical_support(YEAR)

    assert row["amount"] == decimal.Decimal("65.50")
    assert row["participants"] == 2


def test_check_ins_on_time_per_partner(keyworker, keyworker_elsewhere):
    def checkin(worker, due, done_on=None, status=CheckInStatus.PENDING):
        contact = None
        if done_on:
            contact = ContactFactory(
                participant=person(worker),
                worker=worker,
                happened_at=datetime.datetime.combine(
                    done_on, datetime.time(12), tzinfo=datetime.UTC
                ),
            )
            status = CheckInStatus.DONE
        return CheckInFactory(
            employment=job(person(worker), D(2025, 4, 1)),
            due_on=due,
            status=status,
            completed_contact=contact,
        )

    checkin(keyworker, D(2025, 6, 1), done_on=D(2025, 6, 1))
    checkin(keyworker, D(2025, 6, 1), done_on=D(2025, 6, 3))  # on the last grace day
    checkin(keyworker, D(2025, 6, 1), done_on=D(2025, 6, 4))  # late
    checkin(keyworker, D(2025, 6, 1), status=CheckInStatus.MISSED)
    checkin(keyworker, D(2025, 6, 1), status=CheckInStatus.CANCELLED)
    checkin(keyworker, D(2026, 3, 19))  # still within its grace: undecided
    checkin(keyworker, D(2025, 3, 1), done_on=D(2025, 3, 1))  # before the period
    checkin(keyworker_elsewhere, D(2025, 9, 1))  # pending long past due

    rows = programme.checkins_on_time(YEAR)

    assert rows == [
        {"partner": "Northside Futures", "decided": 4, "on_time": 2},
        {"partner": "Riverside Works", "decided": 1, "on_time": 0},
    ]


def assign(participant, *workers):
    """Record a keyworker history: each assignment ends when the next starts."""
    for i, worker in enumerate(workers):
        last = i == len(workers) - 1
        KeyworkerAssignmentFactory(
            participant=participant,
            keyworker=worker,
            started_at=datetime.datetime(2025, 1 + i, 6, tzinfo=datetime.UTC),
            ended_at=None
            if last
            else datetime.datetime(2025, 2 + i, 6, tzinfo=datetime.UTC),
        )


def test_keyworker_continuity_counts_different_keyworkers(keyworker, other_keyworker):
    third = UserFactory(delivery_partner=keyworker.delivery_partner)
    person(keyworker)
    assign(person(keyworker), keyworker, keyworker)
    assign(person(other_keyworker), keyworker, other_keyworker)
    assign(person(third), keyworker, other_keyworker, third)

    raw = programme.keyworker_continuity(YEAR)

    assert raw["participants"] == 4
    assert raw["mean"] == pytest.approx(1.75)
    assert (raw["one"], raw["two"], raw["three_or_more"]) == (2, 1, 1)


def test_progression_compares_first_and_latest_terms(keyworker):
    def terms(employment, *changes):
        for day, hours, pay, contract in changes:
            EmploymentTermsFactory(
                employment=employment,
                effective_from=day,
                hours_per_week=decimal.Decimal(hours),
                hourly_pay=decimal.Decimal(pay),
                contract_type=contract,
            )

    zero, temp, perm = (
        ContractType.ZERO_HOURS,
        ContractType.TEMPORARY,
        ContractType.PERMANENT,
    )
    more_hours = person(keyworker)
    terms(
        job(more_hours, D(2025, 5, 1)),
        (D(2025, 5, 1), "16", "12.21", zero),
        (D(2025, 9, 1), "24", "12.21", zero),
    )
    terms(
        job(more_hours, D(2025, 10, 1)),
        (D(2025, 10, 1), "10", "12.21", zero),
        (D(2025, 12, 1), "20", "12.21", zero),
    )
    better = person(keyworker)
    terms(
        job(better, D(2025, 5, 1)),
        (D(2025, 5, 1), "20", "11.44", temp),
        (D(2025, 11, 1), "20", "12.00", perm),
    )
    terms(job(person(keyworker), D(2025, 5, 1)), (D(2025, 5, 1), "30", "12", perm))
    job(person(keyworker), D(2025, 5, 1))
    terms(
        job(person(keyworker), D(2025, 5, 1)),
        (D(2025, 5, 1), "30", "12.50", perm),
        (D(2025, 8, 1), "20", "12.50", perm),
    )

    assert programme.progression(YEAR) == {
        "in_work": 5,
        "more_hours": 1,
        "more_pay": 1,
        "more_security": 1,
        "any": 2,
    }


def test_progression_reads_the_first_and_latest_terms_of_each_job_only(keyworker):
    # Terms with the same date are in the order recorded; terms between the
    # first and the latest do not count; a later job's terms are not the
    # earlier job's latest.
    def terms(employment, *changes):
        for day, hours in changes:
            EmploymentTermsFactory(
                employment=employment,
                effective_from=day,
                hours_per_week=decimal.Decimal(hours),
                hourly_pay=decimal.Decimal("12.21"),
                contract_type=ContractType.PERMANENT,
            )

    same_day = person(keyworker)
    terms(job(same_day, D(2025, 5, 1)), (D(2025, 5, 1), "30"), (D(2025, 5, 1), "16"))
    corrected = person(keyworker)
    terms(job(corrected, D(2025, 5, 1)), (D(2025, 5, 1), "16"), (D(2025, 5, 1), "30"))
    middle = person(keyworker)
    terms(
        job(middle, D(2025, 5, 1)),
        (D(2025, 5, 1), "20"),
        (D(2025, 7, 1), "40"),
        (D(2025, 9, 1), "20"),
    )
    two_jobs = person(keyworker)
    terms(job(two_jobs, D(2025, 5, 1)), (D(2025, 5, 1), "20"))
    terms(job(two_jobs, D(2025, 8, 1)), (D(2025, 8, 1), "40"))

    assert programme.progression(YEAR) == {
        "in_work": 4,
        "more_hours": 1,  # corrected only
        "more_pay": 0,
        "more_security": 0,
        "any": 1,
    }
