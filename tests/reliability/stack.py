"""More of the real stack for fault tests: SQL probes and a real Celery worker.

Every call is bounded in time; a worker writes its output to a file (a full
pipe would stall it).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from celery import Celery

from tests.reliability.servers import ROOT, SERVER_ENV


def sql(url: str, query: str) -> str:
    """Run one query with psql and return its unaligned output."""
    return subprocess.run(
        ["psql", url, "-AtX", "-v", "ON_ERROR_STOP=1", "-c", query],
        check=True,
        capture_output=True,
        text=True,
        timeout=30,
    ).stdout.strip()


def sql_int(url: str, query: str) -> int:
    return int(sql(url, query))


def wait_until(check, what: str, seconds: float = 60, every: float = 0.2) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(every)
    raise TimeoutError(f"{what}: not within {seconds} s")


class CeleryWorker:
    """`celery -A config worker --pool=solo` with the given environment."""

    def __init__(self, env: dict, log: Path) -> None:
        self.env = {**os.environ, **SERVER_ENV, "CONN_MAX_AGE": "0", **env}
        self.env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> CeleryWorker:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "--pool=solo",
                    "--loglevel=WARNING",
                    "--without-gossip",
                    "--without-mingle",
                    "--without-heartbeat",
                ],
                cwd=ROOT,
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        return self

    def kill(self) -> None:
        """SIGKILL: no warm shutdown, no chance to finish or acknowledge."""
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=15)
            self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=15)
        self.process = None

    def output(self) -> str:
        return self.log.read_text(errors="replace")


def celery_client(redis_url: str) -> Celery:
    """A bare Celery client on `redis_url`: sends tasks by name, reads results."""
    return Celery("reliability-client", broker=redis_url, backend=redis_url)
