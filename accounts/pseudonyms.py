"""One pseudonymous reference per participant, wherever they are listed.

Programme staff see people by reference, never by name, on the figures'
drill-downs, the evaluator's export and the contracts' claims pages; the same
person must carry the same reference on all of them, so a programme manager can
follow one person across them without learning who they are. A pure function,
so any app may use it without importing another's views.
"""

from __future__ import annotations

from django.utils.crypto import salted_hmac

# The salt reporting first used; changing it would renumber everyone.
SALT = "keywork.reporting.reference"


def reference(participant_id: int) -> str:
    """Return the participant's stable pseudonymous reference, e.g. "P-4F2A91C3".

    A keyed hash of the id (the project's SECRET_KEY, its own salt): the same
    person has the same reference in every list and export, and it cannot be
    turned back into the id without the key. Eight hex digits keep the chance of
    two people sharing one under 1 in 20 at 20,000 participants.
    """
    digest = salted_hmac(SALT, str(participant_id))
    return "P-" + digest.hexdigest()[:8].upper()
