"""A task round-trips through the real Redis broker and a real worker."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.real_stack
def test_task_round_trips_through_redis_and_a_real_worker(redis_url):
    from config.celery import app, ping

    if app.conf.broker_url != redis_url:
        pytest.fail(f"Celery is not configured for Redis: {app.conf.broker_url}")
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
        env={**os.environ, "REDIS_URL": redis_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        result = ping.apply_async(queue=queue)
        assert result.get(timeout=60) == "pong"
    finally:
        worker.terminate()
        _, stderr = worker.communicate(timeout=30)
    assert worker.returncode == 0, stderr.decode()
