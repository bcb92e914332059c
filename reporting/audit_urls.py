from django.urls import path

from . import audit_views

app_name = "records"

urlpatterns = [
    path(
        "participants/<int:pk>/audit/",
        audit_views.participant_audit,
        name="participant-audit",
    ),
    path(
        "participants/<int:pk>/subject-access/",
        audit_views.subject_access,
        name="subject-access",
    ),
]
