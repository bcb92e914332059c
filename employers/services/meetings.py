"""What a three-way meeting agreed: each party's actions, and a probation extension.

Scheduling and saving the meeting itself are in records.py; in-work support's
`record_meeting` calls these in its transaction when a meeting is recorded.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from accounts.versions import lock, save_locked
from caseload.services import add_action

from ..models import MeetingAction, MeetingParty, ThreeWayMeeting


@dataclass(frozen=True)
class AgreedAction:
    """One party's action: what, who does it, by when.

    A worker's action names the worker (`owner_user`) and also goes on their
    action list; the participant's and the employer's name a person in words.
    """

    party: str
    description: str
    owner: str
    due_on: datetime.date
    owner_user: User | None = None


@transaction.atomic
def add_meeting_actions(
    *, meeting: ThreeWayMeeting, actions: Sequence[AgreedAction]
) -> list[MeetingAction]:
    """Add the actions agreed at `meeting`; a worker's goes on their action list."""
    added = []
    for agreed in actions:
        action = None
        if agreed.party == MeetingParty.WORKER and agreed.owner_user is not None:
            action = add_action(
                participant=meeting.participant,
                owner=agreed.owner_user,
                description=f"Three-way meeting: {agreed.description}"[:300],
                due_on=agreed.due_on,
            )
        added.append(
            MeetingAction.objects.create(
                meeting=meeting,
                party=agreed.party,
                description=agreed.description,
                owner=agreed.owner,
                due_on=agreed.due_on,
                action=action,
            )
        )
    return added


@transaction.atomic
def note_probation_extended(
    *, meeting: ThreeWayMeeting, extended_to: datetime.date
) -> ThreeWayMeeting:
    """Keep on the meeting the probation end its outcome extended the job to."""
    current = save_locked(lock(meeting), probation_extended_to=extended_to)
    meeting.probation_extended_to = extended_to
    meeting.version = current.version
    return meeting
