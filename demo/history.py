"""Two years of programme history, so the dashboards have something to show.

Three hundred people (150 per partner) registered over the last two years, each a
storyline played through the services like the pathway's: contacts every few
weeks, keyworker changes, jobs with their plan and check-ins, jobs ending,
exits. A marker in their eligibility evidence tells them from the pathway's forty.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from accounts.models import User
from caseload.models import (
    Channel,
    Disability,
    ExitOutcome,
    Gender,
    PathwayStage,
    StatusAtStart,
    Topic,
)
from employers.models import Employer
from inwork_support import dates
from inwork_support.models import CheckInKind, ContractType, EndReason, SupportItem

from . import acts
from .acts import COURSES, Person
from .clock import Script, at

HISTORY_MARKER = "Demo history: generated record"
PER_PARTNER = 150
DAYS = 730
TEAMS = [  # each partner's keyworkers, its manager, and its in-work support officer
    (["keyworker1", "keyworker2"], "manager1", "iwso1"),
    (["keyworker3", "keyworker4"], "manager2", None),
]
FIRST = "Ali Bea Cal Dee Eli Fay Gus Hal Ida Jo Kai Lou Max Nia Ola Pip Raj Sam Tia Vic"
LAST = "Ash Birch Cole Dale Earl Frost Glen Hart Ives Judd Kerr Lane Moss Nye Oak Pike"
CONTRACTS = [
    (ContractType.PERMANENT, 40),
    (ContractType.FIXED_TERM, 15),
    (ContractType.TEMPORARY, 15),
    (ContractType.ZERO_HOURS, 20),
    (ContractType.APPRENTICESHIP, 10),
]
CHANNELS = [Channel.PHONE, Channel.FACE_TO_FACE, Channel.TEXT, Channel.VIDEO]
TITLES = ["Kitchen porter", "Care assistant", "Warehouse operative"]


def plan_history(
    script: Script, staff: dict[str, User], employers: list[Employer]
) -> None:
    """Queue two years of storylines for both partners, and beat's weekly sweep."""
    rng = random.Random(6)  # noqa: S311 (demo data, not security)
    today = script.today
    n = 0
    for names, manager, officer in TEAMS:
        workers = [staff[name] for name in names]
        for _ in range(PER_PARTNER):
            _plan_person(
                script,
                rng,
                n,
                workers,
                staff[manager],
                staff[officer] if officer else None,
                employers,
            )
            n += 1
    day = today - datetime.timedelta(days=DAYS)
    while day < today:
        script.at(at(day, 6), acts.mark_missed)
        day += datetime.timedelta(days=7)


def _weekday(day: datetime.date) -> datetime.date:
    """Return `day`, or the Friday before when it falls at a weekend."""
    return day - datetime.timedelta(days=max(day.weekday() - 4, 0))


