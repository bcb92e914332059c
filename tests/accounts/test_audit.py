"""Changes to users, roles, partners and authenticators are audited, never secrets."""

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.auth.models import Group
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_role_change_is_in_the_trail_with_who_made_it(keyworker, admin_user):
    with set_actor(admin_user):
        keyworker.role = Role.PARTNER_MANAGER
        keyworker.save()

    entry = LogEntry.objects.get_for_object(keyworker).get(
        action=LogEntry.Action.UPDATE
    )
    assert entry.actor == admin_user
    assert entry.changes == {"role": [Role.KEYWORKER, Role.PARTNER_MANAGER]}


def test_a_new_user_is_in_the_trail_without_their_password_hash():
    user = UserFactory(username="newstarter")

    created = LogEntry.objects.get_for_object(user).get()
    assert created.action == LogEntry.Action.CREATE
    assert created.changes["username"] == ["None", "newstarter"]
    assert "password" not in created.changes


def test_a_password_change_or_sign_in_adds_nothing_to_the_trail(keyworker, client):
    before = LogEntry.objects.count()

    keyworker.set_password("a new long passphrase")
    keyworker.save()
    client.force_login(keyworker)

    assert LogEntry.objects.count() == before


def test_joining_a_group_is_in_the_trail(keyworker):
    group = Group.objects.create(name="Report writers")

    keyworker.groups.add(group)

    entry = LogEntry.objects.get_for_object(keyworker).latest("pk")
    assert entry.changes["groups"]["objects"] == ["Report writers"]


def test_an_authenticator_is_in_the_trail_without_its_secret(keyworker):
    device = TOTPDevice.objects.create(user=keyworker, name="phone", confirmed=True)

    created = LogEntry.objects.get_for_object(device).get()
    assert set(created.changes) == {"user", "name", "confirmed"}
    assert device.key not in str(created.changes)


def test_a_partner_change_is_in_the_trail(partner, admin_user):
    with set_actor(admin_user):
        partner.caseload_cap = 30
        partner.save()

    entry = LogEntry.objects.get_for_object(partner).latest("pk")
    assert (entry.actor, entry.action) == (admin_user, LogEntry.Action.UPDATE)
    assert entry.changes["caseload_cap"][1] == "30"
