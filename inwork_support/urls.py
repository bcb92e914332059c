from django.urls import path

from . import views

app_name = "inwork_support"

urlpatterns = [
    path("today/", views.today, name="today"),
]
