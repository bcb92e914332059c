from django.apps import AppConfig


class CaseloadConfig(AppConfig):
    name = "caseload"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from accounts.participant_data import register_audited

        from . import models
        from .participant_data import PARTICIPANT_DATA

        # Every change to participant data is kept: who, when, old and new values.
        register_audited(PARTICIPANT_DATA)
        # An import's status and who made it; its rows are copies of participant
        # details that the participants' own entries already hold, and its
        # progress is a counter the running import ticks.
        auditlog.register(
            models.CaseloadImport, exclude_fields=["rows", "errors", "progress"]
        )
