"""Who may do what: every right in Keywork, written once.

Views ask through `accounts.decorators.rule_required` or a direct call, templates
through the `policy` template tags (`user|may:"rule"`, `{% allowed "rule" obj as x %}`),
and the permission-matrix test reads the same functions. Which rows a user may
*see* is each model's `visible_to(user)` (out of scope is 404); these rules say
what a user may *do* with what they see (refused is 403).

Rules take the user first and, for a right over one record, that record. They
never query for what the caller already loaded: the go-to person and deputy of an
employer are expected with `select_related`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .models import FRONTLINE_ROLES, PARTNER_ROLES, Role

if TYPE_CHECKING:
    from employers.models import Employer

    from .models import User

Rule = Callable[..., bool]
RULES: dict[str, Rule] = {}


def rule(function: Rule) -> Rule:
    """Register `function` under its name, for templates and the matrix test."""
    RULES[function.__name__] = function
    return function


def _has_role(user: Any, *roles: str) -> bool:
    return bool(user.is_authenticated and user.is_active and user.role in roles)


# Who someone is: the role-wide rights.


@rule
def is_partner_staff(user: User) -> bool:
    """Staff of a delivery partner: keyworkers, in-work officers, managers."""
    return _has_role(user, *PARTNER_ROLES)


@rule
def is_frontline(user: User) -> bool:
    """Workers who carry a caseload and record what happens in it."""
    return _has_role(user, *FRONTLINE_ROLES)


@rule
def is_partner_manager(user: User) -> bool:
    return _has_role(user, Role.PARTNER_MANAGER)


@rule
def is_programme_staff(user: User) -> bool:
    """Programme managers and administrators: aggregate figures across partners."""
    return _has_role(user, Role.PROGRAMME_MANAGER, Role.ADMIN)


@rule
def is_programme_manager(user: User) -> bool:
    return _has_role(user, Role.PROGRAMME_MANAGER)


@rule
def is_staff_member(user: User) -> bool:
    """Anyone on the staff side (not an employer contact)."""
    return _has_role(user, *PARTNER_ROLES, Role.PROGRAMME_MANAGER, Role.ADMIN)


@rule
def is_employer_contact(user: User) -> bool:
    """A person at an employer, signed in to the portal."""
    return _has_role(user, Role.EMPLOYER_CONTACT)


# Caseload.


@rule
def may_register_participant(user: User) -> bool:
    """Keyworkers and managers register participants; in-work officers take them on."""
    return _has_role(user, Role.KEYWORKER, Role.PARTNER_MANAGER)


@rule
def may_reengage_participant(user: User) -> bool:
    """Keyworkers and managers bring back someone who exited, as they register."""
    return _has_role(user, Role.KEYWORKER, Role.PARTNER_MANAGER)


@rule
def may_record_outcome(user: User) -> bool:
    """Frontline workers record an education or training start, or job search, as
    it happens; managers read the register."""
    return is_frontline(user)


@rule
def may_import_caseload(user: User) -> bool:
    return is_partner_staff(user)


@rule
def chooses_keyworker_on_import(user: User) -> bool:
    """A manager's import names each row's keyworker; a worker's rows are theirs."""
    return is_partner_manager(user)


@rule
def may_manage_team(user: User) -> bool:
    """Reassign caseloads, mark workers away, close safeguarding concerns."""
    return is_partner_manager(user)


@rule
def may_resolve_supervision_note(user: User) -> bool:
    """The worker a manager's note is for resolves it, not the manager."""
    return is_frontline(user)


@rule
def carries_reassignable_caseload(worker: User) -> bool:
    """A keyworker's whole caseload can be handed to a colleague in one go."""
    return _has_role(worker, Role.KEYWORKER)


@rule
def sees_whole_partner_caseload(user: User) -> bool:
    """Managers see every worker's participants, so lists name the keyworker."""
    return is_partner_manager(user)


# In-work support. Which jobs a user sees is Employment.objects.visible_to(user).


@rule
def may_change_job(user: User, job: Any = None) -> bool:
    """Frontline workers record and change jobs they see; managers only read."""
    return is_frontline(user)


# Contracts and claims. Which enrolments, evidence and claims a user sees is each
# model's visible_to(user); a second person is never the first one.


@rule
def may_enrol_participant(user: User) -> bool:
    """Partner staff enrol those they see; a colleague checks the enrolment."""
    return is_partner_staff(user)


@rule
def may_check_enrolment(user: User, enrolment: Any) -> bool:
    """A second person at the partner: anyone but whoever enrolled them."""
    return is_partner_staff(user) and enrolment.enrolled_by_id != user.pk


@rule
def may_check_claim(user: User, claim: Any) -> bool:
    """A second person at the partner: nobody who uploaded its evidence.

    The claim's evidence is expected loaded (`Claim.evidence`).
    """
    uploaders = {document.uploaded_by_id for document in claim.evidence}
    return is_partner_staff(user) and user.pk not in uploaders


@rule
def may_handle_claims(user: User) -> bool:
    """See a contract's claims, claim from the funder, record payment or rejection:
    a partner manager for their partner, programme staff by reference only."""
    return is_partner_manager(user) or is_programme_staff(user)


# Employers shared across partners. Anyone at a partner sees an employer where
# their participants work (Employer.objects.visible_to); only the partner that
# looks after it changes it.


def looking_after_partner_ids(employer: Employer) -> set[int]:
    """Return the partners whose go-to person or deputy looks after `employer`."""
    people = (employer.go_to_person, employer.deputy)
    return {p.delivery_partner_id for p in people if p and p.delivery_partner_id}


@rule
def looks_after_employer(user: User, employer: Employer) -> bool:
    """`user` works at the partner of the employer's go-to person or deputy."""
    return is_partner_staff(
        user
    ) and user.delivery_partner_id in looking_after_partner_ids(employer)


@rule
def may_change_employer(user: User, employer: Employer) -> bool:
    """Edit details and contacts: staff of the partner that looks after it."""
    return looks_after_employer(user, employer)


@rule
def may_take_on_employer(user: User, employer: Employer) -> bool:
    """Nobody looks after it yet: a worker or manager may take it on."""
    return (
        employer.go_to_person_id is None
        and employer.deputy_id is None
        and (is_frontline(user) or is_partner_manager(user))
    )


@rule
def may_change_go_to(user: User, employer: Employer) -> bool:
    """The go-to person hands over; their partner's managers reassign."""
    if employer.go_to_person_id is not None and employer.go_to_person_id == user.pk:
        return True
    return is_partner_manager(user) and looks_after_employer(user, employer)


@rule
def may_invite_portal_user(user: User, employer: Employer) -> bool:
    """Portal logins reach the employer's supported employees and its go-to person.

    So only the go-to person, the deputy and the managers of the partner that
    looks after the employer may invite one.
    """
    if not looks_after_employer(user, employer):
        return False
    if user.pk in (employer.go_to_person_id, employer.deputy_id):
        return True
    return is_partner_manager(user)


# Record-keeping.


@rule
def may_see_record_checks(user: User) -> bool:
    """What the nightly record checks found: a partner manager their own partner's
    findings; programme staff the counts, never a name."""
    return is_partner_manager(user) or is_programme_staff(user)


# Reporting.


@rule
def may_see_programme_figures(user: User) -> bool:
    """Programme figures and the records behind them: programme staff for every
    partner, a partner manager for their own partner."""
    return is_partner_manager(user) or is_programme_staff(user)


@rule
def sees_named_figure_records(user: User) -> bool:
    """A figure's records by name: a partner manager (their own partner's people);
    programme staff get a pseudonymised register instead."""
    return is_partner_manager(user)
