"""What in-work support ends when a participant leaves the programme.

Caseload's `exit_participant` calls `end_support_on_exit` (registered in
InworkSupportConfig.ready): caseload may not import this app, yet an exit must
stop the reminders and escalations of every job.
"""

from __future__ import annotations

import datetime

from accounts.models import NotificationKind, User
from accounts.services import notify
from caseload.models import Participant

from ..models import Employment
from .jobs import clear_open_risks
from .schedule import cancel_checkins


def end_support_on_exit(
    *, participant: Participant, exited_by: User, exit_date: datetime.date
) -> None:
    """End the in-work support of every job of a participant who has exited.

    1. Pending check-ins of every job are cancelled (no more reminders or
       escalations) and open job risks cleared; a job still going stays open.
    2. The go-to person of the employer of each job still going is told that
       support has ended, in neutral words, and only if the person agreed the
       employer may know they were supported; otherwise nothing names them.
    """
    note = f"{participant} exited the programme on {exit_date:%-d %b %Y}."
    jobs = Employment.objects.filter(participant=participant).select_related(
        "employer__go_to_person", "employer__deputy"
    )
    for job in jobs:
        cancel_checkins(employment=job, note=note, by=exited_by)
        clear_open_risks(employment=job, by=exited_by, note=note)
        if job.is_current and job.employer_may_know:
            _tell_go_to_person(job, participant, exited_by)


def _tell_go_to_person(
    job: Employment, participant: Participant, exited_by: User
) -> None:
    go_to = job.employer.go_to_now()
    if go_to is None or go_to.pk == exited_by.pk:
        return
    notify(
        recipient=go_to,
        kind=NotificationKind.EMPLOYER,
        title=f"Support for {participant} at {job.employer} has ended",
        body=(
            "They agreed the employer may know they were supported. If the "
            "employer asks, you may say our support has ended; nothing more."
        ),
        url=job.employer.get_absolute_url(),
    )
