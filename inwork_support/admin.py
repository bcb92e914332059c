from django.contrib import admin
from django.db import models

from caseload.admin import ContactAdmin
from caseload.models import Contact

from .models import (
    CheckIn,
    Employment,
    EmploymentTerms,
    InWorkContact,
    InWorkSupportPlan,
    JobRisk,
    PracticalSupport,
    Preparation,
    WorkerDigest,
)
from .services.support_days import refresh_support_days


class KeepsSupportDays(admin.ModelAdmin):
    """An admin whose changes can alter which contacts are in-work support, or
    their day or minutes, or which job they support: afterwards it recomputes the
    roll-ups the figures read (services.support_days) for every participant
    touched, before and after: the contact's, and the job's.

    No service edits or deletes these records; the admin is the one place that
    does, so it keeps the roll-up as the services do when they log a contact.
    """

    participants: tuple[str, ...]  # the lookups from a record to participant ids

    def _touched(self, records: models.QuerySet) -> set[int]:
        ids = set()
        for lookup in self.participants:
            ids |= set(records.values_list(lookup, flat=True))
        return ids - {None}

    def save_model(self, request, obj, form, change) -> None:
        touched = self._touched(type(obj).objects.filter(pk=obj.pk))
        super().save_model(request, obj, form, change)
        touched |= self._touched(type(obj).objects.filter(pk=obj.pk))
        refresh_support_days(participant_ids=touched)

    def delete_model(self, request, obj) -> None:
        touched = self._touched(type(obj).objects.filter(pk=obj.pk))
        super().delete_model(request, obj)
        refresh_support_days(participant_ids=touched)

    def delete_queryset(self, request, queryset) -> None:
        touched = self._touched(queryset)
        super().delete_queryset(request, queryset)
        refresh_support_days(participant_ids=touched)


# caseload's contact admin, keeping the roll-up (caseload may not import it).
admin.site.unregister(Contact)


@admin.register(Contact)
class SupportContactAdmin(KeepsSupportDays, ContactAdmin):
    participants = ("participant_id",)


class TermsInline(admin.TabularInline):
    model = EmploymentTerms
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(Employment)
class EmploymentAdmin(KeepsSupportDays):
    # Deleting a job deletes its in-work contact answers and check-ins.
    participants = ("participant_id",)
    list_display = ["job_title", "employer", "participant", "start_date", "ended_on"]
    list_filter = ["contract_type"]
    search_fields = ["job_title", "employer__name", "participant__last_name"]
    raw_id_fields = ["participant", "employer", "created_by"]
    inlines = [TermsInline]


@admin.register(CheckIn)
class CheckInAdmin(KeepsSupportDays):
    participants = ("completed_contact__participant_id", "employment__participant_id")
    list_display = ["employment", "kind", "sequence", "due_on", "status", "assigned_to"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["employment", "assigned_to", "completed_contact"]
    list_select_related = ["employment__employer", "assigned_to"]


@admin.register(JobRisk)
class JobRiskAdmin(admin.ModelAdmin):
    list_display = ["employment", "reason", "raised_at", "cleared_at"]
    list_filter = ["reason"]
    raw_id_fields = ["employment", "cleared_by"]


@admin.register(InWorkSupportPlan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["employment", "revision", "contact_frequency", "created_at"]
    raw_id_fields = ["employment", "created_by"]


admin.site.register(Preparation, raw_id_fields=["employment"])


@admin.register(InWorkContact)
class InWorkContactAdmin(KeepsSupportDays):
    participants = ("contact__participant_id", "employment__participant_id")
    raw_id_fields = ["employment", "contact"]


admin.site.register(PracticalSupport, raw_id_fields=["employment", "approved_by"])
admin.site.register(WorkerDigest, raw_id_fields=["worker"])
