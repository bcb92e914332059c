"""Each team dashboard figure against a hand-built caseload with known answers."""

import datetime

import pytest
import time_machine

from caseload.models import ConcernStatus, PathwayStage
from inwork_support.models import CheckInKind, CheckInStatus
from reporting.metrics import team
from tests.conftest import compiling
from tests.factories import (
    CheckInFactory,
    ContactFactory,
    EmployerMessageFactory,
    EmploymentFactory,
    ParticipantFactory,
)
from tests.reporting.factories import SafeguardingConcernFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 20)


def at(day: int, month: int = 3, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, month, day, hour, 30, tzinfo=datetime.UTC)


@pytest.fixture
def caseload(partner, keyworker, other_keyworker, other_participant):
    """Four active participants (cap 3), one exited, with a month of records."""
    partner.caseload_cap = 3
    partner.save()
    in_work = ParticipantFactory(keyworker=keyworker)
    silent = ParticipantFactory(keyworker=keyworker)
    shared = ParticipantFactory(
        keyworker=other_keyworker, in_work_support_officer=keyworker
    )
    job_ended = ParticipantFactory(keyworker=keyworker)
    ParticipantFactory(
        keyworker=keyworker,
        pathway_stage=PathwayStage.EXITED,
        exit_date=datetime.date(2026, 2, 1),
    )
    first = ContactFactory(participant=in_work, happened_at=at(2), minutes=20)
    late = ContactFactory(
        participant=in_work, happened_at=at(19, hour=19), minutes=40, out_of_hours=True
    )
    ContactFactory(participant=shared, worker=keyworker, happened_at=at(10, month=1))
    ContactFactory(participant=job_ended, worker=other_keyworker, happened_at=at(5))
    job = EmploymentFactory(participant=in_work, start_date=datetime.date(2026, 3, 2))
    EmploymentFactory(
        participant=job_ended,
        start_date=datetime.date(2026, 1, 5),
        ended_on=datetime.date(2026, 3, 10),
    )
    EmploymentFactory(participant=shared, start_date=datetime.date(2026, 4, 1))

    def checkin(kind, sequence, due, status=CheckInStatus.PENDING, contact=None):
        return CheckInFactory(
            employment=job,
            kind=kind,
            sequence=sequence,
            due_on=due,
            status=status,
            completed_contact=contact,
            assigned_to=keyworker,
        )

    done = CheckInStatus.DONE
    checkin(CheckInKind.FIRST_DAY, 0, datetime.date(2026, 3, 2), done, first)
    checkin(CheckInKind.REGULAR, 1, datetime.date(2026, 3, 9), done, late)
    checkin(CheckInKind.REGULAR, 2, datetime.date(2026, 3, 16))  # overdue, decided
    checkin(CheckInKind.REGULAR, 3, datetime.date(2026, 3, 19))  # overdue, in grace
    checkin(CheckInKind.REGULAR, 4, datetime.date(2026, 3, 23))  # not yet due
    checkin(
        CheckInKind.PROBATION_END,
        0,
        datetime.date(2026, 3, 12),
        CheckInStatus.CANCELLED,
    )
    checkin(
        CheckInKind.PREPARATION, 0, datetime.date(2026, 2, 25), CheckInStatus.MISSED
    )
    SafeguardingConcernFactory(participant=in_work)
    SafeguardingConcernFactory(participant=silent, status=ConcernStatus.CLOSED)
    SafeguardingConcernFactory(participant=other_participant)
    EmployerMessageFactory(addressed_to=keyworker)
    EmployerMessageFactory(addressed_to=keyworker, first_reply_at=at(18))
    EmployerMessageFactory(addressed_to=other_keyworker)
    return partner


def row_for(rows, worker):
    return next(row for row in rows if row.worker == worker)


