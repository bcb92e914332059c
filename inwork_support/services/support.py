"""The support itself: the plan, preparation, practical help, contacts, risks."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from accounts.audit import audited_update
from accounts.models import User
from caseload.models import (
    ConfirmedBy,
    Contact,
    EntryKind,
    Outcome,
    OutcomeKind,
    Participant,
)
from caseload.services import add_timeline_entry, record_outcome

from .. import dates
from ..models import (
    CheckIn,
    CheckInKind,
    CheckInStatus,
    Employment,
    InWorkContact,
    InWorkSupportPlan,
    JobRisk,
    PracticalSupport,
    RiskReason,
)
from .jobs import JobAlreadyEndedError, _timeline, change_terms
from .schedule import schedule_next_regular, sync_schedule
from .support_days import add_support_contact


class StalePlanError(Exception):
    """The plan was updated after the form was opened: the edit is refused."""

    def __init__(self, current: int) -> None:
        super().__init__(f"The plan is now at revision {current}.")
        self.current = current


@transaction.atomic
def save_plan(
    *, employment: Employment, author: User, base_revision: int, **fields: Any
) -> InWorkSupportPlan:
    """Agree or update the In-Work Support Plan as a new revision.

    An edit must start from the plan in force (`base_revision`, 0 for none);
    one based on an older revision raises StalePlanError, and the unique
    (employment, revision) constraint settles two saves racing each other.
    A new contact frequency re-dates the pending regular check-in.
    """
    current = employment.plans.aggregate(r=Max("revision"))["r"] or 0
    if base_revision != current:
        return _same_save(employment, author, base_revision, fields, current)
    try:
        with transaction.atomic():
            plan = InWorkSupportPlan.objects.create(
                employment=employment, revision=current + 1, created_by=author, **fields
            )
    except IntegrityError as error:
        return _same_save(employment, author, base_revision, fields, current + 1, error)
    _redate_regular(employment=employment, interval=plan.interval_days(), by=author)
    sync_schedule(employment=employment)
    title = "In-work support plan agreed" if current == 0 else "Plan updated"
    add_timeline_entry(
        participant=employment.participant,
        occurred_at=plan.created_at,
        kind=EntryKind.PLAN,
        title=f"{title} (revision {plan.revision})",
        url=plan.get_absolute_url(),
        actor=author,
    )
    return plan


def _same_save(
    employment: Employment,
    author: User,
    base_revision: int,
    fields: dict[str, Any],
    current: int,
    error: Exception | None = None,
) -> InWorkSupportPlan:
    """Return the revision a repeated submission already saved, else refuse it.

    A double tap sends the same form twice: the second finds the first's
    revision, by the same author with the same text, and changes nothing.
    """
    latest = employment.plans.filter(revision=base_revision + 1).first()
    if (
        latest is not None
        and latest.revision == current
        and latest.created_by_id == author.pk
        and all(getattr(latest, name) == value for name, value in fields.items())
    ):
        return latest
    raise StalePlanError(current) from error


def _redate_regular(*, employment: Employment, interval: int, by: User) -> None:
    """Re-date the pending regular check-in `interval` days after the last one."""
    pending = employment.checkins.filter(
        kind=CheckInKind.REGULAR, status=CheckInStatus.PENDING, sequence__gt=1
    ).first()
    if pending is None:
        return
    previous = (
        employment.checkins.filter(
            kind=CheckInKind.REGULAR, sequence__lt=pending.sequence
        )
        .order_by("-sequence")
        .first()
    )
    base = (
        dates.today(previous.closed_at) if previous and previous.closed_at else None
    ) or employment.start_date
    audited_update(
        CheckIn.objects.filter(pk=pending.pk),
        actor=by,
        due_on=base + datetime.timedelta(days=interval),
        reminded_at=None,
        escalated_at=None,
    )


@transaction.atomic
def set_preparation(
    *,
    employment: Employment,
    done_items: Sequence[str],
    ticked_by: User,
    was_done: Sequence[str] | None = None,
) -> int:
    """Tick off the preparation items in `done_items`, untick the rest.

    With `was_done` (the items the form showed ticked), untick only those the
    user unticked: of two people ticking different items at once, neither
    undoes the other's. Once the job has ended, preparation is closed:
    JobAlreadyEndedError.
    """
    if employment.ended_on is not None:
        raise JobAlreadyEndedError(
            f"This job ended on {employment.ended_on:%-d %b %Y}: "
            "its preparation can no longer change."
        )
    today = dates.today()
    items = employment.preparation.all()
    newly = audited_update(
        items.filter(item__in=done_items, done_on=None), actor=ticked_by, done_on=today
    )
    untick = items.exclude(item__in=done_items).exclude(done_on=None)
    if was_done is not None:
        untick = untick.filter(item__in=was_done)
    audited_update(untick, actor=ticked_by, done_on=None)
    if newly:
        _timeline(
            employment,
            ticked_by,
            f"Preparation: {newly} item(s) ticked off",
            EntryKind.JOB,
        )
    return newly


@transaction.atomic
def record_practical_support(
    *,
    employment: Employment,
    item: str,
    amount: Decimal,
    given_on: datetime.date,
    approved_by: User,
    recorded_by: User,
    note: str = "",
) -> PracticalSupport:
    """Record money or goods given to start or stay in work."""
    support = PracticalSupport.objects.create(
        employment=employment,
        item=item,
        amount=amount,
        given_on=given_on,
        approved_by=approved_by,
        note=note,
    )
    _timeline(
        employment,
        recorded_by,
        f"Practical support: {support.get_item_display()}, £{amount}",
        EntryKind.JOB,
        f"Approved by {approved_by}. {note}".strip(),
    )
    return support


@dataclass(frozen=True)
class InWorkAnswers:
    """The In-Work Support Contact form's answers, and the check-in a contact does.

    Given to `caseload.services.log_contact(answers=[...])`: the one way a
    contact is logged, from the caseload, a check-in or the job page.
    """

    employment: Employment
    checkin: CheckIn | None = None
    how_is_it_going: str = ""
    changes: str = ""
    anything_else: str = ""
    needs_and_problems: str = ""
    actions_and_timescales: str = ""
    new_terms: dict[str, Any] | None = None
    risks: Sequence[str] = ()
    risk_detail: str = ""
    confirmed_by: str = ""

    def has_answers(self) -> bool:
        """Return whether any of the form's questions was answered."""
        texts = (
            self.how_is_it_going,
            self.changes,
            self.anything_else,
            self.needs_and_problems,
            self.actions_and_timescales,
        )
        return any(t.strip() for t in texts) or bool(self.new_terms or self.risks)

    def check(self, participant: Participant) -> None:
        if self.employment.participant_id != participant.pk:
            raise ValueError("That job is not this participant's.")
        if (
            self.checkin is not None
            and self.checkin.employment_id != self.employment.pk
        ):
            raise ValueError("That check-in is not for this job.")

    def apply(self, *, contact: Contact, worker: User) -> None:
        record_in_work_answers(answers=self, contact=contact, worker=worker)


