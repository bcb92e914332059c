"""Demo jobs: every demo participant in work gets a job, a plan, contacts, check-ins.

Everything goes through the services, with contacts dated in the past, so the
check-ins end up in every state: done, pending, overdue, missed and cancelled.
Idempotent: a participant who already has a job is left alone.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from caseload.demo import PATHWAY_MIX
from caseload.models import Participant
from employers.models import Employer

from . import dates, services
from .models import CheckIn, CheckInStatus, ContractType

JOBS = [
    ("Kitchen assistant", ContractType.PERMANENT, "24"),
    ("Warehouse operative", ContractType.FIXED_TERM, "37.5"),
    ("Care assistant", ContractType.ZERO_HOURS, "20"),
    ("Apprentice technician", ContractType.APPRENTICESHIP, "30"),
    ("Retail assistant", ContractType.TEMPORARY, "16"),
]
# Stop logging contacts this many days before today for every other job, so some
# check-ins are overdue and some regular ones missed.
QUIET_DAYS = 20
NAMESPACE = uuid.UUID("6f1c1f0e-5a1b-4b7c-9a55-0c7f4d2e9b10")


def _start(label: str, today: datetime.date) -> datetime.date | None:
    next_monday = today + datetime.timedelta(days=7 - today.weekday())
    return {
        "starting work next week": next_monday,
        "first week in work": today - datetime.timedelta(days=2),
        "in work 5 months": dates.add_months(today, -5),
        "in work 11 months": dates.add_months(today, -11),
    }.get(label)


def seed_inwork(
    *, staff: dict[str, User], participants: list[Participant], today: datetime.date
) -> int:
    """Give each demo participant in work a job; return how many were created."""
    employers = list(Employer.objects.order_by("name"))
    iwso = staff["iwso1"]
    created = 0
    for i, participant in enumerate(participants):
        label = PATHWAY_MIX[i % len(PATHWAY_MIX)][0]
        start = _start(label, today)
        if start is None or participant.employments.exists():
            continue
        if participant.delivery_partner_id == iwso.delivery_partner_id and i % 2:
            Participant.objects.filter(pk=participant.pk).update(
                in_work_support_officer=iwso
            )
            participant.refresh_from_db()
        _seed_job(participant, employers[i % len(employers)], start, today, i)
        created += 1
    services.mark_missed_checkins(day=today, now=timezone.now())
    return created


def _seed_job(
    participant: Participant,
    employer: Employer,
    start: datetime.date,
    today: datetime.date,
    i: int,
) -> None:
    title, contract, hours = JOBS[i % len(JOBS)]
    worker = participant.keyworker
    job = services.record_job_start(
        participant=participant,
        recorded_by=worker,
        employer=employer,
        job_title=title,
        hours_per_week=Decimal(hours),
        hourly_pay=Decimal("12.21") + Decimal(i % 4) / 4,
        contract_type=contract,
        start_date=start,
        fixed_term_end=dates.add_months(start, 9)
        if contract == ContractType.FIXED_TERM
        else None,
        employer_may_know=bool(i % 3),
    )
    services.save_plan(
        employment=job,
        author=worker,
        base_revision=0,
        needs_travel_money=True,
        contact_method="phone",
        contact_frequency="fortnightly" if i % 2 else "weekly",
        agreed_support="Call after the first shift, then as agreed. Help with a "
        "bus pass until the first wage.",
        long_term_goals=["more_hours"],
    )
    if start <= today:
        services.set_preparation(
            employment=job,
            done_items=["travel", "clothes", "address"],
            ticked_by=worker,
        )
    quiet = QUIET_DAYS if i % 2 else 2
    _log_contacts(job, today - datetime.timedelta(days=quiet), i)


def _log_contacts(job, until: datetime.date, i: int) -> None:
    """Answer each check-in due by `until` with a contact on its due date."""
    assignee = services.assignee_for(job.participant)
    for n in range(60):
        checkin = (
            CheckIn.objects.filter(
                employment=job, status=CheckInStatus.PENDING, due_on__lte=until
            )
            .order_by("due_on", "pk")
            .first()
        )
        if checkin is None:
            return
        moment = timezone.make_aware(
            datetime.datetime.combine(checkin.due_on, datetime.time(12, 30))
        )
        trouble = n == 3 and i % 3 == 0
        services.record_in_work_contact(
            employment=job,
            worker=assignee,
            happened_at=moment,
            channel="phone",
            minutes=15,
            how_is_it_going="Settling in well." if not trouble else "Off sick twice.",
            needs_and_problems="" if not trouble else "Sickness: back pain.",
            risks=["sickness"] if trouble else [],
            risk_detail="Off sick twice this month." if trouble else "",
            checkin=checkin,
            confirmed_by="employer",
            submission_key=uuid.uuid5(NAMESPACE, f"{job.pk}:{checkin.pk}"),
        )
