"""Site-wide middleware: keep users' work when the database is unreachable, and
the Permissions-Policy header."""

import logging

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)

# Fields never echoed back: secrets and form plumbing.
HIDDEN_FIELDS = ("csrfmiddlewaretoken", "submission_key", "version")


class DatabaseUnavailableMiddleware:
    """Answer 503 with a friendly page, showing back what the user typed.

    Connections are health-checked (CONN_HEALTH_CHECKS), so once the database is
    back the next request reconnects by itself.
    """

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(
        self, request: HttpRequest, exception: Exception
    ) -> HttpResponse | None:
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("Database unavailable: %s", exception)
        typed = [
            (name, value)
            for name, value in request.POST.items()
            if value.strip() and name not in HIDDEN_FIELDS and "password" not in name
        ]
        # Rendered without the request: no context processor may touch the database.
        body = render_to_string("503.html", {"typed": typed})
        return HttpResponse(body, status=503, headers={"Retry-After": "60"})


class PermissionsPolicyMiddleware:
    """Switch off, for every page, the browser features Keywork never uses."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.header = ", ".join(f"{name}=()" for name in settings.PERMISSIONS_POLICY)

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response
