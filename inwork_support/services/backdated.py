"""A job recorded after it started: did its past check-ins happen?

`create_schedule` marks a backdated job's past check-ins `awaiting_answer`, so
the sweep leaves them alone. The worker answers each one here: it happened (a
dated contact, logged through the one contact service, completes it) or it did
not apply (closed as not applicable, which counts as neither missed nor done).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.audit import audited_update
from accounts.models import User
from caseload.models import Attendee, EntryKind, Topic
from caseload.services import add_timeline_entry, log_contact

from .. import dates
from ..models import CheckIn, CheckInKind, CheckInStatus, Employment
from .schedule import interval_days, schedule_next_regular
from .support import InWorkAnswers

# A contact known only by its date is logged at noon: inside anyone's working
# hours, so an answer about the past never counts as out-of-hours work.
NOON = datetime.time(12, 0)


def _unanswered(checkin: CheckIn):
    return CheckIn.objects.unanswered().filter(pk=checkin.pk)


@transaction.atomic
def record_past_checkin(
    *,
    checkin: CheckIn,
    worker: User,
    happened_on: datetime.date,
    channel: str,
    minutes: int,
    note: str,
) -> bool:
    """Record that a past check-in happened on `happened_on`; False if answered.

    1. The question is claimed once: a second answer changes nothing.
    2. A contact on that day is logged through the one contact service
       (caseload's log_contact) with the check-in as its in-work answer: the
       check-in is done by it (a regular one rolls on, a milestone records its
       outcome) and the note is on the job's in-work contacts, as for any contact.
    3. A regular check-in that rolled on into the past is brought up to today.
    """
    if not audited_update(_unanswered(checkin), actor=worker, awaiting_answer=False):
        return False
    checkin.refresh_from_db()
    employment = checkin.employment
    log_contact(
        participant=employment.participant,
        worker=worker,
        happened_at=timezone.make_aware(datetime.datetime.combine(happened_on, NOON)),
        channel=channel,
        minutes=minutes,
        topics=[Topic.WORK],
        attendees=[Attendee.PARTICIPANT],
        notes=note,
        answers=[
            InWorkAnswers(employment=employment, checkin=checkin, how_is_it_going=note)
        ],
    )
    _bring_regular_up_to_date(employment, by=worker)
    return True


@transaction.atomic
def mark_checkin_not_applicable(*, checkin: CheckIn, by: User, reason: str) -> bool:
    """Close a past check-in as not applicable, with the reason; False if answered.

    A regular one is followed by the next, due a plan interval from today.
    """
    now = timezone.now()
    if not audited_update(
        _unanswered(checkin),
        actor=by,
        status=CheckInStatus.NOT_APPLICABLE,
        awaiting_answer=False,
        closed_at=now,
        note=reason[:300],
    ):
        return False
    checkin.refresh_from_db()
    employment = checkin.employment
    if checkin.kind == CheckInKind.REGULAR:
        schedule_next_regular(employment=employment, after=dates.today(now))
    add_timeline_entry(
        participant=employment.participant,
        occurred_at=now,
        kind=EntryKind.CHECK_IN,
        title=f"{checkin.get_kind_display()} check-in: not applicable",
        detail=reason,
        url=employment.get_absolute_url(),
        actor=by,
        key=f"checkin:{checkin.pk}:not_applicable",
    )
    return True


def _bring_regular_up_to_date(employment: Employment, *, by: User) -> None:
    """Re-date a pending regular check-in due in the past to an interval from today.

    Completing a regular check-in schedules the next one an interval after the
    contact; for a contact months ago that date has passed too, and nobody can
    have done it: support carries on from today instead.
    """
    today = dates.today()
    audited_update(
        CheckIn.objects.chased().filter(
            employment=employment, kind=CheckInKind.REGULAR, due_on__lt=today
        ),
        actor=by,
        due_on=today + datetime.timedelta(days=interval_days(employment)),
        reminded_at=None,
        escalated_at=None,
    )
