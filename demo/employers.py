"""The employers' last month: engagement, a vacancy, a meeting, portal threads."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone

from accounts.models import User
from caseload.models import Participant, PathwayStage
from employers import services as employer_services
from employers.models import (
    Employer,
    EmployerContact,
    EmployerMessage,
    EngagementKind,
    MeetingOutcome,
    MeetingParty,
    MeetingStatus,
    MessageCategory,
    NominationOutcome,
    Vacancy,
)
from employers.services import AgreedAction
from inwork_support import services as inwork
from inwork_support.models import Employment

from .clock import Script, at
from .history import HISTORY_MARKER
from .people import EMPLOYERS

LOOKING = (PathwayStage.ENGAGED, PathwayStage.PRE_EMPLOYMENT, PathwayStage.JOB_SEARCH)
WORKING = (PathwayStage.IN_WORK, PathwayStage.PROGRESSING)
KEYS = uuid.UUID("6f1c2a52-8a44-4a8e-9d0e-6b9a9e0b7c11")
ENGAGEMENTS = [
    (30, EngagementKind.VACANCIES, "Asked about vacancies for the spring."),
    (12, EngagementKind.MATCHING, "Talked through two candidates' strengths."),
    (3, EngagementKind.IN_WORK_SUPPORT, "Checked how the new starter is doing."),
]


def plan_employers(
    script: Script, staff: dict[str, User], employers: list[Employer]
) -> None:
    """Queue each employer's month; the first also has a thread waiting for a reply."""
    today = script.today
    for n, (employer, row) in enumerate(zip(employers, EMPLOYERS, strict=True)):
        go_to = staff[row[4][0]]
        for days_ago, kind, notes in ENGAGEMENTS:
            script.at(
                at(today - datetime.timedelta(days=days_ago), 11),
                _engage,
                employer,
                go_to,
                kind=kind,
                notes=notes,
            )
        script.at(at(today - datetime.timedelta(days=10), 14), _post, employer)
        script.at(
            at(today - datetime.timedelta(days=5), 15), _put_forward, employer, go_to
        )
        script.at(
            at(today - datetime.timedelta(days=1), 10), _schedule, employer, go_to
        )
        opened = script.now - datetime.timedelta(days=3)
        script.at(
            opened,
            _message,
            script,
            employer,
            category=MessageCategory.QUESTION,
            urgent=False,
            body="Could we move next week's review to Thursday afternoon?",
            key=f"{employer.name}:0",
            reply="Thursday at 2 is fine.",
        )
        if n == 0:
            script.at(
                script.now - datetime.timedelta(hours=2),
                _message,
                script,
                employer,
                category=MessageCategory.CONCERN,
                urgent=True,
                body="Our new starter seemed upset after yesterday's shift. Could "
                "you check in with them?",
                key=f"{employer.name}:1",
                about_newest=True,
            )


def _caseload(go_to: User, stages: tuple[str, ...]) -> list[Participant]:
    return list(
        Participant.objects.filter(keyworker=go_to, pathway_stage__in=stages)
        .exclude(eligibility_evidence=HISTORY_MARKER)
        .order_by("pk")
    )


def _engage(employer: Employer, worker: User, *, kind: str, notes: str) -> None:
    employer_services.log_engagement(
        employer=employer,
        worker=worker,
        kind=kind,
        notes=notes,
        happened_at=timezone.now(),
    )


def _post(employer: Employer) -> None:
    employer_services.add_vacancy(
        employer=employer,
        title=f"{employer.sector.split()[0]} assistant",
        hours_per_week=24,
        posted_on=timezone.localdate(),
    )


