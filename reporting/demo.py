"""Two years of plausible programme history, so the dashboards look real.

Runs last in seed_demo, after every app has seeded its own demo records. Rows go
in with bulk_create (thousands of contacts in a second or two) rather than
through services: this is history, not new work, so no reminders, notifications
or escalations are due for it. A marker on the participants makes it idempotent.
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from caseload.models import (
    AgeBand,
    Channel,
    ConcernStatus,
    Contact,
    Disability,
    EntryKind,
    ExitOutcome,
    Gender,
    KeyworkerAssignment,
    Outcome,
    OutcomeKind,
    Participant,
    PathwayStage,
    SafeguardingConcern,
    StatusAtStart,
    TimelineEntry,
    Topic,
)
from employers.models import Employer
from inwork_support.models import (
    CheckIn,
    CheckInKind,
    CheckInStatus,
    ContractType,
    Employment,
    EmploymentTerms,
    InWorkContact,
    PracticalSupport,
    SupportItem,
)

from .metrics.programme import add_months

HISTORY_MARKER = "Demo history: generated record"
PER_PARTNER = 150
DAYS = 730
TEAMS = {  # partner's keyworkers, and its in-work support officer if any
    "Northside Futures": (["keyworker1", "keyworker2"], "iwso1"),
    "Riverside Works": (["keyworker3", "keyworker4"], None),
}
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


@dataclass
class Batch:
    """Rows waiting for bulk_create, in the order their foreign keys need."""

    contacts: list = field(default_factory=list)
    checkins: list = field(default_factory=list)
    in_work: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    support: list = field(default_factory=list)
    outcomes: list = field(default_factory=list)
    concerns: list = field(default_factory=list)
    with_iwso: list = field(default_factory=list)  # participant pks


def seed_history(*, staff: dict[str, User], today: datetime.date) -> int:
    """Create two years of history for the demo partners, once; return people made."""
    if Participant.objects.filter(eligibility_evidence=HISTORY_MARKER).exists():
        return 0
    rng = random.Random(6)  # noqa: S311 (demo data, not security)
    employers = list(Employer.objects.order_by("pk")[:6])
    if not employers:
        return 0
    made = 0
    for keyworker_names, iwso_name in TEAMS.values():
        workers = [staff[name] for name in keyworker_names if name in staff]
        if not workers:
            continue
        iwso = staff.get(iwso_name) if iwso_name else None
        made += _seed_partner(rng, workers, iwso, employers, today, made)
    return made


def _at(
    day: datetime.date, rng: random.Random, late: bool = False
) -> datetime.datetime:
    """Return a moment on `day`: office hours, or the evening when `late`."""
    if day.weekday() >= 5:  # weekend: the Friday before
        day -= datetime.timedelta(days=day.weekday() - 4)
    hour = rng.choice([18, 19, 20]) if late else rng.randint(9, 16)
    moment = datetime.datetime.combine(day, datetime.time(hour, rng.choice([0, 30])))
    return min(
        timezone.make_aware(moment), timezone.now() - datetime.timedelta(hours=1)
    )


def _seed_partner(rng, workers, iwso, employers, today, first_index) -> int:
    people = Participant.objects.bulk_create(
        [_person(rng, workers, first_index + i, today) for i in range(PER_PARTNER)]
    )
    assignments = []
    for person in people:
        assignments += _assignments(rng, person, workers)
    KeyworkerAssignment.objects.bulk_create(assignments)
    jobs = Employment.objects.bulk_create(
        [job for person in people if (job := _job(rng, person, employers, today))]
    )
    _update_stages(jobs)
    batch = Batch()
    for person in people:
        _contacts(rng, batch, person, today)
        _person_outcomes(rng, batch, person)
    for job in jobs:
        _in_work(rng, batch, job, iwso, today)
    Contact.objects.bulk_create([c for c, _ in batch.contacts])
    TimelineEntry.objects.bulk_create(
        TimelineEntry(
            participant_id=c.participant_id,
            occurred_at=c.happened_at,
            kind=EntryKind.CONTACT,
            title=f"{c.get_channel_display()} contact, {c.minutes} min",
            actor_id=c.worker_id,
            contact=c,
            url=c.get_absolute_url(),
        )
        for c, _ in batch.contacts
    )
    CheckIn.objects.bulk_create(batch.checkins)
    InWorkContact.objects.bulk_create(batch.in_work)
    EmploymentTerms.objects.bulk_create(batch.terms)
    PracticalSupport.objects.bulk_create(batch.support)
    Outcome.objects.bulk_create(batch.outcomes)
    SafeguardingConcern.objects.bulk_create(batch.concerns)
    if iwso:
        Participant.objects.filter(pk__in=batch.with_iwso).update(
            in_work_support_officer=iwso
        )
    return len(people)


def _update_stages(jobs: list[Employment]) -> None:
    """Put people with a job in work, and give leavers who worked their outcome."""
    current = [job.participant_id for job in jobs if job.ended_on is None]
    Participant.objects.filter(
        pk__in=current, pathway_stage=PathwayStage.JOB_SEARCH
    ).update(pathway_stage=PathwayStage.IN_WORK)
    worked = [job.participant_id for job in jobs]
    for status, outcome in (
        (StatusAtStart.UNEMPLOYED, ExitOutcome.UNEMPLOYED_TO_EMPLOYED),
        (StatusAtStart.INACTIVE, ExitOutcome.INACTIVE_TO_EMPLOYED),
    ):
        Participant.objects.filter(
            pk__in=worked, status_at_start=status, pathway_stage=PathwayStage.EXITED
        ).update(exit_outcome=outcome)


def _person(rng, workers, i, today) -> Participant:
    start = today - datetime.timedelta(days=rng.randint(20, DAYS))
    born = datetime.date(today.year - rng.randint(17, 60), rng.randint(1, 12), 15)
    status = rng.choices(
        [StatusAtStart.UNEMPLOYED, StatusAtStart.INACTIVE, StatusAtStart.OTHER],
        [55, 35, 10],
    )[0]
    exit_date = None
    if (today - start).days > 300 and rng.random() < 0.7:
        exit_date = min(start + datetime.timedelta(days=rng.randint(270, 540)), today)
    first, last = FIRST.split(), LAST.split()
    return Participant(
        delivery_partner_id=workers[0].delivery_partner_id,
        keyworker=rng.choice(workers),
        first_name=first[i % len(first)],
        # 20 first names by 16 last names: a distinct name for each of 300 people.
        last_name=last[(i // len(first)) % len(last)],
        date_of_birth=born,
        status_at_start=status,
        eligibility_evidence=HISTORY_MARKER,
        programme_start=start,
        pathway_stage=PathwayStage.EXITED if exit_date else PathwayStage.JOB_SEARCH,
        exit_date=exit_date,
        exit_outcome=ExitOutcome.OTHER if exit_date else "",
        consent_given_on=start,
        consent_method="written",
        gender=rng.choices(
            [Gender.FEMALE, Gender.MALE, Gender.NON_BINARY, Gender.PREFER_NOT_TO_SAY],
            [46, 46, 3, 5],
        )[0],
        age_band=AgeBand.at(born, start),
        disability=rng.choices(
            [Disability.YES, Disability.NO, Disability.PREFER_NOT_TO_SAY], [30, 60, 10]
        )[0],
    )


def _assignments(rng, person, workers) -> list[KeyworkerAssignment]:
    """Return 1 to 3 keyworkers over time, the last being the current keyworker."""
    changes = rng.choices([0, 1, 2], [75, 20, 5])[0]
    chain = [rng.choice(workers) for _ in range(changes)] + [person.keyworker]
    begin = timezone.make_aware(
        datetime.datetime.combine(person.programme_start, datetime.time(9))
    )
    rows = []
    for n, worker in enumerate(chain):
        end = begin + datetime.timedelta(days=60) if n < len(chain) - 1 else None
        rows.append(
            KeyworkerAssignment(
                participant=person, keyworker=worker, started_at=begin, ended_at=end
            )
        )
        begin = end
    return rows


def _end_of(person, today) -> datetime.date:
    return person.exit_date or today


def _job(rng, person, employers, today) -> Employment | None:
    if person.status_at_start == StatusAtStart.OTHER or rng.random() < 0.45:
        return None
    start = person.programme_start + datetime.timedelta(days=rng.randint(40, 200))
    if start >= _end_of(person, today):
        return None
    supported = rng.random() < 0.75
    # Support makes the difference the evaluations found: fewer early leavers.
    lasts = rng.randint(1, 900) * (1.0 if supported else 0.5)
    ended = start + datetime.timedelta(days=int(lasts))
    ended = ended if ended < today else None
    contract = rng.choices([c for c, _ in CONTRACTS], [w for _, w in CONTRACTS])[0]
    employer = rng.choice(employers)

    def milestone(months: int) -> bool | None:
        due = add_months(start, months)
        if ended is not None and ended < due:
            return False
        return True if due <= today else None

    job = Employment(
        participant=person,
        employer=employer,
        job_title=rng.choice(
            ["Kitchen porter", "Care assistant", "Warehouse operative"]
        ),
        sector=employer.sector,
        hours_per_week=Decimal(rng.choice([12, 16, 20, 25, 30, 37])),
        hourly_pay=Decimal("12.21") + Decimal(rng.randint(0, 150)) / 100,
        contract_type=contract,
        start_date=start,
        fixed_term_end=add_months(start, 12)
        if contract == ContractType.FIXED_TERM
        else None,
        probation_end=start + datetime.timedelta(weeks=13),
        ended_on=ended,
        end_reason="resigned" if ended else "",
        employer_may_know=supported,
        reached_six_months=milestone(6),
        reached_twelve_months=milestone(12),
        created_by=person.keyworker,
    )
    job.demo_supported = supported
    return job


def _contacts(rng, batch, person, today) -> None:
    """Add a contact every one to three weeks while the person is on the programme."""
    day, end = person.programme_start, _end_of(person, today)
    while day <= end:
        late, crisis = rng.random() < 0.08, rng.random() < 0.02
        contact = Contact(
            participant=person,
            worker=person.keyworker,
            happened_at=_at(day, rng, late),
            channel=rng.choice(CHANNELS),
            minutes=rng.choice([15, 20, 30, 45, 60]),
            topics=[Topic.CRISIS] if crisis else [Topic.NON_WORK],
            is_crisis=crisis,
            out_of_hours=late,
        )
        batch.contacts.append((contact, None))
        if crisis:
            recent = (today - day).days < 30
            batch.concerns.append(
                SafeguardingConcern(
                    participant=person,
                    contact=contact,
                    raised_by=person.keyworker,
                    raised_at=contact.happened_at,
                    summary="Crisis reported at a contact.",
                    status=ConcernStatus.OPEN if recent else ConcernStatus.CLOSED,
                    closed_at=None if recent else contact.happened_at,
                )
            )
        day += datetime.timedelta(days=rng.choice([7, 14, 21]))


def _person_outcomes(rng, batch, person) -> None:
    if rng.random() < 0.12:
        kind = rng.choice([OutcomeKind.EDUCATION_TRAINING, OutcomeKind.JOB_SEARCH])
        batch.outcomes.append(
            Outcome(
                participant=person,
                kind=kind,
                achieved_on=person.programme_start + datetime.timedelta(days=90),
                key=f"history:{person.pk}:{kind}",
            )
        )


def _in_work(rng, batch, job, iwso, today) -> None:
    """Add the job's terms, outcomes, and, when supported, its check-ins and help."""
    person, last_day = job.participant, min(job.ended_on or today, today)
    batch.terms.append(_terms(job, job.start_date, job.hours_per_week, job.hourly_pay))
    if (last_day - job.start_date).days > 120 and rng.random() < 0.35:
        better = _terms(
            job,
            job.start_date + datetime.timedelta(days=100),
            job.hours_per_week + 8,
            job.hourly_pay + Decimal("0.50"),
        )
        better.contract_type = ContractType.PERMANENT
        batch.terms.append(better)
    batch.outcomes.append(
        Outcome(
            participant=person,
            kind=OutcomeKind.JOB_ENTRY,
            achieved_on=job.start_date,
            key=f"history:{job.pk}:job",
        )
    )
    if not job.demo_supported:
        return
    worker = iwso if iwso and rng.random() < 0.5 else person.keyworker
    if worker == iwso:
        batch.with_iwso.append(person.pk)
    if rng.random() < 0.4:
        batch.support.append(
            PracticalSupport(
                employment=job,
                item=rng.choice([SupportItem.TRAVEL_ADVANCE, SupportItem.CLOTHES]),
                amount=Decimal(rng.choice([30, 45, 60, 80, 120])),
                given_on=job.start_date,
                approved_by=person.keyworker,
            )
        )
    schedule = [(CheckInKind.FIRST_DAY, 0, job.start_date)]
    schedule += [
        (CheckInKind.REGULAR, n, add_months(job.start_date, n)) for n in range(1, 12)
    ]
    for kind, sequence, due in schedule:
        if job.ended_on and due > job.ended_on:
            break
        batch.checkins.append(
            _checkin(rng, batch, job, worker, kind, sequence, due, today)
        )


