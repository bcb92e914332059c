from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path

from accounts import views as accounts_views


def healthz(request: HttpRequest) -> HttpResponse:
    """Answer "ok" without touching the database: load balancers and the benchmark
    floor use it."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", include("accounts.urls")),
    # Throttled; before Django's own views, which provide the rest of accounts/.
    path(
        "accounts/password_reset/",
        accounts_views.password_reset,
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("caseload/", include("caseload.urls")),
    path("in-work/", include("inwork_support.urls")),
    path("employers/", include("employers.urls")),
    path("contracts/", include("contracts.urls")),
    path("reports/", include("reporting.urls")),
    path("records/", include("records.urls")),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
]
