"""Questions other apps add to the one contact form, and what their answers do.

caseload may not import inwork_support, yet a contact with someone in work may
answer their due check-in and the In-Work Support Contact form's questions.
An app registers, in its AppConfig.ready, a function that returns a form of its
own questions for a participant (None when it has none for them, e.g. nobody
in work). The contact form shows and validates that form beside its own
fields; its `answers()` go to `caseload.services.log_contact`, which checks
them before the contact is made and applies them in the same transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from django import forms

    from accounts.models import User

    from .models import Contact, Participant


class ContactAnswers(Protocol):
    """Answers to another app's questions, applied to a new contact."""

    def check(self, participant: Participant) -> None:
        """Raise ValueError when the answers are not about `participant`."""

    def apply(self, *, contact: Contact, worker: User) -> None:
        """Record the answers for `contact`, inside log_contact's transaction."""


# (participant=, user=, data=, query=) -> a form with `template_name_contact`
# and `answers() -> ContactAnswers | None`, or None.
QuestionsFactory = Callable[..., "forms.Form | None"]
_factories: list[QuestionsFactory] = []


def register_contact_questions(factory: QuestionsFactory) -> QuestionsFactory:
    """Ask `factory` for its questions whenever the contact form is built."""
    if factory not in _factories:
        _factories.append(factory)
    return factory


def contact_questions(
    *,
    participant: Participant,
    user: User,
    data: Mapping | None,
    query: Mapping,
) -> list[forms.Form]:
    """Return the registered apps' question forms for this participant."""
    found = (
        factory(participant=participant, user=user, data=data, query=query)
        for factory in _factories
    )
    return [form for form in found if form is not None]
