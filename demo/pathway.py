"""Forty participants now on the programme, ten per keyworker, along the pathway.

Each is a storyline of events (registration, needs, contacts, a job and its
check-ins, an exit) queued on the script and played through the services.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from accounts.models import User
from caseload import services as caseload_services
from caseload.models import (
    BarrierKind,
    Channel,
    ExitOutcome,
    Intervention,
    PathwayStage,
    ProfessionalRole,
    ReferralStatus,
    StatusAtStart,
    StepOwner,
    StepStatus,
    Topic,
)
from employers.models import Employer
from inwork_support import dates
from inwork_support.models import ContractType

from . import acts
from .acts import Person
from .clock import Script, at

FIRST_NAMES = [
    "Aaron",
    "Bethany",
    "Callum",
    "Danielle",
    "Ethan",
    "Freya",
    "Gareth",
    "Hannah",
    "Isaac",
    "Jade",
    "Kieran",
    "Leah",
    "Marcus",
    "Niamh",
    "Owen",
    "Priya",
    "Quinn",
    "Rhys",
    "Sasha",
    "Tyler",
    "Umar",
    "Vanessa",
    "Wes",
    "Yasmin",
    "Zak",
    "Abi",
    "Bilal",
    "Chloe",
    "Dylan",
    "Erin",
    "Fraser",
    "Georgia",
    "Harvey",
    "Imogen",
    "Jordan",
    "Kayla",
    "Liam",
    "Megan",
    "Nathan",
    "Olivia",
]
LAST_NAMES = [
    "Ahmed",
    "Brown",
    "Clarke",
    "Davies",
    "Evans",
    "Fletcher",
    "Green",
    "Hughes",
    "Iqbal",
    "Jones",
    "Kelly",
    "Lewis",
    "Murphy",
    "Nolan",
    "O'Brien",
    "Price",
    "Quigley",
    "Roberts",
    "Smith",
    "Taylor",
    "Usman",
    "Vaughan",
    "Walker",
    "Young",
    "Zielinski",
    "Allen",
    "Begum",
    "Campbell",
    "Dixon",
    "Ellis",
    "Foster",
    "Gill",
    "Hall",
    "Ingram",
    "James",
    "Khan",
    "Lloyd",
    "Mitchell",
    "Nash",
    "Owen",
]

# Where on the pathway each participant is today, and their days on the programme.
PATHWAY_MIX = [
    ("new", 7),
    ("pre-employment", 60),
    ("job search", 120),
    ("starting work next week", 150),
    ("first week in work", 170),
    ("in work 5 months", 320),
    ("in work 11 months", 500),
    ("exited", 700),
]
KEYWORKERS = ["keyworker1", "keyworker2", "keyworker3", "keyworker4"]
JOBS = [
    ("Kitchen assistant", ContractType.PERMANENT, "24"),
    ("Warehouse operative", ContractType.FIXED_TERM, "37.5"),
    ("Care assistant", ContractType.ZERO_HOURS, "20"),
    ("Apprentice technician", ContractType.APPRENTICESHIP, "30"),
    ("Retail assistant", ContractType.TEMPORARY, "16"),
]
# Every other job's worker stops answering check-ins this many days before today,
# so some are overdue today and some regular ones were missed.
QUIET_DAYS = 20

BARRIER_SETS = [
    [(BarrierKind.CONFIDENCE, 3), (BarrierKind.TRANSPORT, 2)],
    [(BarrierKind.HOUSING, 3), (BarrierKind.DEBT, 2), (BarrierKind.DIGITAL, 1)],
    [(BarrierKind.MENTAL_HEALTH, 2), (BarrierKind.SOCIAL_ISOLATION, 2)],
    [(BarrierKind.QUALIFICATIONS, 2), (BarrierKind.CARING, 2)],
    [(BarrierKind.BASIC_SKILLS, 2), (BarrierKind.BENEFITS, 1)],
]
GOALS = [
    ("Get a job in a warehouse", ["Get a CSCS card", "Apply to three agencies"]),
    ("Move into my own flat", ["Register with the council", "Open a bank account"]),
    ("Pass English functional skills level 2", ["Enrol at college", "Sit the exam"]),
    ("Feel confident on the phone", ["Practise a call with my keyworker"]),
]
REFERRALS = [
    (Intervention.FINANCIAL_ADVICE, "Citizens Advice Leeds", ReferralStatus.COMPLETED),
    (Intervention.MENTAL_HEALTH, "Mindwell Leeds", ReferralStatus.STARTED),
    (Intervention.FUNCTIONAL_SKILLS, "Park Lane College", ReferralStatus.ACCEPTED),
    (Intervention.CREATIVE, "Studio 12", ReferralStatus.DID_NOT_ATTEND),
]
PROFESSIONALS = [
    (ProfessionalRole.WORK_COACH, "Sandra Lee", "Jobcentre Plus Leeds City"),
    (ProfessionalRole.HOUSING_OFFICER, "Mo Iqbal", "Leeds Housing Options"),
    (ProfessionalRole.PROBATION_OFFICER, "Jo Marsh", "Probation Service"),
    (ProfessionalRole.MENTAL_HEALTH, "Dr Ana Ruiz", "Leeds Mental Wellbeing"),
]
CONTACT_NOTES = [
    "Caught up on the week; job search going slowly but steady.",
    "Went through two vacancies together and updated the CV.",
    "Talked about the UC appointment and what to bring.",
    "Checked in after the interview; feedback expected Friday.",
    "Practised interview questions; much more confident today.",
    "Sorted the bus pass application together.",
]
TOPICS = [Topic.WORK, Topic.MONEY, Topic.NEXT_STEPS, Topic.HEALTH]
CRISIS_NOTE = (
    "Called in distress: told to leave the flat tonight. Emergency housing line "
    "called together."
)


def plan_pathway(
    script: Script, staff: dict[str, User], employers: list[Employer]
) -> list[Person]:
    """Queue the forty storylines; return their people (filled in as they play)."""
    today = script.today
    people = []
    for i, (first, last) in enumerate(zip(FIRST_NAMES, LAST_NAMES, strict=True)):
        keyworker = staff[KEYWORKERS[i % len(KEYWORKERS)]]
        label, days = PATHWAY_MIX[i % len(PATHWAY_MIX)]
        born = datetime.date(today.year - 18 - (i * 7) % 40, 1 + i % 12, 1 + i % 28)
        start = today - datetime.timedelta(days=days)
        person = Person(
            details={
                "first_name": first,
                "last_name": last,
                "date_of_birth": born,
                "programme_start": start,
                "status_at_start": (
                    StatusAtStart.INACTIVE if i % 3 == 0 else StatusAtStart.UNEMPLOYED
                ),
                "consent_given_on": start,
                "consent_method": "written",
                "postcode": f"LS{1 + i % 9} {i % 9}AB",
            },
            keyworker=keyworker,
        )
        _plan_person(script, staff, employers, person, i, label)
        people.append(person)
    return people


def _plan_person(script, staff, employers, person, i, label) -> None:
    today = script.today
    start = person.details["programme_start"]
    keyworker = person.keyworker
    manager = staff["manager1" if i % 4 < 2 else "manager2"]
    if i % 9 == 4:
        # Someone else registered them, then they moved to their keyworker's team.
        other = staff[KEYWORKERS[KEYWORKERS.index(keyworker.username) ^ 1]]
        first = Person(details=person.details, keyworker=other)
        script.at(at(start, 9, 30), _register_with, first, person, by=other)
        script.at(
            at(start + datetime.timedelta(days=30), 11),
            acts.reassign,
            person,
            keyworker,
            by=manager,
            reason="Caseload balance",
        )
    else:
        script.at(at(start, 9, 30), acts.register, person, by=keyworker)
    script.at(at(start, 10, 30), _record_needs, person, i)
    stages = [(14, PathwayStage.PRE_EMPLOYMENT), (45, PathwayStage.JOB_SEARCH)]
    for days, stage in stages:
        if label != "pre-employment" or stage == PathwayStage.PRE_EMPLOYMENT:
            script.at(
                at(start + datetime.timedelta(days=days), 16),
                acts.move_stage,
                person,
                stage,
                by=keyworker,
            )
    exit_day = start + datetime.timedelta(days=600) if label == "exited" else None
    _plan_contacts(script, person, i, exit_day or today - datetime.timedelta(days=1))
    if exit_day:
        script.at(
            at(exit_day, 15),
            acts.exit_person,
            person,
            outcome=ExitOutcome.OTHER,
            reason="Moved out of the area to live with family.",
        )
    # One of keyworker1's starts today: their first-day check-in is due today.
    job_start = _job_start("first day in work" if i == 12 else label, today)
    if job_start is not None:
        _plan_job(script, staff, employers, person, i, job_start)


def _register_with(first: Person, person: Person, *, by: User) -> None:
    acts.register(first, by=by)
    person.pk = first.pk


def _job_start(label: str, today: datetime.date) -> datetime.date | None:
    next_monday = today + datetime.timedelta(days=7 - today.weekday())
    return {
        "starting work next week": next_monday,
        "first week in work": today - datetime.timedelta(days=2),
        "first day in work": today,
        "in work 5 months": dates.add_months(today, -5),
        "in work 11 months": dates.add_months(today, -11),
    }.get(label)


def _record_needs(person: Person, i: int) -> None:
    """Barriers, a goal with steps, a referral and a professional, at the start."""
    participant = person.get()
    worker = participant.keyworker
    start = participant.programme_start
    for kind, severity in BARRIER_SETS[i % len(BARRIER_SETS)]:
        caseload_services.record_barrier(
            participant=participant,
            recorded_by=worker,
            kind=kind,
            severity=severity,
            noted_on=start,
        )
    title, steps = GOALS[i % len(GOALS)]
    goal = caseload_services.add_goal(
        participant=participant,
        added_by=worker,
        title=title,
        set_on=start,
        due_on=start + datetime.timedelta(days=180),
    )
    for n, step in enumerate(steps):
        caseload_services.add_goal_step(
            goal=goal,
            added_by=worker,
            description=step,
            owner=StepOwner.PARTICIPANT if n % 2 == 0 else StepOwner.WORKER,
            due_on=start + datetime.timedelta(days=30 * (n + 1)),
        )
    intervention, service, _status = REFERRALS[i % len(REFERRALS)]
    caseload_services.refer_participant(
        participant=participant,
        referred_by=worker,
        intervention=intervention,
        service=service,
        referred_on=start,
    )
    role, name, organisation = PROFESSIONALS[i % len(PROFESSIONALS)]
    caseload_services.add_professional(
        participant=participant,
        added_by=worker,
        role=role,
        name=name,
        organisation=organisation,
        phone=f"0113 496 0{100 + i}",
    )


def _progress_needs(person: Person, i: int) -> None:
    """A month or two in: a barrier resolved, a first step done, the referral on."""
    participant = person.get()
    worker = participant.keyworker
    barrier = participant.barriers.order_by("pk").first()
    caseload_services.resolve_barrier(
        barrier=barrier,
        resolved_by=worker,
        resolved_on=participant.programme_start + datetime.timedelta(days=60),
        version=barrier.version,
    )
    step = participant.goals.get().steps.order_by("pk").first()
    caseload_services.update_goal_step(
        step=step, updated_by=worker, status=StepStatus.DONE, version=step.version
    )
    referral = participant.referrals.get()
    _intervention, _service, status = REFERRALS[i % len(REFERRALS)]
    caseload_services.update_referral(
        referral=referral,
        updated_by=worker,
        status=status,
        outcome="Went well." if status == ReferralStatus.COMPLETED else "",
        version=referral.version,
    )


def _plan_contacts(script, person, i, last_day) -> None:
    """Three to fifteen contacts over the last six months on the programme."""
    start = person.details["programme_start"]
    first_day = max(start, last_day - datetime.timedelta(days=180))
    count = 3 + (i * 5) % 13
    span = max((last_day - first_day).days, 1)
    if (script.today - start).days > 60:
        script.at(
            at(start + datetime.timedelta(days=60), 17), _progress_needs, person, i
        )
    for n in range(count):
        day = first_day + datetime.timedelta(days=span * (n + 1) // count)
        hour, minute = (18, 30) if n % 7 == 6 else (10 + n % 6, 0)
        crisis = i == 4 and n == count - 1  # keyworker1's, so manager1 sees it
        due = day + datetime.timedelta(days=7)
        script.at(
            at(day, hour, minute),
            acts.contact,
            person,
            channel=[Channel.FACE_TO_FACE, Channel.PHONE, Channel.TEXT][n % 3],
            minutes=[45, 20, 5, 60, 30][n % 5],
            topics=[Topic.CRISIS, Topic.HOUSING] if crisis else [TOPICS[n % 4]],
            notes=CRISIS_NOTE if crisis else CONTACT_NOTES[(i + n) % 6],
            actions=[("Follow up on what we agreed", due)] if n % 3 == 0 else [],
            key=f"pathway:{i}:{n}",
        )
        if due < script.today - datetime.timedelta(days=7):
            script.at(at(due, 16, 45), acts.complete_actions_due, person)


def _plan_job(script, staff, employers, person, i, start) -> None:
    title, contract, hours = JOBS[i % len(JOBS)]
    today = script.today
    keyworker = person.keyworker
    # Recorded on the day (the stage moves then), or a few days before a future start.
    recorded = start if start <= today else today - datetime.timedelta(days=3)
    if keyworker.delivery_partner_id == staff["iwso1"].delivery_partner_id and i % 2:
        # Model 2: the in-work support officer takes the job-related support.
        script.at(
            at(recorded, 8, 45), acts.set_officer, person, staff["iwso1"], by=keyworker
        )
    script.at(
        at(recorded, 9),
        acts.start_job,
        person,
        employer=employers[i % len(employers)],
        job_title=title,
        contract_type=contract,
        hours=Decimal(hours),
        pay=Decimal("12.21") + Decimal(i % 4) / 4,
        start_date=start,
        employer_may_know=bool(i % 3),
        frequency="monthly"
        if _label(i) == "in work 11 months"
        else ("fortnightly" if i % 2 else "weekly"),
        fixed_term_end=dates.add_months(start, 9)
        if contract == ContractType.FIXED_TERM
        else None,
    )
    if start > today:
        return
    quiet = QUIET_DAYS if i % 2 else 2
    script.at(
        at(start, 12, 30),
        acts.answer_checkins,
        script,
        person,
        until=today - datetime.timedelta(days=quiet),
        trouble_at=3 if i % 3 == 0 else None,
    )
    if dates.add_months(start, 6) < today and _label(i) == "in work 11 months":
        script.at(
            at(dates.add_months(start, 6), 17), acts.progress, person, by=keyworker
        )


def _label(i: int) -> str:
    return PATHWAY_MIX[i % len(PATHWAY_MIX)][0]
