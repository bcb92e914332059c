"""Measure Keywork at programme scale: latency, throughput and SQL queries per page.

Run by `make bench` after bench/seed.py. Starts gunicorn on 127.0.0.1, drives it with
wrk, counts queries in-process with Django's test client, times the due-check-in
sweep on 10,000 due check-ins, and writes bench-results/bench.json and bench.md.
"""

import json
import os
import platform
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(SERVER_ENV)

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_otp import DEVICE_ID_SESSION_KEY  # noqa: E402
from django_otp.plugins.otp_totp.models import TOTPDevice  # noqa: E402

from accounts import two_factor  # noqa: E402
from accounts.models import Role, User  # noqa: E402
from caseload.models import Contact, Participant  # noqa: E402

PORT = 8200
BASE = f"http://127.0.0.1:{PORT}"
RESULTS = ROOT / "bench-results"
GET_SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
POST_SECONDS = int(os.environ.get("BENCH_POST_SECONDS", "30"))


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    personas = find_personas()
    pages = bench_pages(personas)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        check=True,
    )
    server = start_server()
    try:
        results = [measure_page(page, personas) for page in pages]
        results.append(measure_contact_posts(personas))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report = {
        "machine": machine(),
        "data": data_size(),
        "pages": results,
        "checkin_sweep": time_checkin_sweep(),
    }
    (RESULTS / "bench.json").write_text(json.dumps(report, indent=2, default=str))
    (RESULTS / "bench.md").write_text(markdown(report))
    print(markdown(report))


def find_personas() -> dict:
    busy = Participant.objects.order_by("pk").first()
    keyworker = busy.keyworker
    return {
        "participant": busy,
        "keyworker": keyworker,
        "manager": User.objects.managers_of(keyworker.delivery_partner_id).first(),
        "programme": User.objects.filter(role=Role.PROGRAMME_MANAGER).first(),
        "employer": User.objects.filter(role=Role.EMPLOYER_CONTACT).first(),
    }


def bench_pages(p: dict) -> list[dict]:
    """The pages the issue names, each with who asks for it and its budget."""
    participant = p["participant"]
    return [
        page("Floor: bare Django view", reverse("healthz"), None, 50),
        page(
            "Keyworker: my caseload", reverse("caseload:my-caseload"), "keyworker", 50
        ),
        page(
            "Keyworker: participant with 300 contacts",
            reverse("caseload:participant-detail", args=[participant.pk]),
            "keyworker",
            50,
        ),
        page(
            "Keyworker: log-contact form",
            reverse("caseload:log-contact", args=[participant.pk]),
            "keyworker",
            50,
        ),
        page("Keyworker: Today", reverse("inwork_support:today"), "keyworker", 50),
        page(
            "Manager: partner dashboard",
            reverse("reporting:partner-dashboard"),
            "manager",
            300,
        ),
        page(
            "Programme: programme dashboard",
            reverse("reporting:programme-dashboard"),
            "programme",
            300,
        ),
        page("Employer: portal home", reverse("employers:portal-home"), "employer", 50),
    ]


def page(label: str, url: str, persona: str | None, budget_ms: int) -> dict:
    return {"label": label, "url": url, "persona": persona, "budget_ms": budget_ms}


def session_cookie(user: User | None) -> str:
    """Return a Cookie header for a signed-in session (second factor passed)."""
    if user is None:
        return ""
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "accounts.backends.KeyworkUserBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    if two_factor.is_required_for(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(
            user=user, name="bench", confirmed=True
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[two_factor.ENROLLED_SESSION_KEY] = True
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def start_server() -> subprocess.Popen:
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            os.environ.get("BENCH_WORKERS", "4"),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, **SERVER_ENV},
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"{BASE}/healthz", timeout=1)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start")


def wrk(url: str, cookie: str, seconds: int, connections: int, env=None) -> dict:
    command = [
        "wrk",
        "--latency",
        f"-t{min(connections, 4)}",
        f"-c{connections}",
        f"-d{seconds}s",
        "-s",
        str(ROOT / "bench/report.lua"),
        "-H",
        f"Cookie: {cookie}",
        url,
    ]
    output = subprocess.run(
        command,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, **(env or {})},
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("{"))
    return json.loads(line)


