from django.urls import path

from . import views

app_name = "contracts"

urlpatterns = [
    path("", views.contract_list, name="contract-list"),
    path("<int:pk>/claims/", views.claims, name="claims"),
    path("<int:pk>/claims.csv", views.claims_csv, name="claims-csv"),
    path("<int:pk>/claims.xlsx", views.claims_xlsx, name="claims-xlsx"),
    path(
        "<int:contract_pk>/enrol/<int:participant_pk>/",
        views.enrol,
        name="enrol",
    ),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment-detail"),
    path("enrolments/<int:pk>/check/", views.enrolment_check, name="enrolment-check"),
    path(
        "enrolments/<int:pk>/evidence/", views.evidence_upload, name="evidence-upload"
    ),
    path(
        "enrolments/<int:pk>/outcomes/<int:type_pk>/check/",
        views.outcome_check,
        name="outcome-check",
    ),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence-download"),
    path("claims/<int:pk>/claimed/", views.claim_submit, name="claim-submit"),
    path("claims/<int:pk>/answer/", views.claim_settle, name="claim-settle"),
]
