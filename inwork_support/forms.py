"""Forms validate and normalise what was typed; services do the writing."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from accounts.models import PARTNER_ROLES, User
from accounts.validators import validate_single_line
from accounts.versions import VersionField
from caseload.models import ConfirmedBy, Participant, PathwayStage
from caseload.services import AFTER_WORK
from config.choices import FixedChoiceField, FixedMultipleChoiceField
from employers.models import Employer

from . import dates, services
from .models import (
    FULL_TIME_HOURS,
    CheckIn,
    ContractType,
    Employment,
    EndReason,
    InWorkSupportPlan,
    LongTermGoal,
    PracticalSupport,
    PreparationItem,
)
from .services import REPORTABLE_RISKS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


HOURS_HELP = f"Full-time from {FULL_TIME_HOURS} hours a week."
FIXED_TERM_HELP = "Needed for a fixed-term contract."


def _check_fixed_term(form: forms.Form, data: dict[str, Any]) -> None:
    if data.get("contract_type") == ContractType.FIXED_TERM and not data.get(
        "fixed_term_end"
    ):
        form.add_error("fixed_term_end", "A fixed-term contract needs its end date.")


class JobStartForm(forms.Form):
    employer = forms.ModelChoiceField(
        queryset=Employer.objects.none(),
        required=False,
        empty_label="A new employer (type its details below)",
    )
    new_employer_name = forms.CharField(
        label="New employer's name",
        max_length=200,
        required=False,
        validators=[validate_single_line],
    )
    new_employer_sector = forms.CharField(
        label="New employer's sector", max_length=100, required=False
    )
    new_employer_address = forms.CharField(
        label="New employer's address",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    job_title = forms.CharField(max_length=200)
    sector = forms.CharField(
        max_length=100, required=False, help_text="Leave blank for the employer's."
    )
    hours_per_week = forms.DecimalField(
        max_digits=4, decimal_places=1, min_value=0, max_value=99, help_text=HOURS_HELP
    )
    hourly_pay = forms.DecimalField(
        label="Hourly pay (£)", max_digits=6, decimal_places=2, min_value=0
    )
    contract_type = forms.ChoiceField(choices=ContractType.choices)
    fixed_term_end = forms.DateField(
        label="Contract end date",
        required=False,
        widget=DateInput(),
        help_text=FIXED_TERM_HELP,
    )
    location = forms.CharField(label="Place of work", max_length=200, required=False)
    start_date = forms.DateField(widget=DateInput())
    probation_end = forms.DateField(
        required=False,
        widget=DateInput(),
        help_text="Leave blank for 13 weeks after the start.",
    )
    employer_may_know = forms.BooleanField(
        label="The participant agrees the employer may know they are supported",
        required=False,
    )

    def __init__(
        self, *args: Any, user: User, participant: Participant, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.participant = participant
        self.fields["employer"].queryset = Employer.objects.visible_to(user)

    def clean_start_date(self):
        return _possible_start(self.participant, self.cleaned_data["start_date"])

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("employer") and not data.get("new_employer_name"):
            self.add_error(
                "employer", "Choose the employer, or type a new employer's name."
            )
        _check_fixed_term(self, data)
        start = data.get("start_date")
        for field in ("fixed_term_end", "probation_end"):
            if start and data.get(field) and data[field] <= start:
                self.add_error(field, "This must be after the start date.")
        return data

    def service_kwargs(self) -> dict[str, Any]:
        """Return the cleaned data as record_job_start's arguments."""
        data = dict(self.cleaned_data)
        new = {
            "name": data.pop("new_employer_name"),
            "sector": data.pop("new_employer_sector"),
            "address": data.pop("new_employer_address"),
        }
        if not data["employer"]:
            data["new_employer"] = new
        if data["contract_type"] != ContractType.FIXED_TERM:
            data["fixed_term_end"] = None
        return data


def _possible_start(participant: Participant, day: datetime.date) -> datetime.date:
    refusal = services.start_date_refusal(
        participant=participant, start_date=day, today=dates.today()
    )
    if refusal:
        raise forms.ValidationError(refusal)
    return day


