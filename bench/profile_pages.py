"""Time keyworker pages one request at a time, in-process, on the bench database.

Where `make bench` measures under load (4 connections on the machine's cores),
this gives each page's own cost: total time, and the SQL part of it. Run after
`make bench` (it reads the database that builds):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/keywork_bench \
        .venv/bin/python bench/profile_pages.py [--profile participant]
"""

import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="config.settings",
    DEBUG="false",
    # A throwaway key for a local benchmark, as in measure.py.
    SECRET_KEY="bench-only-secret-key-not-for-production-0123456789abcdef",  # noqa: S106
    ALLOWED_HOSTS="127.0.0.1",
    SITE_URL="https://keywork.example.org",
    SECURE_SSL_REDIRECT="false",
)

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from caseload.models import Participant  # noqa: E402

REQUESTS = 20


def main() -> None:
    busy = Participant.objects.order_by("pk").first()
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(busy.keyworker)
    pages = {
        "caseload": "/caseload/",
        "participant": busy.get_absolute_url(),
        "today": "/in-work/today/",
    }
    for name, url in pages.items():
        client.get(url)  # warm caches and the connection
        started = time.perf_counter()
        for _ in range(REQUESTS):
            client.get(url)
        each = (time.perf_counter() - started) / REQUESTS * 1000
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        sql = sum(float(query["time"]) for query in queries.captured_queries) * 1000
        print(
            f"{name}: {each:.1f} ms a request, {sql:.1f} ms of it SQL "
            f"({len(queries)} queries)"
        )
    if "--profile" in sys.argv:
        url = pages[sys.argv[sys.argv.index("--profile") + 1]]
        profiler = cProfile.Profile()
        profiler.runcall(lambda: [client.get(url) for _ in range(10)])
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)


if __name__ == "__main__":
    main()
