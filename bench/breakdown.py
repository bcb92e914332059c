"""Where one request's time goes, page by page, in-process on the bench database.

For the bare floor, a signed-in page that renders nothing, and each keyworker page,
this times requests one at a time through Django's WSGI handler (no test client, no
network) and splits each request's time, exclusively, into:

- outside the view: middleware, the session, loading the user;
- SQL: time inside the database driver's execute (the query and its transfer);
- compile: the ORM turning querysets into SQL (every compiler's as_sql);
- other ORM: building querysets and turning rows into objects;
- templates: rendering, less any queries a template triggers;
- rest of view: the view's own Python.

Each figure is a median over the runs; "plain" is the median of the same page with
no instrumentation, which is the figure the targets are judged by. It also gives
each page's ratio to the signed-in and the bare floor, the load and steal read just
before the page, and a warning when the machine is too busy for the figures to mean
anything. Run after `make bench` has built the database (it is part of it):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/keywork_bench \
        .venv/bin/python bench/breakdown.py [--runs 40] [--middleware]

`--middleware` also times the signed-in floor with each middleware left out in
turn, which is how the per-request tax was found.
"""

import argparse
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="bench.settings",
    DEBUG="false",
    # A throwaway key for a local benchmark, as in measure.py.
    SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",  # noqa: S106
    ALLOWED_HOSTS="127.0.0.1,testserver",
    SITE_URL="https://keywork.example.org",
    SECURE_SSL_REDIRECT="false",
    LOG_LEVEL="WARNING",
)

import django  # noqa: E402

django.setup()

from django.core.handlers.base import BaseHandler  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.backends.postgresql import compiler as pg_compiler  # noqa: E402
from django.db.models import query as queryset_module  # noqa: E402
from django.db.models.sql import compiler as sql_compiler  # noqa: E402
from django.db.models.sql import query as sql_query  # noqa: E402
from django.template import base as template_base  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Role, User  # noqa: E402
from bench import machine  # noqa: E402
from bench.sessions import session_cookie  # noqa: E402
from caseload.models import Participant  # noqa: E402

RESULTS = ROOT / "bench-results"
CATEGORIES = ("outside", "sql", "compile", "orm", "templates", "rest")
HEADINGS = {
    "outside": "outside the view",
    "sql": "SQL",
    "compile": "compile",
    "orm": "other ORM",
    "templates": "templates",
    "rest": "rest of view",
}


