"""What a UK reader notices: no "None", "Go-to person", 37 hours not 37.0.

Every page the permission matrix lets each role open is rendered with the
matrix's own scenario (whose job is 24.0 hours a week) and read as text.
"""

import re
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.staticfiles import finders
from django.urls import reverse

from accounts.formats import hours, recorded_value
from tests.permission_matrix import MATRIX, ROLES
from tests.test_permission_matrix import client_for, send, world  # noqa: F401

pytestmark = pytest.mark.django_db

# Python's None shown as a value: alone in an element, or in an audit change.
NONE_SHOWN = re.compile(r">\s*None\s*<|None →|→ None|\.None\b")
# The scenario's job is 24.0 hours a week. The audit trail is exempt: it shows
# each field as stored, by its field name.
HOURS_WITH_POINT_ZERO = re.compile(r"\b24\.0\b")
STORED_AS_IS = {"records:participant-audit"}


def pages(world):  # noqa: F811
    """Yield (role, URL name, HTML) for every page each role may open."""
    for role in ROLES:
        client = client_for(world, role)
        for name, case in MATRIX.items():
            if case.get[role] != "ok":
                continue
            response = send(client, "get", reverse(name, kwargs=case.args(world)))
            if response.get("Content-Type", "").startswith("text/html"):
                yield role, name, response.content.decode()


def test_no_page_shows_none_or_hours_as_37_0_or_go_to_without_its_hyphen(world):  # noqa: F811
    found = []
    for role, name, html in pages(world):
        for what, pattern in (
            ("None", NONE_SHOWN),
            ("24.0 hours", HOURS_WITH_POINT_ZERO),
            ("Go to person", re.compile(r"Go to person", re.IGNORECASE)),
        ):
            if what == "24.0 hours" and name in STORED_AS_IS:
                continue
            if match := pattern.search(html):
                start = max(match.start() - 60, 0)
                found.append(f"{name} as {role}: {what}: {html[start : match.end()]!r}")

    assert not found, "\n".join(found)


@pytest.mark.parametrize(
    ("given", "shown"),
    [
        (Decimal("37.0"), "37"),
        (Decimal("37.5"), "37.5"),
        (Decimal("37.50"), "37.5"),
        (Decimal("40"), "40"),
        (16, "16"),
        (None, ""),
    ],
)
def test_hours_are_written_without_a_trailing_zero(given, shown):
    assert hours(given) == shown


@pytest.mark.parametrize(
    ("given", "shown"),
    [("None", "—"), ("", "—"), (None, "—"), ("caseload.Action.None", "—"), ("0", "0")],
)
def test_the_audit_trail_writes_no_value_as_a_dash(given, shown):
    assert recorded_value(given) == shown


def test_the_go_to_form_says_go_to_person(client, world):  # noqa: F811
    client = client_for(world, "keyworker")

    page = send(
        client, "get", reverse("employers:go-to-edit", args=[world.employer.pk])
    )

    assert "Go-to person" in page.content.decode()


def test_every_page_names_a_favicon_that_is_served(client):
    page = client.get(reverse("login")).content.decode()

    [href] = re.findall(r'<link rel="icon" href="([^"]+)"', page)
    assert href.endswith("favicon.svg")
    assert finders.find("favicon.svg")


@pytest.mark.parametrize(
    ("name", "role"),
    [
        ("reporting:partner-dashboard", "partner_manager"),
        ("reporting:programme-dashboard", "programme_manager"),
    ],
)
def test_what_the_numbers_mean_is_a_clear_link(world, name, role):  # noqa: F811
    page = send(client_for(world, role), "get", reverse(name)).content.decode()

    [link] = re.findall(r'<a class="([^"]+)"[^>]*>What the numbers mean</a>', page)
    assert "secondary" not in link


def test_no_field_is_named_go_to_without_its_hyphen():
    """Labels Django makes from field names (admin, forms) say "go-to person"."""
    names = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if "go to" in str(getattr(field, "verbose_name", "")).lower()
    ]

    assert not names
