from django.urls import path

from . import views

app_name = "caseload"

urlpatterns = [
    path("", views.my_caseload, name="my-caseload"),
    path("participants/<int:pk>/", views.participant_detail, name="participant-detail"),
    path("contacts/<int:pk>/", views.contact_detail, name="contact-detail"),
]
