from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from auditlog.registry import auditlog
        from django.contrib.auth.signals import user_logged_in
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from . import models, sessions, two_factor

        # Who may sign in, with which role, partner and permissions: every change is
        # kept. Never the password hash or an authenticator's secret; the last
        # sign-in time is bookkeeping written at every sign-in.
        auditlog.register(
            models.User,
            exclude_fields=["password", "last_login"],
            m2m_fields={"groups", "user_permissions"},
        )
        auditlog.register(models.DeliveryPartner)
        # Dated leave decides who sees a worker's participants on those days.
        auditlog.register(models.Leave)
        auditlog.register(TOTPDevice, include_fields=["user", "name", "confirmed"])

        # Auth plumbing, not domain flow: remember at sign-in who has enrolled.
        user_logged_in.connect(
            two_factor.remember_enrolment, dispatch_uid="keywork-two-factor"
        )
        user_logged_in.connect(sessions.mark_seen, dispatch_uid="keywork-last-seen")