def _plan_person(script, rng, n, workers, manager, officer, employers) -> None:
    today = script.today
    start = _weekday(today - datetime.timedelta(days=rng.randint(20, DAYS)))
    born = datetime.date(today.year - rng.randint(17, 60), rng.randint(1, 12), 15)
    status = rng.choices(
        [StatusAtStart.UNEMPLOYED, StatusAtStart.INACTIVE, StatusAtStart.OTHER],
        [55, 35, 10],
    )[0]
    exit_day = None
    if (today - start).days > 300 and rng.random() < 0.7:
        exit_day = _weekday(start + datetime.timedelta(days=rng.randint(270, 540)))
        exit_day = exit_day if exit_day < today else None
    first, last = FIRST.split(), LAST.split()
    keyworker = rng.choice(workers)
    person = Person(
        details={
            "first_name": first[n % len(first)],
            # 20 first names by 16 last names: a distinct name for each of 300.
            "last_name": last[(n // len(first)) % len(last)],
            "date_of_birth": born,
            "status_at_start": status,
            "eligibility_evidence": HISTORY_MARKER,
            "programme_start": start,
            "consent_given_on": start,
            "consent_method": "written",
            "gender": rng.choices(
                [
                    Gender.FEMALE,
                    Gender.MALE,
                    Gender.NON_BINARY,
                    Gender.PREFER_NOT_TO_SAY,
                ],
                [46, 46, 3, 5],
            )[0],
            "disability": rng.choices(
                [Disability.YES, Disability.NO, Disability.PREFER_NOT_TO_SAY],
                [30, 60, 10],
            )[0],
        },
        keyworker=keyworker,
    )
    end = exit_day or today
    job_start = _weekday(start + datetime.timedelta(days=rng.randint(40, 200)))
    _plan_keyworkers(script, rng, person, workers, manager, end)
    job = _plan_job(script, rng, person, officer, employers, job_start, end)
    if job is not None and job[1] >= today - datetime.timedelta(days=1):
        exit_day = end = None  # in work today: not leaving
    _plan_contacts(script, rng, person, manager, end or today, in_work=job)
    learning = _plan_progress(script, n, person, status, start, end or today, job)
    if exit_day is not None:
        worked = job is not None
        otherwise = ExitOutcome.EDUCATION_TRAINING if learning else ExitOutcome.OTHER
        outcome = {
            (True, StatusAtStart.UNEMPLOYED): ExitOutcome.UNEMPLOYED_TO_EMPLOYED,
            (True, StatusAtStart.INACTIVE): ExitOutcome.INACTIVE_TO_EMPLOYED,
        }.get((worked, status), otherwise)
        script.at(
            at(exit_day, 16),
            acts.exit_person,
            person,
            outcome=outcome,
            reason="Support finished." if worked else "Stopped attending.",
        )


def _plan_progress(script, n, person, status, start, end, job) -> bool:
    """One in five starts a course; one in three of the inactive others begins
    active job search: recorded on the participant page before any job or exit.
    Return whether it was a course. Chosen by number, not by `rng`, so the rest
    of the demo is drawn as before.
    """
    day = _weekday(start + datetime.timedelta(days=30 + n % 90))
    if day >= end or (job is not None and day >= job[0]):
        return False
    if n % 5 == 0:
        course = COURSES[n % len(COURSES)]
        script.at(at(day, 11), acts.record_course, person, course=course)
        return True
    if status == StatusAtStart.INACTIVE and n % 3 == 0:
        script.at(at(day, 11, 30), acts.record_job_search, person)
    return False


def _plan_keyworkers(script, rng, person, workers, manager, end) -> None:
    """Register with a first keyworker; one in four changed keyworker since."""
    changes = rng.choices([0, 1, 2], [75, 20, 5])[0]
    start = person.details["programme_start"]
    while changes and start + datetime.timedelta(days=60 * changes) >= end:
        changes -= 1
    final = person.keyworker
    other = next(w for w in workers if w != final)
    chain = [final if (changes - k) % 2 == 0 else other for k in range(changes + 1)]
    first = Person(details=person.details, keyworker=chain[0])
    script.at(at(start, 9, 30), _register_as, first, person, by=chain[0])
    script.at(
        at(start, 9, 45), acts.move_stage, person, PathwayStage.JOB_SEARCH, by=chain[0]
    )
    for k, worker in enumerate(chain[1:], start=1):
        script.at(
            at(start + datetime.timedelta(days=60 * k), 11),
            acts.reassign,
            person,
            worker,
            by=manager,
            reason="Caseload balance",
        )


def _register_as(first: Person, person: Person, *, by: User) -> None:
    acts.register(first, by=by)
    person.pk = first.pk


def _plan_contacts(script, rng, person, manager, end, in_work) -> None:
    """A contact every three to six weeks; now and then a crisis, closed by a manager.

    While supported in work (`in_work`: first and last day), the in-work
    contacts take their place.
    """
    start = person.details["programme_start"]
    day = start + datetime.timedelta(days=3)
    k = 0
    while day < end:
        if in_work and in_work[0] <= day <= in_work[1]:
            day = in_work[1] + datetime.timedelta(days=14)
            continue
        late, crisis = rng.random() < 0.08, rng.random() < 0.02
        hour = rng.choice([18, 19, 20]) if late else rng.randint(9, 16)
        script.at(
            max(at(_weekday(day), hour, rng.choice([0, 30])), at(start, 10)),
            acts.contact,
            person,
            channel=rng.choice(CHANNELS),
            minutes=rng.choice([15, 20, 30, 45, 60]),
            topics=[Topic.CRISIS] if crisis else [Topic.NON_WORK],
            notes="Crisis reported at a contact." if crisis else "",
            key=f"history:{person.details['first_name']}:{person.details['last_name']}:{k}",
        )
        closed = day + datetime.timedelta(days=3)
        if crisis and (script.today - day).days >= 30 and closed < end:
            script.at(at(_weekday(closed), 15), acts.close_concerns, person, by=manager)
        day += datetime.timedelta(days=rng.choice([28, 35, 42, 56]))
        k += 1


def _skip(checkin) -> bool:
    """One regular check-in in eight nobody gets round to: the sweep marks it missed.

    The one-off milestones are always done.
    """
    return checkin.kind == CheckInKind.REGULAR and checkin.pk % 8 == 0


def _plan_job(script, rng, person, officer, employers, start, end):
    """Maybe a job: supported (plan, check-ins) three times in four, then maybe over.

    Return its first and last supported day, or None without a job.
    """
    status = person.details["status_at_start"]
    if status == StatusAtStart.OTHER or rng.random() < 0.45:
        return None
    if start >= end:
        return None
    supported = rng.random() < 0.75
    # Support makes the difference the evaluations found: fewer early leavers.
    lasts = int(rng.randint(1, 900) * (1.0 if supported else 0.5))
    ended = start + datetime.timedelta(days=max(lasts, 1))
    if ended >= end:
        # Still in work: they stay on the programme, supported, until today.
        ended, end = None, script.today
        supported = True
    contract = rng.choices([c for c, _ in CONTRACTS], [w for _, w in CONTRACTS])[0]
    employer = rng.choice(employers)
    job = {
        "employer": employer,
        "job_title": rng.choice(TITLES),
        "contract_type": contract,
        "hours": Decimal(rng.choice([12, 16, 20, 25, 30, 37])),
        "pay": Decimal("12.21") + Decimal(rng.randint(0, 150)) / 100,
        "start_date": start,
        "employer_may_know": supported,
        "fixed_term_end": dates.add_months(start, 12)
        if contract == ContractType.FIXED_TERM
        else None,
    }
    if not supported:
        # The keyworker heard of it only once it was over: recorded and ended
        # the same day, so it was never supported. One in five never began.
        reason = EndReason.RESIGNED
        if lasts % 5 == 0:
            ended, reason = start, EndReason.DID_NOT_START
        script.at(at(ended, 16), acts.start_job, person, frequency=None, **job)
        script.at(at(ended, 16, 10), acts.end_job, person, reason=reason)
        return (start, start - datetime.timedelta(days=1))
    if officer is not None and rng.random() < 0.5:
        script.at(
            at(start, 8, 45), acts.set_officer, person, officer, by=person.keyworker
        )
    script.at(at(start, 9), acts.start_job, person, frequency="monthly", **job)
    until = ended or end
    script.at(
        at(start, 12, 30),
        acts.answer_checkins,
        script,
        person,
        until=until - datetime.timedelta(days=1),
        skip=_skip,
        hour=rng.choice([11, 13, 14]),
    )
    settled = dates.add_months(start, 6) + datetime.timedelta(days=1)
    if settled < until:
        script.at(at(settled, 10), acts.taper_plan, person, every_days=56)
    if rng.random() < 0.4:
        script.at(
            at(start, 9, 15),
            acts.give_support,
            person,
            item=rng.choice([SupportItem.TRAVEL_ADVANCE, SupportItem.CLOTHES]),
            amount=Decimal(rng.choice([30, 45, 60, 80, 120])),
        )
    better = start + datetime.timedelta(days=100)
    if (until - start).days > 120 and rng.random() < 0.35:
        script.at(at(_weekday(better), 15, 30), acts.better_terms, person)
    if ended is not None:
        # One in ten stops answering: the record ends on the last day they were
        # known to be in the job, and retention shows them as lost contact.
        lost = lasts % 10 == 0
        reason = EndReason.LOST_CONTACT if lost else EndReason.RESIGNED
        script.at(at(ended, 17), acts.end_job, person, reason=reason)
    return (start, until)
