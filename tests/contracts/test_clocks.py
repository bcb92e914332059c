"""Outcome clocks on hand-made histories: every expected figure worked out by hand."""

import datetime
from decimal import Decimal

from contracts.clocks import Clock, History, Job, Rule, Terms, clock

D = Decimal
RATES = [
    (datetime.date(2024, 4, 1), D("11.44")),
    (datetime.date(2025, 4, 1), D("12.21")),
]
# Earnings of 16 hours a week at the living wage for 26 weeks, within 18 months.
SUSTAINED = Rule("Sustained job", "earnings", D(16), 26, 18)
# Four weeks of at least 16 hours a week, within 6 months of the first job.
SIXTEEN_HOURS = Rule("Four weeks at 16 hours", "hours_weeks", D(16), 4, 6)
MONDAY = datetime.date(2025, 6, 2)


def day(n: int) -> datetime.date:
    return MONDAY + datetime.timedelta(days=n)


def job(first: int, last: int | None, hours, pay="12.00", *changes) -> Job:
    """A job from day `first` to `last`, then (day, hours) changes to its terms."""
    terms = [Terms(day(first), D(hours), D(pay))]
    terms += [Terms(day(when), D(new), D(pay)) for when, new in changes]
    return Job(day(first), None if last is None else day(last), tuple(terms))


def test_a_rate_change_mid_window_raises_only_the_weeks_after_it():
    # Job from Monday 3 March 2025: five weeks begin before 1 April (at £11.44),
    # 21 after (at £12.21): 16 x (5 x 11.44 + 21 x 12.21) = 16 x 313.61.
    start = datetime.date(2025, 3, 3)
    history = History(
        datetime.date(2025, 3, 1),
        (Job(start, None, (Terms(start, D(16), D("12.21")),)),),
    )

    on_2_june = clock(SUSTAINED, history, RATES, datetime.date(2025, 6, 2))
    at_end = clock(SUSTAINED, history, RATES, datetime.date(2025, 12, 1))

    assert on_2_june.threshold == D("5017.76")
    assert on_2_june.threshold != 16 * 26 * D("12.21")
    # 92 days (3 March to 2 June, both counted) at 16 x 12.21 / 7 a day.
    assert on_2_june.earned == D("2567.59")
    assert on_2_june.weeks == 13
    assert on_2_june.achieved_on is None
    assert on_2_june.closes_on == datetime.date(2026, 9, 2)
    # 5017.76 / (195.36 / 7) = 179.8 days: the 180th day from 3 March.
    assert at_end.achieved_on == datetime.date(2025, 8, 29)


def test_two_overlapping_jobs_add_their_hours_and_pay():
    # 10 hours from day 0; another 10 hours on days 14 to 41.
    history = History(MONDAY, (job(0, None, 10), job(14, 41, 10)))

    weeks = clock(SIXTEEN_HOURS, history, RATES, day(70))
    earnings = clock(SUSTAINED, history, RATES, day(48))

    # Weeks 0 and 1 have 10 hours; weeks 2 to 5 have 20: the fourth ends day 41.
    assert weeks.weeks == 4
    assert weeks.achieved_on == day(41)
    # 7 weeks of 10 hours at £12 plus 4 weeks of another 10 hours.
    assert earnings.earned == D(7 * 120 + 4 * 120)


def test_a_gap_between_jobs_earns_nothing_and_breaks_no_other_week():
    # 20 hours on days 0-20, nothing on 21-27, 20 hours again from day 28.
    history = History(MONDAY, (job(0, 20, 20), job(28, None, 20)))

    weeks = clock(SIXTEEN_HOURS, history, RATES, day(34))
    earnings = clock(SUSTAINED, history, RATES, day(34))

    assert weeks.weeks == 4  # weeks 0, 1, 2 and 4; week 3 is the gap
    assert weeks.achieved_on == day(34)
    assert earnings.earned == D(4 * 240)
    assert earnings.weeks == 4


def test_hours_dropping_under_the_threshold_stop_the_weeks_counting():
    # 20 hours a week until day 16 (a Wednesday), 12 hours from then on.
    history = History(MONDAY, (job(0, None, 20, "12.00", (16, 12)),))

    weeks = clock(SIXTEEN_HOURS, history, RATES, day(60))

    # Weeks 0 and 1 count; week 2 has days at 12 hours, and so does every later one.
    assert weeks.weeks == 2
    assert weeks.achieved_on is None
    assert weeks.closes_on == datetime.date(2025, 12, 1)


