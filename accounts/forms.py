import datetime

from django import forms

from .models import PARTNER_ROLES, NotificationKind, User


class TokenForm(forms.Form):
    token = forms.CharField(
        label="6-digit code from your authenticator app",
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={
                "inputmode": "numeric",
                "autocomplete": "one-time-code",
                "autofocus": True,
                "pattern": "[0-9]*",
            }
        ),
    )

    def clean_token(self) -> str:
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("The code is 6 digits, with no letters.")
        return token


class EnrolForm(TokenForm):
    """A new authenticator's code, with proof the account's owner is adding it.

    Whoever already uses an authenticator gives its current code; whoever does not
    gives their password again, so an unattended signed-in session cannot enrol
    someone else's phone.
    """

    def __init__(self, *args, enrolled: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["token"].label = "6-digit code from the new authenticator"
        self.fields["token"].widget.attrs.pop("autofocus", None)
        if enrolled:
            proof = forms.CharField(
                label="6-digit code from the authenticator you already use",
                min_length=6,
                max_length=6,
                widget=forms.TextInput(
                    attrs={
                        "inputmode": "numeric",
                        "autocomplete": "off",
                        "autofocus": True,
                    }
                ),
            )
            self.fields = {"current_token": proof, **self.fields}
        else:
            proof = forms.CharField(
                label="Your password",
                strip=False,
                widget=forms.PasswordInput(
                    attrs={"autocomplete": "current-password", "autofocus": True}
                ),
            )
            self.fields = {"password": proof, **self.fields}

    def clean_current_token(self) -> str:
        token = self.cleaned_data["current_token"].strip()
        if not token.isdigit():
            raise forms.ValidationError("The code is 6 digits, with no letters.")
        return token


class LeaveForm(forms.Form):
    """Dated leave for oneself, with a colleague at the same partner covering."""

    starts_on = forms.DateField(
        label="Away from", widget=forms.DateInput(attrs={"type": "date"})
    )
    ends_on = forms.DateField(
        label="Back after",
        help_text="Your last day away.",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    cover = forms.ModelChoiceField(
        label="Who covers",
        queryset=User.objects.none(),
        help_text="They see your participants and get your check-in reminders "
        "on those days.",
    )

    def __init__(self, *args, worker: User, today: datetime.date, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.worker, self.today = worker, today
        self.fields["cover"].queryset = User.objects.filter(
            delivery_partner_id=worker.delivery_partner_id,
            role__in=PARTNER_ROLES,
            is_active=True,
        ).exclude(pk=worker.pk)

    def clean(self) -> dict:
        data = super().clean()
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and starts_on < self.today:
            self.add_error("starts_on", "Leave cannot start in the past.")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The last day away is before the first.")
        elif starts_on and ends_on and self._overlaps(starts_on, ends_on):
            self.add_error(
                None,
                "You already have leave on some of those days: change the "
                "dates, or cancel that leave first.",
            )
        return data

    def _overlaps(self, starts_on: datetime.date, ends_on: datetime.date) -> bool:
        return self.worker.leaves.filter(
            starts_on__lte=ends_on, ends_on__gte=starts_on
        ).exists()


class EmailChoicesForm(forms.Form):
    by_email = forms.MultipleChoiceField(
        choices=NotificationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Also send me an email for",
        help_text="Every notification is listed in Keywork whatever you choose.",
    )
