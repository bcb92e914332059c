"""Panels the contracts app shows on other apps' pages."""

from __future__ import annotations

from django import template
from django.db.models import Exists, OuterRef, Q, Subquery

from accounts import policy
from accounts.models import User
from caseload.models import Participant
from inwork_support import dates

from ..models import ClaimStage, Contract, Enrolment
from ..services.progress import progress_for

register = template.Library()

TODAY_SHOWN = 10


def enrolled() -> Exists:
    """Whether the participant (OuterRef) is enrolled on any contract."""
    return Exists(Enrolment.objects.filter(participant=OuterRef("pk")))


def open_to_enrol() -> Exists:
    """Whether a contract of the participant's (OuterRef) partner is open today."""
    return Exists(
        Contract.objects.open_for_enrolment(dates.today()).filter(
            partners=OuterRef("delivery_partner")
        )
    )


@register.inclusion_tag("contracts/_participant_panel.html", takes_context=True)
def contracts_panel(context: dict, participant: Participant) -> dict:
    """Render the participant's contracts with each outcome's clock.

    No query when the page's participant query says they are on no contract and
    there is none they could join (or the user may not enrol them); otherwise one
    for the partner's contracts they are on or could join, and with an
    enrolment, one more for it and six for the clocks.
    """
    user = context["request"].user
    today = dates.today()
    may_enrol = policy.may_enrol_participant(user) and participant.pathway_stage != (
        "exited"
    )
    # Without the page's annotations, look.
    if not getattr(participant, "contracts_enrolled", True) and not (
        may_enrol and getattr(participant, "contracts_open", True)
    ):
        return {"participant": participant, "enrolments": [], "open_contracts": []}
    mine = Enrolment.objects.filter(contract=OuterRef("pk"), participant=participant)
    contracts = list(
        Contract.objects.filter(partners=participant.delivery_partner_id)
        .annotate(enrolment_pk=Subquery(mine.values("pk")[:1]))
        .filter(
            Q(enrolment_pk__isnull=False)
            | Q(pk__in=Contract.objects.open_for_enrolment(today).values("pk"))
        )
    )
    enrolled = [c.enrolment_pk for c in contracts if c.enrolment_pk]
    enrolments = []
    if enrolled:
        enrolments = list(
            Enrolment.objects.visible_to(user)
            .filter(pk__in=enrolled)
            .select_related("contract", "participant")
        )
    return {
        "participant": participant,
        "enrolments": enrolments,
        "progress": progress_for(enrolments, today),
        "open_contracts": [c for c in contracts if may_enrol and not c.enrolment_pk],
        "today": today,
    }


@register.inclusion_tag("contracts/_today_card.html", takes_context=True)
def outcome_clocks_card(context: dict, user: User) -> dict:
    """Render the worker's outcomes that are close, closing, or reached and unclaimed.

    One query when none of the worker's participants is enrolled.
    """
    today = dates.today()
    enrolments = (
        Enrolment.objects.visible_to(user)
        .filter(
            Q(participant__keyworker=user)
            | Q(participant__in_work_support_officer=user)
        )
        .exclude(participant__pathway_stage="exited")
        .select_related("contract", "participant")
    )
    waiting = [
        row
        for row in progress_for(enrolments, today)
        if row.clock.needs_attention(today)
        or (
            row.clock.achieved
            and (row.claim is None or row.claim.stage == ClaimStage.ELIGIBLE)
        )
    ]
    waiting.sort(key=lambda row: (row.clock.closes_on or today, row.enrolment.pk))
    return {"rows": waiting[:TODAY_SHOWN], "more": len(waiting) - TODAY_SHOWN}
