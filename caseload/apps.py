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
        # An import's status and who made it; its rows are copies of participant
        # details that the participants' own entries already hold, and its
        # progress is a counter the running import ticks.
        auditlog.register(
            models.CaseloadImport, exclude_fields=["rows", "errors", "progress"]
        )
