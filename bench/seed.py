"""Build a synthetic programme at scale in PostgreSQL for `make bench`.

20 partners, 200 workers, 20,000 participants (a third in work), 1,000,000 contacts
over three years, and one participant with 300 contacts. Small tables use
bulk_create; the million-row tables are generated inside PostgreSQL with
generate_series, which is far faster than sending rows from Python.
"""

import datetime
import os
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max, Min  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import DeliveryPartner, Role, User  # noqa: E402
from caseload.models import (  # noqa: E402
    AgeBand,
    KeyworkerAssignment,
    Participant,
    PathwayStage,
    StatusAtStart,
)
from employers.models import Employer, EmployerContact  # noqa: E402
from inwork_support.models import (  # noqa: E402
    CheckIn,
    CheckInKind,
    CheckInStatus,
    ContractType,
    Employment,
    EmploymentTerms,
)

PARTNERS = 20
FRONTLINE_PER_PARTNER = 9  # 8 keyworkers and 1 in-work support officer
PARTICIPANTS = 20_000
CONTACTS = 1_000_000
EMPLOYERS = 1_000
PASSWORD = "bench-keywork-password"  # noqa: S105 - a throwaway benchmark database
BUSY_PARTICIPANT_CONTACTS = 300

rng = random.Random(20261124)  # noqa: S311 - repeatable data, not secrets


def log(message: str, started: float) -> None:
    print(f"  {message} ({time.monotonic() - started:.1f} s)", flush=True)


def seed() -> dict:
    started = time.monotonic()
    today = timezone.localdate()
    password = make_password(PASSWORD)
    partners = DeliveryPartner.objects.bulk_create(
        DeliveryPartner(name=f"Bench partner {n:02d}", caseload_cap=120)
        for n in range(PARTNERS)
    )
    users = []
    for partner in partners:
        n = partner.name[-2:]
        users.append(_user(f"manager{n}", Role.PARTNER_MANAGER, partner, password))
        users.append(_user(f"iwso{n}", Role.IN_WORK_SUPPORT_OFFICER, partner, password))
        users += [
            _user(f"kw{n}-{k}", Role.KEYWORKER, partner, password)
            for k in range(FRONTLINE_PER_PARTNER - 1)
        ]
    users.append(_user("programme", Role.PROGRAMME_MANAGER, None, password))
    User.objects.bulk_create(users)
    frontline = list(
        User.objects.filter(role__in=[Role.KEYWORKER, Role.IN_WORK_SUPPORT_OFFICER])
    )
    log(f"{len(users)} users", started)

    participants = [_participant(frontline, today) for _ in range(PARTICIPANTS)]
    Participant.objects.bulk_create(participants, batch_size=5000)
    KeyworkerAssignment.objects.bulk_create(
        (
            KeyworkerAssignment(participant=p, keyworker_id=p.keyworker_id)
            for p in Participant.objects.only("pk", "keyworker_id")
        ),
        batch_size=5000,
    )
    log(f"{PARTICIPANTS} participants", started)

    employers = Employer.objects.bulk_create(
        Employer(
            name=f"Bench employer {n}",
            sector=rng.choice(["Retail", "Hospitality", "Care", "Logistics"]),
            go_to_person=rng.choice(frontline),
        )
        for n in range(EMPLOYERS)
    )
    contact_users = User.objects.bulk_create(
        _user(f"employer{n}", Role.EMPLOYER_CONTACT, None, password) for n in range(50)
    )
    EmployerContact.objects.bulk_create(
        EmployerContact(employer=employers[n], user=user, name=user.username)
        for n, user in enumerate(contact_users)
    )
    in_work = Participant.objects.filter(pathway_stage=PathwayStage.IN_WORK)
    employments = Employment.objects.bulk_create(
        (_employment(p, rng.choice(employers), today) for p in in_work.iterator()),
        batch_size=5000,
    )
    EmploymentTerms.objects.bulk_create(
        (
            EmploymentTerms(
                employment=e,
                effective_from=e.start_date,
                hours_per_week=e.hours_per_week,
                hourly_pay=e.hourly_pay,
                contract_type=e.contract_type,
                recorded_by_id=e.created_by_id,
            )
            for e in employments
        ),
        batch_size=5000,
    )
    CheckIn.objects.bulk_create(
        (c for e in employments for c in _checkins(e, today)), batch_size=5000
    )
    log(f"{len(employments)} jobs with terms and check-ins", started)

    _generate_contacts(started)
    busy = Participant.objects.order_by("pk").first()
    _busy_participant(busy, started)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log("analyzed", started)
    return {"busy_participant": busy.pk, "seconds": round(time.monotonic() - started)}


def _user(username: str, role: Role, partner, password: str) -> User:
    return User(
        username=username,
        first_name=username.capitalize(),
        last_name="Bench",
        email=f"{username}@bench.example",
        role=role,
        delivery_partner=partner,
        password=password,
    )


