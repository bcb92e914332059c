"""The questions a backdated job start asks: did each past check-in happen?"""

from __future__ import annotations

from typing import Any

from django import forms

from caseload.models import Channel
from caseload.models.contacts import MAX_CONTACT_MINUTES, MIN_CONTACT_MINUTES

from . import dates
from .forms import DateInput
from .models import CheckIn

HAPPENED = "happened"
NOT_APPLICABLE = "not_applicable"
LATER = "later"


class PastCheckInForm(forms.Form):
    """One past check-in: it happened (when, how, a note), did not apply, or later."""

    answer = forms.ChoiceField(
        label="Did it happen?",
        choices=[
            (HAPPENED, "Yes, it happened"),
            (NOT_APPLICABLE, "No, it did not apply"),
            (LATER, "Answer later"),
        ],
        initial=LATER,
        widget=forms.RadioSelect,
    )
    happened_on = forms.DateField(label="On", required=False, widget=DateInput())
    channel = forms.ChoiceField(
        label="How", choices=Channel.choices, initial=Channel.PHONE, required=False
    )
    minutes = forms.IntegerField(
        label="Minutes",
        min_value=MIN_CONTACT_MINUTES,
        max_value=MAX_CONTACT_MINUTES,
        required=False,
    )
    note = forms.CharField(
        label="Note (what was said, or why it did not apply)",
        max_length=300,
        required=False,
    )

    def __init__(self, *args: Any, checkin: CheckIn, **kwargs: Any) -> None:
        super().__init__(*args, prefix=f"checkin-{checkin.pk}", **kwargs)
        self.checkin = checkin

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        answer = data.get("answer")
        if answer == HAPPENED:
            self._check_happened(data)
        elif answer == NOT_APPLICABLE and not data.get("note"):
            self.add_error("note", "Say briefly why it did not apply.")
        return data

    def _check_happened(self, data: dict[str, Any]) -> None:
        day, start = data.get("happened_on"), self.checkin.employment.start_date
        if day is None and not self.has_error("happened_on"):
            self.add_error("happened_on", "Give the day it happened.")
        elif day and day > dates.today():
            self.add_error("happened_on", "That day has not come yet.")
        elif day and day < start:
            self.add_error(
                "happened_on",
                f"The job started on {start:%-d %b %Y}: give a day from then on.",
            )
        if not data.get("channel"):
            self.add_error("channel", "Say how it happened.")
        if data.get("minutes") is None and not self.has_error("minutes"):
            self.add_error("minutes", "Give roughly how many minutes it took.")
        if not data.get("note"):
            self.add_error("note", "Write a short note of what was said.")
