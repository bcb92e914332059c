"""Business rules of the caseload: every view, task and command calls these."""

from .contacts import (
    add_action,
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
    reassign_keyworker,
    record_outcome,
    register_participant,
    remove_professional,
    set_stage,
    update_participant,
    update_professional,
)
from .handover import (
    Held,
    hand_over_everything,
    handover_preview,
    reassign_caseload,
)
from .responsibility import set_in_work_support_officer
from .timeline import add_timeline_entry, moment_of

__all__ = [
    "Held",
    "StaleVersionError",
    "add_action",
    "add_goal",
    "add_goal_step",
    "add_professional",
    "add_supervision_note",
    "add_timeline_entry",
    "close_safeguarding_concern",
    "complete_action",
    "exit_participant",
    "hand_over_everything",
    "handover_preview",
    "log_contact",
    "moment_of",
    "open_safeguarding_concern",
    "reassign_caseload",
    "reassign_keyworker",
    "record_outcome",
    "record_barrier",
    "refer_participant",
    "register_participant",
    "remove_professional",
    "resolve_barrier",
    "resolve_supervision_note",
    "set_in_work_support_officer",
    "set_stage",
    "update_goal_status",
    "update_goal_step",
    "update_participant",
    "update_professional",
    "update_referral",
]
