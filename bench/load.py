"""Load: 50 simulated keyworkers log contacts for 60 s against a real server.

Run by `make load`. Recreates the PostgreSQL database named by DATABASE_URL
(default keywork_load on 127.0.0.1), migrates it and seeds the demo, serves it
with gunicorn on 127.0.0.1, then each client signs in as a demo keyworker and,
until time is up, opens the log-contact form for one of their participants and
posts it. Afterwards the contacts in the database are counted: every
acknowledged save (302 to the participant page) must be there, and nothing else.

Writes bench-results/load.json; exits non-zero on any error or a count mismatch.
Settings: LOAD_CLIENTS (50), LOAD_SECONDS (60), LOAD_WORKERS (gunicorn, 2 x CPUs + 1).
"""

from __future__ import annotations

import datetime
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
DATABASE_URL = os.environ.get(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/keywork_load"
)
CLIENTS = int(os.environ.get("LOAD_CLIENTS", "50"))
SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
WORKERS = int(os.environ.get("LOAD_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
KEYWORKERS = [f"keyworker{n}" for n in range(1, 5)]
PASSWORD = "demo-keywork"  # noqa: S105 - the published demo password
LONDON = ZoneInfo("Europe/London")
TIMEOUT = 30
SERVER_ENV = {
    "DATABASE_URL": DATABASE_URL,
    "REDIS_URL": "",
    "DEBUG": "false",
    "SECRET_KEY": "load-test-only-secret-key-not-for-production-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SITE_URL": "https://keywork.example.org",
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "WARNING",
}


def main() -> int:
    RESULTS.mkdir(exist_ok=True)
    prepare_database()
    port = free_port()
    server = start_server(port)
    try:
        run = Run(base=f"http://127.0.0.1:{port}", tag=f"load-{uuid.uuid4().hex[:8]}")
        report = run.go()
    finally:
        server.terminate()
        server.wait(timeout=30)
    report["contacts_in_database"] = count_contacts(run.tag)
    report["matches"] = report["contacts_in_database"] == report["acknowledged"]
    (RESULTS / "load.json").write_text(json.dumps(report, indent=2))
    print(json.dumps(report, indent=2))
    return 0 if report["errors"] == 0 and report["matches"] else 1


# 1. A fresh database with the demo data, and gunicorn serving it.


def manage(*args: str, **env: str) -> None:
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV, **env},
        check=True,
        timeout=600,
    )


def prepare_database() -> None:
    server, name = DATABASE_URL.rsplit("/", 1)
    for statement in (f"DROP DATABASE IF EXISTS {name}", f"CREATE DATABASE {name}"):
        subprocess.run(
            ["psql", f"{server}/postgres", "-qX", "-c", statement],
            check=True,
            timeout=120,
        )
    manage("migrate", "-v0")
    manage("seed_demo", DEBUG="true")
    manage("collectstatic", "--noinput", "-v0")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--backlog",
            "256",
            "--timeout",
            str(TIMEOUT),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
    )
    health = f"http://127.0.0.1:{port}/healthz"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(health, timeout=1)  # noqa: S310 - our own server
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start within 30 s")


def count_contacts(tag: str) -> int:
    query = f"SELECT count(*) FROM caseload_contact WHERE notes LIKE '{tag}:%'"  # noqa: S608
    output = subprocess.run(
        ["psql", DATABASE_URL, "-AtX", "-c", query],
        check=True,
        capture_output=True,
        text=True,
        timeout=60,
    )
    return int(output.stdout)


# 2. The simulated keyworkers.


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a 302 is the answer we count, not a page to fetch


class LoopbackCookies(http.cookiejar.DefaultCookiePolicy):
    """Send production's Secure cookies to our own plain-HTTP server."""

    def return_ok_secure(self, cookie, request) -> bool:
        return True


