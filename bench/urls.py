"""The app's URLs plus a signed-in page that renders nothing: the signed-in floor.

Only bench/breakdown.py uses this URLconf; the app never serves it.
"""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.urls import path

from config.urls import urlpatterns as app_urlpatterns


@login_required
def signed_in_floor(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    *app_urlpatterns,
    path("bench/signed-in-floor", signed_in_floor, name="bench-signed-in-floor"),
]