def record_in_work_answers(
    *, answers: InWorkAnswers, contact: Contact, worker: User
) -> InWorkContact | None:
    """Keep the answers of a newly logged contact and complete its check-in.

    1. The answers are kept (when there are any, or a check-in is done); new
       terms (question 2) change the job and its history.
    2. Reported trouble (sickness, lateness, conflict, hours or pay) raises risks.
    3. The check-in it answers is completed.
    Kept answers or a completed check-in make the contact in-work support,
    counted in its day's roll-up (services.support_days).
    Called by log_contact, in its transaction, once per contact.
    """
    employment = answers.employment
    in_work = None
    if answers.has_answers() or answers.checkin is not None:
        in_work = InWorkContact.objects.create(
            contact=contact,
            employment=employment,
            how_is_it_going=answers.how_is_it_going or contact.notes,
            changes=answers.changes,
            anything_else=answers.anything_else,
            needs_and_problems=answers.needs_and_problems,
            actions_and_timescales=answers.actions_and_timescales,
        )
        add_support_contact(contact=contact)
    if answers.new_terms:
        change_terms(
            employment=employment,
            recorded_by=worker,
            note=answers.changes[:300],
            **answers.new_terms,
        )
    for reason in answers.risks:
        raise_job_risk(
            employment=employment,
            reason=reason,
            detail=answers.risk_detail,
            raised_by=worker,
            key=f"contact:{contact.pk}:{reason}",
        )
    if answers.checkin is not None:
        complete_checkin(
            checkin=answers.checkin,
            contact=contact,
            done_by=worker,
            confirmed_by=answers.confirmed_by,
        )
    return in_work


