"""Every app's participant data, collected from its `participant_data` module.

The list of modules is explicit: an app that holds participant data adds itself
here, and tests/records/test_participant_data.py fails until every model with a
path to a participant is declared by one of them.
"""

from __future__ import annotations

from functools import cache
from importlib import import_module

from django.db import models

from accounts.participant_data import Linked, NamedIn

MODULES = (
    "accounts.participant_data",
    "caseload.participant_data",
    "inwork_support.participant_data",
    "employers.participant_data",
    "contracts.participant_data",
)


@cache
def declarations() -> tuple[Linked | NamedIn, ...]:
    """Return every app's declarations, in the order of MODULES."""
    return tuple(
        held for name in MODULES for held in import_module(name).PARTICIPANT_DATA
    )


def linked() -> list[Linked]:
    """Return the records that lead to a participant, the participant first."""
    return [held for held in declarations() if isinstance(held, Linked)]


def named_in() -> list[NamedIn]:
    """Return the rows that may name a participant without a link to one."""
    return [held for held in declarations() if isinstance(held, NamedIn)]


def records_of(held: Linked, participant_pk: int) -> models.QuerySet:
    """Return the `held` records about the participant."""
    return held.model._default_manager.filter(**{held.path: participant_pk})
