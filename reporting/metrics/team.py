"""Caseload health per worker, for a partner manager: one row per worker.

Each measure is a queryset of the records behind the number, built for one
worker. The dashboard passes OuterRef("pk") as the worker, so all measures run
as correlated subqueries in one query; a drill-down passes the worker itself.
"""

from __future__ import annotations

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import (
    Case,
    Exists,
    Func,
    IntegerField,
    JSONField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import JSONObject

from accounts.models import DeliveryPartner, User
from caseload.models import Contact, Participant, SafeguardingConcern
from config.prepared import PreparedQuery
from employers.models import EmployerMessage
from inwork_support.models import CheckIn, Employment

from .base import (
    Metric,
    _Aggregate,
    define,
    grace_days,
    hours,
    percent,
    subquery_count,
    window_start,
)
from .definitions import decided_checkins, is_on_time, with_done_day

Worker = Any  # a User, or OuterRef("pk") inside the dashboard query


def caseload(worker: Worker, today: datetime.date) -> models.QuerySet:
    return Participant.objects.active().held_by(worker)


def has_job(today: datetime.date) -> Exists:
    """Return the condition, on Participant, of a job started and not ended."""
    jobs = Employment.objects.current().filter(
        participant=OuterRef("pk"), start_date__lte=today
    )
    return Exists(jobs)


def in_work(worker: Worker, today: datetime.date) -> models.QuerySet:
    return caseload(worker, today).filter(has_job(today))


def contacts(worker: Worker, today: datetime.date) -> models.QuerySet:
    return Contact.objects.filter(worker=worker, happened_at__gte=window_start(today))


OUT_OF_HOURS = Q(out_of_hours=True)


def out_of_hours(worker: Worker, today: datetime.date) -> models.QuerySet:
    return contacts(worker, today).filter(OUT_OF_HOURS)


def checkins_decided(worker: Worker, today: datetime.date) -> models.QuerySet:
    since = today - datetime.timedelta(days=30)
    return with_done_day(
        decided_checkins(today).filter(
            assigned_to=worker, due_on__gte=since, due_on__lte=today
        )
    )


def overdue(worker: Worker, today: datetime.date) -> models.QuerySet:
    return CheckIn.objects.chased().filter(assigned_to=worker, due_on__lt=today)


def recent_contact(today: datetime.date) -> Exists:
    """Return the condition, on Participant, of a contact by anyone in the window."""
    recent = Contact.objects.filter(
        participant=OuterRef("pk"), happened_at__gte=window_start(today)
    )
    return Exists(recent)


def no_recent_contact(worker: Worker, today: datetime.date) -> models.QuerySet:
    return caseload(worker, today).exclude(recent_contact(today))


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


# Read together, in one pass over the worker's caseload, one over their contacts
# and one over their decided check-ins (see _workers_counted); each is still its
# measure's records, counted.
CASELOAD_PASS = ("active_caseload", "in_work", "no_contact_30d")
CONTACTS_PASS = ("contacts_30d", "out_of_hours_30d")
CHECKINS_PASS = ("checkins_on_time_30d",)


def team_rows(partner: DeliveryPartner, today: datetime.date) -> list[WorkerRow]:
    """Return one row per active frontline worker of `partner`, in one query.

    The query (see _workers_counted) is compiled once a day per process, for any
    partner: building and compiling its dozen subqueries cost as much as running
    them.
    """
    rows = []
    for w in _team_query(today, grace_days()).all(partner.pk):
        passes = {**w.m_caseload, **w.m_contacts, **w.m_checkins}
        rows.append(
            WorkerRow(
                worker=w,
                counts={
                    key: passes[key] if key in passes else getattr(w, f"m_{key}")
                    for key in MEASURES
                },
                hours_30d=hours(passes["minutes"]),
                on_time=passes["on_time"],
                cap=partner.caseload_cap,
            )
        )
    return rows


@functools.lru_cache(maxsize=2)
def _team_query(today: datetime.date, grace: int) -> PreparedQuery:
    """Return the team query for `today`, whose dates (today, the 30 days' window,
    the grace days) it holds as they are: only the partner is swapped in.

    `grace` (the setting, read into the SQL when compiling) keys it too. Today's
    and yesterday's are kept, for the requests either side of midnight.
    PostgreSQL plans it once per connection too (plan_once), not on each run:
    it planned in 3 ms and ran in 8.
    """
    return PreparedQuery(
        lambda partner_id: _workers_counted(partner_id, today), plan_once=True
    )


def _workers_counted(partner_id: int, today: datetime.date) -> models.QuerySet:
    """Return the partner's active frontline workers, each with their counts.

    Each measure is a correlated subquery, except that the caseload's three
    counts come from one pass over the worker's caseload, the contacts' two
    counts and their minutes from one pass over their contacts, and the decided
    check-ins and those done on time from one pass over them: separate
    subqueries each read the same rows again (20 of the dashboard's 47 ms at 9
    workers, 1,000 participants and 1,500 contacts a month).
    """
    worker = OuterRef("pk")
    counts = {
        key: subquery_count(m.records(worker, today))
        for key, m in MEASURES.items()
        if key not in CASELOAD_PASS + CONTACTS_PASS + CHECKINS_PASS
    }
    workers = User.objects.frontline().filter(delivery_partner_id=partner_id)
    return workers.annotate(
        **{f"m_{key}": expression for key, expression in counts.items()},
        m_caseload=_one_pass(
            caseload(worker, today),
            active_caseload=_count(),
            in_work=_count(has_job(today)),
            no_contact_30d=_count(~recent_contact(today)),
        ),
        m_contacts=_one_pass(
            contacts(worker, today),
            contacts_30d=_count(),
            out_of_hours_30d=_count(OUT_OF_HOURS),
            minutes=_Aggregate("minutes", function="SUM"),
        ),
        m_checkins=_one_pass(
            checkins_decided(worker, today),
            checkins_on_time_30d=_count(),
            on_time=_count(is_on_time()),
        ),
    )


def _one_pass(records: models.QuerySet, **figures: Func) -> models.Subquery:
    """Return a subquery computing `figures` over `records` in one read, as JSON."""
    inner = records.order_by().annotate(_figures=JSONObject(**figures))
    return models.Subquery(inner.values("_figures")[:1], output_field=JSONField())


def _count(condition: Q | Exists | None = None) -> Func:
    """Return COUNT of the records, or of those meeting `condition`."""
    if condition is None:
        return _Aggregate("pk", function="COUNT")
    return _Aggregate(
        Case(When(condition, then=Value(1)), output_field=IntegerField()),
        function="COUNT",
    )


def partner_workers(partner_id: int) -> models.QuerySet:
    """Return the workers whose rows a manager of `partner_id` may open."""
    return User.objects.frontline().filter(delivery_partner_id=partner_id)
