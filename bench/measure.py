"""Measure Keywork at programme scale: latency, throughput and SQL queries per page.

Run by `make bench` after bench/seed.py. Starts gunicorn on 127.0.0.1, drives it with
wrk, counts queries in-process with Django's test client, times the due-check-in
sweep on 10,000 due check-ins, and writes bench-results/bench.json and bench.md.
"""

import json
import os
import platform
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
# The app plus a signed-in page that renders nothing (bench/urls.py), served too.
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
SERVER_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "ALLOWED_HOSTS": "127.0.0.1,testserver",
    "SITE_URL": "https://keywork.example.org",
    "SECURE_SSL_REDIRECT": "false",
    "LOG_LEVEL": "WARNING",
}
os.environ.update(SERVER_ENV)


def _redis_reachable(host: str = "127.0.0.1", port: int = 6379) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
    except OSError:
        return False
    return True


# The sweep's emails are published to a real broker, on a queue no worker reads,
# emptied afterwards; without Redis they are counted, not published.
BENCH_QUEUE = "keywork-bench"
BROKER = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/15")
if _redis_reachable():
    os.environ.update(REDIS_URL=BROKER, CELERY_TASK_DEFAULT_QUEUE=BENCH_QUEUE)
else:
    BROKER = ""

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from bench import machine  # noqa: E402
from bench.sessions import session_cookie  # noqa: E402
from caseload.models import Contact, Participant  # noqa: E402
from reporting.tasks import refresh_programme_figures  # noqa: E402

PORT = 8200
BASE = f"http://127.0.0.1:{PORT}"
RESULTS = ROOT / "bench-results"
GET_SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
POST_SECONDS = int(os.environ.get("BENCH_POST_SECONDS", "30"))
QUERY_BUDGET = 15


def main() -> None:
    RESULTS.mkdir(exist_ok=True)
    host = host_facts()
    personas = find_personas()
    pages = bench_pages(personas)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        check=True,
    )
    # As Celery beat does every 4 minutes in a running install.
    refresh_programme_figures()
    server = start_server()
    try:
        results = [measure_page(page, personas) for page in pages]
        results.append(measure_contact_posts(personas))
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    report = {
        "machine": host,
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
    # The POSTs are logged by a keyworker of another partner, for one of theirs:
    # each run adds thousands of today's contacts, which would otherwise weigh on
    # the measured keyworker's Today and their manager's team table (contacts in
    # the last 30 days) more with every run. Someone in work, as before: their
    # contact form reads their jobs and pending check-ins on every POST.
    in_work = Participant.objects.active().filter(employments__ended_on__isnull=True)
    post_participant = (
        in_work.exclude(delivery_partner_id=keyworker.delivery_partner_id)
        .order_by("pk")
        .first()
    )
    return {
        "participant": busy,
        "post_participant": post_participant,
        "post_keyworker": post_participant.keyworker,
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
            "Floor: signed-in, renders nothing",
            reverse("bench-signed-in-floor"),
            "keyworker",
            50,
        ),
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
        "--timeout",
        "10s",
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
    state = machine.state()
    wrk(BASE + spec["url"], cookie, 2, 2)  # warm up caches and connections
    load = wrk(BASE + spec["url"], cookie, GET_SECONDS, 4)
    return {
        **spec,
        **load,
        "queries": count_queries(spec["url"], user),
        "machine": state,
    }


def count_queries(url: str, user: User | None, method: str = "get", data=dict) -> int:
    """Return the SQL queries of one request, after one to warm caches."""
    client = Client()
    if user is not None:
        client.cookies.load(session_cookie(user))
    getattr(client, method)(url, data())
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data())
    if response.status_code not in (200, 302):
        raise RuntimeError(f"{url} answered {response.status_code}")
    return len(queries)


def measure_contact_posts(personas: dict) -> dict:
    """Throughput of the log-contact POST with 8 concurrent clients; count saves.

    The POSTs go to another partner's keyworker and participant (find_personas),
    so the pages measured keep the same data from run to run.
    """
    participant, keyworker = personas["post_participant"], personas["post_keyworker"]
    url = reverse("caseload:log-contact", args=[participant.pk])
    state = machine.state()
    csrf = "BenchCsrfSecret0123456789abcdefg"  # 32 characters: a CSRF secret
    cookie = f"{session_cookie(keyworker)}; {settings.CSRF_COOKIE_NAME}={csrf}"
    contacts = Contact.objects.filter(participant=participant)
    before = contacts.count()
    load = wrk(
        BASE + url,
        cookie,
        POST_SECONDS,
        8,
        env={"POST_BODY_TEMPLATE": contact_form_body(), "CSRF_TOKEN": csrf},
    )
    saved = contacts.count() - before
    acknowledged = load["requests"] - load["non_2xx_3xx"] - load["socket_errors"]
    queries = count_queries(
        url, keyworker, "post", lambda: form_fields(str(uuid.uuid4()))
    )
    return {
        "label": "Keyworker: log-contact POST (8 clients)",
        "url": url,
        "persona": "keyworker",
        "budget_ms": 50,
        **load,
        "requests_per_second": round(load["requests"] / load["seconds"], 1),
        "budget_requests_per_second": 150,
        "machine": state,
        "contacts_saved": saved,
        "acknowledged": acknowledged,
        "queries": queries,
    }


def form_fields(submission_key: str) -> dict:
    return {
        "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "minutes": "15",
        "topics": "work",
        "attendees": "participant",
        "notes": "Benchmark contact",
        "submission_key": submission_key,
    }


def contact_form_body() -> str:
    """A valid log-contact form body; {uuid} becomes each request's submission key."""
    return urllib.parse.urlencode(form_fields("{uuid}")).replace("%7Buuid%7D", "{uuid}")


