"""Build a synthetic programme at scale in PostgreSQL for `make bench`.

20 partners, 200 workers, 20,000 participants (a third in work), 1,000,000 contacts
over three years, and one participant with 300 contacts. Small tables use
bulk_create; the million-row tables, and every record that follows from a job, a
check-in or an exit, are generated inside PostgreSQL with set-based inserts, which
is far faster than sending rows from Python or calling the services per record.

The rows are the ones the services would have written, so `manage.py
check_records` finds nothing: a stage move on the timeline for every stage, a
job-entry outcome for every job, check-ins due on calendar months, each done
check-in closed by a contact with its sustained outcome, and each exit with its
outcome and timeline line.

`--scale 0.01` (or BENCH_SCALE=0.01) builds a hundredth of it, for tests.
"""

import argparse
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

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max, Min  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import DeliveryPartner, Role, User  # noqa: E402
from caseload.models import (  # noqa: E402
    AgeBand,
    ConfirmedBy,
    EntryKind,
    ExitOutcome,
    KeyworkerAssignment,
    OutcomeKind,
    OutcomeSource,
    Participant,
    PathwayStage,
    StatusAtStart,
)
from caseload.services.outcomes import EXIT_PROGRESS, JOB_SOURCES  # noqa: E402
from employers.models import Employer, EmployerContact  # noqa: E402
from inwork_support import dates  # noqa: E402
from inwork_support.models import (  # noqa: E402
    CheckIn,
    CheckInKind,
    CheckInStatus,
    ContractType,
    Employment,
    EmploymentTerms,
)
from inwork_support.services.support_days import rebuild_support_days  # noqa: E402

FRONTLINE_PER_PARTNER = 9  # 8 keyworkers and 1 in-work support officer
PASSWORD = "bench-keywork-password"  # noqa: S105 - a throwaway benchmark database
BUSY_PARTICIPANT_CONTACTS = 300

rng = random.Random(20261124)  # noqa: S311 - repeatable data, not secrets


class Size:
    """How much to build: the full benchmark at scale 1."""

    def __init__(self, scale: float = 1.0) -> None:
        self.partners = max(2, round(20 * scale))
        self.participants = max(50, round(20_000 * scale))
        self.contacts = max(1_000, round(1_000_000 * scale))
        self.employers = max(5, round(1_000 * scale))
        self.employer_contacts = min(50, self.employers)


def log(message: str, started: float) -> None:
    print(f"  {message} ({time.monotonic() - started:.1f} s)", flush=True)


