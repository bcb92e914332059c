"""A bulk write's emails reach the workers a hundred to a message, each sent once."""

from unittest import mock

import pytest
from django.core import mail

from accounts import tasks
from accounts.models import OutgoingEmail
from accounts.services import DISPATCH_BATCH, queue_email, queue_emails
from accounts.tasks import send_outgoing_emails, sweep_outbox

pytestmark = pytest.mark.django_db


def emails(count):
    return [(f"kw{n}@keywork.test", f"Check-in due {n}", "Today") for n in range(count)]


def test_many_emails_are_published_a_batch_to_a_message(
    django_capture_on_commit_callbacks,
):
    with (
        mock.patch.object(tasks.send_outgoing_emails, "apply_async") as batch,
        mock.patch.object(tasks.send_outgoing_email, "apply_async") as single,
        django_capture_on_commit_callbacks(execute=True),
    ):
        rows = queue_emails(emails(2 * DISPATCH_BATCH + 1))
        queue_email(to="pm@keywork.test", subject="One", body="")

    published = [call.kwargs["args"][0] for call in batch.call_args_list]
    pks = [row.pk for row in rows]
    assert published == [pks[:DISPATCH_BATCH], pks[DISPATCH_BATCH:-1]]
    # A lone email, from a bulk write or not, goes as it always did.
    assert [call.kwargs["args"] for call in single.call_args_list] == [
        [pks[-1]],
        [OutgoingEmail.objects.get(subject="One").pk],
    ]


def test_with_the_broker_down_publishing_stops_and_the_outbox_sweep_sends_them(
    django_capture_on_commit_callbacks,
):
    with (
        mock.patch.object(
            tasks.send_outgoing_emails, "apply_async", side_effect=OSError("down")
        ) as batch,
        django_capture_on_commit_callbacks(execute=True),
    ):
        queue_emails(emails(3 * DISPATCH_BATCH))

    assert batch.call_count == 1  # not once per batch, each waiting on the broker
    assert sweep_outbox() == 3 * DISPATCH_BATCH
    assert len(mail.outbox) == 3 * DISPATCH_BATCH


def test_a_batch_sends_each_email_once_however_often_it_is_delivered(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        pks = [row.pk for row in queue_emails(emails(3))]

    # Redelivered after a worker died (acks late), or raced by the outbox sweep.
    assert send_outgoing_emails(pks[:1]) == 1
    assert send_outgoing_emails(pks) == 2
    assert send_outgoing_emails(pks) == 0

    assert sorted(m.to[0] for m in mail.outbox) == [
        "kw0@keywork.test",
        "kw1@keywork.test",
        "kw2@keywork.test",
    ]
