"""The programme figures' queries read each table once, in a form that stays
fast at a million contacts (bench/programme_figures.py): what they read is
tested here, what they count in test_programme_metrics and test_ati_outcomes."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.metrics import Filters, figures

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 20)
EVERYONE = Filters.last_year(TODAY)


def participant_reads(filters: Filters) -> list[str]:
    """Return the figures' queries that name the participant table."""
    with CaptureQueriesContext(connection) as queries:
        figures.programme_figures(filters)
    return [
        q["sql"] for q in queries.captured_queries if "caseload_participant" in q["sql"]
    ]


def test_unfiltered_figures_read_participants_only_where_they_count_them():
    # Every job, check-in, support day and payment has a participant: with no
    # partner or demographic filter there is nobody to leave out, and a
    # semi-join with every participant cost each query a hash of all of them.
    # The people figures count participants; the in-work support time names
    # each partner through them.
    reads = participant_reads(EVERYONE)

    assert len(reads) == 4, reads  # people, support time, practical, check-ins
    # ...and none of them as a semi-join with every participant.
    assert all('FROM "caseload_participant" U0' not in sql for sql in reads)
