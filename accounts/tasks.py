"""Celery adapters for the outbox: each takes ids and calls one service."""

from celery import shared_task

from . import services


# No result is kept: the outbox row records what happened. Asking for one would
# subscribe to the result store first, which with Redis down blocks for seconds.
@shared_task(name="accounts.send_outgoing_email", ignore_result=True)
def send_outgoing_email(email_pk: int) -> bool:
    """Send one outbox email unless another worker already has."""
    return services.send_outgoing_email(email_pk=email_pk)


@shared_task(name="accounts.send_outgoing_emails", ignore_result=True)
def send_outgoing_emails(email_pks: list[int]) -> int:
    """Send a bulk write's outbox emails, each unless another worker already has.

    Each is claimed as send_outgoing_email claims one, so a worker killed
    part-way leaves the rest in the outbox for the redelivered message or the
    outbox sweep.
    """
    return sum(services.send_outgoing_email(email_pk=pk) for pk in email_pks)


@shared_task(name="accounts.sweep_outbox")
def sweep_outbox() -> int:
    """Send every email still in the outbox (after a broker outage, or a failure)."""
    return sum(
        services.send_outgoing_email(email_pk=pk) for pk in services.unsent_email_ids()
    )
