"""PostgreSQL restarts: a friendly page during the outage, recovery by itself after."""

import pytest

from tests.reliability.servers import Browser, Gunicorn, PrivatePostgres, manage


@pytest.fixture
def own_postgres():
    server = PrivatePostgres().create()
    yield server
    server.destroy()


@pytest.mark.real_stack
def test_the_app_survives_a_database_restart(own_postgres, tmp_path):
    # Static files collected into a folder of the test's own, not the checkout's.
    env = {
        "DATABASE_URL": own_postgres.url,
        "REDIS_URL": "",
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
    web = Gunicorn(env)
    web.start()
    try:
        browser = Browser(web.base)
        browser.sign_in("keyworker1", "demo-keywork")
        assert browser.get("/caseload/")[0] == 200

        own_postgres.stop()
        status, body = browser.get("/caseload/")
        assert status in (500, 503)
        assert "Traceback" not in body
        assert "database" in body.lower() or "something went wrong" in body.lower()

        own_postgres.start()
        status, body = browser.get("/caseload/")
        assert status == 200, body[:500]
    finally:
        web.stop()
