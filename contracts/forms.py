"""Forms of the contracts app: they validate and normalise, services write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils import timezone

from caseload.forms import DateInput

from .models import Contract, Enrolment, EvidenceKind
from .services.evidence import EvidenceError, check_file


class EnrolForm(forms.Form):
    """Enrolment with the contract's checklist: one yes/no and note per item."""

    enrolled_on = forms.DateField(label="Enrolled on", widget=DateInput())
    declaration_signed_on = forms.DateField(
        label="Participant signed their declaration on",
        required=False,
        widget=DateInput(),
        help_text="Leave empty until they have signed it.",
    )

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.initial.setdefault("enrolled_on", timezone.localdate())
        self.items = list(contract.eligibility_items.all())
        for item in self.items:
            evidence = (
                f" Upload the {item.get_evidence_kind_display().lower()} after."
                if item.evidence_kind
                else ""
            )
            self.fields[f"met_{item.pk}"] = forms.BooleanField(
                label=item.question,
                required=False,
                help_text=f"{item.get_kind_display()}.{evidence}",
            )
            self.fields[f"note_{item.pk}"] = forms.CharField(
                label="What was seen", max_length=300, required=False
            )

    def clean_declaration_signed_on(self):
        signed = self.cleaned_data.get("declaration_signed_on")
        if signed and signed > timezone.localdate():
            raise forms.ValidationError("The date cannot be in the future.")
        return signed

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "enrolled_on": data["enrolled_on"],
            "declaration_signed_on": data.get("declaration_signed_on"),
            "answers": {
                item.pk: (data[f"met_{item.pk}"], data[f"note_{item.pk}"])
                for item in self.items
            },
        }


class EvidenceForm(forms.Form):
    """A PDF or image proving one outcome or one eligibility item."""

    proves = forms.ChoiceField(label="What it proves")
    kind = forms.ChoiceField(label="Kind of evidence", choices=EvidenceKind.choices)
    file = forms.FileField(
        label="File",
        help_text=(
            f"A PDF, or a photo (JPEG, PNG, WebP), at most "
            f"{settings.EVIDENCE_MAX_BYTES // 1024**2} MB."
        ),
        widget=forms.ClearableFileInput(
            attrs={"accept": "application/pdf,image/jpeg,image/png,image/webp"}
        ),
    )
    note = forms.CharField(max_length=300, required=False, label="Note (optional)")

    def __init__(self, *args: Any, enrolment: Enrolment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contract = enrolment.contract
        self.targets = {
            f"outcome:{t.pk}": ("outcome_type", t) for t in contract.outcome_types.all()
        } | {f"item:{i.pk}": ("item", i) for i in contract.eligibility_items.all()}
        self.fields["proves"].choices = [
            (
                "Outcomes",
                [(k, v[1].name) for k, v in self.targets.items() if k[0] == "o"],
            ),
            (
                "Eligibility",
                [(k, v[1].question) for k, v in self.targets.items() if k[0] == "i"],
            ),
        ]

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            check_file(upload)
        except EvidenceError as refused:
            raise forms.ValidationError(str(refused)) from refused
        return upload

    def service_kwargs(self) -> dict[str, Any]:
        name, target = self.targets[self.cleaned_data["proves"]]
        return {
            name: target,
            "kind": self.cleaned_data["kind"],
            "upload": self.cleaned_data["file"],
            "note": self.cleaned_data["note"],
        }


class SettleForm(forms.Form):
    """The funder's answer to a claim."""

    answer = forms.ChoiceField(
        label="The funder",
        choices=[("paid", "Paid it"), ("rejected", "Rejected it")],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label="Why they rejected it",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("answer") == "rejected" and not data.get("reason", "").strip():
            self.add_error("reason", "Say why the funder rejected it.")
        return data


class PartnerFilterForm(forms.Form):
    partner = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, label="Partner"
    )

    def __init__(self, *args: Any, contract: Contract, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].choices = [("", "Every partner")] + [
            (p.pk, p.name) for p in contract.partners.all()
        ]
