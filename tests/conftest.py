"""The fixed cast of personas, and the gate for tests that need the real stack.

On a bare machine, a test that needs PostgreSQL, Redis or Chromium is skipped with
a message naming what is missing. CI sets KEYWORK_REQUIRE_REAL_STACK=1, which turns
every such skip into a failure.
"""

import base64
import os
import re
import shutil
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.db.models.sql.compiler import SQLCompiler
from django.http import HttpRequest
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import Role
from config.prepared import _PREPARED_ON, PreparedQuery
from tests.factories import (
    PASSWORD,
    DeliveryPartnerFactory,
    EmployerContactFactory,
    ParticipantFactory,
    UserFactory,
)

# Playwright drives the browser from the test thread while live_server serves.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

REQUIRE_REAL_STACK = os.environ.get("KEYWORK_REQUIRE_REAL_STACK") == "1"
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


def missing(what: str) -> None:
    """Skip on a bare machine; fail where the real stack is required (CI)."""
    if REQUIRE_REAL_STACK:
        pytest.fail(f"{what} is required here (KEYWORK_REQUIRE_REAL_STACK=1).")
    pytest.skip(f"{what} is not available on this machine.")


@pytest.fixture
def postgresql() -> None:
    """For a test of what only PostgreSQL does (prepared statements): skipped on a
    bare machine's SQLite, failed in CI."""
    if connection.vendor != "postgresql":
        missing(f"PostgreSQL (tests are running on {connection.vendor})")


def prepared_as(*statements) -> tuple[str, ...]:
    """Return the names this connection prepared these statements under (those
    of config.prepared.statement, and any PreparedQuery's), as its runs start:
    "EXECUTE <name> ", for str.startswith."""
    on_connection = _PREPARED_ON.get(connection.connection, {})
    for query in [s for s in statements if isinstance(s, PreparedQuery)]:
        statements += tuple(
            getattr(compiled, "statement", None)
            for compiled in query._compiled.values()
        )
    return tuple(
        f"EXECUTE {on_connection[s]} " for s in statements if s in on_connection
    )


def statement_text(sql: str) -> str:
    """Return what `sql` runs: for an EXECUTE of a statement this connection
    prepared, the statement as PostgreSQL keeps it."""
    if not sql.startswith("EXECUTE "):
        return sql
    name = sql.split()[1]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT statement FROM pg_prepared_statements WHERE name = %s", [name]
        )
        return cursor.fetchone()[0]


def compiling(monkeypatch) -> list:
    """From now on, list the model of every query the ORM compiles."""
    compiled = []
    original = SQLCompiler.as_sql

    def counting(self, *args, **kwargs):
        compiled.append(self.query.model)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(SQLCompiler, "as_sql", counting)
    return compiled


class KeyworkClient(Client):
    """Django's test client, signing in the way the app does."""

    def login(self, **credentials) -> bool:
        # django-axes judges each attempt by the request that carries it.
        credentials.setdefault("request", HttpRequest())
        return super().login(**credentials)

    def force_login(self, user, backend=None) -> None:
        """Sign in; for roles that must use two-step sign-in, as if they passed it."""
        super().force_login(user, backend)
        if two_factor.is_required_for(user):
            device = enrolled_device(user)
            session = self.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session[two_factor.ENROLLED_SESSION_KEY] = True
            session.save()