def seed(scale: float = 1.0) -> dict:
    size = Size(scale)
    rng.seed(20261124)
    started = time.monotonic()
    today = timezone.localdate()
    password = make_password(PASSWORD)
    partners = DeliveryPartner.objects.bulk_create(
        DeliveryPartner(name=f"Bench partner {n:02d}", caseload_cap=120)
        for n in range(size.partners)
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
        User.objects.filter(
            role__in=[Role.KEYWORKER, Role.IN_WORK_SUPPORT_OFFICER],
            delivery_partner__in=partners,
        )
    )
    log(f"{len(users)} users", started)

    participants = [_participant(frontline, today) for _ in range(size.participants)]
    # The busy participant (the first) has contacts only: no job to complete
    # check-ins with the contacts it loses.
    participants[0].pathway_stage = PathwayStage.ENGAGED
    participants[0].exit_date = None
    Participant.objects.bulk_create(participants, batch_size=5000)
    KeyworkerAssignment.objects.bulk_create(
        (
            KeyworkerAssignment(
                participant=p,
                keyworker_id=p.keyworker_id,
                started_at=_moment(p.programme_start, 9),
            )
            for p in participants
        ),
        batch_size=5000,
    )
    log(f"{size.participants} participants", started)

    employers = Employer.objects.bulk_create(
        Employer(
            name=f"Bench employer {n}",
            sector=rng.choice(["Retail", "Hospitality", "Care", "Logistics"]),
            go_to_person=rng.choice(frontline),
        )
        for n in range(size.employers)
    )
    contact_users = User.objects.bulk_create(
        _user(f"employer{n}", Role.EMPLOYER_CONTACT, None, password)
        for n in range(size.employer_contacts)
    )
    EmployerContact.objects.bulk_create(
        EmployerContact(employer=employers[n], user=user, name=user.username)
        for n, user in enumerate(contact_users)
    )
    in_work = [p for p in participants if p.pathway_stage == PathwayStage.IN_WORK]
    employments = Employment.objects.bulk_create(
        (_employment(p, rng.choice(employers), today) for p in in_work),
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
                note="Job start",
            )
            for e in employments
        ),
        batch_size=5000,
    )
    CheckIn.objects.bulk_create(
        (c for e in employments for c in _checkins(e, today)), batch_size=5000
    )
    log(f"{len(employments)} jobs with terms and check-ins", started)

    with connection.cursor() as cursor:
        _not_yet_started(cursor, today)
        done = _complete_past_checkins(cursor)
        _job_records(cursor)
        _stage_moves(cursor)
        _exits(cursor)
    log(f"{done} check-ins done by a contact; outcomes and stage moves", started)

    _generate_contacts(size.contacts - done, started)
    busy = Participant.objects.order_by("pk").first()
    _busy_participant(busy, started)
    # The contacts went in by SQL: the figures' roll-up is built from them by
    # the same function check_records compares it with.
    log(f"{rebuild_support_days()} participant-days of in-work support", started)
    # A production server's autovacuum would have visited these tables by now;
    # this machine's runs with it off. Without the visibility map every index
    # scan goes back to the table for each row, which no live system pays.
    # (A test's transaction cannot vacuum, so there it only analyzes.)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
    log("vacuumed and analyzed", started)
    return {"busy_participant": busy.pk, "seconds": round(time.monotonic() - started)}


def _moment(day: datetime.date, hour: int) -> datetime.datetime:
    """Return `hour` o'clock in London on `day`."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


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
    exited = stage == PathwayStage.EXITED
    on_programme = (today - start).days
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
        # An exit up to 300 days after the start, never after today.
        exit_date=start
        + datetime.timedelta(days=rng.randint(1, min(300, on_programme)))
        if exited
        else None,
        exit_outcome=rng.choice(list(ExitOutcome.values)) if exited else "",
        exit_reason="Left the programme (benchmark)" if exited else "",
    )


def _employment(participant: Participant, employer, today) -> Employment:
    # Up to 500 days ago, never before the programme start; a few start next week.
    on_programme = (today - participant.programme_start).days
    start = today - datetime.timedelta(days=rng.randint(-7, min(500, on_programme)))
    return Employment(
        participant_id=participant.pk,
        employer=employer,
        job_title=rng.choice(["Cleaner", "Porter", "Care assistant", "Barista"]),
        sector=employer.sector,
        hours_per_week=Decimal(rng.choice([16, 20, 24, 30, 37.5])),
        hourly_pay=Decimal("12.21"),
        contract_type=rng.choice([ContractType.PERMANENT, ContractType.ZERO_HOURS]),
        start_date=start,
        probation_end=dates.default_probation_end(start),
        employer_may_know=rng.random() < 0.7,
        created_by_id=participant.keyworker_id,
    )


def _checkins(employment: Employment, today: datetime.date):
    """Yield the job's milestone check-ins, due when the schedule makes them."""
    start = employment.start_date
    plan = [
        (CheckInKind.FIRST_DAY, start),
        (
            CheckInKind.PROBATION_END,
            max(start, employment.probation_end - dates.PROBATION_CHECK_BEFORE),
        ),
        (CheckInKind.SIX_MONTHS, dates.add_months(start, 6)),
        (CheckInKind.TWELVE_MONTHS, dates.add_months(start, 12)),
    ]
    for kind, due in plan:
        past = due < today - datetime.timedelta(days=3)
        yield CheckIn(
            employment=employment,
            kind=kind,
            due_on=due,
            assigned_to_id=employment.created_by_id,
            # Done ones are closed by a contact in _complete_past_checkins.
            status=CheckInStatus.DONE if past else CheckInStatus.PENDING,
            reminded_at=_moment(due, 8) if past else None,
        )


