"""A backdated job start's second step: did its past check-ins happen?"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from . import services
from .backdated_forms import HAPPENED, NOT_APPLICABLE, PastCheckInForm
from .views import _employment


@login_required
def past_checkins(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk, change=True)
    checkins = list(employment.checkins.unanswered().order_by("due_on", "pk"))
    if not checkins:
        messages.info(request, "No past check-ins are waiting for an answer.")
        return redirect(employment)
    forms = [PastCheckInForm(request.POST or None, checkin=c) for c in checkins]
    if request.method == "POST" and all(form.is_valid() for form in forms):
        answered = sum(_answer(form, request) for form in forms)
        messages.success(request, f"{answered} past check-in(s) answered.")
        return redirect(employment)
    return render(
        request,
        "inwork_support/past_checkins.html",
        {"employment": employment, "forms": forms},
    )


def _answer(form: PastCheckInForm, request: HttpRequest) -> bool:
    data, checkin = form.cleaned_data, form.checkin
    if data["answer"] == HAPPENED:
        return services.record_past_checkin(
            checkin=checkin,
            worker=request.user,
            happened_on=data["happened_on"],
            channel=data["channel"],
            minutes=data["minutes"],
            note=data["note"],
        )
    if data["answer"] == NOT_APPLICABLE:
        return services.mark_checkin_not_applicable(
            checkin=checkin, by=request.user, reason=data["note"]
        )
    return False
