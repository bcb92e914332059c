from django.urls import path

from . import backdated_views, meeting_views, views

app_name = "inwork_support"

urlpatterns = [
    path("today/", views.today, name="today"),
    path(
        "participants/<int:participant_pk>/job-start/",
        views.job_start,
        name="job-start",
    ),
    path("jobs/<int:pk>/", views.employment_detail, name="employment-detail"),
    path("jobs/<int:pk>/start-date/", views.change_start_date, name="start-date"),
    path("jobs/<int:pk>/probation/", views.extend_probation, name="probation"),
    path(
        "jobs/<int:pk>/past-check-ins/",
        backdated_views.past_checkins,
        name="past-checkins",
    ),
    path("jobs/<int:pk>/meeting/", meeting_views.meeting_add, name="meeting-add"),
    path("meetings/<int:pk>/", meeting_views.meeting_edit, name="meeting-edit"),
    path("jobs/<int:pk>/end/", views.end_employment, name="end"),
    path("jobs/<int:pk>/consent/", views.change_consent, name="consent"),
    path("jobs/<int:pk>/plan/", views.plan_edit, name="plan-edit"),
    path(
        "jobs/<int:pk>/plan/<int:revision>/",
        views.plan_revision,
        name="plan-revision",
    ),
    path(
        "jobs/<int:pk>/preparation/",
        views.update_preparation,
        name="preparation",
    ),
    path(
        "jobs/<int:pk>/practical-support/",
        views.add_practical_support,
        name="practical-support",
    ),
    path("jobs/<int:pk>/contact/", views.in_work_contact, name="in-work-contact"),
    path("check-ins/<int:pk>/log/", views.log_checkin, name="checkin-log"),
    path("risks/<int:pk>/clear/", views.clear_risk, name="risk-clear"),
]
