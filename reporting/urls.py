from django.urls import path

from . import views

app_name = "reporting"

urlpatterns = [
    path("team/", views.partner_dashboard, name="partner-dashboard"),
    path("programme/", views.programme_dashboard, name="programme-dashboard"),
]
