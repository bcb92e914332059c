"""The participant's outcomes: recording education or training, or job search."""

from auditlog.signals import accessed
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accounts import policy
from accounts.decorators import require, rule_required

from .. import services
from ..access import access_participant
from ..models import Participant
from ..outcome_forms import OutcomeForm
from .needs import record_form


@rule_required(policy.is_partner_staff)
def outcome_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Record an education or training start, or active job search, with evidence."""
    participant = access_participant(request.user, pk)
    require(policy.may_record_outcome(request.user))
    form = OutcomeForm(request.POST or None, participant=participant)
    if form.is_valid():
        outcome = services.record_progress(
            participant=participant, recorded_by=request.user, **form.cleaned_data
        )
        messages.success(request, f"{outcome.get_kind_display()} recorded.")
        return redirect("caseload:participant-outcomes", pk=participant.pk)
    return record_form(request, participant, form, "Record an outcome")


@rule_required(policy.is_partner_staff)
def participant_outcomes(request: HttpRequest, pk: int) -> HttpResponse:
    """Show the participant's outcome register: every outcome, source and evidence."""
    participant = access_participant(request.user, pk)
    accessed.send(sender=Participant, instance=participant)
    outcomes = participant.outcomes.select_related("recorded_by").order_by(
        "-achieved_on", "-pk"
    )
    context = {"participant": participant, "outcomes": outcomes}
    return render(request, "caseload/outcome_register.html", context)
