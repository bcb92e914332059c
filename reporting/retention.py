"""Retention: anonymise participants who left the programme too long ago.

UK GDPR keeps personal data no longer than needed. Once a participant has been
exited for longer than settings.PARTICIPANT_RETENTION_YEARS, what identifies or
describes them is removed from every app, but their row and its records stay: dates,
statuses, outcomes, jobs, hours and demographic bands still count in every figure.

The audit trail about them is part of what is held, so the values in its entries
are masked too (who did what and when stays), and one entry records the
anonymisation itself. Reporting may import every app, so the service lives here.
"""

from __future__ import annotations

import datetime
import logging

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone

from caseload import models as caseload
from caseload.models import Participant, PathwayStage
from employers import models as employers
from inwork_support import models as inwork

from .records import PARTICIPANT_RECORDS, records_of

logger = logging.getLogger(__name__)

REMOVED = "[removed]"
ANONYMISED = "Anonymised."
ALL_FIELDS = None

# What each kind of record no longer keeps: field -> replacement (required fields
# get a neutral placeholder). With the path from the record to its participant.
CLEARED: list[tuple[type[models.Model], str, dict[str, str]]] = [
    (caseload.KeyworkerAssignment, "participant", {"reason": ""}),
    (caseload.Barrier, "participant", {"note": ""}),
    (caseload.Goal, "participant", {"title": "Goal"}),
    (caseload.GoalStep, "goal__participant", {"description": "Step"}),
    (caseload.Referral, "participant", {"outcome": ""}),
    (caseload.Contact, "participant", {"notes": ""}),
    (caseload.Action, "participant", {"description": "Action"}),
    (
        caseload.SafeguardingConcern,
        "participant",
        {"summary": ANONYMISED, "closing_note": ""},
    ),
    (caseload.SupervisionNote, "contact__participant", {"comment": ANONYMISED}),
    (caseload.Outcome, "participant", {"note": ""}),
    (caseload.TimelineEntry, "participant", {"title": "Anonymised", "detail": ""}),
    (
        inwork.Employment,
        "participant",
        {"end_note": "", "probation_extension_reason": ""},
    ),
    (inwork.EmploymentTerms, "employment__participant", {"note": ""}),
    (inwork.DisclosureConsentChange, "employment__participant", {"reason": ""}),
    (
        inwork.InWorkSupportPlan,
        "employment__participant",
        {
            "other_practical_help": "",
            "other_requests": "",
            "agreed_support": "",
            "long_term_notes": "",
        },
    ),
    (
        inwork.InWorkContact,
        "employment__participant",
        {
            "how_is_it_going": ANONYMISED,
            "changes": "",
            "anything_else": "",
            "needs_and_problems": "",
            "actions_and_timescales": "",
        },
    ),
    (inwork.PracticalSupport, "employment__participant", {"note": ""}),
    (inwork.CheckIn, "employment__participant", {"note": ""}),
    (inwork.JobRisk, "employment__participant", {"detail": "", "clearing_note": ""}),
    (
        employers.ThreeWayMeeting,
        "participant",
        {"agreed_actions": "", "outcome": ""},
    ),
    (employers.EmployerEngagement, "participant", {"notes": ""}),
]

PARTICIPANT_FIELDS = (
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "phone",
    "email",
    "address",
    "postcode",
    "eligibility_evidence",
    "exit_reason",
)

# Audit entries: the fields whose values are masked, per model (None: every field).
MASKED: dict[type[models.Model], tuple[str, ...] | None] = {
    Participant: PARTICIPANT_FIELDS,
    caseload.InvolvedProfessional: ALL_FIELDS,
    **{model: tuple(fields) for model, _, fields in CLEARED},
}


def retention_years() -> int:
    return getattr(settings, "PARTICIPANT_RETENTION_YEARS", 6)


def retention_cutoff(today: datetime.date) -> datetime.date:
    """Return the exit date before which a participant's data is past retention."""
    years = today.year - retention_years()
    if (today.month, today.day) == (2, 29):
        return datetime.date(years, 2, 28)
    return today.replace(year=years)


def expired_participants(today: datetime.date) -> models.QuerySet[Participant]:
    """Return participants exited before the cutoff and not yet anonymised."""
    return Participant.objects.filter(
        pathway_stage=PathwayStage.EXITED,
        exit_date__lt=retention_cutoff(today),
        anonymised_at__isnull=True,
    )


