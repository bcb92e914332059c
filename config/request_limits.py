"""Refuse an oversize request body from its Content-Length, before reading it.

Django reads a multipart body as soon as anything touches request.POST (the CSRF
check does, for every POST) and spools a file past FILE_UPLOAD_MAX_MEMORY_SIZE to
disk: a 200 MB post was written out before the import form's 2 MB check ran.
This middleware comes before all of that and answers 413 without reading a byte.
"""

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from caseload.import_limits import size_text


class RequestSizeLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads no body without a valid length
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            # Rendered without the request: no session or user is loaded for it.
            body = render_to_string(
                "413.html",
                {
                    "size": size_text(length),
                    "limit": size_text(limit),
                    "import_limit": size_text(settings.CASELOAD_IMPORT_MAX_BYTES),
                },
            )
            return HttpResponse(body, status=413)
        return self.get_response(request)
