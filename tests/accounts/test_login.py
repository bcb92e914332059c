"""Signing in, landing on the role's home page, and the password pages."""

import pytest
from django.core import mail
from django.urls import reverse

from accounts import two_factor
from tests.conftest import current_code, enrolled_device
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db

ROLE_HOMES = [
    ("keyworker", "inwork_support:today", "Check-ins due and overdue"),
    ("iwso", "inwork_support:today", "Check-ins due and overdue"),
    ("partner_manager", "reporting:partner-dashboard", "team dashboard"),
    ("programme_manager", "reporting:programme-dashboard", "Programme dashboard"),
    ("employer_contact", "employers:portal-home", "Harbour Café Group"),
    ("admin_user", "admin:index", "Site administration"),
]


@pytest.mark.parametrize(("persona", "home", "text"), ROLE_HOMES)
def test_each_role_lands_on_its_own_home(client, request, persona, home, text):
    user = request.getfixturevalue(persona)
    device = enrolled_device(user) if two_factor.is_required_for(user) else None

    response = client.post(
        reverse("login"),
        {"username": user.username, "password": PASSWORD},
        follow=True,
    )
    if device is not None:  # managers and admins pass the second step first
        assert response.redirect_chain[-1][0].startswith(
            reverse("accounts:two-factor-verify")
        )
        response = client.post(
            response.redirect_chain[-1][0], {"token": current_code(device)}, follow=True
        )

    assert response.redirect_chain[-1][0] == reverse(home)
    assert response.status_code == 200
    assert text in response.content.decode()


def test_wrong_password_is_refused_with_a_message_and_keeps_the_username(
    client, keyworker
):
    response = client.post(
        reverse("login"), {"username": "kw", "password": "not-the-password"}
    )

    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert 'value="kw"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_anonymous_visitor_is_sent_to_sign_in(client):
    response = client.get(reverse("accounts:home"))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_sign_out_ends_the_session(client, keyworker):
    client.force_login(keyworker)

    response = client.post(reverse("logout"))

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_password_change_needs_the_old_password(client, keyworker):
    client.force_login(keyworker)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "wrong",
            "new_password1": "a-new-long-passphrase",
            "new_password2": "a-new-long-passphrase",
        },
    )

    assert response.status_code == 200
    assert "Your old password was entered incorrectly" in response.content.decode()
    keyworker.refresh_from_db()
    assert keyworker.check_password(PASSWORD)


def test_password_change_rejects_a_short_password(client, keyworker):
    client.force_login(keyworker)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "short",
            "new_password2": "short",
        },
    )

    assert "This password is too short" in response.content.decode()


def test_password_reset_emails_a_working_link(client, keyworker, settings):
    settings.SITE_URL = "https://keywork.example.org"
    response = client.post(
        reverse("password_reset"), {"email": keyworker.email}, follow=True
    )

    assert "Check your email" in response.content.decode()
    assert len(mail.outbox) == 1
    link = next(line for line in mail.outbox[0].body.splitlines() if "/reset/" in line)
    assert link.startswith(settings.SITE_URL)
    page = client.get(link.strip().removeprefix(settings.SITE_URL), follow=True)
    assert "Set a new password" in page.content.decode()
