"""The date rules: calendar months, working days, London dates across clock changes."""

import datetime

import pytest

from inwork_support import dates

D = datetime.date


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (D(2025, 8, 31), 6, D(2026, 2, 28)),  # end of February, common year
        (D(2027, 8, 31), 6, D(2028, 2, 29)),  # end of February, leap year
        (D(2024, 2, 29), 12, D(2025, 2, 28)),  # 29 Feb + a year
        (D(2024, 2, 29), 48, D(2028, 2, 29)),  # ...and four years
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2026, 3, 31), 6, D(2026, 9, 30)),
        (D(2026, 7, 15), 6, D(2027, 1, 15)),  # across a year end
        (D(2026, 12, 31), 12, D(2027, 12, 31)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
    ],
)
def test_add_months_uses_calendar_months_clamped_to_the_month_end(
    start, months, expected
):
    assert dates.add_months(start, months) == expected


def test_previous_working_day_skips_the_weekend():
    assert dates.previous_working_day(D(2026, 3, 2)) == D(2026, 2, 27)  # Mon → Fri
    assert dates.previous_working_day(D(2026, 3, 4)) == D(2026, 3, 3)


@pytest.mark.parametrize(
    ("due", "day", "count"),
    [
        (D(2026, 3, 2), D(2026, 3, 2), 0),
        (D(2026, 3, 2), D(2026, 3, 4), 2),  # Mon due, Wed: 2 working days
        (D(2026, 3, 2), D(2026, 3, 5), 3),
        (D(2026, 3, 6), D(2026, 3, 9), 1),  # Fri due, Mon: weekend not counted
        (D(2026, 3, 6), D(2026, 3, 11), 3),
    ],
)
def test_working_days_after_counts_monday_to_friday(due, day, count):
    assert dates.working_days_after(due, day) == count


@pytest.mark.parametrize(
    ("day", "cutoff"),
    [
        (D(2026, 3, 5), D(2026, 3, 3)),  # Thursday: Monday's are escalated
        (D(2026, 3, 4), D(2026, 3, 2)),  # Wednesday: Monday's are not yet
        (D(2026, 3, 11), D(2026, 3, 9)),  # Wednesday: last Friday's are
        (D(2026, 3, 7), D(2026, 3, 4)),  # Saturday counts back from Friday
    ],
)
def test_escalation_cutoff_is_more_than_two_working_days_back(day, cutoff):
    assert dates.escalation_cutoff(day) == cutoff
    # Consistent with the count: whatever is due before the cutoff is over 2 days.
    assert dates.working_days_after(cutoff - datetime.timedelta(days=1), day) > 2
    assert dates.working_days_after(cutoff, day) <= 2


@pytest.mark.parametrize(
    ("moment", "london_day"),
    [
        # The clocks go forward at 01:00 UTC on 29 March 2026: 23:30 UTC is
        # already 00:30 the next day in London.
        (datetime.datetime(2026, 3, 29, 23, 30, tzinfo=datetime.UTC), D(2026, 3, 30)),
        (datetime.datetime(2026, 3, 28, 23, 30, tzinfo=datetime.UTC), D(2026, 3, 28)),
        # They go back at 01:00 UTC on 25 October 2026: 23:30 UTC is still that day.
        (datetime.datetime(2026, 10, 25, 23, 30, tzinfo=datetime.UTC), D(2026, 10, 25)),
        (datetime.datetime(2026, 10, 24, 23, 30, tzinfo=datetime.UTC), D(2026, 10, 25)),
    ],
)
def test_today_is_the_london_date_across_clock_changes(moment, london_day):
    assert dates.today(moment) == london_day


def test_default_probation_is_thirteen_weeks():
    assert dates.default_probation_end(D(2026, 3, 2)) == D(2026, 6, 1)
