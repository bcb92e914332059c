"""Helpers the employers services share: links and mail sent after commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings

from accounts.services import send_email_after_commit


def site_url(path: str) -> str:
    """Return `path` as an absolute link for emails."""
    return settings.SITE_URL.rstrip("/") + path


def send_email_on_commit(*, to: str, subject: str, body: str) -> None:
    """Send once committed, through the outbox: a mail server failure loses nothing."""
    if not to:
        return
    send_email_after_commit(to=to, subject=subject, body=body)


def set_fields(instance: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save(update_fields=list(fields))
