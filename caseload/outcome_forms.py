"""The participant page's outcome form: education or training, or job search."""

from __future__ import annotations

import datetime
import uuid

from django import forms
from django.utils import timezone

from .forms import DateInput
from .models import PROGRESS_KINDS, ConfirmedBy, Participant

# How a keyworker can know of a course or of job search (payslips prove jobs).
CONFIRMATIONS = [
    (value, label)
    for value, label in ConfirmedBy.choices
    if value not in (ConfirmedBy.PAYSLIP, ConfirmedBy.EMPLOYER)
]


class OutcomeForm(forms.Form):
    kind = forms.ChoiceField(
        label="Outcome",
        choices=[(kind.value, kind.label) for kind in PROGRESS_KINDS],
        widget=forms.RadioSelect,
    )
    achieved_on = forms.DateField(
        label="Date it started",
        widget=DateInput(),
        help_text="The course's first day, or the day active job search began.",
    )
    what = forms.CharField(
        label="What",
        max_length=200,
        help_text='The course and provider ("Level 1 Maths, Leeds City College"), or '
        'the job-search activity ("Applying weekly, agreed job-search plan").',
    )
    confirmed_by = forms.ChoiceField(
        label="How it was confirmed", choices=[("", "---------"), *CONFIRMATIONS]
    )
    evidence = forms.CharField(
        label="Evidence",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What you saw or were told, by whom, and when.",
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args, participant: Participant, **kwargs) -> None:
        kwargs["initial"] = {
            "submission_key": uuid.uuid4(),
            **kwargs.get("initial", {}),
        }
        super().__init__(*args, **kwargs)
        self.participant = participant

    def clean_achieved_on(self) -> datetime.date:
        day = self.cleaned_data["achieved_on"]
        person = self.participant
        if day > timezone.localdate():
            raise forms.ValidationError(
                "The date cannot be in the future: record it once it has started."
            )
        if day < person.programme_start:
            raise forms.ValidationError(
                f"This is before {person} started the programme "
                f"({person.programme_start:%-d %b %Y})."
            )
        if person.exit_date and day > person.exit_date:
            raise forms.ValidationError(
                f"This is after {person} left the programme "
                f"({person.exit_date:%-d %b %Y})."
            )
        return day
