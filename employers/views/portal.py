"""The employer portal: a separate, simple area for employer contacts."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts import policy
from accounts.decorators import rule_required
from accounts.querystring import page_number, search_text
from config.prepared import PreparedQuery

from .. import services
from ..forms import FollowUpForm, PortalMessageForm
from ..models import EmployerContact, EmployerMessage
from ..services.employees import CURRENT, PAST

THREADS_SHOWN = 20

# Every portal page reads the contact, and the home page their threads: each
# query is compiled once, not on every request (bench/breakdown.py: compiling
# them was most of the portal home's 5.8 ms of compile).
OWN_CONTACT = PreparedQuery(
    lambda user_id: EmployerContact.objects.select_related(
        "employer__go_to_person", "employer__deputy"
    ).filter(user=user_id)
)
# The list shows whom each thread was sent to, not who sent it.
THREADS = PreparedQuery(
    lambda employer_id: (
        EmployerMessage.objects.on_portal_of(employer_id)
        .threads()
        .select_related("addressed_to")
        .order_by("-sent_at")[:THREADS_SHOWN]
    )
)


def own_contact(request: HttpRequest) -> EmployerContact:
    contact = OWN_CONTACT.first(request.user.pk)
    if contact is None:
        raise Http404("No EmployerContact matches the given query.")
    return contact


@rule_required(policy.is_employer_contact)
def portal_home(request: HttpRequest) -> HttpResponse:
    contact = own_contact(request)
    form = PortalMessageForm(request.POST or None, employer=contact.employer)
    if form.is_valid():
        try:
            message = services.send_message(contact=contact, **form.cleaned_data)
        except ValueError:  # consent withdrawn since the form was valid
            form.add_error("about", "Choose someone from the list.")
        else:
            messages.success(request, f"Message sent to {message.addressed_to}.")
            return redirect("employers:portal-home")
    replies = EmployerMessage.objects.select_related("sender_staff", "sender_contact")
    # What visible_to gives a contact, from the employer own_contact found.
    threads = THREADS.all(contact.employer_id)
    prefetch_related_objects(threads, Prefetch("replies", queryset=replies))
    context = {
        "contact": contact,
        "employer": contact.employer,
        "form": form,
        "threads": threads,
        "employees": services.supported_employees(employer=contact.employer),
        "employees_on_home": EMPLOYEES_ON_HOME,
    }
    return render(request, "employers/portal_home.html", context)


EMPLOYEES_ON_HOME = 10
EMPLOYEES_PER_PAGE = 20


@rule_required(policy.is_employer_contact)
def portal_employees(request: HttpRequest) -> HttpResponse:
    """Current or past employees who agreed the employer may know, by name."""
    employer = own_contact(request).employer
    which = PAST if request.GET.get("show") == PAST else CURRENT
    query = search_text(request.GET.get("q"))
    rows = services.portal_employees(employer=employer, which=which, query=query)
    page = Paginator(rows, EMPLOYEES_PER_PAGE).get_page(
        page_number(request.GET.get("page"))
    )
    meetings = services.next_meetings(employer=employer, participants=page)
    for employee in page:
        employee.next_meeting = meetings.get(employee.pk)
    context = {"employer": employer, "which": which, "query": query, "page": page}
    return render(request, "employers/portal_employees.html", context)


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
