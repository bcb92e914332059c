from django.contrib import admin

from .models import Employer, EmployerContact


class EmployerContactInline(admin.TabularInline):
    model = EmployerContact
    raw_id_fields = ["user"]
    extra = 0


@admin.register(Employer)
class EmployerAdmin(admin.ModelAdmin):
    list_display = ["name", "sector"]
    search_fields = ["name"]
    inlines = [EmployerContactInline]
