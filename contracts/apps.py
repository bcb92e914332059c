from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "contracts"
    verbose_name = "Contracts and claims"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from accounts.participant_data import register_audited

        from . import models
        from .participant_data import PARTICIPANT_DATA

        # Enrolments, answers, evidence and every claim step: who, when, what.
        register_audited(PARTICIPANT_DATA)
        # The rules a funder pays by: a changed threshold changes every clock.
        auditlog.register(models.Contract, m2m_fields={"partners"})
        auditlog.register(models.OutcomeType)
        auditlog.register(models.EligibilityItem)
        auditlog.register(models.NationalLivingWageRate)
