"""What in-work support holds about a participant, and what retention clears in it.

Read by records.data (subject access, the audit page, retention) and by
InworkSupportConfig.ready (audit registration). A new model that leads to a
participant goes here, or tests/records/test_participant_data.py fails.
"""

from __future__ import annotations

from accounts.participant_data import Linked, NamedIn

from . import models

ANONYMISED = "Anonymised."
JOB = "employment__participant"

PARTICIPANT_DATA: list[Linked | NamedIn] = [
    Linked(
        models.Employment,
        "participant",
        {"end_note": "", "probation_extension_reason": ""},
    ),
    Linked(models.EmploymentTerms, JOB, {"note": ""}),
    # Consent to employer disclosure over time: the reason is often their words.
    Linked(models.DisclosureConsentChange, JOB, {"reason": ""}),
    Linked(
        models.InWorkSupportPlan,
        JOB,
        {
            "other_practical_help": "",
            "other_requests": "",
            "agreed_support": "",
            "long_term_notes": "",
        },
    ),
    Linked(models.Preparation, JOB),
    Linked(
        models.InWorkContact,
        JOB,
        {
            "how_is_it_going": ANONYMISED,
            "changes": "",
            "anything_else": "",
            "needs_and_problems": "",
            "actions_and_timescales": "",
        },
    ),
    Linked(models.PracticalSupport, JOB, {"note": ""}),
    # When a reminder or escalation went out is on the timeline; the sweep claims
    # these two columns by conditional update, many thousands at a time.
    Linked(
        models.CheckIn,
        JOB,
        {"note": ""},
        audit_exclude=("reminded_at", "escalated_at"),
    ),
    Linked(models.JobRisk, JOB, {"detail": "", "clearing_note": ""}),
    # Counts and minutes per day, worked out from their contacts (which are
    # audited): a roll-up, rewritten as contacts are logged, so not audited.
    Linked(models.InWorkSupportDay, "participant", audited=False),
]
