"""Escalating employer messages left unanswered for a working day."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import NotificationKind, User
from accounts.services import notify

from ..models import EmployerMessage
from ..workdays import one_working_day_before
from .common import site_url


def escalate_unanswered_messages(*, now: datetime.datetime | None = None) -> int:
    """Escalate every thread unanswered for one working day; return how many.

    Each message is claimed by a conditional update on `escalated_at` in its own
    transaction, so a repeated or overlapping run escalates each one once.
    """
    now = now or timezone.now()
    due = (
        EmployerMessage.objects.unanswered()
        .filter(escalated_at__isnull=True, sent_at__lte=one_working_day_before(now))
        .select_related("employer__go_to_person", "employer__deputy", "addressed_to")
    )
    return sum(escalate_message(message=message, now=now) for message in due)


@transaction.atomic
def escalate_message(*, message: EmployerMessage, now: datetime.datetime) -> bool:
    """Tell the deputy and the go-to person's managers of an unanswered message."""
    claimed = EmployerMessage.objects.filter(
        pk=message.pk, escalated_at__isnull=True, first_reply_at__isnull=True
    ).update(escalated_at=now)
    if not claimed:
        return False
    go_to = message.addressed_to or message.employer.go_to_person
    recipients = {message.employer.deputy} if message.employer.deputy else set()
    if go_to is not None and go_to.delivery_partner_id:
        recipients.update(User.objects.managers_of(go_to.delivery_partner_id))
    recipients.discard(go_to)
    title = f"Unanswered for a working day: message from {message.employer}"
    url = message.get_absolute_url()
    for recipient in recipients:
        notify(
            recipient=recipient,
            kind=NotificationKind.ESCALATION,
            title=title,
            body=f"Sent to {go_to or 'nobody'}: {message.body[:200]}",
            url=url,
            key=f"employer-message-escalated:{message.pk}:{recipient.pk}",
            email_subject=title,
            email_body=f"{message.body}\n\nPlease make sure someone replies: "
            f"{site_url(url)}\n",
            email_now=True,
        )
    return True
