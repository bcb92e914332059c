"""Settings come from the environment; production refuses to start unsafely."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.conftest import missing

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-long-random-production-secret-for-tests-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "keywork.example.org",
    "SITE_URL": "https://keywork.example.org",
}
PRINT_SETTINGS = """
import json, django
from django.conf import settings
django.setup()
print(json.dumps({
    "debug": settings.DEBUG,
    "engine": settings.DATABASES["default"]["ENGINE"],
    "db_name": settings.DATABASES["default"]["NAME"],
    "broker": settings.CELERY_BROKER_URL,
    "hosts": settings.ALLOWED_HOSTS,
    "email": settings.EMAIL_BACKEND,
    "tz": settings.TIME_ZONE,
    "lang": settings.LANGUAGE_CODE,
    "secure_cookies": getattr(settings, "SESSION_COOKIE_SECURE", False),
    "hsts": getattr(settings, "SECURE_HSTS_SECONDS", 0),
}))
"""


def environment(**env: str) -> dict[str, str]:
    """Return this process's environment without test-only or stack settings."""
    dropped = {"DATABASE_URL", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    clean = {k: v for k, v in os.environ.items() if k not in dropped}
    return {**clean, "DJANGO_SETTINGS_MODULE": "config.settings", **env}


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment(**env),
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_under(**env: str) -> dict:
    result = run_python(PRINT_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_bare_machine_defaults_to_sqlite_and_embedded_broker():
    loaded = settings_under(REDIS_URL="")

    assert loaded["engine"] == "django.db.backends.sqlite3"
    assert loaded["db_name"].endswith("var/keywork.sqlite3")
    assert loaded["broker"] == "filesystem://"
    assert loaded["email"] == "django.core.mail.backends.console.EmailBackend"
    assert loaded["tz"] == "Europe/London"
    assert loaded["lang"] == "en-gb"


def test_settings_follow_the_environment():
    loaded = settings_under(
        DATABASE_URL="postgres://keywork:secret@db.internal:5432/keywork",
        REDIS_URL="redis://cache.internal:6379/2",
        EMAIL_URL="smtp://mailer:pw@smtp.internal:587",
        **PRODUCTION_ENV,
    )

    assert loaded["debug"] is False
    assert loaded["engine"] == "django.db.backends.postgresql"
    assert loaded["db_name"] == "keywork"
    assert loaded["broker"] == "redis://cache.internal:6379/2"
    assert loaded["hosts"] == ["keywork.example.org"]
    assert loaded["email"] == "django.core.mail.backends.smtp.EmailBackend"
    assert loaded["secure_cookies"] is True
    assert loaded["hsts"] >= 31536000


PRINT_STORAGE = """
import json, django
django.setup()
from django.core.files.storage import storages
s = storages["default"]
print(json.dumps({
    "class": type(s).__module__ + "." + type(s).__name__,
    "bucket": getattr(s, "bucket_name", None),
    "endpoint": getattr(s, "endpoint_url", None),
    "acl": getattr(s, "default_acl", None),
    "overwrite": getattr(s, "file_overwrite", None),
    "signed": getattr(s, "querystring_auth", None),
}))
"""


def storage_under(**env: str) -> dict:
    result = run_python(PRINT_STORAGE, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_evidence_files_stay_on_local_disk_unless_a_bucket_is_named():
    assert storage_under(**PRODUCTION_ENV)["class"] == (
        "django.core.files.storage.filesystem.FileSystemStorage"
    )


def test_a_named_bucket_keeps_evidence_in_private_s3_compatible_storage():
    loaded = storage_under(
        EVIDENCE_BUCKET="keywork-evidence",
        S3_ENDPOINT_URL="https://s3.example.org",
        **PRODUCTION_ENV,
    )

    assert loaded == {
        "class": "storages.backends.s3.S3Storage",
        "bucket": "keywork-evidence",
        "endpoint": "https://s3.example.org",
        "acl": "private",
        "overwrite": False,
        "signed": True,
    }


def test_production_refuses_to_start_without_a_secret_key():
    result = run_python(PRINT_SETTINGS, DEBUG="false", SECRET_KEY="")

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize("site_url", ["", "http://keywork.example.org"])
def test_production_refuses_to_start_without_its_https_site_url(site_url):
    # Links in invitation and reset emails are built from it: the development
    # default pointed them at 127.0.0.1:8000.
    result = run_python(PRINT_SETTINGS, **{**PRODUCTION_ENV, "SITE_URL": site_url})

    assert result.returncode != 0
    assert "SITE_URL must be set" in result.stderr


def test_check_deploy_with_production_env_is_clean():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=environment(**PRODUCTION_ENV),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.django_db
def test_tests_run_on_postgresql_where_the_real_stack_is_required():
    if connection.vendor != "postgresql":
        missing(f"PostgreSQL (tests are running on {connection.vendor})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        (version,) = cursor.fetchone()

    assert version.startswith("PostgreSQL")


PRINT_HEADERS = """
import json, django
django.setup()
from django.test import Client
client = Client(HTTP_HOST="keywork.example.org")
page = client.get("/accounts/login/", secure=True)
plain = client.get("/accounts/login/")
cookie = page.cookies["csrftoken"]
print(json.dumps({
    "status": page.status_code,
    "headers": dict(page.headers),
    "csrf_cookie_secure": bool(cookie["secure"]),
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location", ""),
}))
"""


def test_production_pages_carry_the_security_headers(tmp_path):
    # Production serves hashed static files: collect them first, into a folder
    # of this test's own. SQLite in memory: the sign-in page reads no table.
    production = {
        "DATABASE_URL": "sqlite://:memory:",
        "STATIC_ROOT": str(tmp_path),
        **PRODUCTION_ENV,
    }
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=environment(**production),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert collected.returncode == 0, collected.stderr
    result = run_python(PRINT_HEADERS, **production)
    assert result.returncode == 0, result.stderr
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    headers = {name.lower(): value for name, value in loaded["headers"].items()}
    policy = {
        part.split()[0]: part.split()[1:]
        for part in headers["content-security-policy"].split(";")
        if part.strip()
    }

    assert loaded["status"] == 200
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy.get("default-src", [])
    assert policy["frame-ancestors"] == ["'none'"]
    assert headers["x-frame-options"] == "DENY"
    assert headers["strict-transport-security"].startswith("max-age=31536000")
    assert "includeSubDomains" in headers["strict-transport-security"]
    assert headers["x-content-type-options"] == "nosniff"
    features = dict(
        part.strip().split("=", 1) for part in headers["permissions-policy"].split(",")
    )
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert features[feature] == "()", feature
    assert loaded["csrf_cookie_secure"] is True
    assert (loaded["plain_status"], loaded["plain_location"]) == (
        301,
        "https://keywork.example.org/accounts/login/",
    )


def test_request_bodies_and_uploads_are_bounded(settings):
    # A form post is refused (400) past 2.5 MB; a caseload import (2 MB at most,
    # checked by the import form) is held in memory, never spooled to disk.
    from caseload.import_forms import max_bytes

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * 1024 * 1024
    assert settings.DATA_UPLOAD_MAX_NUMBER_FIELDS <= 1000
    assert settings.DATA_UPLOAD_MAX_NUMBER_FILES <= 100
    assert max_bytes() <= settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2.5 * 1024 * 1024
