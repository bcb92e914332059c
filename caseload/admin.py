from django.contrib import admin

from .models import (
    Barrier,
    Contact,
    InvolvedProfessional,
    KeyworkerAssignment,
    Participant,
    SafeguardingConcern,
)


class BarrierInline(admin.TabularInline):
    model = Barrier
    extra = 0
    fields = ["kind", "severity", "noted_on", "resolved_on", "note"]


class ProfessionalInline(admin.TabularInline):
    model = InvolvedProfessional
    extra = 0


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = [
        "last_name",
        "first_name",
        "keyworker",
        "pathway_stage",
        "delivery_partner",
    ]
    list_filter = ["pathway_stage", "delivery_partner"]
    search_fields = ["first_name", "last_name", "preferred_name", "postcode"]
    raw_id_fields = ["keyworker", "in_work_support_officer"]
    list_select_related = ["keyworker", "delivery_partner"]
    readonly_fields = ["version", "created_at", "updated_at"]
    inlines = [BarrierInline, ProfessionalInline]


@admin.register(Contact)
class ContactAdmin(admin.ModelAdmin):
    list_display = [
        "happened_at",
        "participant",
        "worker",
        "channel",
        "minutes",
        "out_of_hours",
        "is_crisis",
    ]
    list_filter = ["channel", "out_of_hours", "is_crisis"]
    search_fields = ["participant__first_name", "participant__last_name"]
    raw_id_fields = ["participant", "worker"]
    list_select_related = ["participant", "worker"]
    date_hierarchy = "happened_at"
    readonly_fields = ["submission_key", "created_at"]


@admin.register(KeyworkerAssignment)
class KeyworkerAssignmentAdmin(admin.ModelAdmin):
    list_display = ["participant", "keyworker", "started_at", "ended_at", "reason"]
    raw_id_fields = ["participant", "keyworker", "assigned_by"]
    list_select_related = ["participant", "keyworker"]
    search_fields = ["participant__last_name", "keyworker__username"]


@admin.register(SafeguardingConcern)
class SafeguardingConcernAdmin(admin.ModelAdmin):
    list_display = ["participant", "raised_at", "raised_by", "status", "closed_at"]
    list_filter = ["status"]
    raw_id_fields = ["participant", "contact", "raised_by", "closed_by"]
    list_select_related = ["participant", "raised_by"]
