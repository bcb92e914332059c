from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.home, name="home"),
    path("two-step/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("two-step/verify/", views.two_factor_verify, name="two-factor-verify"),
    path("leave/", views.my_leave, name="my-leave"),
    path("notifications/", views.notifications, name="notifications"),
    path("notifications/<int:pk>/", views.notification_open, name="notification-open"),
    path("notifications/read/", views.notifications_read, name="notifications-read"),
    path(
        "notifications/email/",
        views.notification_settings,
        name="notification-settings",
    ),
]
