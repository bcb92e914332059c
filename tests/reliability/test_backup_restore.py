"""A pg_dump of the demo data restores into a fresh database with every record."""

import subprocess

import pytest
from django.apps import apps

from tests.reliability.servers import PrivatePostgres, manage


@pytest.fixture
def own_postgres():
    server = PrivatePostgres().create()
    yield server
    server.destroy()


def row_counts(url: str) -> dict[str, int]:
    tables = sorted(model._meta.db_table for model in apps.get_models())
    query = " UNION ALL ".join(
        f"SELECT '{table}', count(*) FROM {table}"  # noqa: S608 - our own table names
        for table in tables
    )
    output = subprocess.run(
        ["psql", url, "-At", "-F", "=", "-c", query],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    ).stdout
    pairs = (line.split("=") for line in output.split())
    return {name: int(count) for name, count in pairs}


@pytest.mark.real_stack
def test_a_dump_of_the_demo_restores_every_record(own_postgres, tmp_path):
    env = {"DATABASE_URL": own_postgres.url, "REDIS_URL": ""}
    manage("migrate", "-v0", env=env)
    manage("seed_demo", env={**env, "DEBUG": "true"})
    dump = tmp_path / "keywork.dump"
    restored = own_postgres.url.replace("/keywork", "/restored")

    subprocess.run(
        ["pg_dump", "--format=custom", f"--file={dump}", own_postgres.url],
        check=True,
        timeout=120,
    )
    subprocess.run(
        [
            "createdb",
            "-h",
            "127.0.0.1",
            "-p",
            str(own_postgres.port),
            "-U",
            "postgres",
            "restored",
        ],
        check=True,
        timeout=60,
    )
    subprocess.run(
        ["pg_restore", "--no-owner", f"--dbname={restored}", str(dump)],
        check=True,
        timeout=120,
    )

    original = row_counts(own_postgres.url)
    assert original["caseload_participant"] >= 40
    assert row_counts(restored) == original
