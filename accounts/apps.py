from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from . import sessions, two_factor

        # Auth plumbing, not domain flow: remember at sign-in who has enrolled.
        user_logged_in.connect(
            two_factor.remember_enrolment, dispatch_uid="keywork-two-factor"
        )
        user_logged_in.connect(sessions.mark_seen, dispatch_uid="keywork-last-seen")
