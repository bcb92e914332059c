"""A job's first day of support is a London calendar day."""

import datetime
import zoneinfo

from reporting.metrics.retention import _first_day

LONDON = zoneinfo.ZoneInfo("Europe/London")


def test_the_first_support_day_is_the_earliest_local_day():
    late_summer_evening = datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC)
    next_winter_morning = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)

    assert _first_day(LONDON, next_winter_morning, late_summer_evening) == (
        datetime.date(2026, 7, 1)
    )
    assert _first_day(LONDON, None, next_winter_morning) == datetime.date(2026, 12, 1)
    assert _first_day(LONDON, None, None) is None
