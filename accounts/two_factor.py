"""Time-based one-time passwords (TOTP): who must use them, and the checks.

Managers, programme managers and administrators must use a second factor; anyone
else may opt in, and once they have, every sign-in asks for it.
"""

from __future__ import annotations

from urllib.parse import quote

import django_otp
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import Role, User

REQUIRED_ROLES = frozenset({Role.PARTNER_MANAGER, Role.PROGRAMME_MANAGER, Role.ADMIN})
ENROLLED_SESSION_KEY = "two_factor_enrolled"
# Pages a signed-in user may reach before passing the second factor.
EXEMPT_URL_NAMES = ("two-factor-setup", "two-factor-verify", "logout")


def is_required_for(user: User) -> bool:
    return user.role in REQUIRED_ROLES or user.is_staff or user.is_superuser


def has_confirmed_device(user: User) -> bool:
    return django_otp.user_has_device(user, confirmed=True)


def pending_device(user: User) -> TOTPDevice:
    """Return the user's unconfirmed authenticator, creating one to enrol."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(
        user=user, name="Authenticator app", confirmed=False
    )


def remember_enrolment(sender, request: HttpRequest, user: User, **kwargs) -> None:
    """On sign-in, note in the session whether this user has enrolled (one query)."""
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED_SESSION_KEY] = has_confirmed_device(user)


class RequireTwoFactorMiddleware:
    """Send signed-in users who need a second factor to set it up or enter it."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        # applies() first: it costs no query, and is_verified() loads the device.
        if user.is_authenticated and self.applies(request) and not user.is_verified():
            enrolled = request.session.get(ENROLLED_SESSION_KEY)
            name = "two-factor-verify" if enrolled else "two-factor-setup"
            target = reverse(f"accounts:{name}")
            return redirect(f"{target}?next={quote(request.get_full_path())}")
        return self.get_response(request)

    def applies(self, request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        if match.url_name in EXEMPT_URL_NAMES:
            return False
        return is_required_for(request.user) or bool(
            request.session.get(ENROLLED_SESSION_KEY)
        )
