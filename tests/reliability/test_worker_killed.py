"""A worker killed mid-sweep: after a restart every reminder is sent exactly once."""

import pytest
import redis

from tests.reliability.servers import PrivatePostgres, PrivateRedis, manage
from tests.reliability.stack import (
    CeleryWorker,
    celery_client,
    sql,
    sql_int,
    wait_until,
)

JOBS = 30
PER_JOB = 50
DUE = JOBS * PER_JOB  # three of the sweep's 500-row chunks

# Run with `manage.py shell -c` against the private database.
SETUP = f"""
from django.utils import timezone
from inwork_support.models import CheckIn, CheckInKind
from tests.factories import EmploymentFactory, ParticipantFactory, UserFactory
from accounts.models import DeliveryPartner

partner = DeliveryPartner.objects.create(name="Reliability")
workers = [UserFactory(delivery_partner=partner) for _ in range(5)]
jobs = [
    EmploymentFactory(participant=ParticipantFactory(keyworker=workers[i % 5]))
    for i in range({JOBS})
]
CheckIn.objects.bulk_create(
    CheckIn(
        employment=job,
        kind=CheckInKind.REGULAR,
        sequence=n,
        due_on=timezone.localdate(),
        assigned_to=job.participant.keyworker,
    )
    for job in jobs
    for n in range(1, {PER_JOB + 1})
)
"""

# One statement, one snapshot: claims, outbox rows and notifications together.
PROGRESS = """
SELECT (SELECT count(*) FROM inwork_support_checkin WHERE reminded_at IS NOT NULL)
    || ',' || (SELECT count(*) FROM accounts_outgoingemail
               WHERE subject LIKE 'Check-in due:%')
    || ',' || (SELECT count(*) FROM accounts_notification
               WHERE key LIKE 'checkin:%:reminder')
"""
UNSENT = "SELECT count(*) FROM accounts_outgoingemail WHERE sent_at IS NULL"


def progress(url: str) -> tuple[int, int, int]:
    claimed, emails, notes = (int(n) for n in sql(url, PROGRESS).split(","))
    return claimed, emails, notes


def age_unacked_messages(broker: redis.Redis) -> int:
    """Make every unacknowledged message look older than the visibility timeout.

    The timeout is an hour in production; rather than wait, push the delivery
    time back so the next worker's first scan hands the message out again.
    """
    tags = broker.zrange("unacked_index", 0, -1)
    if tags:
        broker.zadd("unacked_index", dict.fromkeys(tags, 0))
    broker.delete("unacked_mutex")  # a lock the killed worker may have held
    return len(tags)


@pytest.fixture
def stack():
    broker = PrivateRedis()  # first: it skips or fails if redis-server is missing
    postgres = PrivatePostgres().create()
    try:
        broker.start()
        yield postgres, broker
    finally:
        broker.stop()
        postgres.destroy()


@pytest.mark.real_stack
def test_a_worker_killed_mid_sweep_loses_and_repeats_no_reminder(stack, tmp_path):
    postgres, broker = stack
    env = {
        "DATABASE_URL": postgres.url,
        "REDIS_URL": broker.url,
        "EMAIL_URL": "consolemail://",
        "CELERY_TASK_DEFAULT_QUEUE": "celery",
    }
    manage("migrate", "-v0", env=env)
    manage("shell", "-c", SETUP, env=env)
    client = celery_client(broker.url)
    log = tmp_path / "worker.log"
    worker = CeleryWorker(env, log).start()
    try:
        # 1. Start the sweep and SIGKILL the worker once some chunks committed.
        sweep = client.send_task("inwork_support.tasks.sweep_checkins")
        seen = []

        def part_done() -> bool:
            seen.append(progress(postgres.url))
            return 0 < seen[-1][0] < DUE

        wait_until(part_done, "the sweep committing its first chunk", 90, 0.05)
        worker.kill()
        claimed_at_kill = progress(postgres.url)[0]

        # 2. Nothing half-done: a claim always has its email and notification.
        assert all(claimed == emails == notes for claimed, emails, notes in seen)
        assert 0 < claimed_at_kill < DUE, "the worker was not killed mid-sweep"
        assert progress(postgres.url) == (claimed_at_kill,) * 3

        # 3. Acknowledged late: the killed worker's sweep is still in the broker.
        with redis.Redis.from_url(broker.url, socket_timeout=5) as connection:
            assert age_unacked_messages(connection) == 1

        # 4. A new worker is handed the same sweep again; it sends only the rest.
        worker = CeleryWorker(env, log).start()
        assert sweep.get(timeout=120)["reminded"] == DUE - claimed_at_kill
        # Beat sends the sweeps again within minutes; here, straight away.
        again = client.send_task("inwork_support.tasks.sweep_checkins")
        assert again.get(timeout=60)["reminded"] == 0
        # Emails whose dispatch the kill cut short wait in the outbox for its sweep.
        wait_until(
            lambda: (
                client.send_task("accounts.sweep_outbox").get(timeout=60) >= 0
                and sql_int(postgres.url, UNSENT) == 0
            ),
            "the outbox emptying",
            120,
            1,
        )
    finally:
        worker.stop()
        client.close()

    # 5. Every check-in reminded once: one claim, one notification, one email,
    # and the console backend printed each email exactly once.
    assert progress(postgres.url) == (DUE, DUE, DUE)
    assert not sql_int(
        postgres.url,
        "SELECT count(*) FROM inwork_support_checkin c WHERE NOT EXISTS ("
        "SELECT 1 FROM accounts_notification n "
        "WHERE n.key = 'checkin:' || c.id || ':reminder')",
    )
    assert sql_int(postgres.url, UNSENT) == 0
    assert log.read_text(errors="replace").count("Subject: Check-in due:") == DUE
