"""What the demo's people do, one act per event, each through a service.

An act runs with the clock at its moment (see clock.py). Acts take a `Person`,
filled in when the participant is registered, because a later act is queued
before the participant exists; each act reads the participant afresh, so it
sees what earlier acts changed (stage, version, keyworker).
"""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from accounts.models import User
from caseload import services as caseload_services
from caseload.models import (
    Attendee,
    ConcernStatus,
    Participant,
    PathwayStage,
    Topic,
)
from employers.models import Employer
from inwork_support import services as inwork_services
from inwork_support.models import CheckIn, CheckInStatus, Employment

from .clock import Script, at

KEYS = uuid.UUID("5d3c8a4e-0b7e-4f3e-9a51-2f6d8c1b7a90")


@dataclass
class Person:
    """One participant's storyline: their details now, their record once made."""

    details: dict[str, Any]
    keyworker: User
    pk: int | None = None
    jobs: list[int] = field(default_factory=list)

    def get(self) -> Participant:
        return Participant.objects.select_related(
            "keyworker", "in_work_support_officer"
        ).get(pk=self.pk)


def register(person: Person, *, by: User) -> None:
    participant = caseload_services.register_participant(
        registered_by=by, keyworker=person.keyworker, **person.details
    )
    person.pk = participant.pk


def move_stage(person: Person, stage: str, *, by: User) -> None:
    """The keyworker moves the stage on the participant's edit form."""
    participant = person.get()
    if participant.pathway_stage == stage:
        return
    caseload_services.update_participant(
        participant=participant,
        edited_by=by,
        version=participant.version,
        pathway_stage=stage,
    )


def set_officer(person: Person, officer: User | None, *, by: User) -> None:
    """Name (or clear) the in-work support officer on the edit form."""
    participant = person.get()
    if participant.in_work_support_officer_id == getattr(officer, "pk", None):
        return
    caseload_services.update_participant(
        participant=participant,
        edited_by=by,
        version=participant.version,
        in_work_support_officer=officer,
    )


def reassign(person: Person, keyworker: User, *, by: User, reason: str) -> None:
    participant = person.get()
    if participant.keyworker_id != keyworker.pk:
        caseload_services.reassign_keyworker(
            participant=participant,
            new_keyworker=keyworker,
            assigned_by=by,
            reason=reason,
            version=participant.version,
        )


def contact(
    person: Person,
    *,
    channel: str,
    minutes: int,
    topics: list[str],
    notes: str = "",
    actions: list[tuple[str, datetime.date]] = (),
    key: str,
) -> None:
    """The keyworker logs a contact (a crisis opens a safeguarding concern)."""
    participant = person.get()
    caseload_services.log_contact(
        participant=participant,
        worker=participant.keyworker,
        happened_at=timezone.now(),
        channel=channel,
        minutes=minutes,
        topics=topics,
        attendees=[Attendee.PARTICIPANT],
        notes=notes,
        actions=list(actions),
        submission_key=uuid.uuid5(KEYS, key),
    )


def complete_actions_due(person: Person) -> None:
    """The keyworker ticks off their open actions that were due by today."""
    participant = person.get()
    for action in participant.actions.open().filter(due_on__lte=timezone.localdate()):
        caseload_services.complete_action(action=action, done_by=participant.keyworker)


def close_concerns(person: Person, *, by: User) -> None:
    """A manager closes the participant's open safeguarding concerns."""
    for concern in person.get().safeguarding_concerns.filter(status=ConcernStatus.OPEN):
        caseload_services.close_safeguarding_concern(
            concern=concern,
            closed_by=by,
            closing_note="Spoke with the keyworker: safe now, plan in place.",
        )


def start_job(
    person: Person,
    *,
    employer: Employer,
    job_title: str,
    contract_type: str,
    hours: Decimal,
    pay: Decimal,
    start_date: datetime.date,
    employer_may_know: bool,
    frequency: str | None,
    fixed_term_end: datetime.date | None = None,
) -> None:
    """Record a job start; with a `frequency`, agree the in-work support plan too."""
    participant = person.get()
    worker = participant.keyworker
    job = inwork_services.record_job_start(
        participant=participant,
        recorded_by=worker,
        employer=employer,
        job_title=job_title,
        hours_per_week=hours,
        hourly_pay=pay,
        contract_type=contract_type,
        start_date=start_date,
        fixed_term_end=fixed_term_end,
        employer_may_know=employer_may_know,
    )
    person.jobs.append(job.pk)
    if frequency is None:
        return
    inwork_services.save_plan(
        employment=job,
        author=worker,
        base_revision=0,
        needs_travel_money=True,
        contact_method="phone",
        contact_frequency=frequency,
        agreed_support="Call after the first shift, then as agreed. Help with a "
        "bus pass until the first wage.",
        long_term_goals=["more_hours"],
    )
    if start_date <= timezone.localdate():
        inwork_services.set_preparation(
            employment=job,
            done_items=["travel", "clothes", "address"],
            ticked_by=worker,
        )


def job_of(person: Person) -> Employment:
    return Employment.objects.select_related("participant").get(pk=person.jobs[-1])


