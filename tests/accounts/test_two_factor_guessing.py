"""Two-step sign-in against someone who has only the password: enrolling needs the
owner's proof, guessing codes is slow, and the owner is never locked out for long."""

import datetime

import pytest
import time_machine
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from tests.conftest import current_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
NINE_AM = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
SETUP = "accounts:two-factor-setup"
VERIFY = "accounts:two-factor-verify"
ATTACKER = "198.51.100.1"
OWNER = "192.0.2.44"


def sign_in(client, user, address=OWNER):
    return client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD},
        REMOTE_ADDR=address,
    )


def enter_code(client, code, address=OWNER):
    return client.post(reverse(VERIFY), {"token": code}, REMOTE_ADDR=address)


def test_enrolling_asks_for_the_password_again(client, partner_manager):
    sign_in(client, partner_manager)
    client.get(reverse(SETUP))
    device = TOTPDevice.objects.get(user=partner_manager)

    refused = client.post(
        reverse(SETUP), {"password": "not-my-password", "token": current_code(device)}
    )
    missing = client.post(reverse(SETUP), {"token": current_code(device)})

    assert "That is not the password for your account" in refused.content.decode()
    assert "This field is required" in missing.content.decode()
    device.refresh_from_db()
    assert not device.confirmed


def test_adding_an_authenticator_needs_a_code_from_the_one_in_use(
    client, partner_manager
):
    client.force_login(partner_manager)  # signed in and past the second step
    phone = TOTPDevice.objects.get(user=partner_manager, confirmed=True)
    page = client.get(reverse(SETUP))
    new = TOTPDevice.objects.get(user=partner_manager, confirmed=False)

    alone = client.post(reverse(SETUP), {"token": current_code(new)})
    wrong = client.post(
        reverse(SETUP), {"current_token": "000000", "token": current_code(new)}
    )
    new.refresh_from_db()
    assert not new.confirmed
    with time_machine.travel(datetime.timedelta(seconds=2)):
        added = client.post(
            reverse(SETUP),
            {"current_token": current_code(phone), "token": current_code(new)},
        )

    assert "the authenticator you already use" in page.content.decode()
    assert "This field is required" in alone.content.decode()
    assert "That code did not match" in wrong.content.decode()
    assert added.status_code == 302
    new.refresh_from_db()
    assert new.confirmed


def test_five_wrong_codes_sign_out_and_pause_that_address_only(
    client, settings, keyworker
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the per-address rule on its own
    device = TOTPDevice.objects.create(user=keyworker, name="phone", confirmed=True)
    sign_in(client, keyworker, ATTACKER)

    answers = [
        enter_code(client, "000000", ATTACKER).status_code
        for _ in range(two_factor.WRONG_ANSWER_LIMIT)
    ]
    signed_out = "_auth_user_id" not in client.session
    sign_in(client, keyworker, ATTACKER)
    still_paused = enter_code(client, current_code(device), ATTACKER)
    sign_in(client, keyworker, OWNER)
    owner = enter_code(client, current_code(device), OWNER)

    assert answers == [200, 200, 200, 200, 429]
    assert signed_out
    assert still_paused.status_code == 429
    assert "paused" in still_paused.content.decode()
    assert owner.status_code == 302
    assert client.get(keyworker.home_url()).status_code == 200


def test_wrong_passwords_when_enrolling_count_towards_the_pause(
    client, partner_manager
):
    sign_in(client, partner_manager)
    client.get(reverse(SETUP))

    answers = [
        client.post(
            reverse(SETUP), {"password": "guess", "token": "123456"}, REMOTE_ADDR=OWNER
        ).status_code
        for _ in range(two_factor.WRONG_ANSWER_LIMIT)
    ]

    assert answers == [200, 200, 200, 200, 429]
    assert "_auth_user_id" not in client.session


def test_many_wrong_codes_from_many_addresses_hold_the_owner_up_a_minute_at_most(
    client, keyworker
):
    # django-otp alone would make the owner wait 2**(n-1) seconds after n wrong
    # codes: 34 minutes after 12, days after 20.
    device = TOTPDevice.objects.create(user=keyworker, name="phone", confirmed=True)
    with time_machine.travel(NINE_AM, tick=False) as clock:
        for n in range(12):
            # Each guess after django-otp's wait, from an address of its own.
            clock.shift(datetime.timedelta(seconds=2**n + 1))
            sign_in(client, keyworker, f"203.0.113.{n}")
            enter_code(client, "000000", f"203.0.113.{n}")
        device.refresh_from_db()
        waiting_right_after = two_factor.is_waiting(keyworker)
        clock.shift(datetime.timedelta(seconds=65))
        sign_in(client, keyworker, OWNER)
        owner = enter_code(client, current_code(device), OWNER)

    assert waiting_right_after
    assert owner.status_code == 302


def test_a_code_sent_while_waiting_is_not_checked_and_says_so(client, keyworker):
    device = TOTPDevice.objects.create(user=keyworker, name="phone", confirmed=True)
    with time_machine.travel(NINE_AM, tick=False):
        sign_in(client, keyworker)
        enter_code(client, "000000")
        response = enter_code(client, current_code(device))

    assert response.status_code == 200
    assert "this one was not checked" in response.content.decode()


def test_the_owner_is_emailed_once_when_their_password_is_used_to_guess_codes(
    client, settings, keyworker, mailoutbox, django_capture_on_commit_callbacks
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.SITE_URL = "https://keywork.example.org"
    TOTPDevice.objects.create(user=keyworker, name="phone", confirmed=True)
    sign_in(client, keyworker, ATTACKER)

    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(two_factor.WRONG_ANSWER_LIMIT + 2):
            enter_code(client, "000000", ATTACKER)

    assert [email.to for email in mailoutbox] == [[keyworker.email]]
    assert ATTACKER in mailoutbox[0].body
    assert "https://keywork.example.org/accounts/password_change/" in (
        mailoutbox[0].body
    )
