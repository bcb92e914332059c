"""Lockout after repeated failures, idle sessions, and security headers."""

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def attempt(client, username, password):
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR="203.0.113.9",
    )


def test_five_wrong_passwords_lock_the_account_from_that_address(client, keyworker):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, keyworker.username, "wrong-password")

    response = attempt(client, keyworker.username, PASSWORD)

    assert response.status_code == 429
    assert "Signing in is paused" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_fewer_failures_than_the_limit_still_allow_signing_in(client, keyworker):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, keyworker.username, "wrong-password")

    response = attempt(client, keyworker.username, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(keyworker.pk)


def test_a_lockout_of_one_user_does_not_lock_another(client, keyworker, iwso):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, keyworker.username, "wrong-password")

    response = attempt(client, iwso.username, PASSWORD)

    assert response.status_code == 302


def test_sessions_end_after_thirty_idle_minutes():
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    assert settings.SESSION_SAVE_EVERY_REQUEST is True


def test_each_request_pushes_the_idle_timeout_back(client, keyworker):
    client.force_login(keyworker)
    client.get(reverse("caseload:my-caseload"))

    assert client.session.get_expiry_age() == 30 * 60
    assert client.cookies[settings.SESSION_COOKIE_NAME]["max-age"] in ("", 1800)


def test_pages_forbid_inline_script_and_framing(client):
    response = client.get(reverse("login"))

    policy = response["Content-Security-Policy"]
    directives = dict(
        part.strip().split(" ", 1) for part in policy.split(";") if part.strip()
    )
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"]
    assert directives["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"


def test_passwords_shorter_than_twelve_characters_are_refused(client, keyworker):
    client.force_login(keyworker)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "elevenchars",
            "new_password2": "elevenchars",
        },
    )

    assert "at least 12 characters" in response.content.decode()
