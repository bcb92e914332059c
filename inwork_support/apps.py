from django.apps import AppConfig


class InworkSupportConfig(AppConfig):
    name = "inwork_support"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Employment,
            models.EmploymentTerms,
            models.InWorkSupportPlan,
            models.InWorkContact,
            models.PracticalSupport,
            models.CheckIn,
            models.JobRisk,
        ):
            auditlog.register(model)