@transaction.atomic
def complete_checkin(
    *, checkin: CheckIn, contact: Contact, done_by: User, confirmed_by: str = ""
) -> bool:
    """Mark a pending check-in done by `contact`; return False if it was not pending.

    A regular check-in rolls on to the next; the six- and twelve-month ones record
    the sustained-employment outcome with how it was confirmed.
    """
    claimed = audited_update(
        CheckIn.objects.filter(pk=checkin.pk, status=CheckInStatus.PENDING),
        actor=done_by,
        status=CheckInStatus.DONE,
        completed_contact=contact,
        closed_at=contact.happened_at,
    )
    if not claimed:
        return False
    add_support_contact(contact=contact)
    checkin.refresh_from_db()
    employment = checkin.employment
    if checkin.kind == CheckInKind.REGULAR:
        schedule_next_regular(
            employment=employment, after=dates.today(contact.happened_at)
        )
    if checkin.is_milestone:
        record_sustained_outcome(
            checkin=checkin, confirmed_by=confirmed_by, recorded_by=done_by
        )
    add_timeline_entry(
        participant=employment.participant,
        occurred_at=contact.happened_at,
        kind=EntryKind.CHECK_IN,
        title=f"{checkin.get_kind_display()} check-in done",
        url=employment.get_absolute_url(),
        actor=done_by,
        key=f"checkin:{checkin.pk}:done",
    )
    return True


def record_sustained_outcome(
    *, checkin: CheckIn, confirmed_by: str, recorded_by: User
) -> Outcome:
    """Record sustained employment at 6 or 12 months, and how it was confirmed."""
    employment = checkin.employment
    six = checkin.kind == CheckInKind.SIX_MONTHS
    kind = OutcomeKind.SUSTAINED_6 if six else OutcomeKind.SUSTAINED_12
    outcome = record_outcome(
        key=f"employment:{employment.pk}:{kind}",
        participant=employment.participant,
        kind=kind,
        achieved_on=checkin.due_on,
        confirmed_by=confirmed_by or ConfirmedBy.PARTICIPANT,
        note=str(employment),
        recorded_by=recorded_by,
    )
    field = "reached_six_months" if six else "reached_twelve_months"
    audited_update(
        Employment.objects.filter(pk=employment.pk), actor=recorded_by, **{field: True}
    )
    return outcome


def raise_job_risk(
    *,
    employment: Employment,
    reason: str,
    detail: str = "",
    raised_by: User | None = None,
    key: str | None = None,
) -> JobRisk | None:
    """Flag the job at risk; with `key`, at most once. Return the new risk."""
    try:
        with transaction.atomic():
            risk = JobRisk.objects.create(
                employment=employment, reason=reason, detail=detail, key=key
            )
    except IntegrityError:
        if key is None:
            raise
        return None
    add_timeline_entry(
        participant=employment.participant,
        occurred_at=risk.raised_at,
        kind=EntryKind.JOB,
        title=f"Job at risk: {risk.get_reason_display().lower()}",
        detail=detail,
        url=employment.get_absolute_url(),
        actor=raised_by,
        key=f"risk:{key}" if key else None,
    )
    return risk


@transaction.atomic
def clear_job_risk(*, risk: JobRisk, cleared_by: User, note: str) -> JobRisk:
    """Clear a job risk with a note of what was done (once)."""
    now = timezone.now()
    if audited_update(
        JobRisk.objects.filter(pk=risk.pk, cleared_at=None),
        actor=cleared_by,
        cleared_at=now,
        cleared_by=cleared_by,
        clearing_note=note,
    ):
        _timeline(
            risk.employment,
            cleared_by,
            f"Job risk cleared: {risk.get_reason_display().lower()}",
            EntryKind.JOB,
            note,
        )
    risk.refresh_from_db()
    return risk


REPORTABLE_RISKS = [
    (value, label)
    for value, label in RiskReason.choices
    if value not in (RiskReason.MISSED_CHECK_IN, RiskReason.OTHER)
]
