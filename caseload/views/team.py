"""A partner manager's team: caseloads, cover while away, and safeguarding."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import F, Func, OuterRef, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import policy
from accounts import services as account_services
from accounts.decorators import rule_required
from accounts.models import FRONTLINE_ROLES, Leave, User

from .. import services
from ..forms import AwayForm, BulkReassignForm, CloseConcernForm, HandoverForm
from ..models import Participant, SafeguardingConcern


def access_worker(manager: User, pk: int) -> User:
    """Return a frontline worker of the manager's own partner, else raise 404."""
    return get_object_or_404(
        manager.delivery_partner.staff.filter(role__in=FRONTLINE_ROLES), pk=pk
    )


@rule_required(policy.is_partner_manager)
def team(request: HttpRequest) -> HttpResponse:
    """List the partner's frontline workers with their caseloads and cover."""
    # Counted as the team dashboard counts it: keyworker or in-work support officer.
    held = Participant.objects.active().held_by(OuterRef("pk")).order_by()
    count = held.annotate(n=Func(F("pk"), function="COUNT")).values("n")[:1]
    workers = (
        request.user.delivery_partner.staff.filter(
            role__in=FRONTLINE_ROLES, is_active=True
        )
        .select_related("cover")
        .annotate(active_caseload=Subquery(count))
    )
    workers = list(workers)
    # Dated leave is the worker's own: shown beside the manager's "away".
    on_leave = Leave.objects.covers_on(timezone.localdate(), [w.pk for w in workers])
    for worker in workers:
        worker.leave_cover = on_leave.get(worker.pk)
    return render(request, "caseload/team.html", {"workers": workers})


@rule_required(policy.is_partner_manager)
def bulk_reassign(request: HttpRequest) -> HttpResponse:
    """Move one worker's whole active caseload to another."""
    form = BulkReassignForm(
        request.POST or None,
        initial={"from_worker": request.GET.get("from")},
        partner_id=request.user.delivery_partner_id,
    )
    if form.is_valid():
        moved = services.reassign_caseload(
            from_worker=form.cleaned_data["from_worker"],
            to_worker=form.cleaned_data["to_worker"],
            assigned_by=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(
            request,
            f"{moved} participants moved, with everything else their worker held.",
        )
        return redirect("caseload:team")
    return render(request, "caseload/bulk_reassign_form.html", {"form": form})


@rule_required(policy.is_partner_manager)
def mark_away(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a worker away with a named cover for their participants."""
    worker = access_worker(request.user, pk)
    form = AwayForm(request.POST or None, worker=worker)
    if form.is_valid():
        account_services.mark_away(worker=worker, cover=form.cleaned_data["cover"])
        messages.success(request, f"{worker} is away; {worker.cover} covers.")
        return redirect("caseload:team")
    return render(request, "caseload/away_form.html", {"form": form, "worker": worker})


@rule_required(policy.is_partner_manager)
@require_POST
def mark_back(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark a worker back at work, ending their cover."""
    worker = access_worker(request.user, pk)
    account_services.mark_back(worker=worker)
    messages.success(request, f"{worker} is back.")
    return redirect("caseload:team")


@rule_required(policy.is_partner_manager)
def handover(request: HttpRequest, pk: int) -> HttpResponse:
    """Preview everything a leaver holds; confirmed, hand it all to one colleague.

    Choosing the colleague shows what will move to whom; the confirm carries a
    digest of that preview (`seen`) and is refused, showing the new preview,
    if what the worker holds changed meanwhile.
    """
    worker = access_worker(request.user, pk)
    preview = services.handover_preview(worker=worker)
    seen = services.handover_fingerprint(preview)
    form = HandoverForm(request.POST or None, worker=worker)
    confirmed = form.is_valid() and form.cleaned_data["seen"]
    if confirmed and form.cleaned_data["seen"] == seen:
        to_worker = form.cleaned_data["to_worker"]
        services.hand_over_everything(
            worker=worker,
            to_worker=to_worker,
            handed_over_by=request.user,
            reason=form.cleaned_data["reason"],
        )
        messages.success(request, f"Everything {worker} held is now with {to_worker}.")
        return redirect("caseload:team")
    context = {"worker": worker, "preview": preview, "form": form, "seen": seen}
    context["changed"] = bool(confirmed)
    return render(
        request, "caseload/handover.html", context, status=409 if confirmed else 200
    )


@rule_required(policy.is_partner_manager)
def safeguarding(request: HttpRequest) -> HttpResponse:
    """List the partner's open safeguarding concerns, oldest first."""
    concerns = (
        SafeguardingConcern.objects.visible_to(request.user)
        .open()
        .select_related("participant", "raised_by", "contact")
        .order_by("raised_at")
    )
    page = Paginator(concerns, 25).get_page(request.GET.get("page"))
    return render(request, "caseload/safeguarding.html", {"page": page})


@rule_required(policy.is_partner_manager)
def concern_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close an open concern with a note of what was done."""
    concern = get_object_or_404(
        SafeguardingConcern.objects.visible_to(request.user)
        .open()
        .select_related("participant", "raised_by", "contact"),
        pk=pk,
    )
    form = CloseConcernForm(request.POST or None)
    if form.is_valid():
        services.close_safeguarding_concern(
            concern=concern, closed_by=request.user, **form.cleaned_data
        )
        messages.success(request, f"Concern for {concern.participant} closed.")
        return redirect("caseload:safeguarding")
    context = {"form": form, "concern": concern}
    return render(request, "caseload/concern_close.html", context)
