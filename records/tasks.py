"""Celery adapters: each task calls one service."""

from celery import shared_task
from django.utils import timezone

from . import retention


@shared_task(name="records.tasks.anonymise_expired_participants")
def anonymise_expired_participants() -> int:
    """Anonymise participants exited longer ago than the retention period."""
    return retention.anonymise_expired_participants(today=timezone.localdate())
