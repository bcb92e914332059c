"""Outcome clocks: how far a participant is toward each outcome a contract pays for.

Pure functions of the participant's history (jobs, each with its terms over
time; education entries; exit) and the National Living Wage table, so the same
answer comes from the participant page, Today, the claims page and the tests.

How time is counted:

- A job's hours and pay hold from each terms row's `effective_from` until the
  next; hours are "a week", so a day earns a seventh of a week's pay. Jobs that
  overlap add up; a gap earns nothing.
- A window opens on its anchor (the first job start on or after enrolment, or
  enrolment itself) and its last day is the day before the anchor plus M calendar
  months (3 Dec + 18 months: the window closes on 2 Jun).
- Weeks are seven-day blocks from the anchor. One counts at N hours when every
  day of it had at least N contracted hours a week, across jobs.
- An earnings threshold is N hours at the National Living Wage for W weeks,
  each week at the rate in force on its first day: a rise in April raises the
  weeks after it, not those before.
- Nothing is projected: progress is what has happened up to `today`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction

from inwork_support.dates import add_months

DAY = datetime.timedelta(days=1)
WEEK = datetime.timedelta(days=7)
CLOSE_SHARE = Fraction(4, 5)  # "close": four-fifths of the way there
SOON = datetime.timedelta(weeks=4)  # "about to close": within four weeks
PENNY = Decimal("0.01")
IN_WORK = Decimal("0.1")  # hours a week: any work at all


@dataclass(frozen=True)
class Terms:
    effective_from: datetime.date
    hours: Decimal
    pay: Decimal


@dataclass(frozen=True)
class Job:
    start: datetime.date
    end: datetime.date | None
    terms: tuple[Terms, ...]
    self_employed: bool = False

    def terms_on(self, day: datetime.date) -> Terms:
        """Return the terms in force on `day` (the first terms before they start)."""
        current = self.terms[0]
        for terms in self.terms:
            if terms.effective_from <= day:
                current = terms
        return current

    def is_on(self, day: datetime.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class History:
    """What the participant did, as far as the clocks need it."""

    enrolled_on: datetime.date
    jobs: tuple[Job, ...] = ()
    education_on: tuple[datetime.date, ...] = ()
    exit_date: datetime.date | None = None
    exit_in_education: bool = False


@dataclass(frozen=True)
class Rule:
    """An outcome type's rule (contracts.models.OutcomeType, without the database)."""

    name: str
    rule: str
    hours_per_week: Decimal | None = None
    weeks: int | None = None
    window_months: int | None = None
    window_from: str = "job_start"


Rates = Sequence[tuple[datetime.date, Decimal]]


@dataclass(frozen=True)
class Clock:
    rule: Rule
    started_on: datetime.date | None = None
    closes_on: datetime.date | None = None
    achieved_on: datetime.date | None = None
    weeks: int | None = None
    weeks_needed: int | None = None
    earned: Decimal | None = None
    threshold: Decimal | None = None
    notes: tuple[str, ...] = field(default=())

    @property
    def achieved(self) -> bool:
        return self.achieved_on is not None

    def missed(self, today: datetime.date) -> bool:
        """The window closed before the outcome was reached."""
        return (
            not self.achieved and self.closes_on is not None and today > self.closes_on
        )

    def share(self) -> Fraction:
        """Return how far along it is, 0 to 1."""
        if self.achieved:
            return Fraction(1)
        if self.threshold:
            return min(Fraction(1), Fraction(self.earned) / Fraction(self.threshold))
        if self.weeks_needed:
            return min(Fraction(1), Fraction(self.weeks or 0, self.weeks_needed))
        return Fraction(0)

    def needs_attention(self, today: datetime.date) -> bool:
        """Close to the outcome, or its window closes within four weeks."""
        if self.achieved or self.started_on is None or self.missed(today):
            return False
        closing = self.closes_on is not None and self.closes_on - today <= SOON
        return closing or self.share() >= CLOSE_SHARE

    def summary(self) -> str:
        """Return the progress in a line: "14 of 26 weeks, £3,100 of £5,170, ..."."""
        parts = []
        if self.achieved:
            parts.append(f"achieved {uk_date(self.achieved_on)}")
        if self.weeks_needed:
            weeks = min(self.weeks or 0, self.weeks_needed)
            parts.append(f"{weeks} of {self.weeks_needed} weeks")
        if self.threshold is not None:
            parts.append(f"{pounds(self.earned)} of {pounds(self.threshold)}")
        if self.started_on is None and self.rule.rule in SUSTAINED and not self.notes:
            parts.append("starts with the first job")
        elif self.closes_on and not self.achieved:
            parts.append(f"window closes {uk_date(self.closes_on)}")
        parts.extend(self.notes)
        return ", ".join(parts) or "not yet"


SUSTAINED = ("earnings", "hours_weeks")


def uk_date(day: datetime.date) -> str:
    return f"{day.day} {day:%b %Y}"


def pounds(amount: Decimal | None) -> str:
    return f"£{(amount or 0):,.0f}"


def rate_on(rates: Rates, day: datetime.date) -> Decimal | None:
    """Return the rate in force on `day` (the earliest known before the table)."""
    ordered = sorted(rates)
    current = ordered[0][1] if ordered else None
    for effective_from, rate in ordered:
        if effective_from <= day:
            current = rate
    return current


def earnings_threshold(
    anchor: datetime.date, hours: Decimal, weeks: int, rates: Rates
) -> Decimal | None:
    """Return N hours at the rate in force in each of W weeks from `anchor`."""
    total = Decimal(0)
    for week in range(weeks):
        rate = rate_on(rates, anchor + week * WEEK)
        if rate is None:
            return None
        total += hours * rate
    return total.quantize(PENNY, ROUND_HALF_UP)


