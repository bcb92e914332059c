"""The production image's own build and start commands serve pages and static files.

Docker is not available in CI, so this runs the script the Dockerfile runs
(scripts/image.sh build, then web) with DEBUG=false, and fetches what a browser
would through the proxy: the sign-in page and a hashed static file.
"""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

from tests.config.test_settings import PRODUCTION_ENV, ROOT, environment

SCRIPT = str(ROOT / "scripts" / "image.sh")
# What the proxy in docker-compose.yml adds to every request it passes on.
THROUGH_PROXY = {
    "Host": "keywork.example.org",
    "X-Forwarded-Proto": "https",
    "X-Forwarded-For": "203.0.113.7",
}


def database_url(tmp_path: Path) -> str:
    """Return the tests' PostgreSQL database, or a SQLite file of the test's own."""
    if connection.vendor == "postgresql":
        db = connection.settings_dict
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        host = f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
        return f"postgres://{db['USER']}{password}@{host}/{db['NAME']}"
    return f"sqlite:///{tmp_path / 'image.sqlite3'}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=THROUGH_PROXY)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def wait_until_serving(base: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"gunicorn exited: {server.communicate()[1].decode()[-2000:]}")
        try:
            if fetch(f"{base}/healthz")[0] == 200:
                return
        except OSError:
            time.sleep(0.2)
    pytest.fail("gunicorn did not start serving within 60 s")


@pytest.mark.django_db
def test_the_image_commands_serve_the_sign_in_page_and_hashed_static_files(tmp_path):
    port = free_port()
    env = environment(
        **PRODUCTION_ENV,
        DATABASE_URL=database_url(tmp_path),
        STATIC_ROOT=str(tmp_path / "static"),
        # The venv's python and gunicorn, as the image has them on its PATH.
        PATH=f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        BIND="127.0.0.1",
        PORT=str(port),
        WEB_CONCURRENCY="1",
        LOG_LEVEL="WARNING",
    )
    built = subprocess.run(
        [SCRIPT, "build"], env=env, capture_output=True, text=True, timeout=300
    )
    assert built.returncode == 0, built.stderr
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    stylesheet = next(
        hashed
        for name, hashed in manifest["paths"].items()
        if name.endswith(".css") and "bootstrap" in name
    )

    server = subprocess.Popen(
        [SCRIPT, "web"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(base, server)
        page_status, page = fetch(f"{base}/accounts/login/")
        static_status, _ = fetch(f"{base}/static/{stylesheet}")
    finally:
        server.terminate()
        server.communicate(timeout=30)

    assert page_status == 200, page.decode()[-2000:]
    assert f"/static/{stylesheet}".encode() in page
    assert static_status == 200