def outward_code(postcode: str) -> str:
    """Return the outward half of a UK postcode ("LS6 1AN" -> "LS6")."""
    compact = "".join(postcode.split()).upper()
    # The inward code is always three characters; four or fewer is outward only.
    return compact[:-3] if len(compact) > 4 else compact


def anonymise_expired_participants(*, today: datetime.date) -> int:
    """Anonymise every participant past retention on `today`; return how many.

    Each participant is one transaction, so a failure leaves the others done and
    the next run picks it up again.
    """
    pks = list(
        expired_participants(today)
        .order_by("exit_date", "pk")
        .values_list("pk", flat=True)
    )
    done, failed = 0, []
    for pk in pks:
        try:
            done += anonymise_participant(pk=pk, now=timezone.now())
        except Exception:
            logger.exception("Could not anonymise participant %s", pk)
            failed.append(pk)
    logger.info(
        "Retention: anonymised %s participant(s) exited before %s; %s failed %s",
        done,
        retention_cutoff(today),
        len(failed),
        failed,
    )
    return done


@transaction.atomic
def anonymise_participant(*, pk: int, now: datetime.datetime) -> bool:
    """Anonymise one participant and their records; return False if already done.

    1. Claim the row (locked), so two runs never both anonymise it.
    2. Mask the audit trail about them while their records can still be found.
    3. Clear free text in every app and delete the professionals (third parties).
    4. Replace what identifies them on their own row.
    5. Log one audit entry saying it was done.
    """
    participant = (
        Participant.objects.select_for_update()
        .filter(pk=pk, anonymised_at__isnull=True)
        .first()
    )
    if participant is None:
        return False
    entries = _mask_audit_trail(participant)
    with disable_auditlog():
        cleared = {
            model._meta.verbose_name_plural: model._default_manager.filter(
                **{path: pk}
            ).update(**fields)
            for model, path, fields in CLEARED
        }
        cleared["involved professionals (deleted)"] = (
            participant.professionals.all().delete()[0]
        )
        _anonymise_row(participant, now)
    LogEntry.objects.log_create(
        participant,
        action=LogEntry.Action.UPDATE,
        changes={
            "anonymised_at": ["None", now.isoformat()],
            **{
                field: [REMOVED, str(getattr(participant, field))]
                for field in PARTICIPANT_FIELDS
            },
        },
        additional_data={
            "anonymised": True,
            "reason": f"Exited over {retention_years()} years ago (retention period)",
            "records_cleared": {str(k): v for k, v in cleared.items()},
            "audit_entries_masked": entries,
        },
    )
    return True


def _anonymise_row(participant: Participant, now: datetime.datetime) -> None:
    participant.first_name = "Anonymised"
    participant.last_name = f"Participant #{participant.pk}"
    participant.preferred_name = ""
    # The year alone: age bands still hold, the person is no longer findable.
    participant.date_of_birth = datetime.date(participant.date_of_birth.year, 1, 1)
    participant.phone = participant.email = participant.address = ""
    participant.postcode = outward_code(participant.postcode)
    participant.eligibility_evidence = participant.exit_reason = ""
    participant.anonymised_at = now
    # An edit form opened before now cannot write the old values back.
    participant.version += 1
    participant.save()


def _mask_audit_trail(participant: Participant) -> int:
    """Mask identifying values and names in the audit entries about the participant."""
    masked = []
    types = ContentType.objects.get_for_models(*(m for m, _ in PARTICIPANT_RECORDS))
    for model, path in PARTICIPANT_RECORDS:
        fields = MASKED.get(model, ())
        label = str(model._meta.verbose_name).capitalize()
        ids = records_of(participant, model, path).values("pk")
        for entry in LogEntry.objects.filter(
            content_type=types[model], object_id__in=ids
        ):
            entry.changes = {
                name: _mask(change) if fields is None or name in fields else change
                for name, change in (entry.changes or {}).items()
            }
            entry.changes_text = ""
            entry.serialized_data = None
            entry.object_repr = f"{label} #{entry.object_pk}"
            masked.append(entry)
    LogEntry.objects.bulk_update(
        masked, ["changes", "changes_text", "serialized_data", "object_repr"]
    )
    return len(masked)


def _mask(change: object) -> object:
    if isinstance(change, list):
        return [value if value in (None, "", "None") else REMOVED for value in change]
    return REMOVED
