"""Redis stops: every page and every save still works, and nothing is lost.

Work for the broker is recorded in PostgreSQL first (check-in rows, the email
outbox), so it is sent once Redis is back, exactly once.
"""

import datetime
import re
import time
import uuid
from zoneinfo import ZoneInfo

import pytest

from tests.reliability.servers import (
    Browser,
    Gunicorn,
    PrivatePostgres,
    PrivateRedis,
    manage,
)
from tests.reliability.stack import (
    CeleryWorker,
    celery_client,
    sql_int,
    wait_until,
)

# Far below the minutes Celery's default publish retries could hold a request.
FAST = 5.0
LONDON = ZoneInfo("Europe/London")
UNSENT = "SELECT count(*) FROM accounts_outgoingemail WHERE sent_at IS NULL"
SWEEP = "from inwork_support.services import sweep_checkins; print(sweep_checkins())"


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


def timed(call, *args, **kwargs):
    """Return `call(*args, **kwargs)` with how long it took."""
    started = time.monotonic()
    result = call(*args, **kwargs)
    return result, time.monotonic() - started


def hidden(body: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]*)"', body).group(1)


@pytest.mark.real_stack
def test_with_redis_stopped_nothing_fails_and_nothing_is_lost(stack, tmp_path):
    postgres, broker = stack
    env = {
        "DATABASE_URL": postgres.url,
        "REDIS_URL": broker.url,
        "EMAIL_URL": "consolemail://",
        # Static files collected into a folder of the test's own.
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    manage("migrate", "-v0", env=env)
    manage("seed_demo", env={**env, "DEBUG": "true"})
    manage(
        "collectstatic",
        "--noinput",
        "-v0",
        env={**env, "DEBUG": "false", "SECRET_KEY": "x" * 60},
    )
    # The demo is played through the services, so its own emails (sent at once
    # by the console backend) are already in the outbox: count only what follows.
    seeded = sql_int(postgres.url, "SELECT count(*) FROM accounts_outgoingemail")
    assert sql_int(postgres.url, UNSENT) == 0
    web = Gunicorn(env)
    web.start()
    worker = None
    client = celery_client(broker.url)
    try:
        # 1. The broker goes away, with a keyworker about to start their day.
        broker.stop()
        browser = Browser(web.base)
        browser.sign_in("keyworker1", "demo-keywork")
        (status, caseload), seconds = timed(browser.get, "/caseload/")
        assert (status, seconds < FAST) == (200, True)
        participant = re.search(r"/caseload/participants/(\d+)/", caseload).group(1)
        base = f"/caseload/participants/{participant}/"
        for path in (base, "/in-work/today/", f"{base}log-contact/"):
            (status, _), seconds = timed(browser.get, path)
            assert (path, status, seconds < FAST) == (path, 200, True)

        # 2. A crisis note is saved, and its safeguarding concern opened.
        note = f"Crisis at home, broker down {uuid.uuid4().hex[:8]}"
        form = browser.get(f"{base}log-contact/")[1]
        (status, page), seconds = timed(
            browser.post,
            f"{base}log-contact/",
            {
                "happened_at": datetime.datetime.now(LONDON).strftime("%Y-%m-%dT%H:%M"),
                "channel": "phone",
                "minutes": "20",
                "attendees": ["participant"],
                "topics": ["crisis"],
                "notes": note,
                "submission_key": hidden(form, "submission_key"),
            },
        )
        assert (status, seconds < FAST) == (200, True)
        assert "logged" in page
        assert sql_int(
            postgres.url,
            "SELECT count(*) FROM caseload_contact c"  # noqa: S608 - values we made
            " JOIN caseload_safeguardingconcern s ON s.contact_id = c.id"
            f" WHERE c.notes = '{note}'",
        )

        # 3. A job starting today: its first-day check-in is due, in the database.
        (status, page), seconds = timed(
            browser.post,
            f"/in-work/participants/{participant}/job-start/",
            {
                "new_employer_name": "Broker Down Bakery",
                "job_title": "Baker",
                "hours_per_week": "30",
                "hourly_pay": "12.50",
                "contract_type": "permanent",
                "start_date": datetime.datetime.now(LONDON).date().isoformat(),
                "employer_may_know": "on",
            },
        )
        assert (status, seconds < FAST) == (200, True)
        assert "Job start recorded" in page
        job = sql_int(
            postgres.url,
            "SELECT e.id FROM inwork_support_employment e JOIN employers_employer r"
            " ON r.id = e.employer_id WHERE r.name = 'Broker Down Bakery'",
        )

        # 4. A sweep during the outage claims reminders and fills the outbox; its
        # publishes fail fast instead of holding the worker.
        _, seconds = timed(manage, "shell", "-c", SWEEP, env=env)
        assert seconds < 60
        outbox = (
            sql_int(postgres.url, "SELECT count(*) FROM accounts_outgoingemail")
            - seeded
        )
        assert outbox > 0
        assert sql_int(postgres.url, UNSENT) == outbox
        first_day = (
            "SELECT count(*) FROM inwork_support_checkin"  # noqa: S608 - our job's id
            " WHERE kind = 'first_day'"
            f" AND employment_id = {job} AND reminded_at IS NOT NULL"
        )
        assert sql_int(postgres.url, first_day) == 1

        # 5. Redis is back and a worker starts. Beat's outbox sweep runs every
        # minute; here it is sent straight away. Everything goes out once.
        broker.start()
        worker = CeleryWorker(env, tmp_path / "worker.log").start()
        wait_until(
            lambda: (
                client.send_task("accounts.sweep_outbox").get(timeout=60) >= 0
                and sql_int(postgres.url, UNSENT) == 0
            ),
            "the outbox emptying",
            120,
            1,
        )
        again = client.send_task("inwork_support.tasks.sweep_checkins")
        assert again.get(timeout=60)["reminded"] == 0
        assert client.send_task("accounts.sweep_outbox").get(timeout=60) == 0
    finally:
        if worker is not None:
            worker.stop()
        client.close()
        web.stop()

    printed = worker.output().count("\nSubject: ")
    assert (
        printed
        == outbox
        == sql_int(postgres.url, "SELECT count(*) FROM accounts_outgoingemail") - seeded
    )
    assert (
        sql_int(
            postgres.url,
            "SELECT count(*) FROM accounts_outgoingemail"  # noqa: S608 - our job's id
            " WHERE subject LIKE 'Check-in due: First day%'"
            f" AND body LIKE '%/in-work/jobs/{job}/%'",
        )
        == 1
    )
