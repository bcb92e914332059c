"""Inviting an employer contact to the portal, and setting their password."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Role, User
from employers.models import EmployerContact
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "tea-and-toast-2026"


@pytest.fixture
def new_contact(employer):
    return EmployerContact.objects.create(
        employer=employer, name="Priya Shah", email="Priya.Shah@harbour.example"
    )


def _invite(client, keyworker, contact, callbacks):
    client.force_login(keyworker)
    with callbacks(execute=True):
        return client.post(reverse("employers:contact-invite", args=[contact.pk]))


def _link(mailoutbox):
    return re.search(r"http://\S+/employers/portal/welcome/\S+/", mailoutbox[-1].body)[
        0
    ]


def test_inviting_creates_a_portal_login_without_a_password_and_emails_a_link(
    client, keyworker, new_contact, mailoutbox, django_capture_on_commit_callbacks
):
    response = _invite(
        client, keyworker, new_contact, django_capture_on_commit_callbacks
    )

    assert response.status_code == 302
    new_contact.refresh_from_db()
    user = new_contact.user
    assert user.role == Role.EMPLOYER_CONTACT
    assert user.username == "priya.shah@harbour.example"
    assert user.delivery_partner is None
    assert not user.has_usable_password()
    assert new_contact.invited_at is not None
    assert mailoutbox[0].to == ["Priya.Shah@harbour.example"]
    assert "/employers/portal/welcome/" in mailoutbox[0].body


def test_the_link_sets_the_password_and_signs_the_contact_in(
    client, keyworker, new_contact, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(client, keyworker, new_contact, django_capture_on_commit_callbacks)
    client.logout()

    page = client.get(_link(mailoutbox), follow=True)
    assert "Choose your password" in page.content.decode()
    done = client.post(
        page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )

    assert done.request["PATH_INFO"] == reverse("employers:portal-home")
    assert "Harbour Café Group" in done.content.decode()
    assert User.objects.get(username="priya.shah@harbour.example").check_password(
        NEW_PASSWORD
    )


def test_a_used_link_gives_a_clear_page(
    client, keyworker, new_contact, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(client, keyworker, new_contact, django_capture_on_commit_callbacks)
    client.logout()
    link = _link(mailoutbox)
    page = client.get(link, follow=True)
    client.post(
        page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    client.logout()

    again = client.get(link, follow=True)

    assert "This link no longer works" in again.content.decode()


def test_an_expired_link_gives_a_clear_page(
    client, keyworker, new_contact, mailoutbox, django_capture_on_commit_callbacks
):
    start = datetime.datetime(2026, 4, 14, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start):
        _invite(client, keyworker, new_contact, django_capture_on_commit_callbacks)
    client.logout()

    with time_machine.travel(start + datetime.timedelta(days=4)):
        page = client.get(_link(mailoutbox), follow=True)

    assert "This link no longer works" in page.content.decode()
    assert "expired or has already been used" in page.content.decode()


def test_a_weak_password_is_refused_on_the_set_password_page(
    client, keyworker, new_contact, mailoutbox, django_capture_on_commit_callbacks
):
    _invite(client, keyworker, new_contact, django_capture_on_commit_callbacks)
    client.logout()
    page = client.get(_link(mailoutbox), follow=True)

    response = client.post(
        page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"}
    )

    assert response.status_code == 200
    assert "too short" in response.content.decode()


def test_a_contact_who_has_a_password_cannot_be_invited_again(
    client,
    keyworker,
    employer,
    employer_contact,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    contact = employer_contact.employer_contact

    response = _invite(client, keyworker, contact, django_capture_on_commit_callbacks)

    assert not mailoutbox
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == [f"{contact.name} already has a portal login."]


def test_an_email_already_used_for_a_login_is_refused(
    client, keyworker, new_contact, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(username="priya.shah@harbour.example")

    _invite(client, keyworker, new_contact, django_capture_on_commit_callbacks)

    new_contact.refresh_from_db()
    assert new_contact.user is None
    assert not mailoutbox


def test_a_contact_without_email_cannot_be_invited(
    client, keyworker, employer, django_capture_on_commit_callbacks
):
    contact = EmployerContact.objects.create(employer=employer, name="No Email")

    _invite(client, keyworker, contact, django_capture_on_commit_callbacks)

    contact.refresh_from_db()
    assert contact.user is None
