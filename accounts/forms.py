from django import forms


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
