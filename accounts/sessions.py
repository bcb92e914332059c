"""Sessions that end after a spell of inactivity, without a write on every request."""

import time

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.db import connections, router
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control

from config import prepared

LAST_SEEN_KEY = "last_seen"
# Extending an idle session more often than this would only add writes.
TOUCH_EVERY_SECONDS = 60


def mark_seen(sender, request, user, **kwargs) -> None:
    """Start the once-a-minute clock at sign-in, so the first page costs no write."""
    if hasattr(request, "session"):
        request.session[LAST_SEEN_KEY] = int(time.time())


def signed_in_session(request: HttpRequest) -> SessionBase | None:
    """Return the request's session if someone is signed in with it, else None."""
    session = getattr(request, "session", None)
    return session if session is not None and session.get(SESSION_KEY) else None


class SlidingSessionMiddleware:
    """Push a signed-in session's expiry back at most once a minute.

    Sessions expire SESSION_COOKIE_AGE seconds after they were last saved; saving
    on every request (SESSION_SAVE_EVERY_REQUEST) costs a query per page, so this
    marks the session modified only when the last save is over a minute old.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = signed_in_session(request)
        if session is not None:
            now = int(time.time())
            if now - session.get(LAST_SEEN_KEY, 0) >= TOUCH_EVERY_SECONDS:
                session[LAST_SEEN_KEY] = now
        return response


class PrivatePagesMiddleware:
    """Keep pages shown to a signed-in user out of every cache.

    They hold personal and special-category data: no shared proxy may keep them,
    and the browser's back button must not show them after signing out on a
    shared computer.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if signed_in_session(request) is not None:
            patch_cache_control(response, private=True, no_store=True)
        return response


def read_sql(connection, key: str, now: str) -> str:
    """Return the statement reading a live session's data, its key and the
    time now written as `key` and `now`."""
    quote = connection.ops.quote_name
    # Identifiers from the model, quoted; the values are bound.
    return (
        f"SELECT {quote('session_data')} FROM {quote(Session._meta.db_table)} "  # noqa: S608
        f"WHERE {quote('session_key')} = {key} AND {quote('expire_date')} > {now}"
    )


SESSION_READ = prepared.statement(
    read_sql(connections["default"], "$1", "$2"), ("varchar", "timestamptz")
)


class SessionStore(db.SessionStore):
    """Django's database sessions, read with one plain statement.

    Every request reads its session. Django's store builds that query through the
    ORM each time, which cost 0.34 ms against 0.05 ms for the statement itself
    (bench/breakdown.py); this runs the same statement directly, and on
    PostgreSQL prepares it once per connection, since planning it took longer
    than running it. Writing, expiry and clearing are Django's.
    """

    def _get_session_from_db(self):
        model = self.model
        using = router.db_for_read(model)
        connection = connections[using]
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # Prepared once per connection: not planned on every request.
                SESSION_READ.run(cursor, connection, [self.session_key, now])
            else:
                cursor.execute(
                    read_sql(connection, "%s", "%s"), [self.session_key, now]
                )
            row = cursor.fetchone()
        if row is None:
            self._session_key = None
            return None
        return model(session_key=self.session_key, session_data=row[0])
