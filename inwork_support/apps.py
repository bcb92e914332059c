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
        # Check-ins follow whoever holds the participant (caseload's registry).
        from caseload.responsibility import on_responsibility_change, register_holding

        from .services.responsibility import CHECKINS, move_checkins_to_holder

        on_responsibility_change(move_checkins_to_holder)
        register_holding(CHECKINS)
