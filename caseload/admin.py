from django.contrib import admin

from .models import Participant


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["last_name", "first_name", "keyworker", "pathway_stage"]
    list_filter = ["pathway_stage", "delivery_partner"]
    search_fields = ["first_name", "last_name", "preferred_name"]
    raw_id_fields = ["keyworker", "in_work_support_officer"]