class Clock:
    """Attribute wall time to whatever is on top of a stack of categories."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.stack = ["outside"]
        self.in_view = False
        self.last = time.perf_counter()

    def _switch(self) -> None:
        now = time.perf_counter()
        self.totals[self.stack[-1]] += now - self.last
        self.last = now

    def push(self, category: str) -> None:
        self._switch()
        self.stack.append(category)

    def pop(self) -> None:
        self._switch()
        self.stack.pop()


CLOCK: Clock | None = None


def timed(category: str, function):
    def wrapper(*args, **kwargs):
        clock = CLOCK
        if clock is None:
            return function(*args, **kwargs)
        # Outside the view, only the split between outside and SQL is kept.
        clock.push(category if clock.in_view or category == "sql" else "outside")
        try:
            return function(*args, **kwargs)
        finally:
            clock.pop()

    wrapper.__wrapped__ = function
    return wrapper


def timed_view(view):
    def wrapper(request, *args, **kwargs):
        clock = CLOCK
        if clock is None:
            return view(request, *args, **kwargs)
        clock.in_view = True
        clock.push("rest")
        try:
            response = view(request, *args, **kwargs)
            # A TemplateResponse renders after the view returns: count it in.
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            return response
        finally:
            clock.pop()
            clock.in_view = False

    return wrapper


def instrument() -> None:
    """Wrap the ORM, the template engine and view dispatch with the clock."""
    for module in (sql_compiler, pg_compiler):
        for value in vars(module).values():
            if isinstance(value, type) and "as_sql" in vars(value):
                value.as_sql = timed("compile", vars(value)["as_sql"])
    query_class = sql_query.Query
    for name in ("add_q", "get_aggregation", "has_results", "clone", "chain"):
        setattr(query_class, name, timed("orm", getattr(query_class, name)))
    queryset = queryset_module.QuerySet
    queryset._fetch_all = timed("orm", queryset._fetch_all)
    template_base.Template.render = timed("templates", template_base.Template.render)
    resolve = BaseHandler.resolve_request

    def resolve_request(self, request):
        match = resolve(self, request)
        match.func = timed_view(match.func)
        return match

    BaseHandler.resolve_request = resolve_request


def time_sql(execute, sql, params, many, context):
    if CLOCK is None:
        return execute(sql, params, many, context)
    CLOCK.push("sql")
    try:
        return execute(sql, params, many, context)
    finally:
        CLOCK.pop()


class Page:
    def __init__(
        self, name: str, url: str, user: User | None, target_ms: float | None = None
    ) -> None:
        self.name, self.url, self.user, self.target_ms = name, url, user, target_ms
        self.cookie = session_cookie(user)

    def environ(self) -> dict:
        factory = RequestFactory(HTTP_HOST="127.0.0.1")
        request = factory.get(self.url, HTTP_COOKIE=self.cookie)
        return request.environ


def call(handler: WSGIHandler, page: Page) -> int:
    status = []
    response = handler(page.environ(), lambda s, headers: status.append(s))
    b"".join(response)
    response.close()
    return int(status[0].split()[0])


def pages() -> list[Page]:
    busy = Participant.objects.order_by("pk").first()
    keyworker = busy.keyworker
    manager = User.objects.managers_of(keyworker.delivery_partner_id).first()
    return [
        Page("bare floor", reverse("healthz"), None),
        Page("signed-in floor", reverse("bench-signed-in-floor"), keyworker, 2),
        Page("my caseload", reverse("caseload:my-caseload"), keyworker, 15),
        Page(
            "participant (300 contacts)",
            reverse("caseload:participant-detail", args=[busy.pk]),
            keyworker,
            25,
        ),
        Page(
            "log-contact form",
            reverse("caseload:log-contact", args=[busy.pk]),
            keyworker,
            10,
        ),
        Page("Today", reverse("inwork_support:today"), keyworker, 25),
        Page("partner dashboard", reverse("reporting:partner-dashboard"), manager, 40),
        Page(
            "programme dashboard",
            reverse("reporting:programme-dashboard"),
            User.objects.filter(role=Role.PROGRAMME_MANAGER).first(),
            1000,
        ),
        # Its budget is wrk's p95 < 50 ms at 4 connections, which takes ~17 ms
        # in-process (p95 runs ~2.8x the in-process median); measure.py's contact.
        Page(
            "employer portal home",
            reverse("employers:portal-home"),
            User.objects.filter(role=Role.EMPLOYER_CONTACT).first(),
            17,
        ),
    ]


def measure(handler: WSGIHandler, page: Page, runs: int) -> dict:
    global CLOCK
    state = machine.state()
    for _ in range(5):  # warm caches, the connection and the code paths
        status = call(handler, page)
    if status != 200:
        raise RuntimeError(f"{page.url} answered {status}")
    plain = []
    for _ in range(runs):
        started = time.perf_counter()
        call(handler, page)
        plain.append(time.perf_counter() - started)
    split = defaultdict(list)
    totals = []
    with connection.execute_wrapper(time_sql):
        for _ in range(runs):
            CLOCK = Clock()
            started = time.perf_counter()
            call(handler, page)
            CLOCK._switch()
            totals.append(time.perf_counter() - started)
            for category in CATEGORIES:
                split[category].append(CLOCK.totals.get(category, 0.0))
            CLOCK = None
    with CaptureQueriesContext(connection) as queries:
        call(handler, page)
    return {
        "page": page.name,
        "url": page.url,
        "target_ms": page.target_ms,
        "plain_ms": ms(statistics.median(plain)),
        "instrumented_ms": ms(statistics.median(totals)),
        **{f"{c}_ms": ms(statistics.median(split[c])) for c in CATEGORIES},
        "queries": len(queries),
        "machine": state,
    }


def ms(seconds: float) -> float:
    return round(seconds * 1000, 2)


def middleware_ablation(page: Page, runs: int) -> list[dict]:
    """Time the signed-in floor with each middleware left out in turn."""
    from django.conf import settings

    rows = []
    for left_out in [None, *settings.MIDDLEWARE]:
        kept = [m for m in settings.MIDDLEWARE if m != left_out]
        with override_settings(MIDDLEWARE=kept):
            handler = WSGIHandler()
            try:
                for _ in range(10):
                    status = call(handler, page)
            except Exception as error:  # noqa: BLE001 - reported, not hidden
                rows.append({"left_out": left_out, "error": type(error).__name__})
                continue
            if status != 200:
                rows.append({"left_out": left_out, "error": f"answers {status}"})
                continue
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                call(handler, page)
                times.append(time.perf_counter() - started)
        rows.append({"left_out": left_out, "ms": ms(statistics.median(times))})
    return rows


def target(row: dict) -> str:
    if row["target_ms"] is None:
        return "-"
    met = row["plain_ms"] <= row["target_ms"]
    return f"≤ {row['target_ms']:g} {'yes' if met else '**no**'}"


def markdown(rows: list[dict], ablation: list[dict]) -> str:
    bare = rows[0]["plain_ms"]
    floor = rows[1]["plain_ms"]
    lines = [
        "| page | plain ms | target | × signed-in floor | × bare floor | queries | "
        "instrumented ms | " + " | ".join(HEADINGS[c] for c in CATEGORIES) + " | "
        "load (1 min) | others' CPU | steal |",
        "|---" + "|---:" * (9 + len(CATEGORIES)) + "|",
    ]
    for row in rows:
        state = row["machine"]
        lines.append(
            f"| {row['page']} | {row['plain_ms']:.1f} | {target(row)} | "
            f"{row['plain_ms'] / floor:.1f} | {row['plain_ms'] / bare:.1f} | "
            f"{row['queries']} | {row['instrumented_ms']:.1f} | "
            + " | ".join(f"{row[f'{c}_ms']:.1f}" for c in CATEGORIES)
            + f" | {state['load_1min']:.2f} | {state['busy_share']:.0%} | "
            f"{state['steal_share']:.0%} |"
        )
    lines += machine.warning(
        [row["page"] for row in rows if machine.is_busy(row["machine"])]
    )
    if ablation:
        lines += ["", "| signed-in floor, median, without | ms |", "|---|---:|"]
        for row in ablation:
            name = row["left_out"] or "(all middleware)"
            lines.append(f"| {name} | {row.get('ms', row.get('error'))} |")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--middleware", action="store_true")
    args = parser.parse_args()
    call_command("collectstatic", "--noinput", verbosity=0)
    handler = WSGIHandler()
    all_pages = pages()
    instrument()
    rows = [measure(handler, page, args.runs) for page in all_pages]
    ablation = middleware_ablation(all_pages[1], args.runs) if args.middleware else []
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "breakdown.json").write_text(
        json.dumps({"pages": rows, "middleware": ablation}, indent=2)
    )
    report = markdown(rows, ablation)
    (RESULTS / "breakdown.md").write_text(report)
    print(report)


if __name__ == "__main__":
    main()
