"""Celery adapters: each task calls one service."""

from celery import shared_task

from . import services


@shared_task(name="employers.tasks.escalate_unanswered_employer_messages")
def escalate_unanswered_employer_messages() -> int:
    """Escalate employer messages unanswered for one working day."""
    return services.escalate_unanswered_messages()