ONE_WEEK_WITHIN_A_MONTH = Rule(
    "A week's earnings", "earnings", D(16), 1, 1, window_from="enrolment"
)
ENROLLED = datetime.date(2025, 1, 1)  # the window's last day is 31 January


def _paid_from(first: datetime.date) -> History:
    return History(ENROLLED, (Job(first, None, (Terms(first, D(16), D("11.44")),)),))


def test_an_outcome_reached_on_the_windows_last_day_counts():
    # A week's pay at 16 x £11.44 takes exactly 7 days: 25 to 31 January.
    reached = clock(
        ONE_WEEK_WITHIN_A_MONTH,
        _paid_from(datetime.date(2025, 1, 25)),
        RATES,
        datetime.date(2025, 2, 10),
    )

    assert reached.closes_on == datetime.date(2025, 1, 31)
    assert reached.achieved_on == datetime.date(2025, 1, 31)


def test_an_outcome_reached_a_day_after_the_window_closes_does_not():
    late = clock(
        ONE_WEEK_WITHIN_A_MONTH,
        _paid_from(datetime.date(2025, 1, 26)),
        RATES,
        datetime.date(2025, 2, 10),
    )

    assert late.achieved_on is None
    assert late.missed(datetime.date(2025, 2, 1))
    assert late.earned == D("156.89")  # six days of 16 x 11.44 / 7


def test_weeks_at_n_hours_count_only_whole_weeks_inside_the_window():
    rule = Rule("Four weeks", "hours_weeks", D(16), 4, 1, window_from="enrolment")

    on_time = clock(
        rule, _paid_from(datetime.date(2025, 1, 1)), RATES, datetime.date(2025, 3, 1)
    )
    a_day_late = clock(
        rule, _paid_from(datetime.date(2025, 1, 2)), RATES, datetime.date(2025, 3, 1)
    )

    # Weeks end 7, 14, 21 and 28 January; the next would end 4 February.
    assert on_time.achieved_on == datetime.date(2025, 1, 28)
    assert a_day_late.weeks == 3
    assert a_day_late.achieved_on is None


def test_the_summary_reads_as_the_keyworker_says_it():
    progress = Clock(
        SUSTAINED,
        started_on=datetime.date(2025, 12, 3),
        closes_on=datetime.date(2027, 6, 3),
        weeks=14,
        weeks_needed=26,
        earned=D("3100.40"),
        threshold=D("5170.24"),
    )

    assert progress.summary() == (
        "14 of 26 weeks, £3,100 of £5,170, window closes 3 Jun 2027"
    )


def test_close_outcomes_and_closing_windows_need_attention():
    closing = Clock(
        SIXTEEN_HOURS,
        started_on=MONDAY,
        closes_on=day(27),
        weeks=1,
        weeks_needed=4,
    )
    nearly = Clock(
        SIXTEEN_HOURS, started_on=MONDAY, closes_on=day(200), weeks=4, weeks_needed=5
    )
    far = Clock(
        SIXTEEN_HOURS, started_on=MONDAY, closes_on=day(200), weeks=3, weeks_needed=5
    )

    assert closing.needs_attention(MONDAY)
    assert not closing.needs_attention(day(28))  # closed: missed, not pending
    assert nearly.needs_attention(MONDAY)
    assert not far.needs_attention(MONDAY)


def test_job_entry_self_employment_and_leaving():
    job_entry = Rule("Job entry", "job_entry", D(16))
    self_employment = Rule("Self-employed", "self_employment")
    leaving = Rule("In work on leaving", "on_leaving")
    short = job(3, 30, 10)
    full = job(10, None, 30)
    trading = Job(day(40), None, (Terms(day(40), D(20), D(0)),), self_employed=True)
    history = History(MONDAY, (short, full, trading), exit_date=day(50))

    assert clock(job_entry, history, RATES, day(60)).achieved_on == day(10)
    assert clock(self_employment, history, RATES, day(60)).achieved_on == day(40)
    assert clock(leaving, history, RATES, day(60)).achieved_on == day(50)
    assert clock(leaving, history, RATES, day(49)).achieved_on is None
