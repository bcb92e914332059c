"""Time the programme dashboard's figures at scale, uncached, per filter and group.

Computes every figure group (reporting.metrics.figures.FIGURES) for a filter of
each kind the dashboard offers (filters_to_time), straight from the database
(no cache), and prints each filter's median and slowest seconds over the runs
(and each group's, with --groups). Issue 18's budget is under a second for any
filter at a million contacts. Run on the bench database (or a copy of it):

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/keywork_bench \
        .venv/bin/python bench/programme_figures.py [--runs 5] [--groups] [--explain]

The machine's load is printed first: with other work running, wall times grow
with it, while --explain's database time and buffers read say how much work the
queries are, almost whatever else runs.
"""

import argparse
import dataclasses
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import DeliveryPartner  # noqa: E402
from reporting.forms import first_start  # noqa: E402
from reporting.metrics import Filters, figures  # noqa: E402


def filters_to_time() -> dict[str, Filters]:
    """Return a filter of each kind the dashboard's form offers (reporting.forms):
    its default, other periods up to the longest it accepts (five years) and the
    whole programme, one partner, each demographic, and a combination."""
    today = timezone.localdate()
    default = Filters.last_year(today)
    partner = DeliveryPartner.objects.order_by("name").first()
    six = dataclasses.replace(default, start=today - datetime.timedelta(days=182))
    year_before = dataclasses.replace(
        default,
        start=default.start - datetime.timedelta(days=365),
        end=default.start - datetime.timedelta(days=1),
    )
    whole = dataclasses.replace(default, start=first_start(today))
    return {
        "default (12 months)": default,
        "last 6 months": six,
        "the 12 months before": year_before,
        "five years (longest)": dataclasses.replace(
            default, start=today - datetime.timedelta(days=366 * 5)
        ),
        "whole programme": whole,
        "one partner": dataclasses.replace(default, partner_id=partner.pk),
        "one partner, whole": dataclasses.replace(whole, partner_id=partner.pk),
        "gender (all, bench)": dataclasses.replace(default, gender="prefer_not"),
        "age 16-24": dataclasses.replace(default, age_band="16-24"),
        "disability (all)": dataclasses.replace(default, disability="prefer_not"),
        "partner+6m+age 35-49": dataclasses.replace(
            six, partner_id=partner.pk, age_band="35-49"
        ),
    }


def server_cpu() -> float | None:
    """Return the CPU seconds this connection's PostgreSQL backend has used, when
    the server runs on this machine (its /proc entry is readable), else None."""
    connection.ensure_connection()
    pid = connection.connection.get_backend_pid()
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    # utime and stime, the 14th and 15th fields (12th and 13th after the name).
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


@dataclasses.dataclass
class Runs:
    seconds: list[float]  # wall time of each run
    cpu: list[float]  # CPU time of each run, this process's and its backend's
    queries: int


def timed(build, filters: Filters, runs: int) -> Runs:
    """Time `runs` runs of `build`: wall and CPU seconds, and one run's queries.

    The work is serial (Python waits for each query), so on a quiet machine its
    wall time is its CPU time; on a busy one the CPU time grows far less than
    the wall time (at load 5 on 2 cores: wall x4, CPU x1.9), so compare it back
    to back, not with a quiet run (resolution: a clock tick, 10 ms).
    Every run gets a fresh copy of the filter: nothing is kept between runs
    (Filters keeps the partners' names it read), so each computes everything.
    """
    result = Runs([], [], 0)
    for _ in range(runs):
        fresh = dataclasses.replace(filters)
        reset_queries()
        server = server_cpu()
        started, cpu = time.perf_counter(), time.process_time()
        build(fresh)
        result.seconds.append(time.perf_counter() - started)
        cpu = time.process_time() - cpu
        if server is not None:
            cpu += server_cpu() - server
        result.cpu.append(cpu)
        result.queries = len(connection.queries)
    return result


def explained(filters: Filters) -> tuple[float, int]:
    """Return the database's own execution time (s) and buffers of the figures'
    queries, which depend far less on what else the machine is doing."""
    reset_queries()
    figures.programme_figures(filters)
    # A prepared query (config.prepared) runs as EXECUTE, which EXPLAIN takes
    # too; on its first run it is prepared in the same round trip.
    executed = [
        "EXECUTE " + q["sql"].rpartition("; EXECUTE ")[2]
        if q["sql"].startswith("PREPARE")
        else q["sql"]
        for q in connection.queries
        if q["sql"].startswith(("SELECT", "EXECUTE", "PREPARE"))
    ]
    seconds, buffers = 0.0, 0
    with connection.cursor() as cursor:
        for sql in executed:
            cursor.execute(f"EXPLAIN (ANALYZE, TIMING OFF, BUFFERS, FORMAT JSON) {sql}")
            plan = cursor.fetchone()[0][0]
            seconds += plan["Execution Time"] / 1000
            top = plan["Plan"]
            buffers += top.get("Shared Hit Blocks", 0) + top.get(
                "Shared Read Blocks", 0
            )
    return seconds, buffers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--groups", action="store_true", help="time each group too")
    parser.add_argument("--only", default="", help="time only filters named so")
    parser.add_argument(
        "--explain",
        action="store_true",
        help="also the database's execution time and 8 kB buffers read (EXPLAIN)",
    )
    arguments = parser.parse_args()
    connection.force_debug_cursor = True  # count queries
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"uncached seconds, median and slowest of {arguments.runs} runs, and the "
        "median CPU seconds of Python and PostgreSQL together (on a quiet machine, "
        "the wall time)"
    )
    print(
        f"{'filter':<22} {'median':>7} {'slowest':>7} {'cpu':>7} {'queries':>8}", end=""
    )
    print(f" {'db s':>7} {'buffers':>10}" if arguments.explain else "")
    medians = {}
    for name, filters in filters_to_time().items():
        if arguments.only and arguments.only not in name:
            continue
        runs = timed(figures.programme_figures, filters, arguments.runs)
        medians[name] = statistics.median(runs.seconds)
        print(f"{name:<22} {_columns(runs)}", end="")
        if arguments.explain:
            seconds, buffers = explained(filters)
            print(f" {seconds:7.3f} {buffers:10d}", end="")
        print(flush=True)
        if arguments.groups:
            for group, build in figures.FIGURES.items():
                print(f"  {group:<20} {_columns(timed(build, filters, 3))}", flush=True)
    if medians:
        slowest = max(medians, key=medians.get)
        print(
            f"slowest filter: {slowest}, {medians[slowest]:.3f} s (median); "
            f"load average now {os.getloadavg()[0]:.1f}"
        )


def _columns(runs: Runs) -> str:
    median, slowest = statistics.median(runs.seconds), max(runs.seconds)
    cpu = statistics.median(runs.cpu)
    return f"{median:7.3f} {slowest:7.3f} {cpu:7.3f} {runs.queries:8d}"


if __name__ == "__main__":
    main()
