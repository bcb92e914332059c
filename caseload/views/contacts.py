"""Logging a contact in seconds, reading it back, and supervising it."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.audit import record_access
from accounts.decorators import rule_required

from .. import services
from ..access import access_participant
from ..forms import ContactForm, SupervisionNoteForm
from ..models import Contact


@rule_required(policy.is_partner_staff)
def log_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """Log a contact with its follow-up actions; a double tap logs it once.

    The one contact form: for someone in work it also completes the check-in
    chosen (`?checkin=` pre-selects one) and asks the in-work questions.
    """
    # Neither the form nor logging shows or uses the participant's keyworker or
    # in-work support officer: reading them would be two joins and 38 columns.
    participant = access_participant(request.user, pk, related=())
    form = ContactForm(
        request.POST or None,
        participant=participant,
        user=request.user,
        query=request.GET,
    )
    if form.is_valid():
        contact = services.log_contact(
            participant=participant, worker=request.user, **form.contact_fields()
        )
        messages.success(request, f"Contact with {participant} logged.")
        if contact.is_crisis:
            messages.warning(
                request, "A safeguarding concern is open and your manager is told."
            )
        return redirect(participant)
    context = {"form": form, "participant": participant}
    return render(request, "caseload/contact_form.html", context)


def contact_page(
    request: HttpRequest, contact: Contact, note_form: SupervisionNoteForm | None
) -> HttpResponse:
    """Render a contact with its actions and supervision notes."""
    if note_form is None and request.user.is_partner_manager:
        note_form = SupervisionNoteForm()
    context = {
        "contact": contact,
        "actions": contact.actions.select_related("owner"),
        "notes": contact.supervision_notes.select_related("author"),
        "note_form": note_form,
    }
    return render(request, "caseload/contact_detail.html", context)


def access_contact(request: HttpRequest, pk: int) -> Contact:
    return get_object_or_404(
        Contact.objects.visible_to(request.user).select_related(
            "participant", "worker"
        ),
        pk=pk,
    )


@rule_required(policy.is_partner_staff)
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Show one contact; the reading is in the participant's audit trail."""
    contact = access_contact(request, pk)
    record_access(contact, actor=request.user, read="contact page")
    return contact_page(request, contact, None)


@rule_required(policy.is_partner_manager)
@require_POST
def supervision_note_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Comment on a contact or flag it for follow-up; the keyworker is told."""
    contact = access_contact(request, pk)
    form = SupervisionNoteForm(request.POST)
    if not form.is_valid():
        return contact_page(request, contact, form)
    services.add_supervision_note(
        contact=contact,
        author=request.user,
        comment=form.cleaned_data["comment"],
        needs_follow_up=form.cleaned_data["needs_follow_up"],
    )
    messages.success(request, f"Note added; {contact.worker} is told.")
    return redirect(contact)


@rule_required(policy.is_partner_staff)
@require_POST
def supervision_note_resolve(
    request: HttpRequest, pk: int, note_pk: int
) -> HttpResponse:
    """Mark a supervision note on a contact dealt with."""
    contact = access_contact(request, pk)
    note = get_object_or_404(contact.supervision_notes, pk=note_pk)
    services.resolve_supervision_note(note=note, resolved_by=request.user)
    messages.success(request, "Note marked resolved.")
    return redirect(contact)


@rule_required(policy.is_partner_staff)
@require_POST
def action_done(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Mark a follow-up action done."""
    participant = access_participant(request.user, pk)
    action = get_object_or_404(participant.actions, pk=action_pk)
    services.complete_action(action=action, done_by=request.user)
    messages.success(request, f"Done: {action.description}")
    return redirect(participant)
