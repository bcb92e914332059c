"""Business rules of the caseload: every view, task and command calls these."""

from .contacts import (
    add_supervision_note,
    close_safeguarding_concern,
    complete_action,
    log_contact,
    open_safeguarding_concern,
    resolve_supervision_note,
)
from .needs import (
    add_goal,
    add_goal_step,
    record_barrier,
    refer_participant,
    resolve_barrier,
    update_goal_status,
    update_goal_step,
    update_referral,
)
from .participants import (
    StaleVersionError,
    add_professional,
    exit_participant,
    reassign_caseload,
    reassign_keyworker,
    register_participant,
    remove_professional,
    update_participant,
    update_professional,
)
from .timeline import add_timeline_entry, moment_of

__all__ = [
    "StaleVersionError",
    "add_goal",
    "add_goal_step",
    "add_professional",
    "add_supervision_note",
    "add_timeline_entry",
    "close_safeguarding_concern",
    "complete_action",
    "exit_participant",
    "log_contact",
    "moment_of",
    "open_safeguarding_concern",
    "reassign_caseload",
    "reassign_keyworker",
    "record_barrier",
    "refer_participant",
    "register_participant",
    "remove_professional",
    "resolve_barrier",
    "resolve_supervision_note",
    "update_goal_status",
    "update_goal_step",
    "update_participant",
    "update_professional",
    "update_referral",
]