def _put_forward(employer: Employer, worker: User) -> None:
    """Put two people looking for work forward: one has an interview."""
    vacancy = Vacancy.objects.filter(employer=employer).latest("pk")
    for participant, outcome in zip(
        _caseload(worker, LOOKING),
        [NominationOutcome.INTERVIEW, NominationOutcome.PUT_FORWARD],
        strict=False,
    ):
        nomination = employer_services.put_forward(
            vacancy=vacancy,
            participant=participant,
            put_forward_by=worker,
            put_forward_on=timezone.localdate(),
        )
        if nomination.outcome != outcome:
            employer_services.record_nomination_outcome(
                nomination=nomination, outcome=outcome, version=nomination.version
            )


def _schedule(employer: Employer, worker: User) -> None:
    """A three-way meeting next week; one held today extends a probation here.

    The meeting is about a current job here of someone the go-to person
    supports, else with anyone of theirs in work. A job here still on
    probation had its meeting today: probation extended by 13 weeks.
    """
    jobs = (
        Employment.objects.filter(
            employer=employer, ended_on=None, participant__keyworker=worker
        )
        .exclude(participant__eligibility_evidence=HISTORY_MARKER)
        .order_by("pk")
    )
    on_probation = jobs.filter(probation_end__gte=timezone.localdate()).first()
    if on_probation is not None:
        _extend_probation_at_meeting(on_probation, worker)
    next_week = at(timezone.localdate() + datetime.timedelta(days=8), 10)
    job = jobs.first()
    if job is not None:
        inwork.arrange_meeting(
            employment=job, worker=worker, scheduled_for=next_week, place="On site"
        )
        return
    in_work = _caseload(worker, WORKING)
    if not in_work:
        return
    employer_services.schedule_meeting(
        employer=employer,
        worker=worker,
        participant=in_work[0],
        scheduled_for=next_week,
        place="On site",
        agreed_actions="Agree a check-in with the supervisor each Friday.",
    )


def _extend_probation_at_meeting(job: Employment, worker: User) -> None:
    meeting = inwork.arrange_meeting(
        employment=job, worker=worker, scheduled_for=timezone.now(), place="On site"
    )
    due = timezone.localdate() + datetime.timedelta(days=14)
    inwork.record_meeting(
        meeting=meeting,
        recorded_by=worker,
        version=meeting.version,
        scheduled_for=meeting.scheduled_for,
        place=meeting.place,
        status=MeetingStatus.HELD,
        outcome_kind=MeetingOutcome.PROBATION_EXTENDED,
        extension_weeks=13,
        outcome="Still learning the role: probation extended by 13 weeks.",
        actions=[
            AgreedAction(
                MeetingParty.PARTICIPANT,
                "Practise the stock system",
                str(job.participant),
                due,
            ),
            AgreedAction(
                MeetingParty.EMPLOYER, "Pair with a buddy", "The line manager", due
            ),
            AgreedAction(
                MeetingParty.WORKER,
                "Review progress by phone",
                str(worker),
                due,
                worker,
            ),
        ],
    )


def _message(
    script: Script,
    employer: Employer,
    *,
    category: str,
    urgent: bool,
    body: str,
    key: str,
    reply: str | None = None,
    about_newest: bool = False,
) -> None:
    """The portal contact writes; the go-to person reads and answers in 3 hours.

    With `about_newest`, the message is about the newest starter who agreed the
    employer may know, chosen from the portal's list as a contact would.
    """
    contact = EmployerContact.objects.get(employer=employer, user__isnull=False)
    newest = employer_services.portal_employees(employer=employer).order_by(
        "-start_date", "pk"
    )
    message = employer_services.send_message(
        contact=contact,
        category=category,
        urgent=urgent,
        body=body,
        submission_key=uuid.uuid5(KEYS, key),
        about=newest.first() if about_newest else None,
    )
    if reply is None:
        return
    script.at(timezone.now() + datetime.timedelta(hours=3), _reply, message, reply)


def _reply(message: EmployerMessage, body: str) -> None:
    thread = EmployerMessage.objects.select_related("addressed_to").get(pk=message.pk)
    employer_services.mark_read(thread=thread, reader=thread.addressed_to)
    employer_services.reply_to_message(
        thread=thread, sender=thread.addressed_to, body=body
    )