def time_checkin_sweep() -> dict:
    from unittest import mock

    import redis

    from bench.sweep import time_sweep

    if not BROKER:
        with mock.patch("accounts.services._dispatch", return_value=True):
            return {**time_sweep(), "broker": "none (dispatches counted)"}
    try:
        return {**time_sweep(), "broker": f"redis, queue {BENCH_QUEUE}"}
    finally:
        redis.Redis.from_url(BROKER).delete(BENCH_QUEUE)


def host_facts() -> dict:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    meminfo = Path("/proc/meminfo").read_text().split()
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        postgresql = cursor.fetchone()[0].split(" on ")[0]
    return {
        "cpu": next(
            (
                line.split(":", 1)[1].strip()
                for line in cpuinfo.splitlines()
                if line.startswith("model name")
            ),
            platform.processor(),
        ),
        "cores": os.cpu_count(),
        "ram_gib": round(int(meminfo[meminfo.index("MemTotal:") + 1]) / 2**20, 1),
        "postgresql": postgresql,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "gunicorn_workers": int(os.environ.get("BENCH_WORKERS", "4")),
        "load_tool": subprocess.run(
            ["wrk", "-v"], capture_output=True, text=True, check=False
        ).stdout.split("\n")[0],
        "load_average_at_start": os.getloadavg(),
    }


def data_size() -> dict:
    from accounts.models import DeliveryPartner
    from caseload.models import TimelineEntry
    from inwork_support.models import CheckIn, Employment

    busy = Participant.objects.order_by("pk").first()
    return {
        "partners": DeliveryPartner.objects.count(),
        "workers": User.objects.filter(delivery_partner__isnull=False).count(),
        "participants": Participant.objects.count(),
        "in_work": Employment.objects.filter(ended_on=None).count(),
        "contacts": Contact.objects.count(),
        "timeline_entries": TimelineEntry.objects.count(),
        "check_ins": CheckIn.objects.count(),
        "busy_participant_contacts": busy.contacts.count(),
    }


def markdown(report: dict) -> str:
    m, d = report["machine"], report["data"]
    lines = [
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['ram_gib']} GiB RAM, "
        f"{m['postgresql']}, Python {m['python']}, gunicorn with "
        f"{m['gunicorn_workers']} sync workers, {m['load_tool']}; load average "
        f"at start {', '.join(f'{x:.2f}' for x in m['load_average_at_start'])}.",
        "",
        f"Data: {d['partners']} partners, {d['workers']} workers, "
        f"{d['participants']:,} participants ({d['in_work']:,} in work), "
        f"{d['contacts']:,} contacts, {d['timeline_entries']:,} timeline lines, "
        f"{d['check_ins']:,} check-ins; the busy participant has "
        f"{d['busy_participant_contacts']} contacts.",
        "",
        f"GET pages: wrk, 4 connections for {GET_SECONDS} s after a 2 s warm-up. "
        "SQL queries: one request through Django's test client, after a warm-up.",
        "",
        "× floors: p50 against the bare and the signed-in floor's p50 in this run. "
        "Load, others' CPU and steal: read over half a second before each page.",
        "",
        "| page | p50 ms | p95 ms | budget | met | req/s | SQL queries | "
        "× bare floor | × signed-in floor | load (1 min) | others' CPU | steal |",
        "|---|---:|---:|---:|:-:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    bare, signed_in = (row["p50_ms"] or 1 for row in report["pages"][:2])
    for row in report["pages"]:
        rps = round(row["requests"] / row["seconds"], 1)
        if "budget_requests_per_second" in row:
            budget = f"≥ {row['budget_requests_per_second']} req/s"
            met = rps >= row["budget_requests_per_second"]
        else:
            budget = f"p95 < {row['budget_ms']} ms"
            met = row["p95_ms"] < row["budget_ms"]
        if row["queries"] is not None and row["queries"] > QUERY_BUDGET:
            met = False
        if row["requests"] == 0 or row["socket_errors"] or row["non_2xx_3xx"]:
            met = False  # timeouts or errors: the latency is not the whole story
        lines.append(
            f"| {row['label']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} | "
            f"{budget} | {'yes' if met else '**no**'} | {rps} | "
            f"{'-' if row['queries'] is None else row['queries']} | "
            f"{row['p50_ms'] / bare:.1f} | {row['p50_ms'] / signed_in:.1f} | "
            f"{row['machine']['load_1min']:.2f} | "
            f"{row['machine']['busy_share']:.0%} | "
            f"{row['machine']['steal_share']:.0%} |"
        )
    lines += machine.warning(
        [row["label"] for row in report["pages"] if machine.is_busy(row["machine"])]
    )
    post = report["pages"][-1]
    sweep = report["checkin_sweep"]
    lines += [
        "",
        f"Log-contact POST, 8 clients for {post['seconds']:.0f} s: "
        f"{post['requests']} requests ({post['requests_per_second']}/s), "
        f"{post['acknowledged']} acknowledged with a redirect, "
        f"{post['non_2xx_3xx']} errors, {post['socket_errors']} socket errors; "
        f"{post['contacts_saved']} contacts counted in the database afterwards "
        "(requests still in flight when wrk stops are saved but not counted by wrk).",
        "",
        f"Due-check-in sweep: {sweep['created']:,} due check-ins inserted "
        f"({sweep['due']:,} due in all), swept in {sweep['seconds']:.1f} s "
        f"(budget 10 s): {sweep['reminded']:,} reminded, "
        f"{sweep['notifications']:,} notifications, "
        f"{sweep['timeline_lines']:,} timeline lines, "
        f"{sweep['emails_queued']:,} emails queued (broker: {sweep['broker']}); "
        f"a second sweep reminded {sweep['reminded_by_second_sweep']}.",
    ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
