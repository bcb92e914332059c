"""Three-way meetings about a job: arrange one from the job page, record it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts import policy
from accounts.decorators import rule_required
from accounts.versions import StaleVersionError, refuse_stale
from employers.models import ThreeWayMeeting

from . import services
from .meeting_forms import ArrangeMeetingForm, MeetingRecordForm
from .views import _employment, _form_page


@login_required
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk, change=True)
    form = ArrangeMeetingForm(request.POST or None)
    if form.is_valid():
        services.arrange_meeting(
            employment=employment, worker=request.user, **form.cleaned_data
        )
        messages.success(request, "Three-way meeting arranged.")
        return redirect(employment)
    title = f"Three-way meeting with {employment.participant} and {employment.employer}"
    return _form_page(request, employment, form, title)


@rule_required(policy.is_partner_staff)
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(
        ThreeWayMeeting.objects.visible_to(request.user).select_related(
            "employer",
            "participant__keyworker",
            "participant__in_work_support_officer",
            "employment",
            "worker",
        ),
        pk=pk,
    )
    job, extended_before = meeting.employment, meeting.probation_extended_to
    logged = services.meeting_contact(meeting) if meeting.is_held else None
    form = MeetingRecordForm(
        request.POST or None,
        instance=meeting,
        workers=_workers(request, meeting),
        may_extend=bool(job and job.is_current and policy.may_change_job(request.user)),
        logged_minutes=logged.minutes if logged else None,
    )
    if form.is_valid():
        try:
            services.record_meeting(
                meeting=meeting,
                recorded_by=request.user,
                actions=form.agreed_actions(),
                **form.meeting_fields(),
            )
        except StaleVersionError as stale:
            refuse_stale(form, stale.current)
        except services.MeetingCannotExtendError as refused:
            form.add_error("outcome_kind", str(refused))
        else:
            messages.success(request, _saved_message(meeting, extended_before))
            return redirect(job or meeting.employer)
    return render(
        request,
        "inwork_support/meeting_form.html",
        {"meeting": meeting, "form": form, "actions": list(meeting.actions.all())},
        status=409 if getattr(form, "stale", False) else 200,
    )


def _workers(request: HttpRequest, meeting: ThreeWayMeeting) -> list:
    participant = meeting.participant
    people = [
        meeting.worker,
        participant.keyworker,
        participant.in_work_support_officer,
        request.user,
    ]
    return [p for p in people if p is not None and policy.is_partner_staff(p)]


def _saved_message(meeting: ThreeWayMeeting, extended_before) -> str:
    if meeting.probation_extended_to != extended_before:
        return (
            "Meeting saved. Probation extended to "
            f"{meeting.probation_extended_to:%-d %b %Y}; its check-in moved with it."
        )
    return "Meeting saved."
