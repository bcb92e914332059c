"""Everything held about one participant, across apps: for the audit trail and for
subject access requests. Reporting sits above every app, so it may read them all.
"""

from __future__ import annotations

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from caseload import models as caseload
from caseload.models import Participant
from employers import models as employers
from inwork_support import models as inwork

# Each model holding participant data, and the path from it to the participant.
PARTICIPANT_RECORDS: list[tuple[type[models.Model], str]] = [
    (caseload.Participant, "pk"),
    (caseload.KeyworkerAssignment, "participant"),
    (caseload.InvolvedProfessional, "participant"),
    (caseload.Barrier, "participant"),
    (caseload.Goal, "participant"),
    (caseload.GoalStep, "goal__participant"),
    (caseload.Referral, "participant"),
    (caseload.Contact, "participant"),
    (caseload.Action, "participant"),
    (caseload.SafeguardingConcern, "participant"),
    (caseload.SupervisionNote, "contact__participant"),
    (caseload.Outcome, "participant"),
    (inwork.Employment, "participant"),
    (inwork.EmploymentTerms, "employment__participant"),
    (inwork.DisclosureConsentChange, "employment__participant"),
    (inwork.InWorkSupportPlan, "employment__participant"),
    (inwork.Preparation, "employment__participant"),
    (inwork.InWorkContact, "employment__participant"),
    (inwork.PracticalSupport, "employment__participant"),
    (inwork.CheckIn, "employment__participant"),
    (inwork.JobRisk, "employment__participant"),
    (employers.ThreeWayMeeting, "participant"),
    (employers.Nomination, "participant"),
    (employers.EmployerEngagement, "participant"),
]


def records_of(participant: Participant, model: type[models.Model], path: str):
    return model._default_manager.filter(**{path: participant.pk})


def audit_entries_for(participant: Participant) -> models.QuerySet[LogEntry]:
    """Return every audit log entry about the participant or their records."""
    content_types = ContentType.objects.get_for_models(
        *(model for model, _ in PARTICIPANT_RECORDS)
    )
    about_participant = Q()
    for model, path in PARTICIPANT_RECORDS:
        ids = records_of(participant, model, path).values("pk")
        about_participant |= Q(content_type=content_types[model], object_id__in=ids)
    return LogEntry.objects.filter(about_participant).order_by("-timestamp", "-pk")


def subject_access_data(participant: Participant) -> dict[str, list[dict]]:
    """Return everything held on the participant, one list of rows per record type."""
    return {
        str(model._meta.verbose_name_plural).capitalize(): [
            _row(record)
            for record in records_of(participant, model, path).select_related(
                *_relations(model)
            )
        ]
        for model, path in PARTICIPANT_RECORDS
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
        row[str(field.verbose_name)] = value
    return row
