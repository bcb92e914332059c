"""Forms of the caseload: they validate and normalise; services write."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping

from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Role, User
from accounts.versions import VersionedModelForm, VersionField
from config.choices import FixedChoiceField, FixedMultipleChoiceField

from .contact_questions import contact_questions
from .models import (
    Attendee,
    Barrier,
    Channel,
    ExitOutcome,
    Goal,
    GoalStatus,
    GoalStep,
    InvolvedProfessional,
    Participant,
    PathwayStage,
    Referral,
    ReferralStatus,
    StepStatus,
    Topic,
)
from .models.contacts import MAX_CONTACT_MINUTES, MIN_CONTACT_MINUTES
from .models.participants import WORKING_AGE, age_on
from .services.pathway import NOT_YET_WORKING, ON_RETURN, WORKING

MAX_ACTIONS = 3
# Most contacts are a quick call or a short meeting: one tap, or none for 15.
DEFAULT_MINUTES = 15
MINUTE_PICKS = (5, 10, 15, 30, 60)
# Phones and servers disagree by a minute or two; "now" on the phone is not future.
CLOCK_SKEW = datetime.timedelta(minutes=5)
DATETIME_LOCAL = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def partner_staff(partner_id: int | None, *roles: Role) -> QuerySet[User]:
    """Return the active staff of a partner with one of `roles`."""
    return User.objects.filter(
        delivery_partner_id=partner_id, role__in=roles, is_active=True
    )


# The caseload list.

SORTS = {
    "name": ("last_name", "first_name"),
    "-name": ("-last_name", "-first_name"),
    "last_contact": ("last_contact_at", "last_name"),
    "-last_contact": ("-last_contact_at", "last_name"),
    "-open_actions": ("-open_action_count", "last_name"),
    "stage": ("pathway_stage", "last_name"),
}
NO_CONTACT_CHOICES = [
    ("", "Any"),
    ("7", "No contact in 7 days"),
    ("14", "No contact in 14 days"),
    ("28", "No contact in 28 days"),
    ("56", "No contact in 8 weeks"),
]


class CaseloadFilterForm(forms.Form):
    q = forms.CharField(label="Name", required=False, max_length=100)
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[("", "Any active"), *PathwayStage.choices],
    )
    no_contact_days = forms.TypedChoiceField(
        label="Last contact",
        required=False,
        choices=NO_CONTACT_CHOICES,
        coerce=int,
        empty_value=None,
    )
    open_actions = forms.BooleanField(label="Has open actions", required=False)
    keyworker = forms.ModelChoiceField(
        label="Keyworker", required=False, queryset=User.objects.none()
    )
    sort = forms.ChoiceField(
        required=False,
        choices=[
            ("name", "Name"),
            ("-last_contact", "Most recent contact"),
            ("last_contact", "Longest since contact"),
            ("-open_actions", "Most open actions"),
            ("stage", "Stage"),
        ],
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if user.is_partner_manager:
            self.fields["keyworker"].queryset = partner_staff(
                user.delivery_partner_id, Role.KEYWORKER, Role.IN_WORK_SUPPORT_OFFICER
            )
        else:
            del self.fields["keyworker"]


# Participants.

PARTICIPANT_FIELDS = [
    "first_name",
    "last_name",
    "preferred_name",
    "date_of_birth",
    "phone",
    "email",
    "address",
    "postcode",
    "preferred_contact_method",
    "referral_source",
    "status_at_start",
    "eligibility_evidence",
    "programme_start",
    "pathway_stage",
    "consent_given_on",
    "consent_method",
    "in_work_support_officer",
    "gender",
    "disability",
    "ethnicity",
]


class ParticipantForm(forms.ModelForm):
    """Registration and edits; keyworker chosen by managers, else the signed-in user."""

    keyworker = forms.ModelChoiceField(queryset=User.objects.none())
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Participant
        fields = PARTICIPANT_FIELDS
        widgets = {
            "date_of_birth": DateInput(),
            "programme_start": DateInput(),
            "consent_given_on": DateInput(),
            "address": forms.Textarea(attrs={"rows": 2}),
            "eligibility_evidence": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {
            "consent_given_on": "Consent to data processing given on",
            "consent_method": "How consent was given",
            "in_work_support_officer": "In-work support officer (optional)",
            "status_at_start": "Status at start",
        }

    def __init__(self, *args, user: User, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        partner_id = user.delivery_partner_id
        self._limit_stages(self.initial.get("pathway_stage") if editing else None)
        self.fields["in_work_support_officer"].queryset = partner_staff(
            partner_id, Role.IN_WORK_SUPPORT_OFFICER
        )
        if user.is_partner_manager and not editing:
            self.fields["keyworker"].queryset = partner_staff(
                partner_id, Role.KEYWORKER
            )
        else:
            del self.fields["keyworker"]
        if not editing:
            del self.fields["version"]

    def clean_postcode(self) -> str:
        return " ".join(self.cleaned_data["postcode"].upper().split())

    def clean_date_of_birth(self) -> datetime.date:
        born = self.cleaned_data["date_of_birth"]
        if born >= timezone.localdate():
            raise forms.ValidationError("The date of birth must be in the past.")
        return born

    def clean(self) -> dict:
        data = super().clean()
        born, start = data.get("date_of_birth"), data.get("programme_start")
        if born and start:
            low, high = WORKING_AGE
            if not low <= age_on(born, start) <= high:
                self.add_error(
                    "date_of_birth",
                    f"Participants must be of working age ({low} to {high}) at "
                    f"programme start; this person would be {age_on(born, start)}.",
                )
        consent_on, method = data.get("consent_given_on"), data.get("consent_method")
        if consent_on and not method:
            self.add_error("consent_method", "Say how consent was given.")
        if method and not consent_on:
            self.add_error("consent_given_on", "Give the date consent was given.")
        if consent_on and consent_on > timezone.localdate():
            self.add_error("consent_given_on", "Consent cannot be given in the future.")
        return data

    def _limit_stages(self, stage: str | None) -> None:
        # Events move the stage across work: a job start into it, the last job's
        # end out of it, exit and "Re-engage" out of and back onto the programme.
        # Here only the moves no event makes are offered.
        if stage == PathwayStage.EXITED:
            del self.fields["pathway_stage"]
            return
        stages = WORKING if stage in WORKING else NOT_YET_WORKING
        field = self.fields["pathway_stage"]
        field.choices = [(s, PathwayStage(s).label) for s in stages]
        field.help_text = (
            "A job's end moves them out of work."
            if stage in WORKING
            else "Recording a job start moves them into work."
        )

    def details(self) -> dict:
        """Return the participant's fields, without the form's own controls."""
        return {
            name: self.cleaned_data[name]
            for name in PARTICIPANT_FIELDS
            if name in self.fields
        }


class ExitForm(forms.Form):
    ending_planned = forms.BooleanField(
        label="I have planned this ending with the participant, and they know how "
        "to get back in touch",
    )
    exit_date = forms.DateField(label="Exit date", widget=DateInput())
    exit_outcome = forms.ChoiceField(label="Outcome", choices=ExitOutcome.choices)
    exit_reason = forms.CharField(
        label="Reason for leaving", widget=forms.Textarea(attrs={"rows": 3})
    )
    version = VersionField()

    def __init__(self, *args, participant: Participant, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.participant = participant

    def clean_exit_date(self) -> datetime.date:
        day = self.cleaned_data["exit_date"]
        if day > timezone.localdate():
            raise forms.ValidationError("The exit date cannot be in the future.")
        if day < self.participant.programme_start:
            raise forms.ValidationError("The exit date is before programme start.")
        return day

    def exit_details(self) -> dict:
        """Return exit_participant's arguments, with the version the form carried."""
        names = ("exit_date", "exit_reason", "exit_outcome")
        details = {name: self.cleaned_data[name] for name in names}
        return {**details, "version": self.cleaned_data["version"] or 0}


