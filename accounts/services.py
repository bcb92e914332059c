"""Writes that any app may need: in-app notifications."""

from django.db import IntegrityError, transaction

from .models import Notification, User


def notify(
    *,
    recipient: User,
    title: str,
    body: str = "",
    url: str = "",
    key: str | None = None,
) -> Notification | None:
    """Create an in-app notification; with `key`, create it at most once.

    Returns the new notification, or None when one with `key` already exists.
    """
    try:
        with transaction.atomic():
            return Notification.objects.create(
                recipient=recipient, title=title, body=body, url=url, key=key
            )
    except IntegrityError:
        if key is None:
            raise
        return None
