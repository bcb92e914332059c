"""Three-way meetings about a job: arranged from the job, and acting on it."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from caseload.models import Attendee, Channel, Contact, EntryKind, Topic
from caseload.services import add_timeline_entry, log_contact
from employers import services as employer_services
from employers.models import MeetingOutcome, ThreeWayMeeting
from employers.services import AgreedAction

from ..models import Employment
from .jobs import extend_probation
from .support import InWorkAnswers

# How long a three-way meeting is logged as, unless the record says otherwise.
MEETING_MINUTES = 30
# A held meeting's contact carries a key made from the meeting's id, so
# log_contact's repeat check makes it at most once however often it is saved.
_MEETING_CONTACTS = uuid.UUID("6f1d2a64-3b2e-4c1e-9a57-2f0c1b7e8d41")


class MeetingCannotExtendError(Exception):
    """The meeting's outcome cannot extend a probation: the message says why."""


@transaction.atomic
def arrange_meeting(
    *,
    employment: Employment,
    worker: User,
    scheduled_for: datetime.datetime,
    place: str = "",
) -> ThreeWayMeeting:
    """Arrange a three-way meeting about a job: its participant and employer."""
    return employer_services.schedule_meeting(
        employer=employment.employer,
        participant=employment.participant,
        employment=employment,
        worker=worker,
        scheduled_for=scheduled_for,
        place=place,
    )


@transaction.atomic
def record_meeting(
    *,
    meeting: ThreeWayMeeting,
    recorded_by: User,
    version: int | None,
    actions: Sequence[AgreedAction] = (),
    minutes: int | None = None,
    **fields: Any,
) -> ThreeWayMeeting:
    """Record a meeting's status, outcome and actions; an outcome acts on the job.

    1. The meeting is saved unless it changed since `version` (StaleVersionError).
    2. Held, with "probation extended by N weeks" not yet applied: the job's
       probation is extended by N weeks through extend_probation, which moves
       the probation-end check-in, all in this one transaction; the meeting
       keeps the date reached, so a later save never extends it twice.
    3. Each party's agreed action is added (a worker's goes on their list).
    4. Once held, the meeting is logged as a "three-way meeting" contact of
       `minutes` (default MEETING_MINUTES) with the meeting's worker, through
       log_contact: in-work support for its job, counted like any contact.
       Once: a later save finds the contact by its key and logs nothing more.
    5. Once held, the meeting is on the participant's timeline (once), with
       its contact.
    """
    meeting = employer_services.update_meeting(
        meeting=meeting, version=version, **fields
    )
    extension = None
    if _extends_probation(meeting):
        employment = extend_probation(
            employment=meeting.employment,
            weeks=meeting.extension_weeks,
            reason=_extension_reason(meeting),
            changed_by=recorded_by,
        )
        extension = employment.probation_end
        employer_services.note_probation_extended(
            meeting=meeting, extended_to=extension
        )
    added = employer_services.add_meeting_actions(meeting=meeting, actions=actions)
    if meeting.is_held:
        summary = _summary(meeting, extension, added)
        contact = _log_as_contact(meeting, summary, minutes or MEETING_MINUTES)
        _on_timeline(meeting, recorded_by, summary, contact)
    return meeting


def meeting_contact(meeting: ThreeWayMeeting) -> Contact | None:
    """Return the contact a held meeting was logged as, if it has been."""
    return Contact.objects.filter(submission_key=_contact_key(meeting)).first()


def _contact_key(meeting: ThreeWayMeeting) -> uuid.UUID:
    return uuid.uuid5(_MEETING_CONTACTS, str(meeting.pk))


def _log_as_contact(meeting: ThreeWayMeeting, summary: str, minutes: int) -> Contact:
    summary = summary or f"Three-way meeting held at {meeting.employer}."
    answers = []
    if meeting.employment is not None:
        answers = [
            InWorkAnswers(employment=meeting.employment, how_is_it_going=summary)
        ]
    return log_contact(
        participant=meeting.participant,
        worker=meeting.worker,
        happened_at=meeting.scheduled_for,
        channel=Channel.THREE_WAY,
        minutes=minutes,
        topics=[Topic.WORK],
        attendees=[Attendee.PARTICIPANT, Attendee.EMPLOYER],
        notes=summary,
        submission_key=_contact_key(meeting),
        answers=answers,
        on_timeline=False,
    )


def _extends_probation(meeting: ThreeWayMeeting) -> bool:
    if not (
        meeting.is_held
        and meeting.outcome_kind == MeetingOutcome.PROBATION_EXTENDED
        and meeting.probation_extended_to is None
    ):
        return False
    if meeting.employment is None or not meeting.employment.is_current:
        raise MeetingCannotExtendError(
            "This meeting is not about a current job, so it cannot extend a probation."
        )
    return True


def _extension_reason(meeting: ThreeWayMeeting) -> str:
    day = timezone.localdate(meeting.scheduled_for)
    held = f"Agreed at the three-way meeting on {day:%-d %b %Y}"
    return f"{held}: {meeting.outcome}" if meeting.outcome else f"{held}."


def _summary(
    meeting: ThreeWayMeeting, extension: datetime.date | None, added: list
) -> str:
    lines = [meeting.outcome] if meeting.outcome else []
    if extension:
        lines.append(
            f"Probation extended by {meeting.extension_weeks} weeks, "
            f"to {extension:%-d %b %Y}."
        )
    lines += [f"{a.owner}: {a.description} (by {a.due_on:%-d %b %Y})" for a in added]
    return "\n".join(lines)


def _on_timeline(
    meeting: ThreeWayMeeting, actor: User, summary: str, contact: Contact
) -> None:
    url = reverse("inwork_support:meeting-edit", args=[meeting.pk])
    add_timeline_entry(
        participant=meeting.participant,
        occurred_at=meeting.scheduled_for,
        kind=EntryKind.EMPLOYER,
        title=f"Three-way meeting held at {meeting.employer}",
        detail=summary,
        url=url,
        actor=actor,
        contact=contact,
        key=f"meeting:{meeting.pk}:held",
    )