def enrolled_device(user) -> TOTPDevice:
    """Return the user's confirmed authenticator, enrolling one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, digits=device.digits):06d}"


def browser_sign_in(page, base_url: str, user, password: str = PASSWORD) -> None:
    """Sign in through the real pages, second step included.

    A user who has not enrolled goes through set-up: the test reads the key shown
    for typing in by hand and computes the code, as an authenticator app would.
    """
    page.goto(f"{base_url}/accounts/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    if not two_factor.is_required_for(user):
        return
    page.wait_for_url(re.compile(r"/two-step/"))
    if "/setup/" in page.url:
        # Enrolling asks for the password again.
        page.get_by_label("Your password").fill(password)
        key = base64.b32decode(page.locator("details code").text_content().strip())
        code = f"{totp(key):06d}"
    else:
        code = current_code(enrolled_device(user))
    page.get_by_label(
        re.compile(r"6-digit code from (your|the new) authenticator")
    ).fill(code)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(lambda url: "/two-step/" not in url)


def sign_in_context(context, base_url: str, user) -> None:
    """Give a browser context a session signed in as `user`, second step included.

    For tests about pages, not about signing in (browser_sign_in plays that).
    """
    client = KeyworkClient()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])


@pytest.fixture
def client() -> KeyworkClient:
    return KeyworkClient()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttles(settings):
    """Each test starts with fresh counts in accounts.throttle."""
    settings.CACHES = {
        **settings.CACHES,
        "throttle": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"throttle-{uuid.uuid4().hex}",
        },
    }


@pytest.fixture(autouse=True)
def _fresh_programme_figures(settings):
    """Each test computes the figures from its own data (caching has its own test)."""
    settings.PROGRAMME_FIGURES_CACHE_SECONDS = 0


@pytest.fixture
def redis_url() -> str:
    """Return the URL of a reachable Redis, or skip/fail naming what is missing."""
    import redis

    url = os.environ.get("REDIS_URL", "")
    if not url:
        missing("Redis (REDIS_URL is not set)")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        missing(f"Redis at {url} ({error})")
    return url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium; Playwright may not download its own browser."""
    if not shutil.which(CHROMIUM):
        missing(f"Chromium ({CHROMIUM})")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


# A UK user's browser: date inputs read dd/mm/yyyy and times are London's.
# Tests that open contexts with browser.new_context() can pass **UK_BROWSER.
UK_BROWSER = {"locale": "en-GB", "timezone_id": "Europe/London"}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """Every page fixture's context is a UK browser (headless Chromium is en-US)."""
    return {**browser_context_args, **UK_BROWSER}


@pytest.fixture
def screenshot_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


# The cast. "partner" is where most stories happen; "other_partner" must never leak.


@pytest.fixture
def partner():
    return DeliveryPartnerFactory(name="Northside Futures")


@pytest.fixture
def other_partner():
    return DeliveryPartnerFactory(name="Riverside Works")


@pytest.fixture
def keyworker(partner):
    return UserFactory(
        username="kw", first_name="Amira", role=Role.KEYWORKER, delivery_partner=partner
    )


@pytest.fixture
def other_keyworker(partner):
    """A keyworker at the same partner, with a caseload of their own."""
    return UserFactory(
        username="kw-colleague", role=Role.KEYWORKER, delivery_partner=partner
    )


@pytest.fixture
def keyworker_elsewhere(other_partner):
    """A keyworker at another delivery partner."""
    return UserFactory(
        username="kw-elsewhere", role=Role.KEYWORKER, delivery_partner=other_partner
    )


@pytest.fixture
def iwso(partner):
    return UserFactory(
        username="iwso", role=Role.IN_WORK_SUPPORT_OFFICER, delivery_partner=partner
    )


@pytest.fixture
def partner_manager(partner):
    return UserFactory(
        username="pm", role=Role.PARTNER_MANAGER, delivery_partner=partner
    )


@pytest.fixture
def other_partner_manager(other_partner):
    return UserFactory(
        username="pm-elsewhere",
        role=Role.PARTNER_MANAGER,
        delivery_partner=other_partner,
    )


@pytest.fixture
def programme_manager():
    return UserFactory(
        username="prog", role=Role.PROGRAMME_MANAGER, delivery_partner=None
    )


@pytest.fixture
def admin_user():
    return UserFactory(
        username="admin",
        role=Role.ADMIN,
        delivery_partner=None,
        is_staff=True,
        is_superuser=True,
    )


@pytest.fixture
def employer_contact():
    return EmployerContactFactory(
        user__username="boss", employer__name="Harbour Café Group"
    ).user


@pytest.fixture
def other_employer_contact():
    return EmployerContactFactory(
        user__username="boss-elsewhere", employer__name="Greenline Logistics"
    ).user


@pytest.fixture
def participant(keyworker):
    return ParticipantFactory(keyworker=keyworker, first_name="Jade", last_name="Jones")


@pytest.fixture
def other_participant(other_keyworker):
    return ParticipantFactory(
        keyworker=other_keyworker, first_name="Owen", last_name="Nolan"
    )


@pytest.fixture
def participant_elsewhere(keyworker_elsewhere):
    return ParticipantFactory(
        keyworker=keyworker_elsewhere, first_name="Rhys", last_name="Roberts"
    )