class StartDateForm(forms.Form):
    start_date = forms.DateField(label="New start date", widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, employment: Employment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.employment = employment

    def clean_start_date(self):
        day = self.cleaned_data["start_date"]
        if day == self.employment.start_date:
            return day
        return _possible_start(self.employment.participant, day)


MAX_EXTENSION_WEEKS = 52


class ProbationForm(forms.Form):
    probation_end = forms.DateField(
        label="New probation end", required=False, widget=DateInput()
    )
    weeks = forms.IntegerField(
        label="Or extend by (weeks)",
        required=False,
        min_value=1,
        max_value=MAX_EXTENSION_WEEKS,
        help_text="Give the new date or the number of weeks, not both.",
        error_messages={
            "min_value": "Extend by at least 1 week.",
            "max_value": f"Extend by {MAX_EXTENSION_WEEKS} weeks at most.",
            "invalid": "Give the weeks as a whole number, for instance 13.",
        },
    )
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, employment: Employment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.employment = employment
        self.fields[
            "probation_end"
        ].help_text = f"It now ends on {employment.probation_end:%-d %b %Y}."

    def clean_probation_end(self):
        day = self.cleaned_data["probation_end"]
        if day and day <= self.employment.probation_end:
            raise forms.ValidationError(
                "An extension ends after the current probation end "
                f"({self.employment.probation_end:%-d %b %Y})."
            )
        return day

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.has_error("probation_end") or self.has_error("weeks"):
            return data
        if data.get("probation_end") and data.get("weeks"):
            self.add_error(
                "weeks",
                "Give either the new date or the number of weeks, not both: "
                "clear one of them.",
            )
        elif not data.get("probation_end") and not data.get("weeks"):
            self.add_error(
                "probation_end",
                "Give the new probation end, or by how many weeks to extend it.",
            )
        return data


class DisclosureConsentForm(forms.Form):
    employer_may_know = forms.TypedChoiceField(
        label="May the employer know they are supported?",
        choices=[
            ("yes", "Yes: they agree the employer may know"),
            ("no", "No: they withdraw (or do not give) consent"),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the employer may know."},
    )
    reason = forms.CharField(
        label="Why (the participant's own words, or the reason)",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": "Say why consent changed: the participant's words, "
            "or the reason.",
        },
    )
    version = VersionField()

    def __init__(self, *args: Any, employment: Employment, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.employment = employment

    def clean_employer_may_know(self) -> bool:
        wanted = self.cleaned_data["employer_may_know"]
        if wanted == self.employment.employer_may_know:
            now = "may already" if wanted else "already may not"
            raise forms.ValidationError(
                f"{self.employment.employer} {now} know they are supported: "
                "nothing to change."
            )
        return wanted


class EndEmploymentForm(forms.Form):
    ended_on = forms.DateField(label="Last day", widget=DateInput())
    end_reason = forms.ChoiceField(label="Why it ended", choices=EndReason.choices)
    end_note = forms.CharField(
        label="Note", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    next_stage = forms.ChoiceField(
        label="Their stage from now",
        choices=[(stage, PathwayStage(stage).label) for stage in AFTER_WORK],
        initial=AFTER_WORK[0],
        required=False,
        help_text="This is their only open job, so they are no longer in work.",
    )

    def __init__(
        self, *args: Any, employment: Employment, last_open_job: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.employment = employment
        if not last_open_job:
            # Another job is still open: they stay in work, nothing to choose.
            del self.fields["next_stage"]

    def clean_next_stage(self) -> str:
        return self.cleaned_data["next_stage"] or AFTER_WORK[0]

    def clean_ended_on(self):
        day = self.cleaned_data["ended_on"]
        if day < self.employment.start_date:
            raise forms.ValidationError("A job cannot end before it started.")
        return day


class PlanForm(forms.ModelForm):
    long_term_goals = forms.MultipleChoiceField(
        choices=LongTermGoal.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    base_revision = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = InWorkSupportPlan
        fields = [
            "needs_travel_money",
            "needs_travel_route",
            "needs_work_clothes",
            "other_practical_help",
            "contact_method",
            "contact_frequency",
            "frequency_days",
            "other_requests",
            "agreed_support",
            "long_term_goals",
            "long_term_notes",
        ]
        labels = {
            "needs_travel_money": "Travel-to-work money",
            "needs_travel_route": "Help with the route or way to get there",
            "needs_work_clothes": "Work clothes",
            "other_practical_help": "Other practical help",
            "contact_method": "Preferred contact method",
            "contact_frequency": "How often to keep in touch",
            "frequency_days": "Every how many days (for 'other')",
            "agreed_support": "Agreed support and actions",
            "long_term_notes": "Notes on long-term goals",
        }
        widgets = {
            name: forms.Textarea(attrs={"rows": 3})
            for name in (
                "other_practical_help",
                "other_requests",
                "agreed_support",
                "long_term_notes",
            )
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("contact_frequency") == "other" and not data.get("frequency_days"):
            self.add_error("frequency_days", "Say every how many days (1 to 365).")
        return data

    def _post_clean(self) -> None:
        # The service builds the row (with its revision); skip the model's checks.
        pass

    def plan_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("base_revision")
        return data


class PreparationForm(forms.Form):
    done_items = forms.MultipleChoiceField(
        label="Ready for day one",
        choices=PreparationItem.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # What was ticked when the page was shown: only boxes the user changed count.
    was_done = forms.MultipleChoiceField(
        choices=PreparationItem.choices,
        required=False,
        widget=forms.MultipleHiddenInput,
    )


class PracticalSupportForm(forms.ModelForm):
    class Meta:
        model = PracticalSupport
        fields = ["item", "amount", "given_on", "approved_by", "note"]
        labels = {"amount": "Amount (£)", "given_on": "Date given"}
        widgets = {"given_on": DateInput()}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approved_by"].queryset = User.objects.filter(
            delivery_partner_id=user.delivery_partner_id,
            role__in=PARTNER_ROLES,
            is_active=True,
        )

    def clean_amount(self):
        amount = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError("Enter an amount above £0.")
        return amount

    def _post_clean(self) -> None:
        pass


class CheckInSelect(forms.Select):
    """A select whose six- and twelve-month options carry data-milestone."""

    milestones: frozenset[str] | set[str] = frozenset()

    def create_option(self, name, value, *args, **kwargs) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        if str(value) in self.milestones:
            option["attrs"]["data-milestone"] = ""
        return option


class RowChoiceField(forms.ModelChoiceField):
    """A choice among rows the page has already read, checked against them.

    The contact form reads a participant's jobs and pending check-ins to offer
    them; a posted choice is one of those rows or invalid, so validating it
    asks the database nothing (ModelChoiceField would read it again), and
    building the form compiles no queryset.
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=None, **kwargs)
        self.rows: list = []

    def set_rows(self, rows: list, label: Any = str) -> None:
        """Offer `rows`, each shown as `label(row)`, after the empty label if any.

        The labels are written only when the field is rendered: a valid POST
        never needs them.
        """
        self.rows = rows
        empty = [] if self.empty_label is None else [("", self.empty_label)]
        self.choices = lambda: [*empty, *((row.pk, label(row)) for row in rows)]

    def to_python(self, value: Any) -> Any:
        if value in self.empty_values:
            return None
        row = next((row for row in self.rows if str(row.pk) == str(value)), None)
        if row is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return row


class InWorkQuestionsForm(forms.Form):
    """The In-Work Support Contact form, asked on the one contact form.

    Shown for a participant in work, beside caseload's contact fields: the
    check-in the contact answers (the one due, or the nearest, pre-selected),
    the form's three questions, new terms, risks, and how continued employment
    was confirmed at 6 and 12 months. Every question may be left blank.
    """

    template_name_contact = "inwork_support/_contact_questions.html"

    checkin = RowChoiceField(
        label="The check-in this contact answers",
        widget=CheckInSelect,
        required=False,
        empty_label="None of these",
        error_messages={
            "invalid_choice": "That check-in is no longer open for this "
            "participant: choose another, or none."
        },
    )
    job = RowChoiceField(
        label="The job this contact is about", required=False, empty_label=None
    )
    how_is_it_going = forms.CharField(
        label="1. How is the role going?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    changes = forms.CharField(
        label="2. Any changes to hours, location or contract?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    terms_changed = forms.BooleanField(
        label="Record new terms for the job", required=False
    )
    effective_from = forms.DateField(
        label="New terms from", required=False, widget=DateInput()
    )
    hours_per_week = forms.DecimalField(
        max_digits=4,
        decimal_places=1,
        min_value=0,
        max_value=99,
        required=False,
        help_text=HOURS_HELP,
    )
    hourly_pay = forms.DecimalField(
        label="Hourly pay (£)",
        max_digits=6,
        decimal_places=2,
        min_value=0,
        required=False,
    )
    contract_type = FixedChoiceField(choices=ContractType.choices, required=False)
    fixed_term_end = forms.DateField(
        label="Contract end date",
        required=False,
        widget=DateInput(),
        help_text=FIXED_TERM_HELP,
    )
    location = forms.CharField(label="Place of work", max_length=200, required=False)
    anything_else = forms.CharField(
        label="3. Anything else needed to stay in work?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    needs_and_problems = forms.CharField(
        label="Needs and problems", required=False, widget=forms.Textarea({"rows": 2})
    )
    actions_and_timescales = forms.CharField(
        label="Actions and timescales",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    risks = FixedMultipleChoiceField(
        label="Anything putting the job at risk?",
        choices=REPORTABLE_RISKS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    risk_detail = forms.CharField(
        label="What is happening", required=False, widget=forms.Textarea({"rows": 2})
    )
    confirmed_by = FixedChoiceField(
        label="Still in work: how was it confirmed? (6 and 12 months)",
        choices=[("", "---------"), *ConfirmedBy.choices],
        required=False,
    )

    def __init__(
        self, *args: Any, jobs: list[Employment], checkins: list[CheckIn], **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.jobs = jobs
        self.fields["job"].set_rows(jobs)
        if len(jobs) == 1:
            self.fields["job"].widget = forms.HiddenInput()
        self.fields["checkin"].set_rows(checkins, lambda c: _checkin_label(c, jobs))
        # The page asks how employment was confirmed only for these.
        self.fields["checkin"].widget.milestones = {
            str(c.pk) for c in checkins if c.is_milestone
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        checkin = data.get("checkin")
        if checkin and checkin.is_milestone and not data.get("confirmed_by"):
            self.add_error(
                "confirmed_by", "Say how continued employment was confirmed."
            )
        if data.get("terms_changed"):
            for field in ("effective_from", "hours_per_week", "hourly_pay"):
                if data.get(field) is None:
                    self.add_error(field, "Needed for new terms.")
            if not data.get("contract_type"):
                self.add_error("contract_type", "Needed for new terms.")
            _check_fixed_term(self, data)
        if data.get("risks") and not data.get("risk_detail"):
            self.add_error("risk_detail", "Say briefly what is happening.")
        return data

    def answers(self) -> services.InWorkAnswers:
        """Return the cleaned data as log_contact's answers."""
        data = self.cleaned_data
        checkin = data["checkin"]
        terms = (
            {
                name: data[name]
                for name in (
                    "effective_from",
                    "hours_per_week",
                    "hourly_pay",
                    "contract_type",
                    "location",
                    "fixed_term_end",
                )
            }
            if data["terms_changed"]
            else None
        )
        # The job asked about, else the one the form offered (a single job's
        # field is hidden; an old page's POST may not carry it).
        job = data["job"] or self.initial.get("job") or self.jobs[0]
        if checkin is not None:
            job = next(job for job in self.jobs if job.pk == checkin.employment_id)
        return services.InWorkAnswers(
            employment=job,
            checkin=checkin,
            how_is_it_going=data["how_is_it_going"],
            changes=data["changes"],
            anything_else=data["anything_else"],
            needs_and_problems=data["needs_and_problems"],
            actions_and_timescales=data["actions_and_timescales"],
            new_terms=terms,
            risks=data["risks"],
            risk_detail=data["risk_detail"],
            confirmed_by=data["confirmed_by"],
        )


def _checkin_label(checkin: CheckIn, jobs: list[Employment]) -> str:
    label = f"{checkin.get_kind_display()}, due {checkin.due_on:%-d %b %Y}"
    if len(jobs) > 1:
        job = next(job for job in jobs if job.pk == checkin.employment_id)
        label += f" ({job.job_title})"
    return label


class ClearRiskForm(forms.Form):
    note = forms.CharField(
        label="What was done", widget=forms.Textarea(attrs={"rows": 2})
    )