def _labels(choices) -> list[list[str]]:
    """Return [values, labels] of choices, for unnest() in SQL."""
    return [[value for value, _ in choices], [label for _, label in choices]]


def _job_url() -> str:
    """Return a job page's address with {} where the id goes."""
    return reverse("inwork_support:employment-detail", args=[987654321]).replace(
        "987654321", "{}"
    )


def _not_yet_started(cursor, today: datetime.date) -> None:
    """A job recorded ahead of its first day moves nobody yet: still job search."""
    cursor.execute(
        """
        UPDATE caseload_participant p SET pathway_stage = %s
        FROM inwork_support_employment e
        WHERE e.participant_id = p.id AND e.start_date > %s
        """,
        [PathwayStage.JOB_SEARCH, today],
    )


def _complete_past_checkins(cursor) -> int:
    """Close each done check-in with the in-work contact that did it, as
    inwork_support's complete_checkin does: contact, closing time, the sustained
    outcome and flag of a six- or twelve-month one, and a timeline line.
    """
    cursor.execute(
        """
        INSERT INTO caseload_contact
            (participant_id, worker_id, happened_at, channel, minutes, attendees,
             topics, is_crisis, out_of_hours, notes, created_at)
        SELECT e.participant_id, c.assigned_to_id,
               (c.due_on + time '11:00') AT TIME ZONE %s, 'phone', 20,
               '["participant"]'::jsonb, '["work"]'::jsonb, false, false,
               'Benchmark check-in ' || c.id, now()
        FROM inwork_support_checkin c
        JOIN inwork_support_employment e ON e.id = c.employment_id
        WHERE c.status = %s
        ORDER BY c.id
        """,
        [settings.TIME_ZONE, CheckInStatus.DONE],
    )
    done = cursor.rowcount
    cursor.execute(
        """
        UPDATE inwork_support_checkin c
        SET completed_contact_id = k.id, closed_at = k.happened_at
        FROM caseload_contact k
        WHERE k.notes = 'Benchmark check-in ' || c.id AND c.status = %s
        """,
        [CheckInStatus.DONE],
    )
    cursor.execute(
        """
        INSERT INTO inwork_support_inworkcontact
            (contact_id, employment_id, how_is_it_going, changes, anything_else,
             needs_and_problems, actions_and_timescales)
        SELECT c.completed_contact_id, c.employment_id, 'Going well.', '', '', '', ''
        FROM inwork_support_checkin c
        WHERE c.completed_contact_id IS NOT NULL
        """
    )
    kinds, labels = _labels(CheckInKind.choices)
    cursor.execute(
        """
        INSERT INTO caseload_timelineentry
            (participant_id, occurred_at, kind, title, detail, url, actor_id, key)
        SELECT e.participant_id, c.closed_at, %s, k.label || ' check-in done', '',
               replace(%s, '{}', e.id::text), c.assigned_to_id,
               'checkin:' || c.id || ':done'
        FROM inwork_support_checkin c
        JOIN inwork_support_employment e ON e.id = c.employment_id
        JOIN unnest(%s::text[], %s::text[]) AS k(kind, label) ON k.kind = c.kind
        WHERE c.status = %s
        """,
        [EntryKind.CHECK_IN, _job_url(), kinds, labels, CheckInStatus.DONE],
    )
    for kind, outcome, flag in (
        (CheckInKind.SIX_MONTHS, OutcomeKind.SUSTAINED_6, "reached_six_months"),
        (CheckInKind.TWELVE_MONTHS, OutcomeKind.SUSTAINED_12, "reached_twelve_months"),
    ):
        cursor.execute(
            """
            INSERT INTO caseload_outcome
                (participant_id, kind, achieved_on, confirmed_by, note, what,
                 evidence, source, key, recorded_by_id, recorded_at)
            SELECT e.participant_id, %s, c.due_on, %s,
                   e.job_title || ' at ' || m.name, '', '', %s,
                   'employment:' || e.id || ':' || %s, c.assigned_to_id, c.closed_at
            FROM inwork_support_checkin c
            JOIN inwork_support_employment e ON e.id = c.employment_id
            JOIN employers_employer m ON m.id = e.employer_id
            WHERE c.kind = %s AND c.status = %s
            """,
            [
                outcome,
                ConfirmedBy.PARTICIPANT,
                JOB_SOURCES[outcome],
                outcome,
                kind,
                CheckInStatus.DONE,
            ],
        )
        cursor.execute(
            f"""
            UPDATE inwork_support_employment e SET {flag} = true
            FROM inwork_support_checkin c
            WHERE c.employment_id = e.id AND c.kind = %s AND c.status = %s
            """,  # noqa: S608 - the flag is one of two field names above
            [kind, CheckInStatus.DONE],
        )
    return done


