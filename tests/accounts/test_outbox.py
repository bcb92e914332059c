"""The email outbox: written with the change, sent once, retried, never lost."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.db import transaction

from accounts.models import OutgoingEmail
from accounts.services import queue_email, send_outgoing_email, unsent_email_ids
from accounts.tasks import sweep_outbox

pytestmark = pytest.mark.django_db


def test_queued_email_is_sent_once_however_often_it_is_asked(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False):
        email = queue_email(to="kw@keywork.test", subject="Check-in due", body="Today")

    first = send_outgoing_email(email_pk=email.pk)
    second = send_outgoing_email(email_pk=email.pk)

    assert (first, second) == (True, False)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Check-in due"


def refuse(*args, **kwargs):
    """Stand in for an SMTP server that hangs up: the outside world failing."""
    raise smtplib.SMTPServerDisconnected("gone")


@transaction.atomic
def queue_then_fail() -> None:
    queue_email(to="kw@keywork.test", subject="Never", body="")
    raise RuntimeError


def test_an_email_is_not_queued_if_the_change_is_rolled_back():
    with pytest.raises(RuntimeError):
        queue_then_fail()

    assert not OutgoingEmail.objects.exists()


def test_a_failed_send_is_kept_and_retried_by_the_sweep(monkeypatch):
    email = OutgoingEmail.objects.create(to="kw@keywork.test", subject="S", body="B")
    monkeypatch.setattr("accounts.services.send_mail", refuse)
    assert send_outgoing_email(email_pk=email.pk) is False
    monkeypatch.undo()

    assert sweep_outbox() == 1
    email.refresh_from_db()
    assert email.sent_at is not None
    assert email.attempts == 2
    assert "gone" in email.last_error


def test_an_email_that_keeps_failing_is_given_up_on(monkeypatch):
    email = OutgoingEmail.objects.create(to="kw@keywork.test", subject="S", body="B")
    monkeypatch.setattr("accounts.services.send_mail", refuse)

    for _ in range(6):
        send_outgoing_email(email_pk=email.pk)

    email.refresh_from_db()
    assert email.failed_at is not None
    assert email.attempts == 5
    assert unsent_email_ids() == []


def test_a_claim_left_by_a_dead_worker_is_taken_over_later():
    email = OutgoingEmail.objects.create(
        to="kw@keywork.test",
        subject="S",
        body="B",
        claimed_at=datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC),
    )

    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 5, tzinfo=datetime.UTC)):
        assert unsent_email_ids() == []
    with time_machine.travel(datetime.datetime(2026, 3, 2, 9, 11, tzinfo=datetime.UTC)):
        assert unsent_email_ids() == [email.pk]
        assert send_outgoing_email(email_pk=email.pk) is True
