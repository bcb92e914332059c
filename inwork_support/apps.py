from django.apps import AppConfig


class InworkSupportConfig(AppConfig):
    name = "inwork_support"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.Employment,
            models.EmploymentTerms,
            models.DisclosureConsentChange,
            models.InWorkSupportPlan,
            models.InWorkContact,
            models.PracticalSupport,
            models.Preparation,
            models.JobRisk,
        ):
            auditlog.register(model)
        # When a reminder or escalation went out is on the timeline; the sweep
        # claims these two columns by conditional update, many thousands at a time.
        auditlog.register(
            models.CheckIn, exclude_fields=["reminded_at", "escalated_at"]
        )
        # Leaving the programme ends in-work support: caseload may not import
        # this app, so it calls the handlers apps register (no signal).
        from caseload.services import on_participant_exit

        from .services import end_support_on_exit

        on_participant_exit(end_support_on_exit)