@time_machine.travel(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC))
def test_each_column_counts_the_hand_built_caseload(caseload, keyworker):
    row = row_for(team.team_rows(caseload, TODAY), keyworker)

    assert row.counts == {
        "active_caseload": 4,
        "in_work": 1,
        "contacts_30d": 2,
        "checkins_on_time_30d": 4,
        "checkins_overdue": 2,
        "no_contact_30d": 2,
        "out_of_hours_30d": 1,
        "open_safeguarding": 1,
        "unanswered_messages": 1,
    }
    assert row.hours_30d == 1.0
    assert row.on_time == 1
    assert row.on_time_percent == 25.0
    assert row.over_cap


@time_machine.travel(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC))
def test_rows_are_the_partners_frontline_workers_only(
    caseload, keyworker, other_keyworker, iwso, partner_manager, keyworker_elsewhere
):
    rows = team.team_rows(caseload, TODAY)

    assert {row.worker for row in rows} == {keyworker, other_keyworker, iwso}
    colleague = row_for(rows, other_keyworker)
    assert colleague.counts["active_caseload"] == 2
    assert colleague.counts["open_safeguarding"] == 1
    assert colleague.counts["unanswered_messages"] == 1


@time_machine.travel(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC))
def test_a_check_in_done_within_the_grace_period_is_on_time(
    settings, keyworker, participant
):
    settings.CHECKIN_ON_TIME_GRACE_DAYS = 3
    job = EmploymentFactory(participant=participant)
    contact = ContactFactory(participant=participant, happened_at=at(12))
    CheckInFactory(
        employment=job,
        due_on=datetime.date(2026, 3, 9),
        status=CheckInStatus.DONE,
        completed_contact=contact,
    )

    row = row_for(team.team_rows(keyworker.delivery_partner, TODAY), keyworker)

    assert (row.on_time, row.counts["checkins_on_time_30d"]) == (1, 1)

    settings.CHECKIN_ON_TIME_GRACE_DAYS = 2
    row = row_for(team.team_rows(keyworker.delivery_partner, TODAY), keyworker)
    assert (row.on_time, row.counts["checkins_on_time_30d"]) == (0, 1)


@time_machine.travel(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC))
def test_drill_down_records_are_the_ones_counted(caseload, keyworker):
    rows = team.team_rows(caseload, TODAY)
    row = row_for(rows, keyworker)

    for key, measure in team.MEASURES.items():
        assert measure.records(keyworker, TODAY).count() == row.counts[key], key


@time_machine.travel(datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC))
def test_a_worker_with_nothing_yet_has_a_row_of_zeros(caseload, iwso):
    # The caseload and contact figures are read in one pass each: with no rows
    # to read, every count is 0 and the hours 0, not missing.
    row = row_for(team.team_rows(caseload, TODAY), iwso)

    assert set(row.counts.values()) == {0}
    assert row.hours_30d == 0
    assert row.on_time_percent is None


def test_the_team_query_is_compiled_once_for_every_partner(
    monkeypatch, keyworker, participant, keyworker_elsewhere
):
    elsewhere = ParticipantFactory(keyworker=keyworker_elsewhere)
    ContactFactory(participant=elsewhere, happened_at=at(18))
    team.team_rows(keyworker.delivery_partner, TODAY)  # compiled here, or before
    compiled = compiling(monkeypatch)

    rows = team.team_rows(keyworker_elsewhere.delivery_partner, TODAY)

    assert compiled == []
    assert [row.worker for row in rows] == [keyworker_elsewhere]
    assert rows[0].counts["active_caseload"] == 1
    assert rows[0].counts["contacts_30d"] == 1


def test_the_next_day_counts_its_own_30_days(keyworker, participant):
    # The window starts at local midnight 30 days before today: 18 February
    # on 20 March, 19 February on the 21st.
    ContactFactory(participant=participant, happened_at=at(18, month=2))
    partner = keyworker.delivery_partner

    on_the_20th = row_for(team.team_rows(partner, TODAY), keyworker)
    next_day = datetime.date(2026, 3, 21)
    on_the_21st = row_for(team.team_rows(partner, next_day), keyworker)

    assert on_the_20th.counts["contacts_30d"] == 1
    assert on_the_21st.counts["contacts_30d"] == 0
    assert on_the_21st.counts["no_contact_30d"] == 1
