"""Keyworker history: in order, never overlapping, never ahead of the clock."""

from __future__ import annotations

from collections.abc import Iterator

from django.db.models import Exists, F, OuterRef, Q, Subquery

from accounts.models import User
from caseload.models import Action, KeyworkerAssignment, Participant, PathwayStage
from inwork_support.models import CheckIn

from .base import (
    PARTICIPANT,
    PARTNER,
    Finding,
    Moment,
    about_participant,
    check,
    day,
    participant_url,
)


def _about_assignment(kind: str, row: dict, message: str) -> Finding:
    return Finding(
        kind=kind,
        partner_id=row[PARTNER],
        participant_id=row[PARTICIPANT],
        record=f"Keyworker assignment {row['pk']}",
        url=participant_url(row[PARTICIPANT]),
        message=message,
    )


ASSIGNMENT = ("pk", PARTICIPANT, PARTNER, "started_at", "ended_at")


@check("assignment_out_of_order", "Keyworker history out of order")
def assignment_out_of_order(moment: Moment) -> Iterator[Finding]:
    rows = KeyworkerAssignment.objects.filter(ended_at__lt=F("started_at")).values(
        *ASSIGNMENT
    )
    for row in rows.order_by("pk"):
        yield _about_assignment(
            "assignment_out_of_order",
            row,
            f"The assignment ends ({day(row['ended_at'])}) before it starts "
            f"({day(row['started_at'])}).",
        )


@check("assignment_in_future", "Keyworker history in the future")
def assignment_in_future(moment: Moment) -> Iterator[Finding]:
    rows = KeyworkerAssignment.objects.filter(
        Q(started_at__gt=moment.now) | Q(ended_at__gt=moment.now)
    ).values(*ASSIGNMENT)
    for row in rows.order_by("pk"):
        when = row["started_at"] if row["started_at"] > moment.now else row["ended_at"]
        yield _about_assignment(
            "assignment_in_future",
            row,
            f"The assignment is dated {day(when)}, which has not come yet.",
        )


@check("assignments_overlap", "Keyworker history overlapping")
def assignments_overlap(moment: Moment) -> Iterator[Finding]:
    """Flag an assignment that starts before an earlier one of the same person ends."""
    earlier = KeyworkerAssignment.objects.filter(
        Q(started_at__lt=OuterRef("started_at"))
        | Q(started_at=OuterRef("started_at"), pk__lt=OuterRef("pk")),
        participant=OuterRef("participant"),
    ).filter(Q(ended_at__isnull=True) | Q(ended_at__gt=OuterRef("started_at")))
    rows = KeyworkerAssignment.objects.filter(Exists(earlier)).values(*ASSIGNMENT)
    for row in rows.order_by("pk"):
        yield _about_assignment(
            "assignments_overlap",
            row,
            f"The assignment starting {day(row['started_at'])} overlaps an earlier "
            "one that had not ended.",
        )


@check("keyworker_not_assigned", "Keyworker not the one the history names")
def keyworker_not_assigned(moment: Moment) -> Iterator[Finding]:
    """Flag a keyworker other than the open assignment's (required unless exited)."""
    current = KeyworkerAssignment.objects.filter(
        participant=OuterRef("pk"), ended_at__isnull=True
    ).values("keyworker_id")[:1]
    rows = (
        Participant.objects.annotate(assigned=Subquery(current))
        .filter(
            Q(assigned__isnull=True, pathway_stage__in=_active_stages())
            | (Q(assigned__isnull=False) & ~Q(assigned=F("keyworker_id")))
        )
        .values("pk", "delivery_partner_id", "assigned")
    )
    for row in rows.order_by("pk"):
        if row["assigned"] is None:
            message = "No keyworker assignment is open."
        else:
            message = "The open keyworker assignment names another keyworker."
        yield about_participant("keyworker_not_assigned", row, message)


def _active_stages() -> list[str]:
    return [s for s in PathwayStage.values if s != PathwayStage.EXITED]


@check("worker_at_other_partner", "Keyworker or officer at another partner")
def worker_at_other_partner(moment: Moment) -> Iterator[Finding]:
    rows = Participant.objects.filter(
        ~Q(keyworker__delivery_partner_id=F("delivery_partner_id"))
        | (
            Q(in_work_support_officer__isnull=False)
            & ~Q(in_work_support_officer__delivery_partner_id=F("delivery_partner_id"))
        )
    ).values("pk", "delivery_partner_id")
    for row in rows.order_by("pk"):
        yield about_participant(
            "worker_at_other_partner",
            row,
            "The keyworker or in-work support officer works for another partner.",
        )


@check("held_by_leaver", "Work held by someone who has left")
def held_by_leaver(moment: Moment) -> Iterator[Finding]:
    """Flag people, pending check-ins and open actions held by a deactivated user."""
    gone = User.objects.filter(is_active=False).values("pk")
    people = (
        Participant.objects.active()
        .filter(Q(keyworker__in=gone) | Q(in_work_support_officer__in=gone))
        .values("pk", "delivery_partner_id")
    )
    for row in people.order_by("pk"):
        yield about_participant(
            "held_by_leaver", row, "The keyworker or in-work support officer has left."
        )
    yield from _held(
        CheckIn.objects.pending().filter(assigned_to__in=gone),
        "employment__participant",
        "A pending check-in is held by someone who has left.",
    )
    yield from _held(
        Action.objects.open().filter(owner__in=gone),
        "participant",
        "An open action is owned by someone who has left.",
    )


def _held(rows, path: str, message: str) -> Iterator[Finding]:
    rows = rows.values(f"{path}_id", f"{path}__delivery_partner_id").distinct()
    for row in rows.order_by(f"{path}_id"):
        yield about_participant(
            "held_by_leaver",
            {
                "pk": row[f"{path}_id"],
                "delivery_partner_id": row[f"{path}__delivery_partner_id"],
            },
            message,
        )
