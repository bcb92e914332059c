"""Celery adapters: each task calls one service."""

from celery import shared_task
from django.utils import timezone

from . import retention
from .metrics import Filters, figures


@shared_task(name="reporting.tasks.anonymise_expired_participants")
def anonymise_expired_participants() -> int:
    """Anonymise participants exited longer ago than the retention period."""
    return retention.anonymise_expired_participants(today=timezone.localdate())


@shared_task(name="reporting.tasks.refresh_programme_figures")
def refresh_programme_figures() -> None:
    """Compute the programme dashboard's default view ahead of its visitors."""
    figures.programme_figures_cached(Filters.last_year(), refresh=True)
