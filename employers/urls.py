from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from . import views

app_name = "employers"

urlpatterns = [
    path("", views.employer_list, name="employer-list"),
    path("add/", views.employer_add, name="employer-add"),
    path("<int:pk>/", views.employer_detail, name="employer-detail"),
    path("<int:pk>/edit/", views.employer_edit, name="employer-edit"),
    path("<int:pk>/go-to/", views.go_to_edit, name="go-to-edit"),
    path("<int:pk>/take-on/", views.take_on, name="take-on"),
    path("<int:pk>/contacts/add/", views.contact_add, name="contact-add"),
    path("<int:pk>/engagements/add/", views.engagement_add, name="engagement-add"),
    path("<int:pk>/vacancies/add/", views.vacancy_add, name="vacancy-add"),
    path("<int:pk>/meetings/add/", views.meeting_add, name="meeting-add"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/invite/", views.contact_invite, name="contact-invite"),
    path("vacancies/<int:pk>/edit/", views.vacancy_edit, name="vacancy-edit"),
    path(
        "vacancies/<int:pk>/put-forward/",
        views.nomination_add,
        name="nomination-add",
    ),
    path("nominations/<int:pk>/edit/", views.nomination_edit, name="nomination-edit"),
    path("inbox/", views.inbox, name="inbox"),
    path("inbox/<int:pk>/", views.inbox_thread, name="inbox-thread"),
    path("portal/", views.portal_home, name="portal-home"),
    path("portal/employees/", views.portal_employees, name="portal-employees"),
    path("portal/threads/<int:pk>/", views.portal_thread, name="portal-thread"),
    # Django's password-token view: the link expires and works once.
    path(
        "portal/welcome/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="employers/portal_set_password.html",
            post_reset_login=True,
            post_reset_login_backend="accounts.backends.KeyworkUserBackend",
            success_url=reverse_lazy("accounts:home"),
        ),
        name="portal-set-password",
    ),
]
