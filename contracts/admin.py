"""The rules a funder pays by, set by an administrator without code."""

from django import forms
from django.contrib import admin

from .models import (
    Contract,
    EligibilityItem,
    EvidenceKind,
    NationalLivingWageRate,
    OutcomeType,
    RuleKind,
)

# The parameters each rule reads; the others are left empty.
NEEDS = {
    RuleKind.EARNINGS: ("hours_per_week", "weeks", "window_months"),
    RuleKind.HOURS_WEEKS: ("hours_per_week", "weeks", "window_months"),
}


class OutcomeTypeForm(forms.ModelForm):
    evidence_kinds = forms.MultipleChoiceField(
        choices=EvidenceKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A claim needs a document of every kind ticked.",
    )

    class Meta:
        model = OutcomeType
        fields = [
            "name",
            "rule",
            "hours_per_week",
            "weeks",
            "window_months",
            "window_from",
            "payment",
            "evidence_kinds",
            "position",
        ]

    def clean(self) -> dict:
        data = super().clean()
        for name in NEEDS.get(data.get("rule"), ()):
            if not data.get(name):
                self.add_error(name, "This rule needs it.")
        return data


class OutcomeTypeInline(admin.StackedInline):
    model = OutcomeType
    form = OutcomeTypeForm
    extra = 0


class EligibilityItemInline(admin.TabularInline):
    model = EligibilityItem
    extra = 0


@admin.register(Contract)
class ContractAdmin(admin.ModelAdmin):
    list_display = ["name", "funder", "starts_on", "ends_on", "status"]
    list_filter = ["status"]
    search_fields = ["name", "funder", "reference"]
    filter_horizontal = ["partners"]
    inlines = [OutcomeTypeInline, EligibilityItemInline]


@admin.register(NationalLivingWageRate)
class NationalLivingWageRateAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "hourly_rate", "note"]
