"""Demo participants spread over the pathway, with their needs and contacts."""

import datetime
import uuid
from zoneinfo import ZoneInfo

from accounts.models import User

from . import services
from .models import (
    AgeBand,
    Attendee,
    BarrierKind,
    Channel,
    Intervention,
    Participant,
    PathwayStage,
    ProfessionalRole,
    ReferralStatus,
    StatusAtStart,
    StepOwner,
    StepStatus,
    Topic,
)

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

# Where on the pathway each demo participant is, as (stage, days on programme).
# "Starting work next week", "first week in work" and the months in work are
# given jobs by the in-work support demo.
PATHWAY_MIX = [
    ("new", PathwayStage.ENGAGED, 7),
    ("pre-employment", PathwayStage.PRE_EMPLOYMENT, 60),
    ("job search", PathwayStage.JOB_SEARCH, 120),
    ("starting work next week", PathwayStage.JOB_SEARCH, 150),
    ("first week in work", PathwayStage.IN_WORK, 170),
    ("in work 5 months", PathwayStage.IN_WORK, 320),
    ("in work 11 months", PathwayStage.PROGRESSING, 500),
    ("exited", PathwayStage.EXITED, 700),
]

KEYWORKERS = ["keyworker1", "keyworker2", "keyworker3", "keyworker4"]


def seed_participants(
    *, staff: dict[str, User], today: datetime.date
) -> list[Participant]:
    """Create or refresh 40 participants, ten per demo keyworker."""
    participants = []
    for i, (first, last) in enumerate(zip(FIRST_NAMES, LAST_NAMES, strict=True)):
        keyworker = staff[KEYWORKERS[i % len(KEYWORKERS)]]
        _label, stage, days_on_programme = PATHWAY_MIX[i % len(PATHWAY_MIX)]
        # Ages 18 to 57, fixed per person so the seed is repeatable.
        born = datetime.date(today.year - 18 - (i * 7) % 40, 1 + i % 12, 1 + i % 28)
        start = today - datetime.timedelta(days=days_on_programme)
        participant, _ = Participant.objects.update_or_create(
            first_name=first,
            last_name=last,
            date_of_birth=born,
            defaults={
                "delivery_partner": keyworker.delivery_partner,
                "keyworker": keyworker,
                "pathway_stage": stage,
                "programme_start": start,
                "age_band": AgeBand.at(born, start),
                "status_at_start": (
                    StatusAtStart.INACTIVE if i % 3 == 0 else StatusAtStart.UNEMPLOYED
                ),
                "consent_given_on": start,
                "consent_method": "written",
                "exit_date": (
                    start + datetime.timedelta(days=600)
                    if stage == PathwayStage.EXITED
                    else None
                ),
                "postcode": f"LS{1 + i % 9} {i % 9}AB",
            },
        )
        participants.append(participant)
    return participants


# The rest of each demo participant's record: needs, goals, people, contacts.

LONDON = ZoneInfo("Europe/London")
DEMO_NAMESPACE = uuid.UUID("6b6f8f2e-3c1d-4c55-9a57-0c8f7f0e2a11")
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


def seed_caseload(
    *, participants: list[Participant], staff: dict[str, User], today: datetime.date
) -> None:
    """Give each demo participant a record, through the services; safe to re-run."""
    for i, participant in enumerate(participants):
        seed_history_of_keyworkers(participant, staff, i)
        if not participant.barriers.exists():
            seed_needs(participant, today, i)
        seed_contacts(participant, today, i)


def seed_history_of_keyworkers(
    participant: Participant, staff: dict[str, User], i: int
) -> None:
    """Start each history; a few participants changed keyworker along the way."""
    start = datetime.datetime.combine(
        participant.programme_start, datetime.time(9), tzinfo=LONDON
    )
    if participant.assignments.exists():
        return
    if i % 9 == 4:
        # Someone else started with them, then went on to another team.
        index = KEYWORKERS.index(participant.keyworker.username)
        previous = staff[KEYWORKERS[index ^ 1]]
        switched = start + datetime.timedelta(days=30)
        participant.assignments.create(
            keyworker=previous, started_at=start, ended_at=switched, reason="Registered"
        )
        participant.assignments.create(
            keyworker=participant.keyworker,
            started_at=switched,
            reason="Caseload balance",
        )
        return
    participant.assignments.create(
        keyworker=participant.keyworker, started_at=start, reason="Registered"
    )


