"""Signed-in sessions for the benchmark, made as a real sign-in would leave them."""

from django.conf import settings
from django.contrib.sessions.backends.db import SessionStore
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import User


def session_cookie(user: User | None) -> str:
    """Return a Cookie header for a signed-in session (second factor passed)."""
    if user is None:
        return ""
    session = SessionStore()
    session["_auth_user_id"] = str(user.pk)
    session["_auth_user_backend"] = "accounts.backends.KeyworkUserBackend"
    session["_auth_user_hash"] = user.get_session_auth_hash()
    if two_factor.is_required_for(user):
        device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
        device = device or TOTPDevice.objects.create(
            user=user, name="bench", confirmed=True
        )
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session[two_factor.ENROLLED_SESSION_KEY] = True
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"
