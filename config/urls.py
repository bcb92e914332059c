from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("caseload/", include("caseload.urls")),
    path("in-work/", include("inwork_support.urls")),
    path("employers/", include("employers.urls")),
    path("reports/", include("reporting.urls")),
    path("admin/", admin.site.urls),
]