@dataclass(frozen=True)
class Segment:
    """Days `first` to `last` (inclusive) with the same jobs and terms."""

    first: datetime.date
    last: datetime.date
    hours: Decimal  # a week, across jobs
    pay: Decimal  # a week, across jobs


def segments(
    jobs: Sequence[Job], first: datetime.date, last: datetime.date
) -> Iterator[Segment]:
    """Yield the spans of [first, last] over which hours and pay do not change."""
    cuts = {first, last + DAY}
    for job in jobs:
        cuts.add(job.start)
        if job.end is not None:
            cuts.add(job.end + DAY)
        cuts.update(terms.effective_from for terms in job.terms)
    cuts = sorted(day for day in cuts if first <= day <= last + DAY)
    for start, after in zip(cuts, cuts[1:], strict=False):
        on = [job.terms_on(start) for job in jobs if job.is_on(start)]
        yield Segment(
            start,
            after - DAY,
            sum((t.hours for t in on), Decimal(0)),
            sum((t.hours * t.pay for t in on), Decimal(0)),
        )


def anchor_of(rule: Rule, history: History) -> datetime.date | None:
    if rule.window_from == "enrolment":
        return history.enrolled_on
    starts = [job.start for job in history.jobs if job.start >= history.enrolled_on]
    return min(starts, default=None)


def window_close(anchor: datetime.date, months: int) -> datetime.date:
    """Return the window's last day: the day before `anchor` plus `months`."""
    return add_months(anchor, months) - DAY


def clock(rule: Rule, history: History, rates: Rates, today: datetime.date) -> Clock:
    """Return the progress toward `rule`'s outcome on `today`."""
    if rule.rule == "earnings":
        return _earnings_clock(rule, history, rates, today)
    if rule.rule == "hours_weeks":
        return _hours_clock(rule, history, today)
    return _event_clock(rule, history, today)


def _earnings_clock(
    rule: Rule, history: History, rates: Rates, today: datetime.date
) -> Clock:
    anchor = anchor_of(rule, history)
    threshold = earnings_threshold(
        anchor or today, rule.hours_per_week, rule.weeks, rates
    )
    if anchor is None or threshold is None:
        notes = () if threshold is not None else ("no living wage rate in force",)
        return Clock(
            rule,
            weeks=0,
            weeks_needed=rule.weeks,
            earned=Decimal(0),
            threshold=threshold,
            notes=notes,
        )
    closes = window_close(anchor, rule.window_months)
    earned, achieved = Fraction(0), None
    for seg in segments(history.jobs, anchor, min(today, closes)):
        daily = Fraction(seg.pay) / 7
        days = seg.last.toordinal() - seg.first.toordinal() + 1
        if achieved is None and daily and earned + daily * days >= threshold:
            needed = -((earned - Fraction(threshold)) // daily)  # ceiling
            achieved = seg.first + int(max(needed, 1) - 1) * DAY
        earned += daily * days
    return Clock(
        rule,
        started_on=anchor,
        closes_on=closes,
        achieved_on=achieved,
        weeks=len(_counted_weeks(history.jobs, anchor, min(today, closes), IN_WORK)),
        weeks_needed=rule.weeks,
        earned=(Decimal(earned.numerator) / earned.denominator).quantize(
            PENNY, ROUND_HALF_UP
        ),
        threshold=threshold,
    )


def _counted_weeks(
    jobs: Sequence[Job], anchor: datetime.date, last: datetime.date, hours: Decimal
) -> list[datetime.date]:
    """Return the last days of the whole weeks from `anchor` to `last` in which
    every day had at least `hours` a week."""
    ends = []
    start = anchor
    while start + 6 * DAY <= last:
        end = start + 6 * DAY
        if all(seg.hours >= hours for seg in segments(jobs, start, end)):
            ends.append(end)
        start += WEEK
    return ends


def _hours_clock(rule: Rule, history: History, today: datetime.date) -> Clock:
    anchor = anchor_of(rule, history)
    if anchor is None:
        return Clock(rule, weeks=0, weeks_needed=rule.weeks)
    closes = window_close(anchor, rule.window_months)
    ends = _counted_weeks(history.jobs, anchor, min(today, closes), rule.hours_per_week)
    reached = ends[rule.weeks - 1] if len(ends) >= rule.weeks else None
    return Clock(
        rule,
        started_on=anchor,
        closes_on=closes,
        achieved_on=reached,
        weeks=len(ends),
        weeks_needed=rule.weeks,
    )


def _event_clock(rule: Rule, history: History, today: datetime.date) -> Clock:
    """Job entry, self-employment, education and leaving: a date, or not yet."""
    closes = None
    if rule.window_months:
        closes = window_close(history.enrolled_on, rule.window_months)
    last = min(today, closes) if closes else today
    achieved = None
    if rule.rule == "on_leaving":
        exit_date = history.exit_date
        if exit_date and exit_date <= last:
            in_work = any(job.is_on(exit_date) for job in history.jobs)
            achieved = exit_date if in_work or history.exit_in_education else None
    else:
        achieved = min(_event_days(rule, history, last), default=None)
    return Clock(
        rule, started_on=history.enrolled_on, closes_on=closes, achieved_on=achieved
    )


def _event_days(
    rule: Rule, history: History, last: datetime.date
) -> Iterator[datetime.date]:
    first = history.enrolled_on
    if rule.rule == "education":
        yield from (day for day in history.education_on if first <= day <= last)
        return
    least = rule.hours_per_week or Decimal(0)
    for job in history.jobs:
        wanted = job.self_employed == (rule.rule == "self_employment")
        in_time = first <= job.start <= last
        if wanted and in_time and job.terms_on(job.start).hours >= least:
            yield job.start
