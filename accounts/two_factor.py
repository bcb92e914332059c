"""Time-based one-time passwords (TOTP): who must use them, and the checks.

Managers, programme managers and administrators must use a second factor; anyone
else may opt in, and once they have, every sign-in asks for it.

Someone who has only the password must neither guess the code nor lock the owner
out for long (README "Security"):
1. Each wrong answer on the two-step pages (a code, or the password asked again to
   enrol) counts for that user from that client address. The fifth in 15 minutes
   signs the session out, pauses the two-step pages for that user from that
   address for 15 minutes and emails the owner; the owner, elsewhere, is not
   held up.
2. django-otp also makes an authenticator wait 2**(n-1) seconds after n wrong
   codes from anywhere, which unbounded reaches days after 20; it is capped here
   at MAX_DEVICE_FAILURES, so the owner waits at most about a minute while many
   addresses together still get about one guess a minute.
"""

from __future__ import annotations

from urllib.parse import quote

import django_otp
import django_otp.middleware
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve, reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.prepared import PreparedQuery

from . import throttle
from .client_ip import client_ip
from .models import Role, User
from .services import send_email_after_commit

REQUIRED_ROLES = frozenset({Role.PARTNER_MANAGER, Role.PROGRAMME_MANAGER, Role.ADMIN})
ENROLLED_SESSION_KEY = "two_factor_enrolled"
# Pages a signed-in user may reach before passing the second factor.
EXEMPT_URL_NAMES = ("two-factor-setup", "two-factor-verify", "logout")


WRONG_ANSWER_LIMIT = 5
PAUSED_EMAIL = """\
Someone signed in to your Keywork account with your password, then gave {limit}
wrong answers at the second step, from the address {address}. Keywork has signed
that session out and paused the second step from that address for 15 minutes.

If this was you, wait 15 minutes and sign in again with the newest code.
If it was not, change your password now and tell your manager:
{change}
"""
WRONG_ANSWER_WINDOW_SECONDS = 15 * 60
# django-otp's wait after n wrong codes is 2**(n-1) s: 7 caps it at 64 s.
MAX_DEVICE_FAILURES = 7


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


def _answer_key(request: HttpRequest, user: User) -> str:
    return f"{user.pk}:{client_ip(request) or 'unknown'}"


def is_paused(request: HttpRequest, user: User) -> bool:
    """Whether this user's two-step pages are paused for this client address."""
    hits = throttle.hits("two-step", _answer_key(request, user))
    return hits >= WRONG_ANSWER_LIMIT


def record_wrong_answer(request: HttpRequest, user: User) -> None:
    """Count a wrong code or password from this address; cap django-otp's wait.

    The answer that pauses the address also emails the owner: whoever gave it
    knew their password.
    """
    key = _answer_key(request, user)
    throttle.allow(
        "two-step", key, limit=WRONG_ANSWER_LIMIT, window=WRONG_ANSWER_WINDOW_SECONDS
    )
    TOTPDevice.objects.filter(
        user=user, throttling_failure_count__gt=MAX_DEVICE_FAILURES
    ).update(throttling_failure_count=MAX_DEVICE_FAILURES)
    if throttle.hits("two-step", key) == WRONG_ANSWER_LIMIT and user.email:
        send_email_after_commit(
            to=user.email,
            subject="Keywork: your password was used, then wrong two-step codes",
            body=PAUSED_EMAIL.format(
                address=client_ip(request) or "an unknown address",
                limit=WRONG_ANSWER_LIMIT,
                change=settings.SITE_URL.rstrip("/") + reverse("password_change"),
            ),
        )


def forget_wrong_answers(request: HttpRequest, user: User) -> None:
    throttle.clear("two-step", _answer_key(request, user))


def match_code(request: HttpRequest, user: User, token: str) -> TOTPDevice | None:
    """Return the enrolled authenticator `token` came from, counting a wrong one."""
    device = django_otp.match_token(user, token)
    if device is None:
        record_wrong_answer(request, user)
    else:
        forget_wrong_answers(request, user)
    return device


def is_waiting(user: User) -> bool:
    """Whether django-otp makes this user's authenticators wait after wrong codes."""
    return any(
        not device.verify_is_allowed()[0]
        for device in TOTPDevice.objects.filter(user=user, confirmed=True)
    )


def remember_enrolment(sender, request: HttpRequest, user: User, **kwargs) -> None:
    """On sign-in, note in the session whether this user has enrolled (one query)."""
    if request is not None and hasattr(request, "session"):
        request.session[ENROLLED_SESSION_KEY] = has_confirmed_device(user)


# The authenticator a verified session names, loaded on each of its requests.
SESSION_DEVICE = PreparedQuery(lambda pk: TOTPDevice.objects.filter(pk=pk))


class OTPMiddleware(django_otp.middleware.OTPMiddleware):
    """django-otp's middleware, loading the session's authenticator app without
    compiling its query on every request (config/prepared.py)."""

    def _device_from_persistent_id(self, persistent_id: str):
        label, _, pk = self._normalize_persistent_id(persistent_id).rpartition("/")
        if label == TOTPDevice._meta.label_lower and pk.isdigit():
            return SESSION_DEVICE.first(int(pk))
        return super()._device_from_persistent_id(persistent_id)


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
        # Who it is first: most users need no second factor, and resolving the
        # path again costs more than asking.
        if not (
            is_required_for(request.user) or request.session.get(ENROLLED_SESSION_KEY)
        ):
            return False
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return False
        return match.url_name not in EXEMPT_URL_NAMES
