"""Store a run of the record checks, for the nightly task and the managers' page."""

from __future__ import annotations

import datetime

from django.utils import timezone

from .checks import count_by_kind, run_checks
from .models import RecordCheckRun

# Runs older than this are deleted when a new one is stored: the latest matters.
KEEP_RUNS = 30


def record_check_run(*, now: datetime.datetime | None = None) -> RecordCheckRun:
    """Run every check and store what it found; drop all but the latest runs."""
    now = now or timezone.now()
    findings = run_checks(now=now)
    run = RecordCheckRun.objects.create(
        ran_at=now,
        total=len(findings),
        counts=count_by_kind(findings),
        findings=[finding.as_dict() for finding in findings],
    )
    old = RecordCheckRun.objects.values_list("pk", flat=True)[KEEP_RUNS:]
    RecordCheckRun.objects.filter(pk__in=list(old)).delete()
    return run
