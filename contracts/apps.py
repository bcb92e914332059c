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
        # The participant page's panel needs no query of its own when there is
        # nothing to show: not enrolled, and no contract open to enrol on.
        from caseload.models.participants import register_page_summary

        from .templatetags import contract_tags

        register_page_summary("contracts_enrolled", contract_tags.enrolled)
        register_page_summary("contracts_open", contract_tags.open_to_enrol)
