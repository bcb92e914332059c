"""Who else is involved, barriers, goals with steps, and referrals."""

from django.contrib import messages
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.decorators import rule_required
from accounts.versions import StaleVersionError, refuse_stale

from .. import services
from ..access import access_participant
from ..forms import (
    BarrierForm,
    GoalForm,
    GoalStatusForm,
    GoalStepForm,
    ProfessionalForm,
    ReferralForm,
    ReferralUpdateForm,
    ResolveBarrierForm,
    StepStatusForm,
)
from ..models import Barrier, Participant


def record_form(
    request: HttpRequest, participant: Participant, form: Form, heading: str
) -> HttpResponse:
    """Render one of the participant record's small forms (409 when stale)."""
    context = {"participant": participant, "form": form, "heading": heading}
    status = 409 if getattr(form, "stale", False) else 200
    return render(request, "caseload/record_form.html", context, status=status)


@rule_required(policy.is_partner_staff)
def professional_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record another professional involved with the participant."""
    participant = access_participant(request.user, pk)
    form = ProfessionalForm(request.POST or None)
    if form.is_valid():
        services.add_professional(
            participant=participant, added_by=request.user, **form.cleaned_data
        )
        messages.success(request, "Professional added.")
        return redirect(participant)
    return record_form(request, participant, form, "Who else is involved")


@rule_required(policy.is_partner_staff)
def professional_edit(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Change the details of an involved professional."""
    participant = access_participant(request.user, pk)
    professional = get_object_or_404(participant.professionals, pk=item_pk)
    form = ProfessionalForm(request.POST or None, instance=professional)
    if form.is_valid():
        try:
            services.update_professional(
                professional=professional, updated_by=request.user, **form.cleaned_data
            )
        except StaleVersionError as stale:
            refuse_stale(form, stale.current)
        else:
            messages.success(request, "Details saved.")
            return redirect(participant)
    return record_form(request, participant, form, f"Edit {professional.name}")


@rule_required(policy.is_partner_staff)
@require_POST
def professional_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Record that a professional is no longer involved."""
    participant = access_participant(request.user, pk)
    professional = get_object_or_404(participant.professionals, pk=item_pk)
    services.remove_professional(professional=professional, removed_by=request.user)
    messages.success(request, f"{professional.name} removed.")
    return redirect(participant)


@rule_required(policy.is_partner_staff)
def barrier_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Note a barrier the participant faces."""
    participant = access_participant(request.user, pk)
    form = BarrierForm(request.POST or None)
    if form.is_valid():
        services.record_barrier(
            participant=participant, recorded_by=request.user, **form.cleaned_data
        )
        messages.success(request, "Barrier noted.")
        return redirect(participant)
    return record_form(request, participant, form, "Note a barrier")


@rule_required(policy.is_partner_staff)
def barrier_resolve(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Mark a barrier resolved."""
    participant = access_participant(request.user, pk)
    barriers = Barrier.objects.visible_to(request.user)
    if request.method != "POST":
        # A save from a form opened before someone resolved it is shown as stale.
        barriers = barriers.current()
    barrier = get_object_or_404(barriers, participant=participant, pk=item_pk)
    initial = {"resolved_on": timezone.localdate(), "version": barrier.version}
    form = ResolveBarrierForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.resolve_barrier(
                barrier=barrier, resolved_by=request.user, **form.cleaned_data
            )
        except StaleVersionError as stale:
            refuse_stale(form, stale.current)
        else:
            messages.success(request, f"{barrier} resolved.")
            return redirect(participant)
    return record_form(request, participant, form, f"Resolve: {barrier}")


@rule_required(policy.is_partner_staff)
def goal_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a goal the participant has set."""
    participant = access_participant(request.user, pk)
    form = GoalForm(request.POST or None)
    if form.is_valid():
        services.add_goal(
            participant=participant, added_by=request.user, **form.cleaned_data
        )
        messages.success(request, "Goal added.")
        return redirect(participant)
    return record_form(request, participant, form, "A new goal")


@rule_required(policy.is_partner_staff)
@require_POST
def goal_status(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Mark a goal achieved, dropped or back to working on it."""
    participant = access_participant(request.user, pk)
    goal = get_object_or_404(participant.goals, pk=item_pk)
    form = GoalStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the goal statuses.")
        return redirect(participant)
    try:
        services.update_goal_status(
            goal=goal, updated_by=request.user, **form.cleaned_data
        )
    except StaleVersionError as stale:
        refuse_stale(form, stale.current)
        return record_form(request, participant, form, f"Status of “{goal}”")
    messages.success(request, f"Goal updated: {goal}.")
    return redirect(participant)


@rule_required(policy.is_partner_staff)
def step_add(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Add a step towards a goal."""
    participant = access_participant(request.user, pk)
    goal = get_object_or_404(participant.goals, pk=item_pk)
    form = GoalStepForm(request.POST or None)
    if form.is_valid():
        services.add_goal_step(goal=goal, added_by=request.user, **form.cleaned_data)
        messages.success(request, "Step added.")
        return redirect(participant)
    return record_form(request, participant, form, f"A step towards “{goal}”")


@rule_required(policy.is_partner_staff)
@require_POST
def step_status(
    request: HttpRequest, pk: int, item_pk: int, step_pk: int
) -> HttpResponse:
    """Mark a goal step done, dropped or to do."""
    participant = access_participant(request.user, pk)
    goal = get_object_or_404(participant.goals, pk=item_pk)
    step = get_object_or_404(goal.steps, pk=step_pk)
    form = StepStatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose one of the step statuses.")
        return redirect(participant)
    try:
        services.update_goal_step(
            step=step, updated_by=request.user, **form.cleaned_data
        )
    except StaleVersionError as stale:
        refuse_stale(form, stale.current)
        return record_form(request, participant, form, f"Status of “{step}”")
    messages.success(request, f"Step updated: {step}.")
    return redirect(participant)


@rule_required(policy.is_partner_staff)
def referral_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Refer the participant to an intervention."""
    participant = access_participant(request.user, pk)
    form = ReferralForm(request.POST or None)
    if form.is_valid():
        services.refer_participant(
            participant=participant, referred_by=request.user, **form.cleaned_data
        )
        messages.success(request, "Referral recorded.")
        return redirect(participant)
    return record_form(request, participant, form, "A new referral")


@rule_required(policy.is_partner_staff)
def referral_update(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Record a referral's status and outcome."""
    participant = access_participant(request.user, pk)
    referral = get_object_or_404(participant.referrals, pk=item_pk)
    initial = {
        "status": referral.status,
        "outcome": referral.outcome,
        "version": referral.version,
    }
    form = ReferralUpdateForm(request.POST or None, initial=initial)
    if form.is_valid():
        try:
            services.update_referral(
                referral=referral, updated_by=request.user, **form.cleaned_data
            )
        except StaleVersionError as stale:
            refuse_stale(form, stale.current)
        else:
            messages.success(request, "Referral updated.")
            return redirect(participant)
    return record_form(request, participant, form, f"Referral: {referral}")
