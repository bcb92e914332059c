from django.contrib import admin

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


class TermsInline(admin.TabularInline):
    model = EmploymentTerms
    extra = 0
    raw_id_fields = ["recorded_by"]


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    list_display = ["job_title", "employer", "participant", "start_date", "ended_on"]
    list_filter = ["contract_type"]
    search_fields = ["job_title", "employer__name", "participant__last_name"]
    raw_id_fields = ["participant", "employer", "created_by"]
    inlines = [TermsInline]


@admin.register(CheckIn)
class CheckInAdmin(admin.ModelAdmin):
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
admin.site.register(InWorkContact, raw_id_fields=["employment", "contact"])
admin.site.register(PracticalSupport, raw_id_fields=["employment", "approved_by"])
admin.site.register(WorkerDigest, raw_id_fields=["worker"])
