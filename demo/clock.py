"""A moving clock: the demo's events, played in date order at their own moment.

The services stamp what they write with `timezone.now()` and `localdate()`, so the
demo travels the clock (time-machine) to each event's moment before calling them:
a contact logged "in March" is logged in March, with March's timeline, audit
entries and check-in dates.
"""

from __future__ import annotations

import datetime
import heapq
import itertools
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import time_machine
from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def at(day: datetime.date, hour: int = 10, minute: int = 0) -> datetime.datetime:
    """Return `day` at `hour`:`minute` in London."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=LONDON)


class Script:
    """Events waiting to be played, earliest first; an event may add later ones."""

    def __init__(self) -> None:
        self.now = timezone.now()
        self._queue: list[tuple[datetime.datetime, int, Callable, tuple, dict]] = []
        self._order = itertools.count()
        self.played = 0
        self.current: datetime.datetime | None = None

    @property
    def today(self) -> datetime.date:
        """Return the real today: the demo's history ends here."""
        return timezone.localdate(self.now)

    def at(self, moment: datetime.datetime, event: Callable, *args: Any, **kw: Any):
        """Play `event(*args, **kw)` at `moment` (never before the event playing).

        Moments after the real now are dropped, the future being no history,
        except today's: those happen now, so a demo seeded at 7 am has the
        job that started at 9.
        """
        if self.current is not None:
            moment = max(moment, self.current)
        if moment >= self.now:
            if timezone.localdate(moment) != self.today:
                return
            moment = self.now - datetime.timedelta(seconds=1)
            if self.current is not None:
                moment = max(moment, self.current)
        if moment < self.now:
            heapq.heappush(self._queue, (moment, next(self._order), event, args, kw))

    def run(self) -> int:
        """Play every event in date order with the clock at its moment."""
        while self._queue:
            moment, _, event, args, kw = heapq.heappop(self._queue)
            self.current = moment
            with time_machine.travel(moment, tick=False):
                event(*args, **kw)
            self.played += 1
        return self.played
