"""Retention: anonymise participants who left the programme too long ago.

UK GDPR keeps personal data no longer than needed. Once a participant has been
exited for longer than settings.PARTICIPANT_RETENTION_YEARS, what identifies or
describes them is removed from every app, but their row and its records stay: dates,
statuses, outcomes, jobs, hours and demographic bands still count in every figure.

What is cleared is what each app declares in its participant_data module (see
records.data), so a new record about participants cannot be missed. The audit
trail about them is part of what is held, so the values in its entries are masked
too (who did what and when stays), and one entry records the anonymisation itself.
"""

from __future__ import annotations

import datetime
import logging
import re

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.participant_data import Linked, NamedIn
from caseload.models import Participant, PathwayStage
from caseload.participant_data import PARTICIPANT

from .data import linked, named_in, records_of

logger = logging.getLogger(__name__)

REMOVED = "[removed]"


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
    3. Clear what every app declares, deleting third parties' details, their own
       row last; replace their name where it is written without a link.
    4. Log one audit entry saying it was done.
    """
    participant = (
        Participant.objects.select_for_update()
        .filter(pk=pk, anonymised_at__isnull=True)
        .first()
    )
    if participant is None:
        return False
    names = _names(participant)

    entries = _mask_audit_trail(participant)
    with disable_auditlog():
        cleared = {
            _label(held): _clear(held, pk)
            for held in linked()
            if held is not PARTICIPANT and (held.clear or held.delete)
        }
        _clear(PARTICIPANT, pk)
        # An edit form opened before now cannot write the old values back.
        Participant.objects.filter(pk=pk).update(
            anonymised_at=now, version=F("version") + 1
        )
        participant.refresh_from_db()
        for held in named_in():
            cleared[_label(held)] = _replace_names(held, names, str(participant))
    LogEntry.objects.log_create(
        participant,
        action=LogEntry.Action.UPDATE,
        changes={
            "anonymised_at": ["None", now.isoformat()],
            **{
                field: [REMOVED, str(getattr(participant, field))]
                for field in PARTICIPANT.clear
            },
        },
        additional_data={
            "anonymised": True,
            "reason": f"Exited over {retention_years()} years ago (retention period)",
            "records_cleared": cleared,
            "audit_entries_masked": entries,
        },
    )
    return True


def _label(held: Linked | NamedIn) -> str:
    label = str(held.model._meta.verbose_name_plural)
    return f"{label} (deleted)" if getattr(held, "delete", False) else label


def _clear(held: Linked, pk: int) -> int:
    """Clear the declared fields of the participant's `held` records; count them."""
    records = records_of(held, pk)
    if held.delete:
        return records.delete()[0]
    fixed = {name: value for name, value in held.clear.items() if not callable(value)}
    worked_out = {name: value for name, value in held.clear.items() if callable(value)}
    if not worked_out:
        return records.update(**fixed) if fixed else records.count()
    count = 0
    for record in records:
        count += records.filter(pk=record.pk).update(
            **fixed, **{name: value(record) for name, value in worked_out.items()}
        )
    return count


def _names(participant: Participant) -> list[str]:
    """Return the ways the app writes the participant's name, longest first."""
    names = {
        participant.display_name,
        f"{participant.first_name} {participant.last_name}",
    }
    return sorted((name for name in names if name.strip()), key=len, reverse=True)


def _replace_names(held: NamedIn, names: list[str], replacement: str) -> int:
    """Replace the participant's names in rows that write them; return how many rows.

    A namesake's rows lose the name too: the rows carry no link to tell them
    apart, and removing too much is the safe side of retention.
    """
    if not names:
        return 0
    pattern = re.compile("|".join(re.escape(name) for name in names), re.IGNORECASE)
    naming = Q()
    for field in held.fields:
        for name in names:
            naming |= Q(**{f"{field}__icontains": name})
    rows = list(held.model._default_manager.filter(naming))
    for row in rows:
        for field in held.fields:
            text = pattern.sub(replacement, getattr(row, field))
            limit = held.model._meta.get_field(field).max_length
            setattr(row, field, text[:limit] if limit else text)
    held.model._default_manager.bulk_update(rows, list(held.fields), batch_size=500)
    return len(rows)


def _mask_audit_trail(participant: Participant) -> int:
    """Mask identifying values and names in the audit entries about the participant."""
    masked = []
    audited = [held for held in linked() if held.audited]
    types = ContentType.objects.get_for_models(*(held.model for held in audited))
    for held in audited:
        label = str(held.model._meta.verbose_name).capitalize()
        ids = records_of(held, participant.pk).values("pk")
        for entry in LogEntry.objects.filter(
            content_type=types[held.model], object_id__in=ids
        ):
            entry.changes = {
                name: _mask(change) if held.delete or name in held.clear else change
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