class Keyworker:
    """One person on a phone: signs in, then opens and saves the form, again."""

    def __init__(self, base: str, username: str) -> None:
        self.base = base
        self.username = username
        self.jar = http.cookiejar.CookieJar(policy=LoopbackCookies())
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str, str]:
        body = None
        if data is not None:
            csrf = next(c.value for c in self.jar if c.name == "csrftoken")
            data = {**data, "csrfmiddlewaretoken": csrf}
            body = urllib.parse.urlencode(data, doseq=True).encode()
        # Our own server on http://127.0.0.1.
        request = urllib.request.Request(self.base + path, data=body)  # noqa: S310
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return response.status, response.read().decode(), ""
        except urllib.error.HTTPError as answer:  # 3xx and 4xx/5xx land here
            return answer.code, answer.read().decode(), answer.headers["Location"]

    def sign_in(self) -> list[str]:
        """Sign in and return the log-contact paths of this keyworker's caseload."""
        self.request("/accounts/login/")
        status, _, _ = self.request(
            "/accounts/login/", {"username": self.username, "password": PASSWORD}
        )
        if status != 302:
            raise RuntimeError(f"{self.username} could not sign in: {status}")
        _, page, _ = self.request("/caseload/")
        ids = sorted(set(re.findall(r"/caseload/participants/(\d+)/", page)))
        if not ids:
            raise RuntimeError(f"{self.username} has no participants")
        return [f"/caseload/participants/{pk}/log-contact/" for pk in ids]


def contact_form(page: str, note: str) -> dict:
    key = re.search(r'name="submission_key" value="([^"]+)"', page).group(1)
    moment = datetime.datetime.now(LONDON) - datetime.timedelta(minutes=1)
    return {
        "happened_at": moment.strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "minutes": "15",
        "attendees": ["participant"],
        "notes": note,
        "submission_key": key,
    }


@dataclass
class Run:
    base: str
    tag: str
    acknowledged: int = 0
    errors: list[str] = field(default_factory=list)
    get_ms: list[float] = field(default_factory=list)
    post_ms: list[float] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def go(self) -> dict:
        # Sign everyone in first: password hashing is not what is measured.
        people = [Keyworker(self.base, KEYWORKERS[n % 4]) for n in range(CLIENTS)]
        caseloads = [person.sign_in() for person in people]
        start = threading.Barrier(CLIENTS + 1)
        threads = [
            threading.Thread(target=self.client, args=(n, person, forms, start))
            for n, (person, forms) in enumerate(zip(people, caseloads, strict=True))
        ]
        for thread in threads:
            thread.start()
        start.wait()
        began = time.monotonic()
        for thread in threads:
            thread.join(timeout=SECONDS + 2 * TIMEOUT + 10)
        elapsed = time.monotonic() - began
        every = self.get_ms + self.post_ms
        return {
            "clients": CLIENTS,
            "seconds": round(elapsed, 1),
            "gunicorn_workers": WORKERS,
            "acknowledged": self.acknowledged,
            "errors": len(self.errors),
            "first_errors": self.errors[:10],
            "requests": len(every),
            "requests_per_second": round(len(every) / elapsed, 1),
            "contacts_per_second": round(self.acknowledged / elapsed, 1),
            "get_form_ms": percentiles(self.get_ms),
            "post_contact_ms": percentiles(self.post_ms),
            "all_ms": percentiles(every),
        }

    def client(self, n: int, person: Keyworker, forms: list[str], start) -> None:
        start.wait()
        deadline = time.monotonic() + SECONDS
        sent = 0
        while time.monotonic() < deadline:
            path = forms[sent % len(forms)]
            try:
                self.one_contact(person, path, f"{self.tag}:{n}:{sent}")
            except Exception as error:  # every failure is counted
                self.fail(f"{path}: {error!r}")
            sent += 1

    def one_contact(self, person: Keyworker, path: str, note: str) -> None:
        started = time.monotonic()
        status, page, _ = person.request(path)
        self.timing(self.get_ms, started)
        if status != 200:
            return self.fail(f"GET {path}: {status}")
        started = time.monotonic()
        status, page, location = person.request(path, contact_form(page, note))
        self.timing(self.post_ms, started)
        if status == 302 and location.endswith(path.removesuffix("log-contact/")):
            with self.lock:
                self.acknowledged += 1
            return None
        return self.fail(f"POST {path}: {status} {page[:200]!r}")

    def timing(self, into: list[float], started: float) -> None:
        with self.lock:
            into.append((time.monotonic() - started) * 1000)

    def fail(self, what: str) -> None:
        with self.lock:
            self.errors.append(what)


def percentiles(values: list[float]) -> dict:
    if len(values) < 2:
        return {"p50": None, "p95": None, "max": None}
    cuts = statistics.quantiles(values, n=100)
    return {
        "p50": round(cuts[49], 1),
        "p95": round(cuts[94], 1),
        "max": round(max(values), 1),
    }


if __name__ == "__main__":
    sys.exit(main())
