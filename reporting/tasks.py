"""Celery adapters: each task calls one service."""

from celery import shared_task

from .metrics import Filters, figures


@shared_task(name="reporting.tasks.refresh_programme_figures")
def refresh_programme_figures() -> None:
    """Compute the programme dashboard's default view ahead of its visitors."""
    figures.programme_figures_cached(Filters.last_year(), refresh=True)
