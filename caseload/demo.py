"""Demo participants spread over the pathway."""

import datetime

from accounts.models import User

from .models import AgeBand, Participant, PathwayStage, StatusAtStart

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
