"""The programme dashboard's filters: validated, never written anywhere."""

from __future__ import annotations

import datetime

from django import forms
from django.db.models import Min

from accounts.models import DeliveryPartner
from caseload.models import AgeBand, Disability, Gender, Participant
from reporting.metrics import Filters

ANY = [("", "Any")]


class ProgrammeFilterForm(forms.Form):
    start = forms.DateField(
        label="From", widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(label="To", widget=forms.DateInput(attrs={"type": "date"}))
    partner = forms.TypedChoiceField(coerce=int, required=False, empty_value=None)
    gender = forms.ChoiceField(choices=ANY + Gender.choices, required=False)
    age_band = forms.ChoiceField(
        label="Age band", choices=ANY + AgeBand.choices, required=False
    )
    disability = forms.ChoiceField(choices=ANY + Disability.choices, required=False)
    whole = forms.BooleanField(
        label="The whole programme, from its first start to today (dates ignored)",
        required=False,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # One query gives both the choices shown and those accepted.
        partners = DeliveryPartner.objects.order_by("name").values_list("pk", "name")
        self.fields["partner"].choices = [("", "All"), *partners]

    def clean(self) -> dict:
        data = super().clean()
        if data.get("whole"):
            return data
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", "The end date must be on or after the start date.")
        if start and end and (end - start).days > 366 * 5:
            self.add_error("start", "Choose a period of at most five years.")
        return data

    def filters(self, today: datetime.date) -> Filters:
        """Return the filter the form describes; call only when it is valid."""
        data = self.cleaned_data
        start, end = data["start"], data["end"]
        if data["whole"]:
            start, end = first_start(today), today
        return Filters(
            start=start,
            end=end,
            today=today,
            partner_id=data["partner"],
            gender=data["gender"],
            age_band=data["age_band"],
            disability=data["disability"],
        )


def first_start(today: datetime.date) -> datetime.date:
    """Return the day the programme's first participant started (today if none)."""
    first = Participant.objects.aggregate(first=Min("programme_start"))["first"]
    return min(first or today, today)


def filter_form(params, today: datetime.date) -> ProgrammeFilterForm:
    """Return the bound filter form, defaulting to the last twelve months."""
    default = Filters.last_year(today)
    data = params.copy()
    for name in ("start", "end"):
        if not data.get(name):
            data[name] = getattr(default, name).isoformat()
    return ProgrammeFilterForm(data)
