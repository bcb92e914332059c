from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "caseload"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from . import models

        # Every change to participant data is kept: who, when, old and new values.
        for model in (
            models.Participant,
            models.KeyworkerAssignment,
            models.InvolvedProfessional,
            models.Barrier,
            models.Goal,
            models.GoalStep,
            models.Referral,
            models.Contact,
            models.Action,
            models.SafeguardingConcern,
            models.SupervisionNote,
            models.Outcome,
        ):
            auditlog.register(model, exclude_fields=["updated_at"])
