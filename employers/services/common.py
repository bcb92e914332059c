"""Helpers the employers services share: links and mail sent after commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from accounts.models import NotificationKind, User
from accounts.services import notify, send_email_after_commit


def site_url(path: str) -> str:
    """Return `path` as an absolute link for emails."""
    return settings.SITE_URL.rstrip("/") + path


def send_email_on_commit(*, to: str, subject: str, body: str) -> None:
    """Send once committed, through the outbox: a mail server failure loses nothing."""
    if not to:
        return
    send_email_after_commit(to=to, subject=subject, body=body)


def tell_go_to_person(*, employer: Any, actor: User, title: str, body: str) -> None:
    """Tell whoever answers for the employer now, in the app and by email.

    For changes that decide who reaches the employer's people (a contact's email,
    a portal invitation), so an unexpected one is noticed; not sent to the actor.
    """
    recipient = employer.go_to_now()
    if recipient is None or recipient.pk == actor.pk:
        return
    url = employer.get_absolute_url()
    notify(
        recipient=recipient,
        kind=NotificationKind.EMPLOYER,
        title=title,
        body=body,
        url=url,
        email_subject=title,
        email_body=f"{body}\n\nIf you did not expect this, check the employer's "
        f"contacts: {site_url(url)}\n",
        email_now=True,
    )


def set_fields(instance: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save(update_fields=list(fields))
