"""Employers, contacts, engagement, vacancies, nominations and three-way meetings."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import NotificationKind, User
from accounts.services import notify
from accounts.versions import save_if_current
from caseload.models import Participant
from config.prepared import PreparedQuery

from ..models import (
    Employer,
    EmployerContact,
    EmployerEngagement,
    MeetingStatus,
    Nomination,
    ThreeWayMeeting,
    Vacancy,
)
from .common import set_fields as _set_fields
from .common import tell_go_to_person
from .employees import portal_name


class TakeOnError(Exception):
    """The employer cannot be taken on: the message says why."""


@transaction.atomic
def create_employer(*, created_by: User, **fields: Any) -> Employer:
    """Add an employer; a frontline worker who adds one becomes its go-to person."""
    go_to = created_by if created_by.is_frontline else None
    return Employer.objects.create(go_to_person=go_to, **fields)


@transaction.atomic
def update_employer(
    *, employer: Employer, version: int | None, **fields: Any
) -> Employer:
    """Change an employer's details, refusing a save based on an older `version`."""
    return save_if_current(employer, version=version, **fields)


@transaction.atomic
def set_go_to_person(
    *,
    employer: Employer,
    go_to_person: User,
    deputy: User | None,
    changed_by: User,
    version: int | None,
) -> Employer:
    """Name the employer's go-to person and deputy, and tell the new go-to person."""
    previous_id = employer.go_to_person_id
    employer = save_if_current(
        employer, version=version, go_to_person=go_to_person, deputy=deputy
    )
    if go_to_person.pk != previous_id and go_to_person != changed_by:
        notify(
            recipient=go_to_person,
            kind=NotificationKind.EMPLOYER,
            title=f"You are now the go-to person for {employer}",
            url=employer.get_absolute_url(),
        )
    return employer


@transaction.atomic
def take_on_employer(
    *,
    employer: Employer,
    go_to_person: User,
    deputy: User | None,
    taken_on_by: User,
) -> Employer:
    """Make a partner look after an employer nobody looks after yet.

    1. Lock the employer's row, so of two partners taking it on at once the
       second finds it taken.
    2. Refuse if a go-to person or deputy has been named meanwhile.
    3. Name the go-to person and deputy (the new go-to person is told).
    """
    locked = Employer.objects.select_for_update().get(pk=employer.pk)
    if locked.go_to_person_id is not None or locked.deputy_id is not None:
        raise TakeOnError(
            "Someone else has just taken on this employer; ask their go-to "
            "person if you need anything changed."
        )
    return set_go_to_person(
        employer=locked,
        go_to_person=go_to_person,
        deputy=deputy,
        changed_by=taken_on_by,
        version=locked.version,
    )


@transaction.atomic
def add_contact(*, employer: Employer, **fields: Any) -> EmployerContact:
    """Add a person at the employer."""
    return EmployerContact.objects.create(employer=employer, **fields)


@transaction.atomic
def update_contact(
    *,
    contact: EmployerContact,
    version: int | None,
    changed_by: User,
    **fields: Any,
) -> EmployerContact:
    """Change a contact's details (and their login's email, if they have one).

    A new email decides where the portal's mail goes, so the change is in the
    audit trail (EmployerContact is audited) and the go-to person is told.
    """
    # The edit form has already put the typed email on `contact`: read the stored one.
    before = EmployerContact.objects.values_list("email", flat=True).get(pk=contact.pk)
    contact = save_if_current(contact, version=version, **fields)
    if contact.user_id and "email" in fields:
        _set_fields(contact.user, {"email": fields["email"]})
    if contact.email.lower() != before.lower():
        employer = contact.employer
        tell_go_to_person(
            employer=employer,
            actor=changed_by,
            title=f"{contact.name}'s email at {employer} was changed",
            body=f"{changed_by} changed the email of {contact.name} at {employer} "
            f"from {before or 'none'} to {contact.email or 'none'}.",
        )
    return contact


@transaction.atomic
def log_engagement(
    *, employer: Employer, worker: User, **fields: Any
) -> EmployerEngagement:
    """Record a contact between staff and the employer."""
    return EmployerEngagement.objects.create(employer=employer, worker=worker, **fields)


# Vacancies, nominations, three-way meetings ----------------------------------------


@transaction.atomic
def add_vacancy(*, employer: Employer, **fields: Any) -> Vacancy:
    """Record a vacancy, work trial or placement at the employer."""
    return Vacancy.objects.create(employer=employer, **fields)


@transaction.atomic
def update_vacancy(*, vacancy: Vacancy, version: int | None, **fields: Any) -> Vacancy:
    """Change a vacancy's details or status, unless it changed since `version`."""
    return save_if_current(vacancy, version=version, **fields)


@transaction.atomic
def put_forward(
    *,
    vacancy: Vacancy,
    participant: Participant,
    put_forward_by: User,
    put_forward_on: datetime.date,
) -> Nomination:
    """Put a participant forward for a vacancy (once per vacancy)."""
    nomination, _ = Nomination.objects.get_or_create(
        vacancy=vacancy,
        participant=participant,
        defaults={"put_forward_by": put_forward_by, "put_forward_on": put_forward_on},
    )
    return nomination


@transaction.atomic
def record_nomination_outcome(
    *, nomination: Nomination, outcome: str, version: int | None
) -> Nomination:
    """Record what happened to a participant put forward."""
    return save_if_current(nomination, version=version, outcome=outcome)


@transaction.atomic
def schedule_meeting(
    *, employer: Employer, worker: User, participant: Participant, **fields: Any
) -> ThreeWayMeeting:
    """Schedule a three-way meeting of participant, employer and worker."""
    return ThreeWayMeeting.objects.create(
        employer=employer, worker=worker, participant=participant, **fields
    )


@transaction.atomic
def update_meeting(
    *, meeting: ThreeWayMeeting, version: int | None, **fields: Any
) -> ThreeWayMeeting:
    """Record a meeting's status, agreed actions and outcome."""
    return save_if_current(meeting, version=version, **fields)


# The portal home lists them on every visit: compiled once, not per request.
_DISCLOSED_JOBS = PreparedQuery(
    lambda employer_id: (
        Employer(pk=employer_id)
        .employments.disclosed()
        .current()
        .select_related("participant")
        .only(
            "participant__preferred_name",
            "participant__first_name",
            "participant__last_name",
            "job_title",
            "start_date",
            "probation_end",
        )
        .order_by("start_date", "pk")
    )
)


def supported_employees(*, employer: Employer) -> list[dict[str, Any]]:
    """Return what the portal may show of supported employees at `employer`.

    Only current jobs whose participant agreed the employer may know, and only
    these fields: name, job title, start date, probation end, next meeting.
    """
    jobs = _DISCLOSED_JOBS.all(employer.pk)
    upcoming: dict[int, datetime.datetime] = {}
    meetings = ThreeWayMeeting.objects.filter(
        employer=employer,
        status=MeetingStatus.SCHEDULED,
        scheduled_for__gte=timezone.now(),
        participant_id__in=[job.participant_id for job in jobs],
    ).order_by("scheduled_for")
    for participant_id, when in meetings.values_list("participant_id", "scheduled_for"):
        upcoming.setdefault(participant_id, when)
    return [
        {
            "name": portal_name(job.participant),
            "job_title": job.job_title,
            "start_date": job.start_date,
            "probation_end": job.probation_end,
            "next_meeting": upcoming.get(job.participant_id),
        }
        for job in jobs
    ]
