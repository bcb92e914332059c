"""Staff pages: the employer list, an employer's page, details and contacts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.decorators import rule_required
from accounts.querystring import search_text
from accounts.versions import StaleVersionError, refuse_stale
from caseload.models import Participant

from .. import services
from ..forms import ContactForm, EmployerForm, EngagementForm, GoToForm
from ..models import (
    Employer,
    EmployerContact,
    EmployerEngagement,
    Nomination,
    ThreeWayMeeting,
)
from .common import form_page

RECENT = 20


def visible_employer(request: HttpRequest, pk: int) -> Employer:
    return get_object_or_404(
        Employer.objects.visible_to(request.user).select_related(
            "go_to_person", "deputy"
        ),
        pk=pk,
    )


def visible_contact(request: HttpRequest, pk: int) -> EmployerContact:
    return get_object_or_404(
        EmployerContact.objects.visible_to(request.user).select_related(
            "employer__go_to_person", "employer__deputy", "user"
        ),
        pk=pk,
    )


def require_looking_after(request: HttpRequest, employer: Employer, rule) -> None:
    """Refuse (403) with whom to ask, unless `rule` lets the user change `employer`."""
    if rule(request.user, employer):
        return
    go_to = employer.go_to_person
    if go_to is None:
        reason = (
            f"Nobody looks after {employer} yet. Take it on from its page first, "
            "then you can change its contacts and invite them to the portal."
        )
    elif policy.looks_after_employer(request.user, employer):
        reason = (
            f"Only {go_to} (the go-to person), the deputy or a manager at "
            f"{go_to.delivery_partner} can do this for {employer}."
        )
    else:
        reason = (
            f"{employer} is looked after by {go_to.delivery_partner}. Only they "
            f"can change its details and contacts: ask {go_to}, its go-to person."
        )
    raise PermissionDenied(reason)


@rule_required(policy.is_partner_staff)
def employer_list(request: HttpRequest) -> HttpResponse:
    query = search_text(request.GET.get("q"))
    employers = (
        Employer.objects.visible_to(request.user)
        .search(query)
        .select_related("go_to_person", "deputy")
    )
    page = Paginator(employers, 50).get_page(request.GET.get("page"))
    return render(
        request, "employers/employer_list.html", {"page": page, "query": query}
    )


@rule_required(policy.is_partner_staff)
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = visible_employer(request, pk)
    user = request.user
    nominations = Nomination.objects.visible_to(user).select_related("participant")
    # Only the user's own partner's notes; a participant named only to who sees them.
    engagements = (
        EmployerEngagement.objects.visible_to(user)
        .filter(employer=employer)
        .select_related("worker", "participant")
        .annotate(
            participant_visible=Exists(
                Participant.objects.visible_to(user).filter(pk=OuterRef("participant"))
            )
        )[:RECENT]
    )
    context = {
        "employer": employer,
        "contacts": EmployerContact.objects.filter(employer=employer).select_related(
            "user"
        ),
        "engagements": engagements,
        "vacancies": employer.vacancies.prefetch_related(
            Prefetch("nominations", queryset=nominations)
        ),
        "meetings": ThreeWayMeeting.objects.visible_to(user)
        .filter(employer=employer)
        .select_related("participant", "worker")
        .order_by("-scheduled_for")[:RECENT],
    }
    return render(request, "employers/employer_detail.html", context)


@rule_required(policy.is_partner_staff)
def employer_add(request: HttpRequest) -> HttpResponse:
    form = EmployerForm(request.POST or None)
    if form.is_valid():
        employer = services.create_employer(
            created_by=request.user, **form.cleaned_data
        )
        messages.success(request, f"{employer} added.")
        return redirect(employer)
    back = reverse("employers:employer-list")
    return form_page(request, title="Add an employer", form=form, back=back)


@rule_required(policy.is_partner_staff)
def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = visible_employer(request, pk)
    require_looking_after(request, employer, policy.may_change_employer)
    title = f"Edit {employer.name}"
    form = EmployerForm(request.POST or None, instance=employer)
    if form.is_valid():
        try:
            services.update_employer(employer=employer, **form.cleaned_data)
        except StaleVersionError as stale:
            refuse_stale(form, stale.current)
        else:
            messages.success(request, "Details saved.")
            return redirect(employer)
    return form_page(request, title=title, form=form, back=employer.get_absolute_url())


@rule_required(policy.is_partner_staff)
def go_to_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = visible_employer(request, pk)
    require_looking_after(request, employer, policy.may_change_go_to)
    initial = {
        "go_to_person": employer.go_to_person,
        "deputy": employer.deputy,
        "version": employer.version,
    }
    form = GoToForm(
        request.POST or None,
        initial=initial,
        partner_id=request.user.delivery_partner_id,
    )
    if form.is_valid():
        try:
            services.set_go_to_person(
                employer=employer, changed_by=request.user, **form.cleaned_data
            )
        except StaleVersionError as stale:
            refuse_stale(form, stale.current)
        else:
            messages.success(request, "Go-to person saved.")
            return redirect(employer)
    title = f"Go-to person for {employer.name}"
    return form_page(request, title=title, form=form, back=employer.get_absolute_url())


@rule_required(policy.is_partner_staff)
def take_on(request: HttpRequest, pk: int) -> HttpResponse:
    employer = visible_employer(request, pk)
    if not policy.may_take_on_employer(request.user, employer):
        raise PermissionDenied(
            f"{employer} is already looked after by {employer.go_to_person}. "
            "Ask them, or their manager, if it should change hands."
        )
    user = request.user
    initial = {"go_to_person": user if policy.is_frontline(user) else None}
    form = GoToForm(
        request.POST or None, initial=initial, partner_id=user.delivery_partner_id
    )
    if form.is_valid():
        try:
            services.take_on_employer(
                employer=employer,
                go_to_person=form.cleaned_data["go_to_person"],
                deputy=form.cleaned_data["deputy"],
                taken_on_by=user,
            )
        except services.TakeOnError as error:
            messages.error(request, str(error))
        else:
            go_to = form.cleaned_data["go_to_person"]
            messages.success(
                request, f"{go_to} is now the go-to person for {employer}."
            )
        return redirect(employer)
    title = f"Take on {employer.name}"
    return form_page(
        request,
        title=title,
        form=form,
        back=employer.get_absolute_url(),
        submit="Take on this employer",
    )


@rule_required(policy.is_partner_staff)
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    employer = visible_employer(request, pk)
    require_looking_after(request, employer, policy.may_change_employer)
    form = ContactForm(request.POST or None)
    if form.is_valid():
        services.add_contact(employer=employer, **form.cleaned_data)
        messages.success(request, "Contact added.")
        return redirect(employer)
    title = f"Add a contact at {employer.name}"
    return form_page(request, title=title, form=form, back=employer.get_absolute_url())


@rule_required(policy.is_partner_staff)
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = visible_contact(request, pk)
    require_looking_after(request, contact.employer, policy.may_change_employer)
    title = f"Edit {contact.name}"
    form = ContactForm(request.POST or None, instance=contact)
    if form.is_valid():
        try:
            services.update_contact(
                contact=contact, changed_by=request.user, **form.cleaned_data
            )
        except StaleVersionError as stale:
            refuse_stale(form, stale.current)
        else:
            messages.success(request, "Contact saved.")
            return redirect(contact.employer)
    back = contact.employer.get_absolute_url()
    return form_page(request, title=title, form=form, back=back)


@rule_required(policy.is_partner_staff)
@require_POST
def contact_invite(request: HttpRequest, pk: int) -> HttpResponse:
    contact = visible_contact(request, pk)
    require_looking_after(request, contact.employer, policy.may_invite_portal_user)
    try:
        services.invite_contact(contact=contact, invited_by=request.user)
    except services.InviteError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Invitation emailed to {contact.email}.")
    return redirect(contact.employer)


@rule_required(policy.is_partner_staff)
def engagement_add(request: HttpRequest, pk: int) -> HttpResponse:
    employer = visible_employer(request, pk)
    form = EngagementForm(request.POST or None, user=request.user)
    if form.is_valid():
        services.log_engagement(
            employer=employer, worker=request.user, **form.cleaned_data
        )
        messages.success(request, "Engagement logged.")
        return redirect(employer)
    title = f"Log a contact with {employer.name}"
    return form_page(request, title=title, form=form, back=employer.get_absolute_url())
