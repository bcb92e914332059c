"""Business rules of employers and their portal: views, tasks and demo call these."""

from .disclosure import link_threads_naming
from .employees import next_meetings, portal_employees
from .escalation import escalate_message, escalate_unanswered_messages
from .meetings import AgreedAction, add_meeting_actions, note_probation_extended
from .portal import (
    InviteError,
    invite_contact,
    mark_read,
    reply_to_message,
    send_message,
)
from .records import (
    TakeOnError,
    add_contact,
    add_vacancy,
    create_employer,
    log_engagement,
    put_forward,
    record_nomination_outcome,
    schedule_meeting,
    set_go_to_person,
    supported_employees,
    take_on_employer,
    update_contact,
    update_employer,
    update_meeting,
    update_vacancy,
)

__all__ = [
    "AgreedAction",
    "InviteError",
    "add_meeting_actions",
    "add_contact",
    "add_vacancy",
    "create_employer",
    "escalate_message",
    "escalate_unanswered_messages",
    "invite_contact",
    "link_threads_naming",
    "log_engagement",
    "mark_read",
    "next_meetings",
    "portal_employees",
    "note_probation_extended",
    "put_forward",
    "record_nomination_outcome",
    "reply_to_message",
    "schedule_meeting",
    "send_message",
    "set_go_to_person",
    "TakeOnError",
    "supported_employees",
    "take_on_employer",
    "update_contact",
    "update_employer",
    "update_meeting",
    "update_vacancy",
]