def _participant(frontline: list[User], today: datetime.date) -> Participant:
    worker = rng.choice(frontline)
    start = today - datetime.timedelta(days=rng.randint(10, 1095))
    born = datetime.date(
        rng.randint(1960, 2008), rng.randint(1, 12), rng.randint(1, 28)
    )
    stage = rng.choices(
        [
            PathwayStage.ENGAGED,
            PathwayStage.JOB_SEARCH,
            PathwayStage.IN_WORK,
            PathwayStage.EXITED,
        ],
        weights=[25, 30, 33, 12],
    )[0]
    return Participant(
        delivery_partner_id=worker.delivery_partner_id,
        keyworker=worker,
        first_name=rng.choice(["Sam", "Alex", "Jo", "Kim", "Lee", "Ash", "Mo", "Ray"]),
        last_name=f"Bench{rng.randint(1, 99999):05d}",
        date_of_birth=born,
        postcode=f"LS{rng.randint(1, 29)} {rng.randint(1, 9)}AB",
        status_at_start=rng.choice(list(StatusAtStart.values)),
        programme_start=start,
        pathway_stage=stage,
        age_band=AgeBand.at(born, start),
        consent_given_on=start,
        consent_method="written",
        exit_date=start + datetime.timedelta(days=300)
        if stage == PathwayStage.EXITED
        else None,
    )


def _employment(participant, employer, today) -> Employment:
    start = today - datetime.timedelta(days=rng.randint(-7, 500))
    return Employment(
        participant_id=participant.pk,
        employer=employer,
        job_title=rng.choice(["Cleaner", "Porter", "Care assistant", "Barista"]),
        sector=employer.sector,
        hours_per_week=Decimal(rng.choice([16, 20, 24, 30, 37.5])),
        hourly_pay=Decimal("12.21"),
        contract_type=rng.choice([ContractType.PERMANENT, ContractType.ZERO_HOURS]),
        start_date=start,
        probation_end=start + datetime.timedelta(weeks=13),
        employer_may_know=rng.random() < 0.7,
        created_by_id=participant.keyworker_id,
    )


def _checkins(employment, today):
    plan = [
        (CheckInKind.FIRST_DAY, 0),
        (CheckInKind.PROBATION_END, 84),
        (CheckInKind.SIX_MONTHS, 182),
        (CheckInKind.TWELVE_MONTHS, 365),
    ]
    for kind, days in plan:
        due = employment.start_date + datetime.timedelta(days=days)
        past = due < today - datetime.timedelta(days=3)
        yield CheckIn(
            employment=employment,
            kind=kind,
            due_on=due,
            assigned_to_id=employment.created_by_id,
            status=CheckInStatus.DONE if past else CheckInStatus.PENDING,
            reminded_at=timezone.now() if past else None,
        )


def _generate_contacts(started: float) -> None:
    """Insert a million contacts, and their timeline lines, inside PostgreSQL."""
    bounds = Participant.objects.aggregate(first=Min("pk"), last=Max("pk"))
    first, span = bounds["first"], bounds["last"] - bounds["first"] + 1
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO caseload_contact
                (participant_id, worker_id, happened_at, channel, minutes, attendees,
                 topics, is_crisis, out_of_hours, notes, created_at)
            SELECT p.id, p.keyworker_id,
                   now() - (random() * 1095) * interval '1 day',
                   (ARRAY['phone','face_to_face','text','email','video'])[1 + g %% 5],
                   5 + (g %% 55), '["participant"]'::jsonb,
                   (ARRAY['["work"]','["money"]','["health"]','["housing"]'])
                       [1 + g %% 4]::jsonb,
                   g %% 997 = 0, g %% 10 = 0,
                   'Benchmark contact ' || g, now()
            FROM generate_series(1, %s) AS g
            JOIN caseload_participant p ON p.id = %s + (g::bigint * 7919) %% %s
            """,
            [CONTACTS, first, span],
        )
        log(f"{CONTACTS} contacts", started)
        _timeline_for_new_contacts(cursor)
        log("timeline lines for every contact", started)


def _timeline_for_new_contacts(cursor) -> None:
    cursor.execute(
        """
        INSERT INTO caseload_timelineentry
            (participant_id, occurred_at, kind, title, detail, url, contact_id,
             actor_id)
        SELECT c.participant_id, c.happened_at, 'contact',
               'Contact, ' || c.minutes || ' min', '',
               '/caseload/contacts/' || c.id || '/', c.id, c.worker_id
        FROM caseload_contact c
        LEFT JOIN caseload_timelineentry t ON t.contact_id = c.id
        WHERE t.id IS NULL
        """
    )


@transaction.atomic
def _busy_participant(participant, started: float) -> None:
    """Give one participant exactly 300 contacts: the participant-page target."""
    with connection.cursor() as cursor:
        for table in ("caseload_timelineentry", "caseload_contact"):
            cursor.execute(
                f"DELETE FROM {table} WHERE participant_id = %s",  # noqa: S608
                [participant.pk],
            )
        cursor.execute(
            """
            INSERT INTO caseload_contact
                (participant_id, worker_id, happened_at, channel, minutes, attendees,
                 topics, is_crisis, out_of_hours, notes, created_at)
            SELECT %s, %s, now() - g * interval '3 days', 'phone', 20,
                   '["participant"]'::jsonb, '["work"]'::jsonb, false, false,
                   'Busy participant contact ' || g, now()
            FROM generate_series(1, %s) AS g
            """,
            [participant.pk, participant.keyworker_id, BUSY_PARTICIPANT_CONTACTS],
        )
        _timeline_for_new_contacts(cursor)
    log(
        f"participant {participant.pk} has {BUSY_PARTICIPANT_CONTACTS} contacts",
        started,
    )


if __name__ == "__main__":
    if connection.vendor != "postgresql":
        sys.exit("make bench runs on PostgreSQL: set DATABASE_URL.")
    print(seed())