def _terms(job, effective_from, hours, pay) -> EmploymentTerms:
    return EmploymentTerms(
        employment=job,
        effective_from=effective_from,
        hours_per_week=hours,
        hourly_pay=pay,
        contract_type=job.contract_type,
        recorded_by=job.created_by,
    )


def _checkin(rng, batch, job, worker, kind, sequence, due, today) -> CheckIn:
    checkin = CheckIn(
        employment=job, kind=kind, sequence=sequence, due_on=due, assigned_to=worker
    )
    if due > today:
        return checkin
    if rng.random() < 0.12:
        if (today - due).days > 7:
            checkin.status = CheckInStatus.MISSED
        return checkin
    done = min(due + datetime.timedelta(days=rng.choice([0, 0, 0, 1, 2, 6])), today)
    contact = Contact(
        participant=job.participant,
        worker=worker,
        happened_at=_at(done, rng),
        channel=rng.choice(CHANNELS),
        minutes=rng.choice([15, 20, 30, 45]),
        topics=[Topic.WORK],
    )
    batch.contacts.append((contact, checkin))
    if rng.random() < 0.5:
        batch.in_work.append(
            InWorkContact(
                contact=contact, employment=job, how_is_it_going="Going well."
            )
        )
    checkin.status = CheckInStatus.DONE
    checkin.completed_contact = contact
    checkin.closed_at = contact.happened_at
    return checkin