class ReengageForm(forms.Form):
    stage = forms.ChoiceField(
        label="They come back at",
        choices=[(stage, PathwayStage(stage).label) for stage in ON_RETURN],
        initial=ON_RETURN[0],
    )
    reason = forms.CharField(
        label="Why they are coming back",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Contacts.


class ContactForm(forms.Form):
    happened_at = forms.DateTimeField(
        label="Date and time",
        input_formats=[DATETIME_LOCAL, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=DATETIME_LOCAL
        ),
    )
    channel = FixedChoiceField(
        label="Channel", choices=Channel.choices, widget=forms.RadioSelect
    )
    minutes = forms.IntegerField(
        label="Minutes",
        min_value=MIN_CONTACT_MINUTES,
        max_value=MAX_CONTACT_MINUTES,
        error_messages={
            "min_value": "Enter at least 1 minute.",
            "max_value": "A contact can last at most 600 minutes (10 hours); "
            "log a longer day as separate contacts.",
        },
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    attendees = FixedMultipleChoiceField(
        label="Who took part",
        choices=Attendee.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    topics = FixedMultipleChoiceField(
        label="Topics",
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Crisis opens a safeguarding concern for your manager.",
    )
    notes = forms.CharField(
        label="Notes", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    minute_picks = MINUTE_PICKS

    def __init__(
        self,
        *args,
        participant: Participant | None = None,
        user: User | None = None,
        query: Mapping | None = None,
        **kwargs,
    ) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"] = {
            "happened_at": timezone.localtime().replace(second=0, microsecond=0),
            "channel": Channel.FACE_TO_FACE,
            "minutes": DEFAULT_MINUTES,
            "attendees": [Attendee.PARTICIPANT],
            "submission_key": uuid.uuid4(),
            **kwargs["initial"],
        }
        super().__init__(*args, **kwargs)
        # Other apps' questions for this participant (someone in work: the
        # check-in it answers and the In-Work Support Contact form).
        self.questions = (
            contact_questions(
                participant=participant,
                user=user,
                data=self.data if self.is_bound else None,
                query=query or {},
            )
            if participant is not None and user is not None
            else []
        )
        for n in range(1, MAX_ACTIONS + 1):
            self.fields[f"action_{n}"] = forms.CharField(
                label=f"Action {n}", required=False, max_length=300
            )
            self.fields[f"action_{n}_due"] = forms.DateField(
                label=f"Action {n} due", required=False, widget=DateInput()
            )

    def is_valid(self) -> bool:
        """Validate the contact and every app's questions (all, for all errors)."""
        results = [super().is_valid(), *(q.is_valid() for q in self.questions)]
        return all(results)

    def has_errors(self) -> bool:
        return bool(self.errors) or any(q.errors for q in self.questions)

    def action_rows(self) -> list[tuple[forms.BoundField, forms.BoundField]]:
        return [
            (self[f"action_{n}"], self[f"action_{n}_due"])
            for n in range(1, MAX_ACTIONS + 1)
        ]

    def clean_happened_at(self) -> datetime.datetime:
        moment = self.cleaned_data["happened_at"]
        if moment > timezone.now() + CLOCK_SKEW:
            raise forms.ValidationError(
                "A contact cannot be in the future: log it once it has happened."
            )
        return moment

    def clean(self) -> dict:
        data = super().clean()
        actions = []
        for n in range(1, MAX_ACTIONS + 1):
            text, due = data.get(f"action_{n}", "").strip(), data.get(f"action_{n}_due")
            if text and not due:
                self.add_error(f"action_{n}_due", "Give the action a due date.")
            elif due and not text:
                self.add_error(f"action_{n}", "Say what the action is.")
            elif text and due < timezone.localdate():
                self.add_error(f"action_{n}_due", "The due date has already passed.")
            elif text:
                actions.append((text, due))
        data["actions"] = actions
        return data

    def contact_fields(self) -> dict:
        """Return the arguments of services.log_contact, from the cleaned data."""
        names = ["happened_at", "channel", "minutes", "attendees", "topics", "notes"]
        fields = {name: self.cleaned_data[name] for name in names}
        return {
            **fields,
            "actions": self.cleaned_data["actions"],
            "submission_key": self.cleaned_data["submission_key"],
            "answers": [q.answers() for q in self.questions],
        }


class SupervisionNoteForm(forms.Form):
    comment = forms.CharField(
        label="Comment", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    needs_follow_up = forms.BooleanField(label="Flag for follow-up", required=False)

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("comment", "").strip() and not data.get("needs_follow_up"):
            raise forms.ValidationError("Write a comment, flag for follow-up, or both.")
        if not data.get("comment", "").strip():
            data["comment"] = "Flagged for follow-up."
        return data


class CloseConcernForm(forms.Form):
    closing_note = forms.CharField(
        label="What was done, and why it can close",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# Keyworkers: reassigning and cover.


class ReassignForm(forms.Form):
    new_keyworker = forms.ModelChoiceField(
        label="New keyworker", queryset=User.objects.none()
    )
    reason = forms.CharField(label="Reason", required=False, max_length=200)
    version = VersionField()

    def __init__(self, *args, partner_id: int, exclude: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_keyworker"].queryset = partner_staff(
            partner_id, Role.KEYWORKER
        ).exclude(pk=exclude.pk)


class BulkReassignForm(forms.Form):
    from_worker = forms.ModelChoiceField(
        label="Move the caseload of", queryset=User.objects.none()
    )
    to_worker = forms.ModelChoiceField(label="To", queryset=User.objects.none())
    reason = forms.CharField(label="Reason", required=False, max_length=200)

    def __init__(self, *args, partner_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        staff = partner_staff(partner_id, Role.KEYWORKER)
        self.fields["from_worker"].queryset = staff
        self.fields["to_worker"].queryset = staff

    def clean(self) -> dict:
        data = super().clean()
        if data.get("from_worker") and data.get("from_worker") == data.get("to_worker"):
            self.add_error("to_worker", "Choose a different worker to move them to.")
        return data


class AwayForm(forms.Form):
    cover = forms.ModelChoiceField(label="Who covers", queryset=User.objects.none())

    def __init__(self, *args, worker: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cover"].queryset = (
            partner_staff(
                worker.delivery_partner_id,
                Role.KEYWORKER,
                Role.IN_WORK_SUPPORT_OFFICER,
                Role.PARTNER_MANAGER,
            )
            .exclude(pk=worker.pk)
            .exclude(is_away=True)
        )


class HandoverForm(forms.Form):
    """Whom a leaver's work goes to: one colleague for all of it."""

    to_worker = forms.ModelChoiceField(
        label="Hand everything over to", queryset=User.objects.none()
    )
    reason = forms.CharField(label="Reason", required=False, max_length=200)
    # What the preview showed: the confirm is refused if it has changed since.
    seen = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, worker: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to_worker"].queryset = partner_staff(
            worker.delivery_partner_id, Role.KEYWORKER, Role.IN_WORK_SUPPORT_OFFICER
        ).exclude(pk=worker.pk)


# Who else is involved; barriers, goals and referrals.


class ProfessionalForm(VersionedModelForm):
    class Meta:
        model = InvolvedProfessional
        fields = ["role", "name", "organisation", "phone", "email", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 2})}


class BarrierForm(forms.ModelForm):
    class Meta:
        model = Barrier
        fields = ["kind", "severity", "noted_on", "note"]
        widgets = {"noted_on": DateInput(), "note": forms.Textarea(attrs={"rows": 2})}

    def clean_noted_on(self) -> datetime.date:
        day = self.cleaned_data["noted_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("A barrier cannot be noted in the future.")
        return day


class ResolveBarrierForm(forms.Form):
    resolved_on = forms.DateField(label="Resolved on", widget=DateInput())
    version = VersionField()

    def clean_resolved_on(self) -> datetime.date:
        day = self.cleaned_data["resolved_on"]
        if day > timezone.localdate():
            raise forms.ValidationError("A barrier cannot be resolved in the future.")
        return day


class GoalForm(forms.ModelForm):
    class Meta:
        model = Goal
        fields = ["title", "due_on"]
        labels = {"title": "Goal, in the participant's words", "due_on": "By when"}
        widgets = {"due_on": DateInput()}


class GoalStatusForm(forms.Form):
    status = forms.ChoiceField(choices=GoalStatus.choices)
    version = VersionField()


class GoalStepForm(forms.ModelForm):
    class Meta:
        model = GoalStep
        fields = ["description", "owner", "due_on"]
        labels = {"description": "Step", "owner": "Who does it", "due_on": "Due"}
        widgets = {"due_on": DateInput()}


class StepStatusForm(forms.Form):
    status = forms.ChoiceField(choices=StepStatus.choices)
    version = VersionField()


class ReferralForm(forms.ModelForm):
    class Meta:
        model = Referral
        fields = ["intervention", "service", "referred_on"]
        widgets = {"referred_on": DateInput()}


class ReferralUpdateForm(forms.Form):
    status = forms.ChoiceField(choices=ReferralStatus.choices)
    outcome = forms.CharField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label="Outcome"
    )
    version = VersionField()
