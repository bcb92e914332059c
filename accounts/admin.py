from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import DeliveryPartner, User


@admin.register(DeliveryPartner)
class DeliveryPartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "caseload_cap"]
    search_fields = ["name"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "delivery_partner"]
    list_filter = ["role", "delivery_partner", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Keywork", {"fields": ("role", "delivery_partner", "phone")}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        ("Keywork", {"fields": ("role", "delivery_partner")}),
    )
