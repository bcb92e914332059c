"""The programme figures run without PostgreSQL's JIT compiler, and leave it as
they found it: compiling their aggregates took longer than running them."""

import pytest
from django.db import connection

from reporting.metrics import Filters, figures
from reporting.metrics.base import without_jit
from tests.conftest import missing

pytestmark = [pytest.mark.django_db, pytest.mark.real_stack]


def jit() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        return cursor.fetchone()[0]


def test_the_figures_turn_jit_off_while_they_run_and_back_after():
    if connection.vendor != "postgresql":
        missing("PostgreSQL (JIT is PostgreSQL's)")
    before = jit()

    with without_jit():
        inside = jit()
    figures.programme_figures(Filters.last_year())

    assert inside == "off"
    assert jit() == before
