"""The staff inbox of employer messages."""

from django.contrib import messages
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from accounts import policy
from accounts.decorators import rule_required
from accounts.models import User
from caseload.models import Participant

from .. import services
from ..forms import ReplyForm
from ..models import EmployerMessage

ANSWERED_SHOWN = 25
WAITING_SHOWN = 100


@rule_required(policy.is_partner_staff)
def inbox(request: HttpRequest) -> HttpResponse:
    threads = (
        EmployerMessage.objects.visible_to(request.user)
        .threads()
        .for_attention_of(request.user)
        .select_related("employer", "sender_contact", "addressed_to")
        .prefetch_related("about")
        .annotate(last_activity=Max("replies__sent_at"))
    )
    context = {
        "waiting": threads.filter(first_reply_at__isnull=True).order_by("sent_at")[
            :WAITING_SHOWN
        ],
        "answered": threads.filter(first_reply_at__isnull=False).order_by(
            "-first_reply_at"
        )[:ANSWERED_SHOWN],
    }
    return render(request, "employers/inbox.html", context)


@rule_required(policy.is_partner_staff)
def inbox_thread(request: HttpRequest, pk: int) -> HttpResponse:
    thread = get_object_or_404(
        EmployerMessage.objects.visible_to(request.user)
        .threads()
        .select_related("employer", "sender_contact", "addressed_to"),
        pk=pk,
    )
    form = ReplyForm(request.POST or None)
    if form.is_valid():
        services.reply_to_message(
            thread=thread, sender=request.user, **form.cleaned_data
        )
        messages.success(request, "Reply sent and emailed to the employer.")
        return redirect(thread)
    services.mark_read(thread=thread, reader=request.user)
    replies = thread.replies.select_related("sender_staff", "sender_contact")
    context = {"thread": thread, "replies": replies, "form": form}
    return render(
        request, "employers/inbox_thread.html", context | _about(thread, request.user)
    )


def _about(thread: EmployerMessage, user: User) -> dict:
    """Return whom the thread is about, and whether the reader may open each record.

    The go-to person reading it may not support them: another partner may.
    """
    about = list(thread.about.all())
    seen = Participant.objects.visible_to(user).filter(pk__in=[p.pk for p in about])
    visible = set(seen.values_list("pk", flat=True)) if about else set()
    return {"about": [(person, person.pk in visible) for person in about]}
