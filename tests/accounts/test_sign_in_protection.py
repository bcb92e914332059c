"""Lockout after repeated failures, idle sessions, and security headers."""

import datetime

import pytest
import time_machine
from django.conf import settings
from django.contrib.sessions.models import Session
from django.urls import reverse

from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NINE_AM = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


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


PROXY = "10.0.0.2"


def through_proxy(client, username, password, *, forwarded_for: str):
    """Sign in as the proxy in docker-compose.yml passes it on."""
    return client.post(
        reverse("login"),
        {"username": username, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another(
    client, settings, keyworker
):
    settings.TRUSTED_PROXY_COUNT = 1
    for _ in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(
            client, keyworker.username, "wrong-password", forwarded_for="198.51.100.1"
        )

    owner = through_proxy(
        client, keyworker.username, PASSWORD, forwarded_for="192.0.2.44"
    )
    attacker = through_proxy(
        client, keyworker.username, PASSWORD, forwarded_for="198.51.100.1"
    )

    assert owner.status_code == 302
    assert attacker.status_code == 429


def test_a_made_up_forwarded_for_does_not_dodge_the_lockout(
    client, settings, keyworker
):
    # The client may send any X-Forwarded-For; our proxy appends the address it
    # saw, and only that last entry is believed.
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(settings.AXES_FAILURE_LIMIT):
        through_proxy(
            client,
            keyworker.username,
            "wrong-password",
            forwarded_for=f"203.0.113.{n}, 198.51.100.1",
        )

    response = through_proxy(
        client, keyworker.username, PASSWORD, forwarded_for="192.0.2.99, 198.51.100.1"
    )

    assert response.status_code == 429


def test_without_a_trusted_proxy_forwarded_for_is_ignored(client, settings, keyworker):
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": keyworker.username, "password": "wrong-password"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )

    response = attempt(client, keyworker.username, PASSWORD)

    assert response.status_code == 429


def session_expiry(client) -> datetime.datetime:
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return Session.objects.get(session_key=key).expire_date


def test_a_session_idle_for_thirty_minutes_has_ended(client, keyworker):
    with time_machine.travel(NINE_AM, tick=False) as clock:
        client.force_login(keyworker)
        clock.shift(datetime.timedelta(minutes=31))

        response = client.get(reverse("caseload:my-caseload"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_activity_keeps_the_session_alive_past_thirty_minutes(client, keyworker):
    with time_machine.travel(NINE_AM, tick=False) as clock:
        client.force_login(keyworker)
        for _ in range(4):  # active every 20 minutes for 80 minutes
            clock.shift(datetime.timedelta(minutes=20))
            assert client.get(reverse("caseload:my-caseload")).status_code == 200


def test_the_session_is_written_at_most_once_a_minute(client, keyworker):
    with time_machine.travel(NINE_AM, tick=False) as clock:
        client.force_login(keyworker)
        client.get(reverse("caseload:my-caseload"))
        first = session_expiry(client)
        clock.shift(datetime.timedelta(seconds=30))
        client.get(reverse("caseload:my-caseload"))
        unchanged = session_expiry(client)
        clock.shift(datetime.timedelta(seconds=40))
        client.get(reverse("caseload:my-caseload"))

        assert unchanged == first
        assert session_expiry(client) == first + datetime.timedelta(seconds=70)


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
    assert "camera=()" in response["Permissions-Policy"]


def test_signed_in_pages_are_never_stored_by_a_browser_or_proxy(
    client, keyworker, participant
):
    client.force_login(keyworker)

    response = client.get(reverse("caseload:participant-detail", args=[participant.pk]))

    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


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
