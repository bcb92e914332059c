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
        ):
            auditlog.register(model)
