from django.urls import path

from . import evidence_views, records_views, views

app_name = "reporting"

urlpatterns = [
    path("team/", views.partner_dashboard, name="partner-dashboard"),
    path("team/export.csv", views.partner_dashboard_csv, name="partner-csv"),
    path(
        "team/workers/<int:worker_pk>/<slug:metric>/",
        views.worker_records,
        name="worker-records",
    ),
    path("programme/", views.programme_dashboard, name="programme-dashboard"),
    path("programme/<slug:slug>.csv", views.programme_csv, name="programme-csv"),
    path("definitions/", views.definitions, name="definitions"),
    path("evidence/<slug:part>.csv", evidence_views.evidence_csv, name="evidence-csv"),
    path("evidence.xlsx", evidence_views.evidence_xlsx, name="evidence-xlsx"),
    path(
        "records/<slug:figure>/<str:cell>/",
        records_views.figure_records,
        name="figure-records",
    ),
]