def measure_page(spec: dict, personas: dict) -> dict:
    user = personas.get(spec["persona"]) if spec["persona"] else None
    cookie = session_cookie(user)
    wrk(BASE + spec["url"], cookie, 2, 2)  # warm up caches and connections
    load = wrk(BASE + spec["url"], cookie, GET_SECONDS, 4)
    return {**spec, **load, "queries": count_queries(spec["url"], user)}


def count_queries(url: str, user: User | None, method: str = "get", data=None) -> int:
    client = Client()
    if user is not None:
        client.cookies.load(session_cookie(user))
    getattr(client, method)(url, data)  # warm: first request fills caches
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data)
    if response.status_code not in (200, 302):
        raise RuntimeError(f"{url} answered {response.status_code}")
    return len(queries)


def measure_contact_posts(personas: dict) -> dict:
    """Throughput of the log-contact POST with 8 concurrent clients; count saves."""
    participant, keyworker = personas["participant"], personas["keyworker"]
    url = reverse("caseload:log-contact", args=[participant.pk])
    csrf = "benchcsrftoken0123456789abcdefghijklmnopqrstuvwxyzABCD"
    cookie = f"{session_cookie(keyworker)}; {settings.CSRF_COOKIE_NAME}={csrf}"
    before = Contact.objects.count()
    load = wrk(
        BASE + url,
        cookie,
        POST_SECONDS,
        8,
        env={"POST_BODY_TEMPLATE": contact_form_body(), "CSRF_TOKEN": csrf},
    )
    saved = Contact.objects.count() - before
    acknowledged = load["requests"] - load["non_2xx_3xx"] - load["socket_errors"]
    return {
        "label": "Keyworker: log-contact POST (8 clients)",
        "url": url,
        "persona": "keyworker",
        "budget_ms": 50,
        **load,
        "requests_per_second": round(load["requests"] / load["seconds"], 1),
        "contacts_saved": saved,
        "acknowledged": acknowledged,
        "queries": None,
    }


def contact_form_body() -> str:
    """A valid log-contact form body; {uuid} becomes each request's submission key."""
    happened = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    fields = {
        "happened_at": happened,
        "channel": "phone",
        "minutes": "15",
        "topics": "work",
        "attendees": "participant",
        "notes": "Benchmark contact",
        "submission_key": "{uuid}",
    }
    return "&".join(f"{key}={value}" for key, value in fields.items())


def time_checkin_sweep() -> dict:
    from bench.sweep import time_sweep

    return time_sweep()


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "postgresql": connection.cursor().connection.server_version,
        "platform": platform.platform(),
        "gunicorn_workers": int(os.environ.get("BENCH_WORKERS", "4")),
        "wrk": shutil.which("wrk"),
    }


def data_size() -> dict:
    from accounts.models import DeliveryPartner

    return {
        "partners": DeliveryPartner.objects.count(),
        "workers": User.objects.filter(delivery_partner__isnull=False).count(),
        "participants": Participant.objects.count(),
        "contacts": Contact.objects.count(),
    }


def markdown(report: dict) -> str:
    lines = [
        "| page | p50 ms | p95 ms | budget ms | req/s | SQL queries |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for row in report["pages"]:
        rps = round(row["requests"] / row["seconds"], 1)
        mark = "" if row["p95_ms"] <= row["budget_ms"] else " (over)"
        queries = "-" if row["queries"] is None else row["queries"]
        lines.append(
            f"| {row['label']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f}{mark} | "
            f"{row['budget_ms']} | {rps} | {queries} |"
        )
    post = report["pages"][-1]
    sweep = report["checkin_sweep"]
    lines += [
        "",
        f"Log-contact POST: {post['requests']} requests in {post['seconds']:.0f} s, "
        f"{post['acknowledged']} acknowledged, "
        f"{post['contacts_saved']} contacts saved.",
        f"Due-check-in sweep: {sweep['due']} due check-ins handled in "
        f"{sweep['seconds']:.1f} s ({sweep['reminded']} reminded).",
        "",
        f"Data: {report['data']}. Machine: {report['machine']}.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
