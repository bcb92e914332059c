from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("two-step/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("two-step/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("leave/", views.my_leave, name="my-leave"),
]
