"""What caseload holds about a participant, and what retention clears in it.

Read by records.data (subject access, the audit page, retention) and by
CaseloadConfig.ready (audit registration). A new model that leads to a
participant goes here, or tests/records/test_participant_data.py fails.
"""

from __future__ import annotations

import datetime

from django.db.models import Model

from accounts.participant_data import Linked, NamedIn

from . import models

ANONYMISED = "Anonymised."


def outward_code(postcode: str) -> str:
    """Return the outward half of a UK postcode ("LS6 1AN" -> "LS6")."""
    compact = "".join(postcode.split()).upper()
    # The inward code is always three characters; four or fewer is outward only.
    return compact[:-3] if len(compact) > 4 else compact


def _linked(model: type[Model], path: str, clear: dict, **kwargs: bool) -> Linked:
    # Every caseload model's updated_at is bookkeeping, not a change worth keeping.
    return Linked(model, path, clear, audit_exclude=("updated_at",), **kwargs)


# Their own row keeps what the programme counts: dates, stage, outcome, bands.
PARTICIPANT = _linked(
    models.Participant,
    "pk",
    {
        "first_name": "Anonymised",
        "last_name": lambda person: f"Participant #{person.pk}",
        "preferred_name": "",
        # The year alone: age bands still hold, the person is no longer findable.
        "date_of_birth": lambda person: datetime.date(person.date_of_birth.year, 1, 1),
        "phone": "",
        "email": "",
        "address": "",
        "postcode": lambda person: outward_code(person.postcode),
        "eligibility_evidence": "",
        "exit_reason": "",
    },
)

PARTICIPANT_DATA: list[Linked | NamedIn] = [
    PARTICIPANT,
    _linked(models.KeyworkerAssignment, "participant", {"reason": ""}),
    # Third parties' names and numbers: deleted, not kept in any form.
    _linked(models.InvolvedProfessional, "participant", {}, delete=True),
    _linked(models.Barrier, "participant", {"note": ""}),
    _linked(models.Goal, "participant", {"title": "Goal"}),
    _linked(models.GoalStep, "goal__participant", {"description": "Step"}),
    _linked(models.Referral, "participant", {"outcome": ""}),
    _linked(models.Contact, "participant", {"notes": ""}),
    _linked(models.Action, "participant", {"description": "Action"}),
    _linked(
        models.SafeguardingConcern,
        "participant",
        {"summary": ANONYMISED, "closing_note": ""},
    ),
    _linked(models.SupervisionNote, "contact__participant", {"comment": ANONYMISED}),
    _linked(models.Outcome, "participant", {"note": "", "what": "", "evidence": ""}),
    # The timeline is made from the audited records, so it is not audited itself.
    _linked(
        models.TimelineEntry,
        "participant",
        {"title": "Anonymised", "detail": ""},
        audited=False,
    ),
]
