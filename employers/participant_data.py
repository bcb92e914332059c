"""What employers holds about a participant, and what retention clears in it.

Read by records.data (subject access, the audit page, retention) and by
EmployersConfig.ready (audit registration). A new model that leads to a
participant goes here, or tests/records/test_participant_data.py fails.
"""

from __future__ import annotations

from accounts.participant_data import Linked, NamedIn

from . import models

PARTICIPANT_DATA: list[Linked | NamedIn] = [
    Linked(
        models.ThreeWayMeeting,
        "participant",
        {"agreed_actions": "", "outcome": ""},
    ),
    # What each party agreed at a meeting; the owner may be the participant's
    # own name, so retention keeps only the party.
    Linked(
        models.MeetingAction,
        "meeting__participant",
        {"description": "Action", "owner": lambda action: action.get_party_display()},
    ),
    Linked(models.Nomination, "participant"),
    Linked(models.EmployerEngagement, "participant", {"notes": ""}),
    # Threads about them: that a message was sent, by whom to whom, is audited;
    # its text is in the thread already, and read/reply/escalation times are
    # delivery bookkeeping. Any message may name them, so the name is replaced.
    Linked(
        models.EmployerMessage,
        "about",
        audit_exclude=(
            "body",
            "read_at",
            "first_reply_at",
            "escalated_at",
            "submission_key",
        ),
    ),
    NamedIn(models.EmployerMessage, ("body",)),
]
