"""Celery adapters for the outbox: each takes ids and calls one service."""

from celery import shared_task

from . import services


# No result is kept: the outbox row records what happened. Asking for one would
# subscribe to the result store first, which with Redis down blocks for seconds.
@shared_task(name="accounts.send_outgoing_email", ignore_result=True)
def send_outgoing_email(email_pk: int) -> bool:
    """Send one outbox email unless another worker already has."""
    return services.send_outgoing_email(email_pk=email_pk)


@shared_task(name="accounts.sweep_outbox")
def sweep_outbox() -> int:
    """Send every email still in the outbox (after a broker outage, or a failure)."""
    return sum(
        services.send_outgoing_email(email_pk=pk) for pk in services.unsent_email_ids()
    )
