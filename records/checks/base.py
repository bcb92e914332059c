"""What a check is and what it finds: the parts every check module shares."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass

from django.urls import reverse


@dataclass(frozen=True)
class Finding:
    """One record that breaks a rule."""

    kind: str
    partner_id: int
    participant_id: int
    record: str
    url: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)


@dataclass(frozen=True)
class Moment:
    """When the checks run: a London date and the moment."""

    today: datetime.date
    now: datetime.datetime


Find = Callable[[Moment], Iterable[Finding]]


@dataclass(frozen=True)
class Check:
    kind: str
    title: str
    find: Find


CHECKS: dict[str, Check] = {}


def check(kind: str, title: str) -> Callable[[Find], Find]:
    """Register a check under `kind`, with the title its findings are listed under."""

    def register(find: Find) -> Find:
        CHECKS[kind] = Check(kind, title, find)
        return find

    return register


def participant_url(pk: int) -> str:
    return reverse("caseload:participant-detail", args=[pk])


def job_url(pk: int) -> str:
    return reverse("inwork_support:employment-detail", args=[pk])


def about_participant(kind: str, row: dict, message: str) -> Finding:
    """Return a finding about a participant row (`pk`, `delivery_partner_id`)."""
    return Finding(
        kind=kind,
        partner_id=row["delivery_partner_id"],
        participant_id=row["pk"],
        record=f"Participant {row['pk']}",
        url=participant_url(row["pk"]),
        message=message,
    )


PARTICIPANT = "participant_id"
PARTNER = "participant__delivery_partner_id"


def about_job(kind: str, row: dict, message: str, job_id: int | None = None) -> Finding:
    """Return a finding about a job, from a row with its participant and partner."""
    job_id = job_id or row["pk"]
    return Finding(
        kind=kind,
        partner_id=row[PARTNER],
        participant_id=row[PARTICIPANT],
        record=f"Job {job_id}",
        url=job_url(job_id),
        message=message,
    )


def day(value: datetime.date | datetime.datetime) -> str:
    """Return a date as the pages write it: 2 Mar 2026."""
    return f"{value:%-d %b %Y}"
