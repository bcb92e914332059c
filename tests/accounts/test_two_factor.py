"""Two-step sign-in: required for managers and admins, optional for others."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import current_code
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def sign_in(client, user):
    return client.post(
        reverse("login"), {"username": user.username, "password": PASSWORD}
    )


@pytest.mark.parametrize(
    "persona", ["partner_manager", "programme_manager", "admin_user"]
)
def test_roles_that_must_use_it_are_sent_to_set_it_up(client, request, persona):
    user = request.getfixturevalue(persona)
    sign_in(client, user)

    response = client.get(user.home_url())

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:two-factor-setup"))


def test_a_keyworker_without_it_goes_straight_in(client, keyworker):
    sign_in(client, keyworker)

    response = client.get(keyworker.home_url())

    assert response.status_code == 200


def test_setting_it_up_with_the_right_code_lets_the_manager_in(client, partner_manager):
    sign_in(client, partner_manager)
    client.get(reverse("accounts:two-factor-setup"))
    device = TOTPDevice.objects.get(user=partner_manager)

    response = client.post(
        reverse("accounts:two-factor-setup") + "?next=/reports/team/",
        {"password": PASSWORD, "token": current_code(device)},
    )

    assert response.status_code == 302
    assert response.url == "/reports/team/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(partner_manager.home_url()).status_code == 200


def test_a_wrong_code_is_refused_with_a_message(client, partner_manager):
    sign_in(client, partner_manager)
    client.get(reverse("accounts:two-factor-setup"))

    response = client.post(
        reverse("accounts:two-factor-setup"), {"password": PASSWORD, "token": "000000"}
    )

    assert response.status_code == 200
    assert "That code did not match" in response.content.decode()
    assert not TOTPDevice.objects.get(user=partner_manager).confirmed


def test_letters_in_the_code_are_refused(client, partner_manager):
    sign_in(client, partner_manager)

    response = client.post(
        reverse("accounts:two-factor-setup"), {"password": PASSWORD, "token": "12a456"}
    )

    assert "The code is 6 digits" in response.content.decode()


def test_an_enrolled_user_is_asked_for_a_code_at_every_sign_in(client, keyworker):
    device = TOTPDevice.objects.create(user=keyworker, name="phone", confirmed=True)
    sign_in(client, keyworker)

    blocked = client.get(keyworker.home_url())
    client.post(reverse("accounts:two-factor-verify"), {"token": current_code(device)})
    allowed = client.get(keyworker.home_url())

    assert blocked.status_code == 302
    assert blocked.url.startswith(reverse("accounts:two-factor-verify"))
    assert allowed.status_code == 200


def test_verify_refuses_a_wrong_code(client, keyworker):
    TOTPDevice.objects.create(user=keyworker, name="phone", confirmed=True)
    sign_in(client, keyworker)

    response = client.post(reverse("accounts:two-factor-verify"), {"token": "000000"})

    assert "That code did not match" in response.content.decode()
    assert client.get(keyworker.home_url()).status_code == 302


def test_next_cannot_send_the_user_to_another_site(client, keyworker):
    device = TOTPDevice.objects.create(user=keyworker, name="phone", confirmed=True)
    sign_in(client, keyworker)

    response = client.post(
        reverse("accounts:two-factor-verify") + "?next=https://evil.example/",
        {"token": current_code(device)},
    )

    assert response.url == keyworker.home_url()
