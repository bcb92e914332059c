"""Evidence documents: PDFs and images, checked by content, kept in storage."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from caseload.models import EntryKind
from caseload.services import add_timeline_entry

from ..models import EligibilityItem, Enrolment, EvidenceDocument, OutcomeType

# What a file is, by its first bytes: the name and the browser's word are the
# uploader's to choose, so neither is trusted.
SIGNATURES = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
)
ACCEPTED = "a PDF, PNG or JPEG"


class EvidenceError(Exception):
    """The file was refused; the message says why."""


def content_type_of(head: bytes) -> str | None:
    """Return the type the file's first bytes show, or None."""
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "image/webp"
    return next((kind for magic, kind in SIGNATURES if head.startswith(magic)), None)


def check_file(upload: UploadedFile) -> str:
    """Return the file's content type, or refuse it by size or content."""
    if upload.size > settings.EVIDENCE_MAX_BYTES:
        limit = settings.EVIDENCE_MAX_BYTES // 1024**2
        raise EvidenceError(f"The file is too large: at most {limit} MB.")
    if upload.size == 0:
        raise EvidenceError("The file is empty.")
    upload.seek(0)
    content_type = content_type_of(upload.read(16))
    upload.seek(0)
    if content_type is None:
        raise EvidenceError(f"The file is not {ACCEPTED} (or a WebP image).")
    return content_type


@transaction.atomic
def upload_evidence(
    *,
    enrolment: Enrolment,
    uploaded_by: User,
    upload: UploadedFile,
    kind: str,
    outcome_type: OutcomeType | None = None,
    item: EligibilityItem | None = None,
    note: str = "",
) -> EvidenceDocument:
    """Store `upload` as evidence for an outcome or an eligibility item.

    1. Check the file's size and content (not its name).
    2. Save it through the default storage under a random name, and its row.
    3. Open the outcome's claim if it is reached, or move it on if this was the
       last evidence it needed.
    4. Put it on the timeline (the kind, never the file's name).
    """
    from .claims import open_claims

    content_type = check_file(upload)
    document = EvidenceDocument(
        enrolment=enrolment,
        outcome_type=outcome_type,
        eligibility_item=item,
        kind=kind,
        original_name=(upload.name or "evidence")[-200:],
        content_type=content_type,
        size=upload.size,
        note=note,
        uploaded_by=uploaded_by,
    )
    document.file.save(upload.name or "evidence", upload, save=False)
    document.save()
    if outcome_type is not None:
        open_claims(
            enrolments=[enrolment], today=timezone.localdate(), actor=uploaded_by
        )
    proves = outcome_type.name if outcome_type else item.question
    add_timeline_entry(
        participant=enrolment.participant,
        occurred_at=document.uploaded_at,
        kind=EntryKind.OUTCOME,
        title=f"Evidence added: {document.get_kind_display()} for {proves}",
        url=enrolment.get_absolute_url(),
        actor=uploaded_by,
    )
    return document
