"""Forms of the employers app: they validate and normalise, they never write."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from accounts.versions import VersionedModelForm, VersionField
from caseload.models import Participant

from .models import (
    Employer,
    EmployerContact,
    EmployerEngagement,
    MessageCategory,
    Nomination,
    ThreeWayMeeting,
    Vacancy,
)
from .services.employees import portal_employees, portal_name, portal_people

MESSAGE_MAX = 5000
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


def message_body(label: str) -> forms.CharField:
    """Return a required message field capped at 5,000 characters."""
    return forms.CharField(
        label=label,
        max_length=MESSAGE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Write your message before sending.",
            "max_length": "Keep your message to 5,000 characters or fewer "
            "(it has %(show_value)d). Split it into two messages if you need to.",
        },
    )


def participant_field(user: User, *, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        queryset=Participant.objects.visible_to(user).active(),
        required=required,
        label="Participant",
    )


class EmployerForm(VersionedModelForm):
    class Meta:
        model = Employer
        fields = [
            "name",
            "sector",
            "address",
            "size",
            "relationship",
            "adjustments_notes",
            "offers_jobs",
            "offers_work_trials",
            "offers_placements",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 2}),
            "adjustments_notes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {"adjustments_notes": "Reasonable adjustments"}


class GoToForm(forms.Form):
    go_to_person = forms.ModelChoiceField(
        queryset=User.objects.none(), label="Go-to person"
    )
    deputy = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        help_text="Covers while the go-to person is away.",
    )
    version = VersionField()

    def __init__(self, *args, partner_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        staff = User.objects.frontline().filter(delivery_partner_id=partner_id)
        self.fields["go_to_person"].queryset = staff
        self.fields["deputy"].queryset = staff

    def clean(self) -> dict:
        data = super().clean()
        if data.get("deputy") and data.get("deputy") == data.get("go_to_person"):
            self.add_error("deputy", "The deputy must be someone else.")
        return data


class ContactForm(VersionedModelForm):
    class Meta:
        model = EmployerContact
        fields = ["name", "role", "job_title", "email", "phone"]


class EngagementForm(forms.ModelForm):
    class Meta:
        model = EmployerEngagement
        fields = ["happened_at", "kind", "participant", "notes"]
        widgets = {"happened_at": DATETIME, "notes": forms.Textarea(attrs={"rows": 3})}
        labels = {"happened_at": "When"}

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"] = participant_field(user, required=False)


class VacancyForm(VersionedModelForm):
    class Meta:
        model = Vacancy
        fields = [
            "title",
            "kind",
            "hours_per_week",
            "posted_on",
            "closes_on",
            "status",
            "notes",
        ]
        widgets = {
            "posted_on": DATE,
            "closes_on": DATE,
            "notes": forms.Textarea(attrs={"rows": 3}),
        }

    def clean(self) -> dict:
        data = super().clean()
        posted, closes = data.get("posted_on"), data.get("closes_on")
        if posted and closes and closes < posted:
            self.add_error("closes_on", "The closing date is before the posting date.")
        return data


class NominationForm(forms.Form):
    participant = forms.ModelChoiceField(queryset=Participant.objects.none())
    put_forward_on = forms.DateField(widget=DATE, label="Put forward on")

    def __init__(self, *args, user: User, vacancy: Vacancy, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["participant"] = participant_field(user)
        self.vacancy = vacancy

    def clean_participant(self) -> Participant:
        participant = self.cleaned_data["participant"]
        if Nomination.objects.filter(
            vacancy=self.vacancy, participant=participant
        ).exists():
            raise forms.ValidationError("Already put forward for this vacancy.")
        return participant


class NominationOutcomeForm(VersionedModelForm):
    class Meta:
        model = Nomination
        fields = ["outcome"]


class MeetingForm(forms.ModelForm):
    """Arrange a three-way meeting at an employer, about someone working there.

    The list offers only people the user may see who have a current job at the
    employer; the meeting is about that job.
    """

    class Meta:
        model = ThreeWayMeeting
        fields = ["participant", "scheduled_for", "place"]
        labels = {"scheduled_for": "When", "place": "Where"}
        widgets = {"scheduled_for": DATETIME}

    def __init__(self, *args, user: User, employer: Employer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.jobs = employer.employments.current().visible_to(user)
        field = participant_field(user)
        field.queryset = field.queryset.filter(
            pk__in=self.jobs.values("participant_id")
        ).order_by("last_name", "first_name")
        field.help_text = f"People with a current job at {employer}."
        self.fields["participant"] = field

    def clean(self) -> dict:
        data = super().clean()
        if data.get("participant"):
            data["employment"] = (
                self.jobs.filter(participant=data["participant"])
                .order_by("-start_date", "-pk")
                .first()
            )
        return data


class EmployeeChoiceField(forms.ModelChoiceField):
    """An employee the portal may name: offered from a list, checked by a rule.

    The form sets the options (`choices`) and `rule`, which builds the queryset a
    choice sent is checked against. It is built only when read: a blank form
    never checks a choice, and building its dozen subqueries was a third of the
    portal home's ORM work (6,300 of 22,400 Python calls a request).
    """

    rule: Callable[[], QuerySet[Participant]] | None = None

    @property
    def queryset(self) -> QuerySet[Participant] | None:
        if self.rule is not None:
            rule, self.rule = self.rule, None
            self.queryset = rule()
        return self._queryset

    @queryset.setter
    def queryset(self, queryset: QuerySet[Participant] | None) -> None:
        forms.ModelChoiceField.queryset.fset(self, queryset)

    def label_from_instance(self, obj: Participant) -> str:
        return portal_name(obj)


class PortalMessageForm(forms.Form):
    category = forms.ChoiceField(
        choices=MessageCategory.choices, label="What is it about?"
    )
    about = EmployeeChoiceField(
        queryset=Participant.objects.none(),
        required=False,
        label="Which employee is it about? (optional)",
        empty_label="Not about one employee",
        help_text="Only employees who agreed you may know they are supported "
        "are listed.",
    )
    urgent = forms.BooleanField(required=False, label="Urgent: I need an answer today")
    body = message_body("Your message")
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)

    def __init__(self, *args, employer: Employer, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        about = self.fields["about"]
        # The options come from the query compiled once (portal_people); a choice
        # sent is checked against the same rule, read afresh: anyone else, sent
        # by a forged form, is "not one of the choices".
        about.choices = [
            ("", about.empty_label),
            *((person.pk, portal_name(person)) for person in portal_people(employer)),
        ]
        about.rule = lambda: portal_employees(employer=employer, which="")


class FollowUpForm(forms.Form):
    body = message_body("Add to this conversation")
    submission_key = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class ReplyForm(forms.Form):
    body = message_body("Your reply")
