"""Everything held about one participant, across apps: for the audit page and for
subject access requests. Records sits above every app, so it may read them all.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from accounts import formats
from caseload.models import Participant

from .data import linked, records_of


def audit_entries_for(participant: Participant) -> models.QuerySet[LogEntry]:
    """Return every audit log entry about the participant or their records."""
    audited = [held for held in linked() if held.audited]
    content_types = ContentType.objects.get_for_models(
        *(held.model for held in audited)
    )
    about_participant = Q()
    for held in audited:
        ids = records_of(held, participant.pk).values("pk")
        about_participant |= Q(
            content_type=content_types[held.model], object_id__in=ids
        )
    return LogEntry.objects.filter(about_participant).order_by("-timestamp", "-pk")


def subject_access_data(participant: Participant) -> dict[str, list[dict]]:
    """Return everything held on the participant, one list of rows per record type."""
    return {
        str(held.model._meta.verbose_name_plural).capitalize(): [
            _row(record)
            for record in records_of(held, participant.pk).select_related(
                *_relations(held.model)
            )
        ]
        for held in linked()
    }


def _relations(model: type[models.Model]) -> list[str]:
    return [field.name for field in model._meta.concrete_fields if field.is_relation]


def _row(record: models.Model) -> dict:
    row = {}
    for field in record._meta.concrete_fields:
        value = getattr(record, field.attname)
        if field.choices and value not in (None, ""):
            value = getattr(record, f"get_{field.name}_display")()
        elif field.is_relation and value is not None:
            value = str(getattr(record, field.name))
        elif field.name == "hours_per_week":
            value = formats.hours(value)
        row[str(field.verbose_name)] = value
    return row
