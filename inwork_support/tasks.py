"""Celery adapters: each task calls one service."""

from dataclasses import asdict

from celery import shared_task

from . import services


@shared_task(name="inwork_support.tasks.sweep_checkins")
def sweep_checkins() -> dict[str, int]:
    """Remind, escalate, roll on and digest the check-ins that became due.

    Emails are queued in the outbox and sent by accounts.send_outgoing_emails
    (a hundred to a message), which the outbox sweep retries after SMTP or
    connection failures.
    """
    return asdict(services.sweep_checkins())
