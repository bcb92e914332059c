from django.apps import AppConfig


class EmployersConfig(AppConfig):
    name = "employers"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from accounts.participant_data import register_audited

        from . import models
        from .participant_data import PARTICIPANT_DATA

        register_audited(PARTICIPANT_DATA)
        auditlog.register(models.Employer)
        auditlog.register(models.EmployerContact)
        # A leaver's handover moves their go-to and deputy roles and threads.
        from caseload.responsibility import register_holding

        from .services.handover import DEPUTY, GO_TO, THREADS

        for holding in (GO_TO, DEPUTY, THREADS):
            register_holding(holding)
