"""Views of the employers app: staff pages, the inbox, and the employer portal."""

from .inbox import inbox, inbox_thread
from .portal import portal_employees, portal_home, portal_thread
from .records import (
    meeting_add,
    nomination_add,
    nomination_edit,
    vacancy_add,
    vacancy_edit,
)
from .staff import (
    contact_add,
    contact_edit,
    contact_invite,
    employer_add,
    employer_detail,
    employer_edit,
    employer_list,
    engagement_add,
    go_to_edit,
    take_on,
)

__all__ = [
    "contact_add",
    "contact_edit",
    "contact_invite",
    "employer_add",
    "employer_detail",
    "employer_edit",
    "employer_list",
    "engagement_add",
    "go_to_edit",
    "inbox",
    "inbox_thread",
    "meeting_add",
    "nomination_add",
    "nomination_edit",
    "portal_employees",
    "portal_home",
    "portal_thread",
    "take_on",
    "vacancy_add",
    "vacancy_edit",
]
