"""Celery adapters: each task calls one service."""

from celery import shared_task
from django.utils import timezone

from . import services


@shared_task(name="contracts.tasks.open_reached_claims")
def open_reached_claims() -> int:
    """Open a claim for each outcome reached since the last run; return how many."""
    return services.open_reached_claims(today=timezone.localdate())
