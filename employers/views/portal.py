"""The employer portal: a separate, simple area for employer contacts."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts import policy
from accounts.decorators import rule_required

from .. import services
from ..forms import FollowUpForm, PortalMessageForm
from ..models import EmployerContact, EmployerMessage

THREADS_SHOWN = 20


def own_contact(request: HttpRequest) -> EmployerContact:
    return get_object_or_404(
        EmployerContact.objects.select_related(
            "employer__go_to_person", "employer__deputy"
        ),
        user=request.user,
    )


@rule_required(policy.is_employer_contact)
def portal_home(request: HttpRequest) -> HttpResponse:
    contact = own_contact(request)
    form = PortalMessageForm(request.POST or None)
    if form.is_valid():
        message = services.send_message(contact=contact, **form.cleaned_data)
        messages.success(request, f"Message sent to {message.addressed_to}.")
        return redirect("employers:portal-home")
    replies = EmployerMessage.objects.select_related("sender_staff", "sender_contact")
    threads = (
        EmployerMessage.objects.visible_to(request.user)
        .threads()
        .select_related("addressed_to", "sender_contact")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("-sent_at")[:THREADS_SHOWN]
    )
    context = {
        "contact": contact,
        "employer": contact.employer,
        "form": form,
        "threads": threads,
        "employees": services.supported_employees(employer=contact.employer),
    }
    return render(request, "employers/portal_home.html", context)


@rule_required(policy.is_employer_contact)
def portal_thread(request: HttpRequest, pk: int) -> HttpResponse:
    contact = own_contact(request)
    thread = get_object_or_404(
        EmployerMessage.objects.visible_to(request.user)
        .threads()
        .select_related("addressed_to", "sender_contact"),
        pk=pk,
    )
    form = FollowUpForm(request.POST or None)
    if form.is_valid():
        services.send_message(
            contact=contact,
            thread=thread,
            category="",
            urgent=False,
            **form.cleaned_data,
        )
        messages.success(request, "Added to the conversation.")
        return redirect("employers:portal-thread", pk=thread.pk)
    replies = thread.replies.select_related("sender_staff", "sender_contact")
    return render(
        request,
        "employers/portal_thread.html",
        {"thread": thread, "replies": replies, "form": form, "contact": contact},
    )
