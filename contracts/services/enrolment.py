"""Enrolling a participant on a contract, with the eligibility checklist at intake."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.audit import audited_bulk_create, audited_update
from accounts.models import User
from caseload.models import EntryKind, Participant
from caseload.services import add_timeline_entry

from ..models import Contract, EligibilityAnswer, EligibilityItem, Enrolment


class EnrolmentError(Exception):
    """The enrolment or its check was refused; the message says why."""


@transaction.atomic
def enrol_participant(
    *,
    contract: Contract,
    participant: Participant,
    enrolled_by: User,
    enrolled_on: datetime.date,
    answers: dict[int, tuple[bool, str]],
    declaration_signed_on: datetime.date | None,
) -> Enrolment:
    """Enrol `participant` on `contract` with their checklist answers.

    1. Refuse a contract their partner does not deliver, one not open on the
       day, or a second enrolment on the same contract.
    2. Save the enrolment and one answer per checklist item (item id to
       (met, note)); it counts only once a second person checks it.
    3. Put it on the participant's timeline.
    """
    if not contract.partners.filter(pk=participant.delivery_partner_id).exists():
        raise EnrolmentError("Their partner does not deliver this contract.")
    if not Contract.objects.open_for_enrolment(enrolled_on).filter(pk=contract.pk):
        raise EnrolmentError("The contract is not open for enrolment on that date.")
    if Enrolment.objects.filter(contract=contract, participant=participant).exists():
        raise EnrolmentError("They are already enrolled on this contract.")
    enrolment = Enrolment.objects.create(
        contract=contract,
        participant=participant,
        enrolled_on=enrolled_on,
        enrolled_by=enrolled_by,
        declaration_signed_on=declaration_signed_on,
    )
    items = EligibilityItem.objects.filter(contract=contract)
    audited_bulk_create(
        (
            EligibilityAnswer(
                enrolment=enrolment,
                item=item,
                met=answers.get(item.pk, (False, ""))[0],
                note=answers.get(item.pk, (False, ""))[1],
            )
            for item in items
        ),
        actor=enrolled_by,
    )
    add_timeline_entry(
        participant=participant,
        occurred_at=timezone.now(),
        kind=EntryKind.OUTCOME,
        title=f"Enrolled on {contract.name}",
        detail="Counts once a second person checks the eligibility.",
        url=enrolment.get_absolute_url(),
        actor=enrolled_by,
    )
    return enrolment


@transaction.atomic
def check_enrolment(*, enrolment: Enrolment, checker: User) -> bool:
    """Record a second person's check of the enrolment; False if already checked.

    The database refuses the enroller as checker too (a check constraint), so a
    direct write cannot skip the second person either.
    """
    if checker.pk == enrolment.enrolled_by_id:
        raise EnrolmentError("A second person must check: not whoever enrolled them.")
    if problems := eligibility_problems(enrolment, checked=True):
        raise EnrolmentError("Not yet: " + "; ".join(problems) + ".")
    now = timezone.now()
    done = audited_update(
        Enrolment.objects.filter(pk=enrolment.pk, checked_by__isnull=True),
        actor=checker,
        checked_by=checker,
        checked_at=now,
    )
    if done:
        enrolment.checked_by, enrolment.checked_at = checker, now
        add_timeline_entry(
            participant=enrolment.participant,
            occurred_at=timezone.now(),
            kind=EntryKind.OUTCOME,
            title=f"Enrolment on {enrolment.contract.name} checked",
            url=enrolment.get_absolute_url(),
            actor=checker,
        )
    return bool(done)


def eligibility_problems(enrolment: Enrolment, *, checked: bool = False) -> list[str]:
    """Return why the enrolment does not count yet, in words; none when it does.

    Two queries: the answers and the eligibility evidence. `checked` leaves out
    the missing second check, for the check itself.
    """
    answers = list(enrolment.answers.select_related("item"))
    uploaded = set(
        enrolment.documents.filter(eligibility_item__isnull=False).values_list(
            "eligibility_item", flat=True
        )
    )
    return problems_of(enrolment, answers, uploaded, checked=checked)


def problems_of(
    enrolment: Enrolment,
    answers: list[EligibilityAnswer],
    uploaded: set[int],
    *,
    checked: bool = False,
) -> list[str]:
    """Return why the enrolment does not count, from its answers (items loaded)
    and the ids of the items with evidence uploaded."""
    problems = []
    if enrolment.declaration_signed_on is None:
        problems.append("no signed participant declaration")
    for answer in answers:
        if not answer.met:
            problems.append(f"not met: {answer.item.question}")
        elif answer.item.evidence_kind and answer.item_id not in uploaded:
            problems.append(f"evidence missing: {answer.item.question}")
    if not checked and not enrolment.counts:
        problems.append("enrolment not checked by a second person")
    return problems
