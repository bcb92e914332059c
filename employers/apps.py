from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "employers"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Employer,
            models.EmployerContact,
            models.ThreeWayMeeting,
            models.Nomination,
            models.EmployerEngagement,
        ):
            auditlog.register(model)
        # That a message was sent, by whom to whom, is kept; its text is in the
        # thread already, and read/reply/escalation times are delivery bookkeeping.
        auditlog.register(
            models.EmployerMessage,
            exclude_fields=[
                "body",
                "read_at",
                "first_reply_at",
                "escalated_at",
                "submission_key",
            ],
        )
        # A leaver's handover moves their go-to and deputy roles and threads.
        from caseload.responsibility import register_holding

        from .services.handover import DEPUTY, GO_TO, THREADS

        for holding in (GO_TO, DEPUTY, THREADS):
            register_holding(holding)