def seed_needs(participant: Participant, today: datetime.date, i: int) -> None:
    """Barriers (some resolved), a goal with steps, a referral, a professional."""
    worker = participant.keyworker
    start = participant.programme_start
    for n, (kind, severity) in enumerate(BARRIER_SETS[i % len(BARRIER_SETS)]):
        barrier = services.record_barrier(
            participant=participant,
            recorded_by=worker,
            kind=kind,
            severity=severity,
            noted_on=start,
        )
        days_on = (today - start).days
        if n == 0 and days_on > 60:
            services.resolve_barrier(
                barrier=barrier,
                resolved_by=worker,
                resolved_on=start + datetime.timedelta(days=days_on // 2),
                version=barrier.version,
            )
    title, steps = GOALS[i % len(GOALS)]
    goal = services.add_goal(
        participant=participant,
        added_by=worker,
        title=title,
        set_on=start,
        due_on=start + datetime.timedelta(days=180),
    )
    for n, step in enumerate(steps):
        added = services.add_goal_step(
            goal=goal,
            added_by=worker,
            description=step,
            owner=StepOwner.PARTICIPANT if n % 2 == 0 else StepOwner.WORKER,
            due_on=start + datetime.timedelta(days=30 * (n + 1)),
        )
        if n == 0 and (today - start).days > 60:
            services.update_goal_step(
                step=added,
                updated_by=worker,
                status=StepStatus.DONE,
                version=added.version,
            )
    intervention, service, status = REFERRALS[i % len(REFERRALS)]
    referral = services.refer_participant(
        participant=participant,
        referred_by=worker,
        intervention=intervention,
        service=service,
        referred_on=start + datetime.timedelta(days=3),
    )
    if status != ReferralStatus.MADE:
        services.update_referral(
            referral=referral,
            updated_by=worker,
            status=status,
            outcome="Went well." if status == ReferralStatus.COMPLETED else "",
            version=referral.version,
        )
    role, name, organisation = PROFESSIONALS[i % len(PROFESSIONALS)]
    services.add_professional(
        participant=participant,
        added_by=worker,
        role=role,
        name=name,
        organisation=organisation,
        phone=f"0113 496 0{100 + i}",
    )


def seed_contacts(participant: Participant, today: datetime.date, i: int) -> None:
    """Log 3 to 15 contacts over past months; keys make a re-run change nothing."""
    last_day = participant.exit_date or today - datetime.timedelta(days=1)
    first_day = max(participant.programme_start, last_day - datetime.timedelta(180))
    count = 3 + (i * 5) % 13
    span = max((last_day - first_day).days, 1)
    for n in range(count):
        day = first_day + datetime.timedelta(days=span * (n + 1) // count)
        hour = datetime.time(18, 30) if n % 7 == 6 else datetime.time(10 + n % 6, 0)
        crisis = i == 4 and n == count - 1  # keyworker1, so manager1 sees it
        key = uuid.uuid5(DEMO_NAMESPACE, f"{participant.pk}:{participant}:{n}")
        due = day + datetime.timedelta(days=7)
        contact = services.log_contact(
            participant=participant,
            worker=participant.keyworker,
            happened_at=datetime.datetime.combine(day, hour, tzinfo=LONDON),
            channel=[Channel.FACE_TO_FACE, Channel.PHONE, Channel.TEXT][n % 3],
            minutes=[45, 20, 5, 60, 30][n % 5],
            topics=[Topic.CRISIS, Topic.HOUSING] if crisis else [TOPICS[n % 4]],
            attendees=[Attendee.PARTICIPANT],
            notes=(
                "Called in distress: told to leave the flat tonight. Emergency "
                "housing line called together."
                if crisis
                else CONTACT_NOTES[(i + n) % len(CONTACT_NOTES)]
            ),
            actions=[("Follow up on what we agreed", due)] if n % 3 == 0 else [],
            submission_key=key,
        )
        if due < today - datetime.timedelta(days=7):
            for action in contact.actions.open():
                services.complete_action(action=action, done_by=participant.keyworker)


TOPICS = [Topic.WORK, Topic.MONEY, Topic.NEXT_STEPS, Topic.HEALTH]
