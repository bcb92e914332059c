"""Invitation emails link to the site's own address, never a development default."""

import pytest
from django.urls import reverse

from employers.models import EmployerContact

pytestmark = pytest.mark.django_db


def test_the_invitation_link_starts_with_the_site_url(
    client,
    settings,
    keyworker,
    employer,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = "https://keywork.example.org"
    contact = EmployerContact.objects.create(
        employer=employer, name="Priya Shah", email="priya.shah@harbour.example"
    )
    client.force_login(keyworker)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("employers:contact-invite", args=[contact.pk]))

    assert "https://keywork.example.org/employers/portal/welcome/" in (
        mailoutbox[-1].body
    )
    assert "127.0.0.1" not in mailoutbox[-1].body
