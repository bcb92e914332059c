"""Staff pages: the employer list, an employer's page, details and contacts."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.decorators import role_required
from accounts.models import PARTNER_ROLES
from accounts.querystring import search_text
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


@role_required(*PARTNER_ROLES)
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


@role_required(*PARTNER_ROLES)
def employer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employer = visible_employer(request, pk)
    user = request.user
    nominations = Nomination.objects.visible_to(user).select_related("participant")
    # Name a participant in the log only to staff who may see them.
    engagements = (
        EmployerEngagement.objects.filter(employer=employer)
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
        "may_change_go_to": employer.may_change_go_to(user),
    }
    return render(request, "employers/employer_detail.html", context)


@role_required(*PARTNER_ROLES)
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


@role_required(*PARTNER_ROLES)
def employer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = visible_employer(request, pk)
    title = f"Edit {employer.name}"
    form = EmployerForm(request.POST or None, instance=employer)
    if form.is_valid():
        services.update_employer(employer=employer, **form.cleaned_data)
        messages.success(request, "Details saved.")
        return redirect(employer)
    return form_page(request, title=title, form=form, back=employer.get_absolute_url())


@role_required(*PARTNER_ROLES)
def go_to_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employer = visible_employer(request, pk)
    if not employer.may_change_go_to(request.user):
        raise PermissionDenied
    initial = {"go_to_person": employer.go_to_person, "deputy": employer.deputy}
    form = GoToForm(
        request.POST or None,
        initial=initial,
        partner_id=request.user.delivery_partner_id,
    )
    if form.is_valid():
        services.set_go_to_person(
            employer=employer, changed_by=request.user, **form.cleaned_data
        )
        messages.success(request, "Go-to person saved.")
        return redirect(employer)
    title = f"Go-to person for {employer.name}"
    return form_page(request, title=title, form=form, back=employer.get_absolute_url())


@role_required(*PARTNER_ROLES)
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    employer = visible_employer(request, pk)
    form = ContactForm(request.POST or None)
    if form.is_valid():
        services.add_contact(employer=employer, **form.cleaned_data)
        messages.success(request, "Contact added.")
        return redirect(employer)
    title = f"Add a contact at {employer.name}"
    return form_page(request, title=title, form=form, back=employer.get_absolute_url())


@role_required(*PARTNER_ROLES)
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(
        EmployerContact.objects.visible_to(request.user).select_related(
            "employer", "user"
        ),
        pk=pk,
    )
    title = f"Edit {contact.name}"
    form = ContactForm(request.POST or None, instance=contact)
    if form.is_valid():
        services.update_contact(contact=contact, **form.cleaned_data)
        messages.success(request, "Contact saved.")
        return redirect(contact.employer)
    back = contact.employer.get_absolute_url()
    return form_page(request, title=title, form=form, back=back)


@role_required(*PARTNER_ROLES)
@require_POST
def contact_invite(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(
        EmployerContact.objects.visible_to(request.user).select_related(
            "employer", "user"
        ),
        pk=pk,
    )
    try:
        services.invite_contact(contact=contact, invited_by=request.user)
    except services.InviteError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Invitation emailed to {contact.email}.")
    return redirect(contact.employer)


@role_required(*PARTNER_ROLES)
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
