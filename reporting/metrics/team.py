"""Caseload health per worker, for a partner manager: one row per worker.

Each measure is a queryset of the records behind the number, built for one
worker. The dashboard passes OuterRef("pk") as the worker, so all measures run
as correlated subqueries in one query; a drill-down passes the worker itself.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q

from accounts.models import DeliveryPartner, User
from caseload.models import Contact, Participant, SafeguardingConcern
from employers.models import EmployerMessage
from inwork_support.models import CheckIn, Employment

from .base import (
    Metric,
    define,
    grace_days,
    hours,
    percent,
    subquery_count,
    subquery_sum,
    window_start,
)
from .definitions import decided_checkins, is_on_time, with_done_day

Worker = Any  # a User, or OuterRef("pk") inside the dashboard query


def caseload(worker: Worker, today: datetime.date) -> models.QuerySet:
    return Participant.objects.active().held_by(worker)


def in_work(worker: Worker, today: datetime.date) -> models.QuerySet:
    jobs = Employment.objects.current().filter(
        participant=OuterRef("pk"), start_date__lte=today
    )
    return caseload(worker, today).filter(Exists(jobs))


def contacts(worker: Worker, today: datetime.date) -> models.QuerySet:
    return Contact.objects.filter(worker=worker, happened_at__gte=window_start(today))


def out_of_hours(worker: Worker, today: datetime.date) -> models.QuerySet:
    return contacts(worker, today).filter(out_of_hours=True)


def checkins_decided(worker: Worker, today: datetime.date) -> models.QuerySet:
    since = today - datetime.timedelta(days=30)
    return with_done_day(
        decided_checkins(today).filter(
            assigned_to=worker, due_on__gte=since, due_on__lte=today
        )
    )


def checkins_on_time(worker: Worker, today: datetime.date) -> models.QuerySet:
    return checkins_decided(worker, today).filter(is_on_time())


def overdue(worker: Worker, today: datetime.date) -> models.QuerySet:
    return CheckIn.objects.chased().filter(assigned_to=worker, due_on__lt=today)


def no_recent_contact(worker: Worker, today: datetime.date) -> models.QuerySet:
    recent = Contact.objects.filter(
        participant=OuterRef("pk"), happened_at__gte=window_start(today)
    )
    return caseload(worker, today).exclude(Exists(recent))


def open_concerns(worker: Worker, today: datetime.date) -> models.QuerySet:
    return SafeguardingConcern.objects.open().filter(
        Q(participant__keyworker=worker)
        | Q(participant__in_work_support_officer=worker)
    )


def unanswered_messages(worker: Worker, today: datetime.date) -> models.QuerySet:
    return EmployerMessage.objects.unanswered().filter(addressed_to=worker)


@dataclass(frozen=True)
class Measure:
    """One column of the team dashboard and the records behind it."""

    metric: Metric
    kind: str  # participants, contacts, checkins, concerns or messages
    records: Callable[[Worker, datetime.date], models.QuerySet]


def _measure(key: str, name: str, kind: str, records, definition: str) -> Measure:
    return Measure(define(key, name, definition), kind, records)


MEASURES = {
    m.metric.key: m
    for m in [
        _measure(
            "active_caseload",
            "Active caseload",
            "participants",
            caseload,
            """Participants not exited whose named keyworker or in-work support
            officer is the worker. Shown against the partner's caseload cap.""",
        ),
        _measure(
            "in_work",
            "In work",
            "participants",
            in_work,
            """Participants in the active caseload with a job that has started and
            not ended.""",
        ),
        _measure(
            "contacts_30d",
            "Contacts, last 30 days",
            "contacts",
            contacts,
            """Contacts the worker logged from midnight 30 days ago until now,
            with the total of their minutes shown as hours.""",
        ),
        _measure(
            "checkins_on_time_30d",
            "Check-ins on time",
            "checkins",
            checkins_decided,
            f"""Of the check-ins assigned to the worker that fell due in the last 30
            days and are decided, the share done on time (due date plus
            {grace_days()} days' grace).""",
        ),
        _measure(
            "checkins_overdue",
            "Check-ins overdue",
            "checkins",
            overdue,
            """Check-ins assigned to the worker still pending after their due
            date.""",
        ),
        _measure(
            "no_contact_30d",
            "No contact in 30 days",
            "participants",
            no_recent_contact,
            """Participants in the active caseload with no contact logged by anyone
            in the last 30 days.""",
        ),
        _measure(
            "out_of_hours_30d",
            "Out-of-hours contacts, last 30 days",
            "contacts",
            out_of_hours,
            """The worker's contacts in the last 30 days that fell outside their
            working hours.""",
        ),
        _measure(
            "open_safeguarding",
            "Open safeguarding concerns",
            "concerns",
            open_concerns,
            """Safeguarding concerns still open for participants whose keyworker or
            in-work support officer is the worker.""",
        ),
        _measure(
            "unanswered_messages",
            "Employer messages unanswered",
            "messages",
            unanswered_messages,
            """Employer message threads addressed to the worker that no member of
            staff has replied to yet.""",
        ),
    ]
}


@dataclass
class WorkerRow:
    worker: User
    counts: dict[str, int]
    hours_30d: float
    on_time: int
    cap: int

    @property
    def on_time_percent(self) -> float | None:
        return percent(self.on_time, self.counts["checkins_on_time_30d"])

    @property
    def over_cap(self) -> bool:
        return self.counts["active_caseload"] > self.cap


def team_rows(partner: DeliveryPartner, today: datetime.date) -> list[WorkerRow]:
    """Return one row per active frontline worker of `partner`, in one query."""
    worker = OuterRef("pk")
    counts = {
        key: subquery_count(m.records(worker, today)) for key, m in MEASURES.items()
    }
    workers = User.objects.frontline().filter(delivery_partner=partner)
    workers = workers.annotate(
        **{f"m_{key}": expression for key, expression in counts.items()},
        m_minutes=subquery_sum(contacts(worker, today), "minutes"),
        m_on_time=subquery_count(checkins_on_time(worker, today)),
    )
    return [
        WorkerRow(
            worker=w,
            counts={key: getattr(w, f"m_{key}") for key in MEASURES},
            hours_30d=hours(w.m_minutes),
            on_time=w.m_on_time,
            cap=partner.caseload_cap,
        )
        for w in workers
    ]


def partner_workers(partner_id: int) -> models.QuerySet:
    """Return the workers whose rows a manager of `partner_id` may open."""
    return User.objects.frontline().filter(delivery_partner_id=partner_id)