def answer_checkins(
    script: Script,
    person: Person,
    *,
    until: datetime.date,
    skip: Any = None,
    trouble_at: int | None = None,
    hour: int = 12,
) -> None:
    """Whoever holds the job's check-ins answers those due by today with a contact.

    Then come back when the next one is due, until `until`. `skip(checkin)` says
    which regular check-ins nobody gets round to (the sweep marks them missed).
    """
    job = job_of(person)
    if job.ended_on is not None:
        return
    today = timezone.localdate()
    due = CheckIn.objects.filter(
        employment=job, status=CheckInStatus.PENDING, due_on__lte=today
    ).order_by("due_on", "pk")
    worker = inwork_services.assignee_for(person.get())
    for checkin in due:
        if skip is not None and skip(checkin):
            continue
        done = job.checkins.filter(status=CheckInStatus.DONE).count()
        trouble = done == trouble_at
        how_is_it_going = "Off sick twice." if trouble else "Settling in well."
        answers = inwork_services.InWorkAnswers(
            employment=job,
            checkin=checkin,
            how_is_it_going=how_is_it_going,
            needs_and_problems="Sickness: back pain." if trouble else "",
            risks=["sickness"] if trouble else [],
            risk_detail="Off sick twice this month." if trouble else "",
            confirmed_by="employer",
        )
        caseload_services.log_contact(
            participant=job.participant,
            worker=worker,
            happened_at=timezone.now(),
            channel="phone",
            minutes=15,
            topics=[Topic.WORK],
            attendees=[Attendee.PARTICIPANT],
            notes=how_is_it_going,
            submission_key=uuid.uuid5(KEYS, f"checkin:{checkin.pk}"),
            answers=[answers],
        )
    pending = CheckIn.objects.filter(employment=job, status=CheckInStatus.PENDING)
    following = (
        pending.filter(due_on__gt=today)
        .order_by("due_on")
        .values_list("due_on", flat=True)
        .first()
    )
    if pending.filter(due_on__lte=today).exists():
        # A skipped one: look again next week, once the sweep has rolled it on.
        week = today + datetime.timedelta(days=7)
        following = min(following or week, week)
    if following is not None and following <= until:
        script.at(
            at(following, hour, 30),
            answer_checkins,
            script,
            person,
            until=until,
            skip=skip,
            trouble_at=trouble_at,
            hour=hour,
        )


def taper_plan(person: Person, *, every_days: int) -> None:
    """Settled after six months: the plan is revised to keep in touch less often."""
    job = job_of(person)
    plan = job.plans.order_by("-revision").first()
    if job.ended_on is not None or plan is None:
        return
    inwork_services.save_plan(
        employment=job,
        author=plan.created_by,
        base_revision=plan.revision,
        needs_travel_money=False,
        contact_method=plan.contact_method,
        contact_frequency="other",
        frequency_days=every_days,
        agreed_support="Settled in well: keep in touch every few weeks until the "
        "twelve-month review.",
        long_term_goals=plan.long_term_goals,
    )


def give_support(person: Person, *, item: str, amount: Decimal) -> None:
    """The keyworker gives money or goods to start work, approved by themself."""
    worker = person.get().keyworker
    inwork_services.record_practical_support(
        employment=job_of(person),
        item=item,
        amount=amount,
        given_on=timezone.localdate(),
        approved_by=worker,
        recorded_by=worker,
    )


def better_terms(person: Person) -> None:
    """More hours, better pay, a permanent contract: the job's terms change."""
    job = job_of(person)
    if job.ended_on is not None:
        return
    inwork_services.change_terms(
        employment=job,
        recorded_by=job.participant.keyworker,
        effective_from=timezone.localdate(),
        hours_per_week=job.hours_per_week + 8,
        hourly_pay=job.hourly_pay + Decimal("0.50"),
        contract_type="permanent",
        location=job.location,
    )


def end_job(person: Person, *, reason: str, by: User | None = None) -> None:
    job = job_of(person)
    inwork_services.end_employment(
        employment=job,
        ended_on=timezone.localdate(),
        end_reason=reason,
        ended_by=by or job.participant.keyworker,
    )


def exit_person(person: Person, *, outcome: str, reason: str) -> None:
    participant = person.get()
    caseload_services.exit_participant(
        participant=participant,
        exited_by=participant.keyworker,
        exit_date=timezone.localdate(),
        exit_reason=reason,
        exit_outcome=outcome,
        version=participant.version,
    )


COURSES = [
    ("Level 1 Maths, City College", "Enrolment letter seen"),
    ("CSCS card course, Skills Hub", "Course confirmation email from the provider"),
    ("Food hygiene level 2, Adult Learning", "Provider's register, first session"),
    ("Warehouse skills bootcamp, Works Academy", "Provider confirmed by phone"),
]


def record_course(person: Person, *, course: tuple[str, str]) -> None:
    """The keyworker records a course start on the participant page."""
    what, evidence = course
    _record_progress(person, "education_training", what, "provider", evidence)


def record_job_search(person: Person) -> None:
    """The keyworker records that active job search began (a journal seen)."""
    _record_progress(
        person,
        "job_search",
        "Agreed job-search plan; applying for three jobs a week",
        "seen",
        "Universal Credit journal entries seen",
    )


def _record_progress(
    person: Person, kind: str, what: str, confirmed_by: str, evidence: str
) -> None:
    participant = person.get()
    caseload_services.record_progress(
        participant=participant,
        kind=kind,
        achieved_on=timezone.localdate(),
        what=what,
        confirmed_by=confirmed_by,
        evidence=evidence,
        recorded_by=participant.keyworker,
        submission_key=uuid.uuid5(KEYS, f"progress:{person.pk}:{kind}"),
    )


def mark_missed() -> None:
    """Beat's sweep of regular check-ins nobody answered (run weekly in history)."""
    inwork_services.mark_missed_checkins(day=timezone.localdate(), now=timezone.now())


def progress(person: Person, *, by: User) -> None:
    """After six months in work, the keyworker moves the participant on."""
    move_stage(person, PathwayStage.PROGRESSING, by=by)
