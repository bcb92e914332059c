"""Helpers the employers services share: links and mail sent after commit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction


def site_url(path: str) -> str:
    """Return `path` as an absolute link for emails."""
    return settings.SITE_URL.rstrip("/") + path


def send_email_on_commit(*, to: str, subject: str, body: str) -> None:
    if not to:
        return
    transaction.on_commit(
        lambda: send_mail(subject, body, None, [to], fail_silently=False)
    )


def set_fields(instance: Any, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        setattr(instance, name, value)
    instance.save(update_fields=list(fields))
