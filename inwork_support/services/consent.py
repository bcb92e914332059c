"""Whether the employer may know the participant is supported: changed over time."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from accounts.versions import StaleVersionError, lock, save_if_current, save_locked
from caseload.models import EntryKind
from employers.services import link_threads_naming

from ..models import DisclosureConsentChange, Employment
from .jobs import _timeline


class ConsentUnchangedError(Exception):
    """The consent asked for is the one that already stands."""


@transaction.atomic
def change_disclosure_consent(
    *,
    employment: Employment,
    employer_may_know: bool,
    reason: str,
    changed_by: User,
    version: int | None,
) -> DisclosureConsentChange:
    """Record that the participant gave or withdrew consent to employer disclosure.

    1. The job is saved only if still at `version` (the one the form was opened
       at; a service passes `employment.version`): else StaleVersionError.
    2. Withdrawing applies to every job of theirs at this employer, so no older
       job there keeps them on the portal; each change is kept with who, when, why.
    3. On withdrawal, the employer's threads that name them are marked as about
       them, so the portal hides them at once (and shows them again on consent).
    4. The timeline shows it. The go-to person is not told: a note to them would
       name someone the employer may no longer know about.
    """
    current = lock(employment)
    if version is None or current.version != version:
        raise StaleVersionError(current)
    if current.employer_may_know == employer_may_know:
        raise ConsentUnchangedError
    save_if_current(employment, version=version, employer_may_know=employer_may_know)
    jobs = [employment]
    if not employer_may_know:
        others = Employment.objects.filter(
            participant_id=employment.participant_id,
            employer_id=employment.employer_id,
            employer_may_know=True,
        ).exclude(pk=employment.pk)
        for other in others.select_for_update():
            jobs.append(save_locked(other, employer_may_know=False))
    changes = [
        DisclosureConsentChange.objects.create(
            employment=job,
            employer_may_know=employer_may_know,
            reason=reason,
            changed_by=changed_by,
        )
        for job in jobs
    ]
    if not employer_may_know:
        link_threads_naming(
            employer=employment.employer, participant=employment.participant
        )
    _timeline(
        employment,
        changed_by,
        f"Consent given: {employment.employer} may know they are supported"
        if employer_may_know
        else f"Consent withdrawn: {employment.employer} may no longer know "
        "they are supported",
        EntryKind.JOB,
        reason,
    )
    return changes[0]