def _job_records(cursor) -> None:
    """Each job's job-entry outcome and its "Job start" timeline line."""
    cursor.execute(
        """
        INSERT INTO caseload_outcome
            (participant_id, kind, achieved_on, confirmed_by, note, what, evidence,
             source, key, recorded_by_id, recorded_at)
        SELECT e.participant_id, %s, e.start_date, '', e.job_title || ' at ' || m.name,
               '', '', %s, 'employment:' || e.id || ':' || %s, e.created_by_id,
               LEAST(now(), (e.start_date + time '09:00') AT TIME ZONE %s)
        FROM inwork_support_employment e
        JOIN employers_employer m ON m.id = e.employer_id
        """,
        [
            OutcomeKind.JOB_ENTRY,
            JOB_SOURCES[OutcomeKind.JOB_ENTRY],
            OutcomeKind.JOB_ENTRY,
            settings.TIME_ZONE,
        ],
    )
    cursor.execute(
        """
        INSERT INTO caseload_timelineentry
            (participant_id, occurred_at, kind, title, detail, url, actor_id)
        SELECT e.participant_id,
               LEAST(now(), (e.start_date + time '09:00') AT TIME ZONE %s), %s,
               'Job start: ' || e.job_title || ' at ' || m.name, '',
               replace(%s, '{}', e.id::text), e.created_by_id
        FROM inwork_support_employment e
        JOIN employers_employer m ON m.id = e.employer_id
        ORDER BY e.id
        """,
        [settings.TIME_ZONE, EntryKind.JOB, _job_url()],
    )


def _stage_moves(cursor) -> None:
    """Say each stage move on the timeline as caseload's services do.

    In work: the pathway service's move when the job started. Job search: the
    participant form's move, a week after the start (or today).
    """
    cursor.execute(
        """
        INSERT INTO caseload_timelineentry
            (participant_id, occurred_at, kind, title, detail, url, actor_id)
        SELECT p.id, LEAST(now(), (e.start_date + time '09:00') AT TIME ZONE %s),
               %s, 'Stage: ' || %s || ' to ' || %s,
               'A job started on ' || to_char(e.start_date, 'FMDD Mon YYYY') || '.',
               '', e.created_by_id
        FROM caseload_participant p
        JOIN inwork_support_employment e ON e.participant_id = p.id
        WHERE p.pathway_stage = %s
        ORDER BY p.id
        """,
        [
            settings.TIME_ZONE,
            EntryKind.JOB,
            PathwayStage.ENGAGED.label,
            PathwayStage.IN_WORK.label,
            PathwayStage.IN_WORK,
        ],
    )
    cursor.execute(
        """
        INSERT INTO caseload_timelineentry
            (participant_id, occurred_at, kind, title, detail, url, actor_id)
        SELECT p.id,
               LEAST(now(), (p.programme_start + 7 + time '10:00') AT TIME ZONE %s),
               %s, 'Stage: ' || %s || ' to ' || %s, '', '', p.keyworker_id
        FROM caseload_participant p
        WHERE p.pathway_stage = %s
        ORDER BY p.id
        """,
        [
            settings.TIME_ZONE,
            EntryKind.ASSIGNMENT,
            PathwayStage.ENGAGED.label,
            PathwayStage.JOB_SEARCH.label,
            PathwayStage.JOB_SEARCH,
        ],
    )


