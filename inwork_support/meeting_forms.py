"""Forms of three-way meetings about a job: arranging one, and recording it."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import User
from accounts.versions import VersionedModelForm
from caseload.models.contacts import MAX_CONTACT_MINUTES, MIN_CONTACT_MINUTES
from employers.models import (
    MeetingOutcome,
    MeetingParty,
    MeetingStatus,
    ThreeWayMeeting,
)
from employers.services import AgreedAction

from .forms import MAX_EXTENSION_WEEKS, DateInput
from .services import MEETING_MINUTES

DATETIME = forms.DateTimeInput(
    attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
)


class ArrangeMeetingForm(forms.Form):
    scheduled_for = forms.DateTimeField(label="When", widget=DATETIME)
    place = forms.CharField(label="Where", max_length=200, required=False)


class MeetingRecordForm(VersionedModelForm):
    """The meeting's status and outcome, and one new action for each party.

    "Probation extended by N weeks" is offered only for a current job and to
    someone who may change it; once applied it shows, read-only, what it did.
    """

    minutes = forms.IntegerField(
        label="How long it took (minutes)",
        min_value=MIN_CONTACT_MINUTES,
        max_value=MAX_CONTACT_MINUTES,
        required=False,
        help_text="Logged as a three-way meeting contact when the meeting is held.",
    )
    participant_action = forms.CharField(max_length=300, required=False)
    participant_action_due = forms.DateField(required=False, widget=DateInput())
    employer_action = forms.CharField(
        label="What the employer will do", max_length=300, required=False
    )
    employer_action_owner = forms.CharField(
        label="Who at the employer", max_length=200, required=False
    )
    employer_action_due = forms.DateField(
        label="Employer's action due by", required=False, widget=DateInput()
    )
    worker_action = forms.CharField(
        label="What the worker will do", max_length=300, required=False
    )
    worker_action_owner = forms.ModelChoiceField(
        label="Which worker", queryset=User.objects.none(), required=False
    )
    worker_action_due = forms.DateField(
        label="Worker's action due by", required=False, widget=DateInput()
    )

    class Meta:
        model = ThreeWayMeeting
        fields = [
            "scheduled_for",
            "place",
            "status",
            "outcome_kind",
            "extension_weeks",
            "outcome",
        ]
        labels = {
            "scheduled_for": "When",
            "place": "Where",
            "outcome_kind": "What was decided about the job?",
            "extension_weeks": "Probation extended by (weeks)",
            "outcome": "Outcome in words",
        }
        widgets = {
            "scheduled_for": DATETIME,
            "outcome_kind": forms.RadioSelect,
            "outcome": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(
        self,
        *args: Any,
        workers: list[User],
        may_extend: bool,
        logged_minutes: int | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        meeting = self.instance
        minutes = self.fields["minutes"]
        minutes.initial = logged_minutes or MEETING_MINUTES
        if logged_minutes:
            minutes.disabled = True
            minutes.help_text = "Logged as a three-way meeting contact."
        name = str(meeting.participant)
        self.fields["participant_action"].label = f"What {name} will do"
        self.fields["participant_action_due"].label = f"{name}'s action due by"
        owner = self.fields["worker_action_owner"]
        owner.queryset = User.objects.filter(pk__in=[w.pk for w in workers])
        self.initial.setdefault("worker_action_owner", meeting.worker_id)
        kind, weeks = self.fields["outcome_kind"], self.fields["extension_weeks"]
        kind.choices = MeetingOutcome.choices
        weeks.widget.attrs.update(min=1, max=MAX_EXTENSION_WEEKS)
        if meeting.probation_extended_to:
            kind.disabled = weeks.disabled = True
            kind.help_text = (
                "Applied: the probation was extended to "
                f"{meeting.probation_extended_to:%-d %b %Y}."
            )
        elif not may_extend:
            del self.fields["outcome_kind"], self.fields["extension_weeks"]
        else:
            kind.help_text = (
                "A probation extension is applied to the job when you save the "
                "meeting as held, and its probation-end check-in moves with it."
            )

    def clean_minutes(self) -> int:
        return self.cleaned_data.get("minutes") or MEETING_MINUTES

    def clean_extension_weeks(self) -> int | None:
        weeks = self.cleaned_data.get("extension_weeks")
        if weeks is not None and not 1 <= weeks <= MAX_EXTENSION_WEEKS:
            raise forms.ValidationError(
                f"Give between 1 and {MAX_EXTENSION_WEEKS} weeks."
            )
        return weeks

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "outcome_kind" in self.fields and not self.fields["outcome_kind"].disabled:
            self._check_extension(data)
        for party in MeetingParty.values:
            self._check_action(data, party)
        return data

    def _check_extension(self, data: dict[str, Any]) -> None:
        extends = data.get("outcome_kind") == MeetingOutcome.PROBATION_EXTENDED
        if extends and not data.get("extension_weeks"):
            if not self.has_error("extension_weeks"):
                self.add_error("extension_weeks", "Give the number of weeks.")
        elif extends and data.get("status") != MeetingStatus.HELD:
            self.add_error(
                "status", "Record the meeting as held to apply the extension."
            )
        elif not extends and data.get("extension_weeks"):
            self.add_error(
                "extension_weeks",
                "Choose \u201cProbation extended by N weeks\u201d above, or clear "
                "the weeks.",
            )

    def _check_action(self, data: dict[str, Any], party: str) -> None:
        what, due = data.get(f"{party}_action"), data.get(f"{party}_action_due")
        if what and not due and not self.has_error(f"{party}_action_due"):
            self.add_error(f"{party}_action_due", "Give the action a due date.")
        if due and not what:
            self.add_error(f"{party}_action", "Say what the action is.")
        if (
            what
            and party == MeetingParty.EMPLOYER
            and not data.get("employer_action_owner")
        ):
            self.add_error("employer_action_owner", "Say who at the employer.")

    def meeting_fields(self) -> dict[str, Any]:
        """Return the meeting's own fields as record_meeting's keyword arguments."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self._meta.fields if name in data}
        if fields.get("outcome_kind") == MeetingOutcome.NONE:
            fields["extension_weeks"] = None
        fields["version"] = data.get("version")
        if not self.fields["minutes"].disabled:
            fields["minutes"] = data["minutes"]
        return fields

    def agreed_actions(self) -> list[AgreedAction]:
        """Return each party's new action as record_meeting's `actions`."""
        data, meeting = self.cleaned_data, self.instance
        owners = {
            MeetingParty.PARTICIPANT: str(meeting.participant),
            MeetingParty.EMPLOYER: data.get("employer_action_owner", ""),
            MeetingParty.WORKER: str(data.get("worker_action_owner") or meeting.worker),
        }
        return [
            AgreedAction(
                party=party,
                description=data[f"{party}_action"],
                owner=owners[party],
                due_on=data[f"{party}_action_due"],
                owner_user=(
                    data.get("worker_action_owner") or meeting.worker
                    if party == MeetingParty.WORKER
                    else None
                ),
            )
            for party in MeetingParty.values
            if data.get(f"{party}_action")
        ]
