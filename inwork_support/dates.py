"""The date rules of in-work support: calendar months, working days, due dates.

All dates are Europe/London calendar dates (the project's TIME_ZONE); a moment is
turned into a date with `timezone.localdate`, so the clock change at the end of
March or October never moves a due date.
"""

from __future__ import annotations

import calendar
import datetime

from django.utils import timezone

PROBATION = datetime.timedelta(weeks=13)
PROBATION_CHECK_BEFORE = datetime.timedelta(weeks=1)
CONTRACT_CHECK_BEFORE = datetime.timedelta(weeks=4)
ESCALATE_AFTER_WORKING_DAYS = 2


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Return `day` moved by calendar months, clamped to the month's last day.

    31 August + 6 months is the last day of February (28th, or 29th in a leap
    year); 29 February + 12 months is 28 February.
    """
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def today(now: datetime.datetime | None = None) -> datetime.date:
    """Return the date in London at `now` (default: this moment)."""
    return timezone.localdate(now or timezone.now())


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < 5


def previous_working_day(day: datetime.date) -> datetime.date:
    """Return the last working day (Monday to Friday) before `day`."""
    day -= datetime.timedelta(days=1)
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


def working_days_after(due: datetime.date, day: datetime.date) -> int:
    """Return how many working days fall after `due`, up to and including `day`."""
    count, cursor = 0, due
    while cursor < day:
        cursor += datetime.timedelta(days=1)
        count += is_working_day(cursor)
    return count


def escalation_cutoff(day: datetime.date) -> datetime.date:
    """Return the first due date NOT yet escalated on `day`.

    A check-in is escalated when more than two working days have passed since
    it was due: due on a Monday, it is escalated on Thursday; due on a Friday,
    on the Wednesday after. Anything due before the returned date qualifies.
    """
    cursor, seen = day, 0
    while True:
        if is_working_day(cursor):
            seen += 1
            if seen == ESCALATE_AFTER_WORKING_DAYS + 1:
                return cursor
        cursor -= datetime.timedelta(days=1)


def default_probation_end(start: datetime.date) -> datetime.date:
    return start + PROBATION


def weeks_after(day: datetime.date, weeks: int) -> datetime.date:
    """Return the same weekday `weeks` weeks after `day` (an extension by weeks).

    Dates, not moments: the clock change never moves it, and a month's length or
    a leap day only shows in the date reached (3 Feb 2028 + 4 weeks = 2 Mar).
    """
    return day + datetime.timedelta(weeks=weeks)


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Return the Monday and Sunday of the week holding `day`."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)
