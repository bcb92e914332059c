"""Time and peak memory of each hostile upload of issue 13, through the real view.

    .venv/bin/python bench/hostile_uploads.py            # SQLite under var/
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/keywork_bench_uploads \\
        .venv/bin/python bench/hostile_uploads.py        # an existing, migrated db

Each case runs in a fresh Python process, signed in as a keyworker with Django's
test client, and posts the file to /caseload/import/ through every middleware.
Reported per case: the answer's status and wall time, the growth of the
process's peak resident memory during the request (VmHWM, reset just before it),
and, from a second run under tracemalloc, the peak of Python allocations. Then a
valid 2,000-row workbook: the upload (preview) request, the confirm request
(which only queues), and the background import as the worker runs it.
Nothing is sent to a broker. Results: bench-results/hostile_uploads.json and .md.
"""

from __future__ import annotations

import html
import json
import os
import platform
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench-results"
sys.path.insert(0, str(ROOT))
SQLITE = ROOT / "var" / "bench-hostile-uploads.sqlite3"
BIG_IMPORT = "valid 2,000-row .xlsx"


def main() -> None:
    env = dict(os.environ)
    env.setdefault("DATABASE_URL", f"sqlite:///{SQLITE}")
    env.setdefault("DEBUG", "true")
    env["LOG_LEVEL"] = "WARNING"
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True
    )
    from tests.caseload.hostile_files import HOSTILE

    results = []
    for name in [*HOSTILE, BIG_IMPORT]:
        plain = _child(name, env, traced=False)
        traced = _child(name, env, traced=True)
        results.append({**plain, "tracemalloc_peak_mb": traced["tracemalloc_peak_mb"]})
        print(json.dumps(results[-1]), flush=True)
    RESULTS.mkdir(exist_ok=True)
    database = env["DATABASE_URL"].split("://")[0]
    (RESULTS / "hostile_uploads.json").write_text(json.dumps(results, indent=2))
    (RESULTS / "hostile_uploads.md").write_text(_markdown(results, database))
    print(_markdown(results, database))


def _child(name: str, env: dict, *, traced: bool) -> dict:
    args = [sys.executable, __file__, "--one", name, *(["--traced"] if traced else [])]
    out = subprocess.run(
        args, cwd=ROOT, env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


def _one(name: str, *, traced: bool) -> dict:
    """Run one case in this process and return its measurements."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    import tracemalloc

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.test.utils import setup_test_environment

    from accounts.models import DeliveryPartner, Role, User
    from tests.caseload.hostile_files import HOSTILE
    from tests.caseload.import_sheets import person, xlsx_bytes

    setup_test_environment()  # the test client's host and response capture
    # A partner of its own each run, so no run's people are another's duplicates.
    stamp = time.time_ns()
    partner = DeliveryPartner.objects.create(name=f"Bench uploads {stamp}")
    user = User.objects.create(
        username=f"bench-uploads-{stamp}", role=Role.KEYWORKER, delivery_partner=partner
    )
    client = Client()
    client.force_login(user)
    if name == BIG_IMPORT:
        rows = [person(n) for n in range(2000)]
        data, filename = xlsx_bytes(rows), "caseload.xlsx"
    else:
        data = HOSTILE[name]()
        filename = "caseload.csv" if "CSV" in name else "caseload.xlsx"
    upload = SimpleUploadedFile(filename, data)
    client.get("/caseload/import/")  # warm: templates, session, first queries

    _reset_peak_rss()
    before = _rss_mb("VmRSS")
    if traced:
        tracemalloc.start()
    started = time.perf_counter()
    response = client.post("/caseload/import/", {"file": upload})
    seconds = time.perf_counter() - started
    traced_peak = tracemalloc.get_traced_memory()[1] if traced else 0
    tracemalloc.stop()
    result = {
        "case": name,
        "file_kb": round(len(data) / 1024),
        "status": response.status_code,
        "answer": _answer(response),
        "seconds": round(seconds, 3),
        "peak_rss_growth_mb": round(_rss_mb("VmHWM") - before, 1),
        "tracemalloc_peak_mb": round(traced_peak / 1024**2, 1),
    }
    if name == BIG_IMPORT and response.status_code == 302:
        result.update(_confirm(client, response.url))
    return result


def _confirm(client, url: str) -> dict:
    """Confirm the previewed import, then make it as the worker does; time both."""
    from caseload import import_jobs
    from caseload.models import CaseloadImport

    queued = []
    import_jobs.enqueue_import = queued.append  # no broker: the worker is us
    pk = int(url.rstrip("/").rsplit("/", 1)[1])
    started = time.perf_counter()
    response = client.post(f"/caseload/import/{pk}/confirm/")
    confirm_seconds = time.perf_counter() - started
    started = time.perf_counter()
    added = import_jobs.run_import(import_pk=queued[0])
    background_seconds = time.perf_counter() - started
    made = CaseloadImport.objects.get(pk=pk)
    return {
        "confirm_status": response.status_code,
        "confirm_seconds": round(confirm_seconds, 3),
        "background_seconds": round(background_seconds, 3),
        "background_added": added,
        "import_status": made.status,
    }


def _answer(response) -> str:
    """Return the refusal message shown on the page, or where it redirected."""
    if response.status_code == 302:
        return f"preview at {response.url}"
    page = response.content.decode()
    found = re.search(
        r'class="invalid-feedback">\s*<p[^>]*><strong>(.*?)</strong>', page
    )
    if found:
        return html.unescape(found.group(1))
    title = re.search(r"<h1[^>]*>(.*?)</h1>", page)
    return html.unescape(title.group(1)) if title else page[:120]


def _reset_peak_rss() -> None:
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux 4.0+).
    Path("/proc/self/clear_refs").write_text("5")


def _rss_mb(field: str) -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def _markdown(results: list[dict], database: str) -> str:
    lines = [
        f"Hostile uploads through the view ({database}; Python "
        f"{platform.python_version()}, {os.cpu_count()} cores)",
        "",
        "| case | file | status | time | peak RSS growth | tracemalloc peak | answer |",
        "|---|---|---|---|---|---|---|",
    ]
    for row in results:
        lines.append(
            f"| {row['case']} | {row['file_kb']:,} KB | {row['status']} | "
            f"{row['seconds']:.3f} s | {row['peak_rss_growth_mb']} MB | "
            f"{row['tracemalloc_peak_mb']} MB | {row['answer']} |"
        )
    big = next((row for row in results if "confirm_seconds" in row), None)
    if big:
        lines += [
            "",
            f"2,000-row import: upload (preview) {big['seconds']:.2f} s, confirm "
            f"request {big['confirm_seconds']:.3f} s (queues only), background "
            f"import {big['background_seconds']:.2f} s ({big['background_added']} "
            f"added, {big['import_status']}).",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    if "--one" in sys.argv:
        case = sys.argv[sys.argv.index("--one") + 1]
        print(json.dumps(_one(case, traced="--traced" in sys.argv)))
    else:
        main()
