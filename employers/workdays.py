"""Working-day arithmetic for response deadlines (Europe/London wall clock)."""

import datetime

from django.utils import timezone

ONE_WORKING_DAY = datetime.timedelta(days=1)
MICROSECOND = datetime.timedelta(microseconds=1)


def one_working_day_before(moment: datetime.datetime) -> datetime.datetime:
    """Return the moment one working day (24 h of Monday-to-Friday time) earlier.

    Weekend hours do not count, so a message sent on Friday at 16:00 has waited
    one working day on Monday at 16:00. Wall-clock time is used, so a change to
    or from summer time does not move the deadline by an hour.
    """
    cursor = timezone.make_naive(moment)
    remaining = ONE_WORKING_DAY
    while True:
        # The day that ends at `cursor` (a cursor at midnight ends the day before).
        day_start = datetime.datetime.combine(
            (cursor - MICROSECOND).date(), datetime.time.min
        )
        if day_start.weekday() < 5:
            available = cursor - day_start
            if available >= remaining:
                return timezone.make_aware(cursor - remaining)
            remaining -= available
        cursor = day_start
