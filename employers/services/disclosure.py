"""Which portal threads are about a supported employee, once consent is withdrawn."""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Q

from caseload.models import Participant

from ..models import Employer, EmployerMessage


def _names(participant: Participant) -> tuple[list[str], list[str]]:
    """Return the full names (any case) and single names (as written) to look for."""
    last = participant.last_name.strip()
    given = {participant.first_name.strip(), participant.preferred_name.strip()}
    given.discard("")
    return [f"{name} {last}" for name in given], sorted(given)


def _names_them(text: str, full: list[str], single: list[str]) -> bool:
    lowered = text.casefold()
    if any(name.casefold() in lowered for name in full):
        return True
    # A first name alone counts too ("Amira was late again"), as a whole word in
    # its own capitals, so "will" in a sentence does not hide Will's colleagues'.
    return any(re.search(rf"\b{re.escape(name)}\b", text) for name in single)


@transaction.atomic
def link_threads_naming(*, employer: Employer, participant: Participant) -> int:
    """Mark the employer's threads that name `participant` as about them.

    A thread is marked when its first message or any reply names them; the
    portal then shows it only while the employer may know they are supported
    (`EmployerMessage.objects.shown_on_portal`). Return how many were newly marked.
    """
    full, single = _names(participant)
    if not single:
        return 0
    mentions = Q()
    for name in single:
        mentions |= Q(body__icontains=name)
    candidates = EmployerMessage.objects.filter(employer=employer).filter(mentions)
    thread_ids = {
        message.thread_id or message.pk
        for message in candidates.only("pk", "thread_id", "body")
        if _names_them(message.body, full, single)
    }
    already = set(
        EmployerMessage.about.through.objects.filter(
            participant=participant, employermessage_id__in=thread_ids
        ).values_list("employermessage_id", flat=True)
    )
    for thread in EmployerMessage.objects.filter(pk__in=thread_ids - already):
        thread.about.add(participant)
    return len(thread_ids - already)
