"""Staff pages for vacancies, participants put forward, and three-way meetings."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone

from accounts import policy
from accounts.decorators import rule_required
from accounts.versions import StaleVersionError, refuse_stale

from .. import services
from ..forms import MeetingForm, NominationForm, NominationOutcomeForm, VacancyForm
from ..models import Nomination, Vacancy
from .common import form_page
from .staff import visible_employer


def visible_vacancy(request: HttpRequest, pk: int) -> Vacancy:
    return get_object_or_404(
        Vacancy.objects.visible_to(request.user).select_related("employer"), pk=pk
    )


@rule_required(policy.is_partner_staff)
def vacancy_add(request: HttpRequest, pk: int) -> HttpResponse:
    employer = visible_employer(request, pk)
    form = VacancyForm(request.POST or None)
    if form.is_valid():
        services.add_vacancy(employer=employer, **form.cleaned_data)
        messages.success(request, "Vacancy added.")
        return redirect(employer)
    title = f"Add a vacancy at {employer.name}"
    return form_page(request, title=title, form=form, back=employer.get_absolute_url())


@rule_required(policy.is_partner_staff)
def vacancy_edit(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = visible_vacancy(request, pk)
    title = f"Edit {vacancy}"
    form = VacancyForm(request.POST or None, instance=vacancy)
    if form.is_valid():
        try:
            services.update_vacancy(vacancy=vacancy, **form.cleaned_data)
        except StaleVersionError as stale:
            refuse_stale(form, stale.current)
        else:
            messages.success(request, "Vacancy saved.")
            return redirect(vacancy.employer)
    back = vacancy.employer.get_absolute_url()
    return form_page(request, title=title, form=form, back=back)


@rule_required(policy.is_partner_staff)
def nomination_add(request: HttpRequest, pk: int) -> HttpResponse:
    vacancy = visible_vacancy(request, pk)
    form = NominationForm(
        request.POST or None,
        user=request.user,
        vacancy=vacancy,
        initial={"put_forward_on": timezone.localdate()},
    )
    if form.is_valid():
        services.put_forward(
            vacancy=vacancy, put_forward_by=request.user, **form.cleaned_data
        )
        messages.success(request, "Participant put forward.")
        return redirect(vacancy.employer)
    back = vacancy.employer.get_absolute_url()
    title = f"Put someone forward for {vacancy}"
    return form_page(request, title=title, form=form, back=back, submit="Put forward")


@rule_required(policy.is_partner_staff)
def nomination_edit(request: HttpRequest, pk: int) -> HttpResponse:
    nomination = get_object_or_404(
        Nomination.objects.visible_to(request.user).select_related(
            "vacancy__employer", "participant"
        ),
        pk=pk,
    )
    form = NominationOutcomeForm(request.POST or None, instance=nomination)
    if form.is_valid():
        try:
            services.record_nomination_outcome(
                nomination=nomination, **form.cleaned_data
            )
        except StaleVersionError as stale:
            refuse_stale(form, stale.current)
        else:
            messages.success(request, "Outcome recorded.")
            return redirect(nomination.vacancy.employer)
    back = nomination.vacancy.employer.get_absolute_url()
    title = f"What happened: {nomination}"
    return form_page(request, title=title, form=form, back=back)


@rule_required(policy.is_partner_staff)
def meeting_add(request: HttpRequest, pk: int) -> HttpResponse:
    employer = visible_employer(request, pk)
    form = MeetingForm(request.POST or None, user=request.user, employer=employer)
    if form.is_valid():
        services.schedule_meeting(
            employer=employer, worker=request.user, **form.cleaned_data
        )
        messages.success(request, "Three-way meeting arranged.")
        return redirect(employer)
    title = f"Three-way meeting at {employer.name}"
    return form_page(request, title=title, form=form, back=employer.get_absolute_url())
