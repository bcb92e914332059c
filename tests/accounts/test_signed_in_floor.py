"""What every signed-in request pays: its session and its user, without the ORM's
per-request compiling (config/prepared.py, accounts/sessions.py SessionStore)."""

import datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.backends import SIGNED_IN_USER, KeyworkUserBackend
from accounts.models import Leave, Notification, NotificationKind, Role, User
from accounts.sessions import SESSION_READ, SessionStore
from config.prepared import PreparedQuery
from tests.conftest import compiling, enrolled_device, prepared_as
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def notify(user, n, read=False):
    for i in range(n):
        Notification.objects.create(
            recipient=user,
            kind=NotificationKind.REMINDER,
            title=f"note {i}",
            read_at=timezone.now() if read else None,
        )


def test_the_user_is_loaded_as_the_orm_would_load_it():
    worker = UserFactory(first_name="Ama", working_days="024")
    notify(worker, 2)
    notify(worker, 1, read=True)
    notify(UserFactory(), 4)  # someone else's

    loaded = KeyworkUserBackend().get_user(worker.pk)

    expected = User.objects.get(pk=worker.pk)
    for field in User._meta.concrete_fields:
        assert getattr(loaded, field.attname) == getattr(expected, field.attname)
    assert loaded.unread_notifications == 2
    assert loaded._state.db == "default"
    assert not loaded._state.adding
    with CaptureQueriesContext(connection) as queries:
        assert loaded.delivery_partner.name == worker.delivery_partner.name
    assert len(queries) == 0, "the partner comes with the user"


def test_each_load_reads_the_current_row_and_count():
    worker = UserFactory()
    backend = KeyworkUserBackend()
    assert backend.get_user(worker.pk).unread_notifications == 0

    notify(worker, 3)
    User.objects.filter(pk=worker.pk).update(first_name="Renamed")

    again = backend.get_user(worker.pk)
    assert again.unread_notifications == 3
    assert again.first_name == "Renamed"


def test_no_partner_unknown_and_inactive_users():
    programme = UserFactory(role=Role.PROGRAMME_MANAGER, delivery_partner=None)
    gone = UserFactory(is_active=False)
    backend = KeyworkUserBackend()

    assert backend.get_user(programme.pk).delivery_partner is None
    assert backend.get_user(999_999) is None
    assert backend.get_user(gone.pk) is None
    assert backend.get_user("not a number") is None


def test_the_user_query_is_compiled_once(monkeypatch):
    worker = UserFactory()
    SIGNED_IN_USER.first(worker.pk)  # compiled here if no test did before
    compiled = compiling(monkeypatch)
    for _ in range(3):
        assert KeyworkUserBackend().get_user(worker.pk).pk == worker.pk
    assert compiled == []


def test_a_placeholder_that_does_not_reach_the_sql_is_refused():
    shifted = PreparedQuery(lambda pk: User.objects.filter(pk=pk + 1))
    with pytest.raises(ValueError, match="did not reach the SQL"):
        shifted.first(1)


def test_a_placeholder_may_appear_several_times_and_with_a_date():
    worker = UserFactory()
    away = UserFactory(cover=worker, is_away=True)
    on_leave = UserFactory()
    Leave.objects.create(
        worker=on_leave,
        cover=worker,
        starts_on=datetime.date(2026, 3, 2),
        ends_on=datetime.date(2026, 3, 6),
    )
    prepared = PreparedQuery(
        lambda pk, day: User.objects.covered_by(pk, day).order_by("pk"),
        with_date=True,
    )

    on_the_last_day = prepared.all(worker.pk, datetime.date(2026, 3, 6))
    the_day_after = prepared.all(worker.pk, datetime.date(2026, 3, 7))

    assert on_the_last_day == [away, on_leave]
    assert the_day_after == [away]
    assert on_the_last_day == list(
        User.objects.covered_by(worker, datetime.date(2026, 3, 6)).order_by("pk")
    )


def test_whom_a_worker_covers_is_read_without_compiling(monkeypatch):
    worker = UserFactory()
    UserFactory(cover=worker, is_away=True)
    worker.covered_today()  # compiled here if no test did before
    compiled = compiling(monkeypatch)
    assert len(User.objects.get(pk=worker.pk).covered_today()) == 1
    assert compiled == [User], "only the get() above compiled"


def test_sessions_load_and_expire_through_the_plain_statement():
    store = SessionStore()
    store[SESSION_KEY] = "42"
    store.create()
    store.save()

    assert SessionStore(store.session_key)[SESSION_KEY] == "42"

    Session.objects.filter(session_key=store.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    expired = SessionStore(store.session_key)
    assert SESSION_KEY not in expired
    assert expired.session_key is None, "an expired key is not reused"
    assert SessionStore("no-such-session-key-at-all").load() == {}


def test_a_signed_in_page_reads_its_session_then_its_user(client):
    worker = UserFactory(username="floor-worker")
    client.force_login(worker)
    client.get(reverse("accounts:notifications"))  # prepared on this connection
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("accounts:notifications"))
    assert response.status_code == 200
    assert response.wsgi_request.user == worker
    session, user = (q["sql"] for q in queries.captured_queries[:2])
    if connection.vendor == "postgresql":
        # Each prepared once per connection, then only run: planned once.
        assert session.startswith(prepared_as(SESSION_READ))
        assert user.startswith(prepared_as(SIGNED_IN_USER))
    else:
        assert 'FROM "django_session"' in session
        assert 'FROM "accounts_user"' in user


def test_a_managers_verified_session_loads_its_authenticator_without_compiling(
    client, monkeypatch
):
    manager = UserFactory(role=Role.PARTNER_MANAGER)
    client.force_login(manager)  # passed the second step, as KeyworkClient does
    assert client.get(reverse("accounts:notifications")).status_code == 200
    compiled = compiling(monkeypatch)
    response = client.get(reverse("accounts:notifications"))

    assert response.status_code == 200, "still verified"
    assert response.wsgi_request.user.otp_device.user_id == manager.pk
    assert TOTPDevice not in compiled
    assert User not in compiled


def test_an_authenticator_that_is_not_the_users_does_not_verify(client):
    manager = UserFactory(role=Role.PARTNER_MANAGER)
    someone = UserFactory(role=Role.PARTNER_MANAGER)
    client.force_login(manager)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = enrolled_device(someone).persistent_id
    session.save()

    response = client.get(reverse("accounts:notifications"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two-factor-verify"))
