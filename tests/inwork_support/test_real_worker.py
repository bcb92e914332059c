"""The sweep runs through a real Celery worker on the real Redis broker."""

import datetime
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.db import connection
from django.utils import timezone

from accounts.models import Notification, OutgoingEmail
from inwork_support.models import CheckIn
from tests.conftest import missing
from tests.factories import CheckInFactory, EmploymentFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.real_stack
def test_the_sweep_through_a_real_worker_reminds_once(
    transactional_db, redis_url, participant, keyworker
):
    from config.celery import app
    from inwork_support.tasks import sweep_checkins

    if connection.vendor != "postgresql":
        missing("PostgreSQL (the worker must see the test database)")
    if app.conf.broker_url != redis_url:
        pytest.fail(f"Celery is not configured for Redis: {app.conf.broker_url}")
    checkin = CheckInFactory(
        employment=EmploymentFactory(participant=participant),
        due_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    settings = connection.settings_dict
    database_url = (
        f"postgres://{settings['USER']}@{settings['HOST']}:{settings['PORT']}"
        f"/{settings['NAME']}"
    )
    queue = f"test-{uuid.uuid4().hex[:8]}"
    worker = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "--queues",
            queue,
            "--loglevel=WARNING",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "REDIS_URL": redis_url,
            "DATABASE_URL": database_url,
            "CONN_MAX_AGE": "0",
            "CELERY_TASK_DEFAULT_QUEUE": queue,
            "EMAIL_URL": "consolemail://",
        },
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        first = sweep_checkins.apply_async(queue=queue).get(timeout=60)
        second = sweep_checkins.apply_async(queue=queue).get(timeout=60)
        # The outbox task the first sweep queued ran before the second sweep.
    finally:
        worker.terminate()
        stdout, stderr = worker.communicate(timeout=30)
    assert worker.returncode == 0, stderr.decode()
    assert (first["reminded"], second["reminded"]) == (1, 0)
    checkin.refresh_from_db()
    assert checkin.reminded_at is not None
    reminders = Notification.objects.filter(
        recipient=keyworker, title__startswith="Overdue"
    )
    assert reminders.count() == 1
    email = OutgoingEmail.objects.get(subject__startswith="Check-in due")
    assert email.sent_at is not None
    printed = (stdout + stderr).decode()  # celery logs redirected stdout
    assert printed.count("Subject: Check-in due: First day") == 1
    assert CheckIn.objects.get().status == "pending"
