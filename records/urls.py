from django.urls import path

from . import check_views, views

app_name = "records"

urlpatterns = [
    path(
        "participants/<int:pk>/audit/",
        views.participant_audit,
        name="participant-audit",
    ),
    path(
        "participants/<int:pk>/subject-access/",
        views.subject_access,
        name="subject-access",
    ),
    path("checks/", check_views.record_checks, name="record-checks"),
]
