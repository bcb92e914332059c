"""Every PostgreSQL connection runs without the JIT compiler: compiling the programme
figures' aggregates to machine code took longer than running them (1.4 s of 1.8 s
at 20,000 participants), and no query here runs long enough to repay it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.metrics import Filters, figures
from tests.conftest import missing

pytestmark = [pytest.mark.django_db, pytest.mark.real_stack]


def jit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        return cursor.fetchone()[0]


def test_connections_run_without_jit_and_the_figures_send_no_statement_for_it():
    if connection.vendor != "postgresql":
        missing("PostgreSQL (JIT is PostgreSQL's)")
    assert jit() == "off"

    with CaptureQueriesContext(connection) as queries:
        figures.programme_figures(Filters.last_year())

    assert not [q for q in queries.captured_queries if "jit" in q["sql"].lower()]
    assert jit() == "off"
