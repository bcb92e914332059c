"""Demo employers: portal contacts, go-to people, vacancies, meetings, messages."""

import datetime
import uuid

from django.utils import timezone

from accounts.demo import upsert_demo_user
from accounts.models import Role, User
from caseload.models import Participant, PathwayStage

from . import services
from .models import (
    ContactRole,
    Employer,
    EmployerContact,
    EmployerEngagement,
    EmployerMessage,
    EngagementKind,
    MessageCategory,
    NominationOutcome,
    Relationship,
    Size,
    ThreeWayMeeting,
    Vacancy,
)

# name, sector, address, portal login, contact first and last name, job title
EMPLOYERS = [
    (
        "Harbour Café Group",
        "Hospitality",
        "12 Quay Street",
        "employer1",
        "Ian",
        "Walsh",
        "Operations manager",
    ),
    (
        "Greenline Logistics",
        "Transport and logistics",
        "Unit 4, Canal Park",
        "employer2",
        "Jo",
        "Mensah",
        "HR adviser",
    ),
    (
        "Brightcare Homes",
        "Health and social care",
        "80 Elm Road",
        "employer3",
        "Kit",
        "Novak",
        "Registered manager",
    ),
]


def seed_employers() -> list[Employer]:
    """Create or refresh the demo employers and their portal contacts."""
    employers = []
    for name, sector, address, username, first, last, title in EMPLOYERS:
        employer, _ = Employer.objects.update_or_create(
            name=name, defaults={"sector": sector, "address": address}
        )
        user = upsert_demo_user(
            username=username,
            first_name=first,
            last_name=last,
            role=Role.EMPLOYER_CONTACT,
            delivery_partner=None,
        )
        EmployerContact.objects.update_or_create(
            user=user,
            defaults={
                "employer": employer,
                "name": f"{first} {last}",
                "job_title": title,
                "email": user.email,
            },
        )
        employers.append(employer)
    return employers


# name: size, relationship, reasonable adjustments, offers (jobs, trials, placements)
DETAILS = {
    "Harbour Café Group": (
        Size.SMALL,
        Relationship.ESTABLISHED,
        "Flexible start times for the first month; a quiet room for breaks.",
        (True, True, False),
    ),
    "Greenline Logistics": (
        Size.MEDIUM,
        Relationship.WARM,
        "Written shift instructions; a named buddy for the first two weeks.",
        (True, False, True),
    ),
    "Brightcare Homes": (
        Size.LARGE,
        Relationship.NEW,
        "Phased hours during probation.",
        (True, True, True),
    ),
}
# employer index: go-to person, deputy, manager who named them, go-to's phone
GO_TO = [
    ("keyworker1", "keyworker2", "manager1", "0113 496 0101"),
    ("keyworker2", "keyworker1", "manager1", "0113 496 0102"),
    ("keyworker3", "keyworker4", "manager2", "0113 496 0103"),
]
LOOKING = (PathwayStage.ENGAGED, PathwayStage.PRE_EMPLOYMENT, PathwayStage.JOB_SEARCH)
WORKING = (PathwayStage.IN_WORK, PathwayStage.PROGRESSING)
DEMO_KEYS = uuid.UUID("6f1c2a52-8a44-4a8e-9d0e-6b9a9e0b7c11")


def seed_employer_activity(
    *,
    employers: list[Employer],
    staff: dict[str, User],
    participants: list[Participant],
    today: datetime.date,
) -> None:
    """Give each demo employer a go-to person, contacts, engagement and messages."""
    now = timezone.now()
    for n, (employer, (go_to, deputy, manager, phone)) in enumerate(
        zip(employers, GO_TO, strict=True)
    ):
        size, relationship, adjustments, offers = DETAILS[employer.name]
        services.update_employer(
            employer=employer,
            version=employer.version,
            size=size,
            relationship=relationship,
            adjustments_notes=adjustments,
            offers_jobs=offers[0],
            offers_work_trials=offers[1],
            offers_placements=offers[2],
        )
        User.objects.filter(username=go_to, phone="").update(phone=phone)
        if employer.go_to_person_id != staff[go_to].pk:
            services.set_go_to_person(
                employer=employer,
                go_to_person=staff[go_to],
                deputy=staff[deputy],
                changed_by=staff[manager],
                version=employer.version,
            )
        caseload = [p for p in participants if p.keyworker_id == staff[go_to].pk]
        _seed_contacts_and_log(employer=employer, worker=staff[go_to], now=now)
        _seed_vacancy_and_meeting(
            employer=employer, worker=staff[go_to], caseload=caseload, today=today
        )
        _seed_messages(
            employer=employer, worker=staff[go_to], now=now, with_waiting=n == 0
        )


