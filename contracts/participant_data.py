"""What contracts hold about a participant, and what retention clears in it.

Read by records.data (subject access, the audit page, retention) and by
ContractsConfig.ready (audit registration). Evidence files are the person's
payslips and documents: retention deletes the file from storage and keeps the
row (kind, dates, sizes), so a claim still shows what proved it.
"""

from __future__ import annotations

from django.db import transaction

from accounts.participant_data import Linked, NamedIn

from . import models

ENROLMENT = "enrolment__participant"


def remove_file(document: models.EvidenceDocument) -> str:
    """Delete the stored file once the retention transaction commits."""
    if document.file.name:
        storage, name = document.file.storage, document.file.name
        transaction.on_commit(lambda: storage.delete(name))
    return ""


PARTICIPANT_DATA: list[Linked | NamedIn] = [
    Linked(models.Enrolment, "participant"),
    Linked(models.EligibilityAnswer, ENROLMENT, {"note": ""}),
    Linked(models.Claim, ENROLMENT, {"rejection_reason": "Removed."}),
    Linked(
        models.EvidenceDocument,
        ENROLMENT,
        {"file": remove_file, "original_name": "removed", "note": ""},
    ),
]
