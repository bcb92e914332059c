"""Celery adapters: each task calls one service."""

from celery import shared_task
from django.utils import timezone

from . import retention, runs


@shared_task(name="records.tasks.anonymise_expired_participants")
def anonymise_expired_participants() -> int:
    """Anonymise participants exited longer ago than the retention period."""
    return retention.anonymise_expired_participants(today=timezone.localdate())


@shared_task(name="records.tasks.check_records")
def check_records() -> int:
    """Run the record checks and store what they found; return how many."""
    return runs.record_check_run().total