def _seed_contacts_and_log(
    *, employer: Employer, worker: User, now: datetime.datetime
) -> None:
    EmployerContact.objects.get_or_create(
        employer=employer,
        name=f"{employer.name.split()[0]} HR team",
        defaults={
            "role": ContactRole.HR,
            "email": f"hr@{employer.name.split()[0].lower()}.example",
            "phone": "0113 496 0999",
        },
    )
    for days_ago, kind, notes in [
        (30, EngagementKind.VACANCIES, "Asked about vacancies for the spring."),
        (12, EngagementKind.MATCHING, "Talked through two candidates' strengths."),
        (3, EngagementKind.IN_WORK_SUPPORT, "Checked how the new starter is doing."),
    ]:
        EmployerEngagement.objects.get_or_create(
            employer=employer,
            notes=notes,
            defaults={
                "worker": worker,
                "kind": kind,
                "happened_at": now - datetime.timedelta(days=days_ago),
            },
        )


def _seed_vacancy_and_meeting(
    *,
    employer: Employer,
    worker: User,
    caseload: list[Participant],
    today: datetime.date,
) -> None:
    vacancy, _ = Vacancy.objects.get_or_create(
        employer=employer,
        title=f"{employer.sector.split()[0]} assistant",
        defaults={"hours_per_week": 24, "posted_on": today},
    )
    searching = [p for p in caseload if p.pathway_stage in LOOKING]
    for participant, outcome in zip(
        searching,
        [NominationOutcome.INTERVIEW, NominationOutcome.PUT_FORWARD],
        strict=False,
    ):
        nomination = services.put_forward(
            vacancy=vacancy,
            participant=participant,
            put_forward_by=worker,
            put_forward_on=today - datetime.timedelta(days=5),
        )
        if nomination.outcome != outcome:
            services.record_nomination_outcome(
                nomination=nomination, outcome=outcome, version=nomination.version
            )
    in_work = [p for p in caseload if p.pathway_stage in WORKING]
    if in_work and not ThreeWayMeeting.objects.filter(employer=employer).exists():
        services.schedule_meeting(
            employer=employer,
            worker=worker,
            participant=in_work[0],
            scheduled_for=timezone.make_aware(
                datetime.datetime.combine(
                    today + datetime.timedelta(days=7), datetime.time(10, 0)
                )
            ),
            place="On site",
            agreed_actions="Agree a check-in with the supervisor each Friday.",
        )


def _seed_messages(
    *, employer: Employer, worker: User, now: datetime.datetime, with_waiting: bool
) -> None:
    """Two threads per employer: one answered; the first employer's second waits."""
    contact = EmployerContact.objects.filter(employer=employer, user__isnull=False)[0]
    threads = [
        (
            MessageCategory.QUESTION,
            False,
            "Could we move next week's review to Thursday afternoon?",
            datetime.timedelta(days=3),
            "Thursday at 2 is fine.",
        ),
        (
            MessageCategory.CONCERN,
            True,
            "Our new starter seemed upset after "
            "yesterday's shift. Could you check in with them?",
            datetime.timedelta(hours=2),
            None,
        ),
    ]
    for n, (category, urgent, body, age, reply) in enumerate(threads):
        if n == 1 and not with_waiting:
            continue
        key = uuid.uuid5(DEMO_KEYS, f"{employer.name}:{n}")
        opener, created = EmployerMessage.objects.get_or_create(
            submission_key=key,
            defaults={
                "employer": employer,
                "sender_contact": contact,
                "addressed_to": worker,
                "category": category,
                "urgent": urgent,
                "body": body,
                "sent_at": now - age,
            },
        )
        if created and reply:
            answered = opener.sent_at + datetime.timedelta(hours=3)
            EmployerMessage.objects.create(
                employer=employer,
                thread=opener,
                sender_staff=worker,
                category=category,
                body=reply,
                sent_at=answered,
            )
            EmployerMessage.objects.filter(pk=opener.pk).update(
                first_reply_at=answered, read_at=answered
            )
