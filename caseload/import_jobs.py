"""Confirmed imports, made by the Celery worker with their progress on their page.

2,000 rows take about 20 s on PostgreSQL, near gunicorn's 30 s timeout, so no
request makes an import. The import's row is the schedule: confirming moves it to
"importing", the worker claims it with a conditional update, and a sweep runs any
whose task was lost (a broker restart) or whose worker died. A repeated task finds
the import claimed or done and changes nothing.
"""

from __future__ import annotations

import datetime
import logging

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import F, Q
from django.utils import timezone

from accounts.audit import audited_update

from . import imports
from .models import CaseloadImport, ImportStatus

logger = logging.getLogger(__name__)

# A queued import the worker has not claimed by then is run by the sweep.
UNCLAIMED_AFTER = datetime.timedelta(minutes=1)
# A claim this old belongs to a worker that died: the longest import takes ~20 s.
CLAIM_EXPIRES_AFTER = datetime.timedelta(minutes=10)
MAX_ATTEMPTS = 3
PROGRESS_EVERY = 25


def enqueue_import(import_pk: int) -> None:
    """Hand a confirmed import to the worker; with the broker down, the sweep will."""
    from .tasks import run_caseload_import

    try:
        run_caseload_import.apply_async(args=[import_pk], retry=False)
    except Exception:  # the broker is down: the import's row is the promise
        logger.warning("Broker unavailable; import %s left for the sweep", import_pk)


def run_import(*, import_pk: int) -> int | None:
    """Claim and make one confirmed import; return how many were added, or None.

    1. Claim it with a conditional update (unclaimed, or its claim expired),
       committed at once so its page shows it has started.
    2. Make it (imports.import_caseload), reporting progress as it goes.
    3. A refusal returns it to its preview with the reason and the rows to fix;
       an error frees the claim for the sweep to retry, up to MAX_ATTEMPTS.
    """
    claimed_at = _claim(import_pk)
    if claimed_at is None:
        return None
    caseload_import = CaseloadImport.objects.select_related(
        "created_by", "imported_by"
    ).get(pk=import_pk)
    if caseload_import.attempts > MAX_ATTEMPTS:
        refusal = imports.ImportRefused(
            "Nothing was imported: the import stopped with an error "
            f"{MAX_ATTEMPTS} times. Try again later, or ask your administrator."
        )
        imports.record_refusal(
            caseload_import=caseload_import, claimed_at=claimed_at, refusal=refusal
        )
        return None
    progress = ProgressReporter(import_pk)
    try:
        return imports.import_caseload(
            caseload_import=caseload_import, claimed_at=claimed_at, progress=progress
        )
    except imports.ImportRefused as refusal:
        imports.record_refusal(
            caseload_import=caseload_import, claimed_at=claimed_at, refusal=refusal
        )
        return None
    except Exception:
        audited_update(
            CaseloadImport.objects.filter(pk=import_pk, started_at=claimed_at),
            started_at=None,
            progress=0,
        )
        raise
    finally:
        progress.close()


def resume_imports() -> int:
    """Run every confirmed import whose task was lost or whose worker died."""
    now = timezone.now()
    lost = CaseloadImport.objects.filter(status=ImportStatus.IMPORTING).filter(
        Q(started_at=None, confirmed_at__lt=now - UNCLAIMED_AFTER)
        | Q(started_at__lt=now - CLAIM_EXPIRES_AFTER)
    )
    ran = 0
    for pk in lost.values_list("pk", flat=True):
        try:
            ran += run_import(import_pk=pk) is not None
        except Exception:  # one broken import must not stop the others
            logger.exception("Import %s failed; it will be tried again", pk)
    return ran


def _claim(import_pk: int) -> datetime.datetime | None:
    now = timezone.now()
    claimable = Q(started_at=None) | Q(started_at__lt=now - CLAIM_EXPIRES_AFTER)
    claimed = audited_update(
        CaseloadImport.objects.filter(
            claimable, pk=import_pk, status=ImportStatus.IMPORTING
        ),
        started_at=now,
        attempts=F("attempts") + 1,
    )
    return now if claimed else None


class ProgressReporter:
    """Write an import's progress where its page can read it mid-transaction.

    The import's writes commit together at the end, so progress written through
    them would show nothing until then. On PostgreSQL it goes through a second,
    autocommitting connection. SQLite (the embedded default) allows one writer
    at a time, so there the page shows "importing" without a count.
    """

    def __init__(self, import_pk: int) -> None:
        self.import_pk = import_pk
        self.side = (
            connections.create_connection(DEFAULT_DB_ALIAS)
            if connection.vendor == "postgresql"
            else None
        )

    def __call__(self, done: int) -> None:
        if self.side is None or done % PROGRESS_EVERY:
            return
        # A plain counter the page reads; the import's audited changes are its
        # status and outcome, written by the import itself.
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {CaseloadImport._meta.db_table} SET progress = %s "  # noqa: S608
                "WHERE id = %s AND status = %s",
                [done, self.import_pk, ImportStatus.IMPORTING],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