def _exits(cursor) -> None:
    """Each exit's outcome and timeline line, as caseload's exit_participant writes."""
    values, labels = _labels(ExitOutcome.choices)
    cursor.execute(
        """
        INSERT INTO caseload_outcome
            (participant_id, kind, achieved_on, confirmed_by, note, what, evidence,
             source, key, recorded_by_id, recorded_at)
        SELECT p.id, %s, p.exit_date, '', TRIM(o.label || '. ' || p.exit_reason),
               o.label, '', %s, 'exit:' || p.id, p.keyworker_id,
               (p.exit_date + time '12:00') AT TIME ZONE %s
        FROM caseload_participant p
        JOIN unnest(%s::text[], %s::text[]) AS o(value, label)
            ON o.value = p.exit_outcome
        WHERE p.pathway_stage = %s
        """,
        [
            OutcomeKind.EXIT,
            OutcomeSource.EXIT,
            settings.TIME_ZONE,
            values,
            labels,
            PathwayStage.EXITED,
        ],
    )
    # What the exit form says they left to is an outcome of its own.
    progress = [
        [str(k) for k in EXIT_PROGRESS],
        [str(v) for v in EXIT_PROGRESS.values()],
    ]
    cursor.execute(
        """
        INSERT INTO caseload_outcome
            (participant_id, kind, achieved_on, confirmed_by, note, what, evidence,
             source, key, recorded_by_id, recorded_at)
        SELECT p.id, k.kind, p.exit_date, '', '', o.label, p.exit_reason, %s,
               'exit:' || p.id || ':' || k.kind, p.keyworker_id,
               (p.exit_date + time '12:00') AT TIME ZONE %s
        FROM caseload_participant p
        JOIN unnest(%s::text[], %s::text[]) AS o(value, label)
            ON o.value = p.exit_outcome
        JOIN unnest(%s::text[], %s::text[]) AS k(exit_outcome, kind)
            ON k.exit_outcome = p.exit_outcome
        WHERE p.pathway_stage = %s
        """,
        [
            OutcomeSource.EXIT,
            settings.TIME_ZONE,
            values,
            labels,
            *progress,
            PathwayStage.EXITED,
        ],
    )
    cursor.execute(
        """
        INSERT INTO caseload_timelineentry
            (participant_id, occurred_at, kind, title, detail, url, actor_id)
        SELECT p.id, (p.exit_date + time '12:00') AT TIME ZONE %s, %s,
               'Exited: ' || o.label, p.exit_reason, '', p.keyworker_id
        FROM caseload_participant p
        JOIN unnest(%s::text[], %s::text[]) AS o(value, label)
            ON o.value = p.exit_outcome
        WHERE p.pathway_stage = %s
        ORDER BY p.id
        """,
        [settings.TIME_ZONE, EntryKind.EXIT, values, labels, PathwayStage.EXITED],
    )


def _generate_contacts(count: int, started: float) -> None:
    """Insert the rest of the contacts, and every contact's timeline line."""
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
            [count, first, span],
        )
        log(f"{count} more contacts", started)
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
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scale",
        type=float,
        default=float(os.environ.get("BENCH_SCALE", "1")),
        help="1 is the full benchmark (the default, or BENCH_SCALE); 0.01 a hundredth",
    )
    arguments = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("make bench runs on PostgreSQL: set DATABASE_URL.")
    print(seed(arguments.scale))
