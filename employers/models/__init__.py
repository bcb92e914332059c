"""The employers app's models, re-exported: `from employers.models import X`."""

from .employers import (
    ContactRole,
    Employer,
    EmployerContact,
    EmployerEngagement,
    EmployerQuerySet,
    EngagementKind,
    Relationship,
    Size,
)
from .messages import (
    EmployerMessage,
    EmployerMessageQuerySet,
    MessageCategory,
)
from .placements import (
    AboutParticipantQuerySet,
    AtEmployerQuerySet,
    MeetingAction,
    MeetingOutcome,
    MeetingParty,
    MeetingStatus,
    Nomination,
    NominationOutcome,
    NominationQuerySet,
    ThreeWayMeeting,
    Vacancy,
    VacancyKind,
    VacancyStatus,
)

__all__ = [
    "AboutParticipantQuerySet",
    "AtEmployerQuerySet",
    "ContactRole",
    "Employer",
    "EmployerContact",
    "EmployerEngagement",
    "EmployerMessage",
    "EmployerMessageQuerySet",
    "EmployerQuerySet",
    "EngagementKind",
    "MeetingAction",
    "MeetingOutcome",
    "MeetingParty",
    "MeetingStatus",
    "MessageCategory",
    "Nomination",
    "NominationOutcome",
    "NominationQuerySet",
    "Relationship",
    "Size",
    "ThreeWayMeeting",
    "Vacancy",
    "VacancyKind",
    "VacancyStatus",
]
