from django.contrib import admin

from .models import (
    Employer,
    EmployerContact,
    EmployerEngagement,
    EmployerMessage,
    Nomination,
    ThreeWayMeeting,
    Vacancy,
)


class EmployerContactInline(admin.TabularInline):
    model = EmployerContact
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "sector", "relationship", "go_to_person", "deputy"]
    list_filter = ["relationship", "size"]
    search_fields = ["name", "sector"]
    raw_id_fields = ["go_to_person", "deputy"]
    list_select_related = ["go_to_person", "deputy"]
    inlines = [EmployerContactInline]


@admin.register(EmployerContact)
class EmployerContactAdmin(admin.ModelAdmin):
    list_display = ["name", "employer", "role", "email", "phone", "user", "invited_at"]
    search_fields = ["name", "email", "employer__name"]
    raw_id_fields = ["user", "employer"]
    list_select_related = ["employer", "user"]


@admin.register(EmployerEngagement)
class EmployerEngagementAdmin(admin.ModelAdmin):
    list_display = ["employer", "kind", "worker", "happened_at"]
    raw_id_fields = ["employer", "worker", "participant"]
    list_select_related = ["employer", "worker"]


class NominationInline(admin.TabularInline):
    model = Nomination
    raw_id_fields = ["participant", "put_forward_by"]
    extra = 0


@admin.register(Vacancy)
class VacancyAdmin(admin.ModelAdmin):
    list_display = ["title", "employer", "kind", "status", "posted_on"]
    list_filter = ["status", "kind"]
    raw_id_fields = ["employer"]
    list_select_related = ["employer"]
    inlines = [NominationInline]


@admin.register(ThreeWayMeeting)
class ThreeWayMeetingAdmin(admin.ModelAdmin):
    list_display = ["employer", "participant", "worker", "scheduled_for", "status"]
    raw_id_fields = ["employer", "participant", "worker"]
    list_select_related = ["employer", "participant", "worker"]


@admin.register(EmployerMessage)
class EmployerMessageAdmin(admin.ModelAdmin):
    list_display = [
        "employer",
        "category",
        "urgent",
        "sent_at",
        "addressed_to",
        "first_reply_at",
        "escalated_at",
    ]
    list_filter = ["category", "urgent"]
    raw_id_fields = [
        "employer",
        "thread",
        "sender_contact",
        "sender_staff",
        "addressed_to",
    ]
    list_select_related = ["employer", "addressed_to"]
