"""The project's permission matrix: every URL, what each role gets.

One row per URL name, one column per role (ROLES, in that order). A cell is the
outcome class of the request, not a page's content:

- "ok": allowed: 2xx, or a redirect to somewhere other than a sign-in page;
- "login": sent to a sign-in page (the site's, or the admin's for admin pages);
- 403: may not do this at all; 404: out of scope (the object is not theirs);
- 405: the method is refused before any access check.

Rows name the scenario's objects, all "owned" by `keyworker` at `partner`: their
participant (in-work support officer: `iwso`), that participant's job at the
employer whose contact is `employer_contact` (go-to person: `keyworker`), and so
on. "other_..." columns are the same role one step away: a colleague at the same
partner, a manager of another partner, a contact of another employer. The
"keyworker_elsewhere" column (kwB) is a keyworker at that other partner whose own
participant also works at the employer: they may see the employer, not change it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import URLResolver

# Columns. Names are the persona fixtures of tests/conftest.py.
ROLES = (
    "anonymous",
    "keyworker",  # the participant's own keyworker
    "other_keyworker",  # a keyworker colleague at the same partner
    "iwso",  # the participant's in-work support officer
    "partner_manager",
    "other_partner_manager",
    # A keyworker at the other partner whose own participant works at the employer.
    "keyworker_elsewhere",
    "programme_manager",
    "employer_contact",  # a contact at the participant's employer
    "other_employer_contact",
    "admin_user",
)

Outcome = str | int
Row = dict[str, Outcome]


def table(text: str) -> dict[str, Row]:
    """Return the rows of a table written across: a name, then a cell per role."""
    rows = {}
    for line in text.strip().splitlines()[1:]:
        name, *cells = line.split()
        values = [int(cell) if cell.isdigit() else cell for cell in cells]
        rows[name] = dict(zip(ROLES, values, strict=True))
    return rows


COMMON = table(
    """
                anon  kw    kw2   iwso  pm    pm2   kwB   prog  emp   emp2  admin
    PUBLIC      ok    ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
    SIGNED_IN   login ok    ok    ok    ok    ok    ok    ok    ok    ok    ok
    PARTNERS    login ok    ok    ok    ok    ok    ok    403   403   403   403
    FRONTLINE   login ok    ok    ok    403   403   ok    403   403   403   403
    REGISTER    login ok    ok    403   ok    ok    ok    403   403   403   403
    MANAGERS    login 403   403   403   ok    ok    403   403   403   403   403
    PROGRAMME   login 403   403   403   403   403   403   ok    403   403   ok
    CHECKS      login 403   403   403   ok    ok    403   ok    403   403   ok
    FIGURES     login 403   403   403   ok    ok    403   ok    403   403   ok
    STAFF       login ok    ok    ok    ok    ok    ok    ok    403   403   ok
    PORTAL      login 403   403   403   403   403   403   403   ok    ok    403
    RECORD      login ok    404   ok    ok    404   404   403   403   403   403
    MGR_RECORD  login 403   403   403   ok    404   403   403   403   403   403
    REENGAGE    login ok    404   403   ok    404   404   403   403   403   403
    OUTCOME     login ok    404   ok    403   404   404   403   403   403   403
    IMPORT      login ok    404   404   ok    404   404   403   403   403   403
    JOB_READ    login ok    404   ok    ok    404   404   404   404   404   404
    JOB_CHANGE  login ok    404   ok    403   404   404   404   404   404   404
    EMPLOYER    login ok    ok    ok    ok    ok    ok    403   403   403   403
    EMP_CHANGE  login ok    ok    ok    ok    403   403   403   403   403   403
    INVITE      login ok    403   403   ok    403   403   403   403   403   403
    GO_TO       login ok    403   403   ok    403   403   403   403   403   403
    THREAD      login ok    404   404   ok    404   404   403   403   403   403
    PORTAL_THRD login 403   403   403   403   403   403   403   ok    404   403
    ADMIN       login login login login login login login login login login ok
    LOGOUT      login login login login login login login login login login login
    """
)
PUBLIC = COMMON["PUBLIC"]
SIGNED_IN = COMMON["SIGNED_IN"]
# Lists scoped to the user: every partner role gets their own.
PARTNER_STAFF = COMMON["PARTNERS"]
FRONTLINE = COMMON["FRONTLINE"]
# Registering a participant: keyworkers and managers, not in-work officers.
REGISTER = COMMON["REGISTER"]
MANAGERS = COMMON["MANAGERS"]
PROGRAMME = COMMON["PROGRAMME"]
# Record checks: managers their own partner's findings, programme staff counts.
RECORD_CHECKS = COMMON["CHECKS"]
# Programme figures and their records: programme staff, a partner manager their own.
FIGURES = COMMON["FIGURES"]
STAFF = COMMON["STAFF"]
PORTAL = COMMON["PORTAL"]
# The participant's record, and rows about it: out of scope is 404.
RECORD = COMMON["RECORD"]
MANAGER_RECORD = COMMON["MGR_RECORD"]
# Keyworkers and managers bring back someone who exited; in-work officers do not.
REENGAGE = COMMON["REENGAGE"]
# Frontline workers who see the participant record an outcome; managers read it.
RECORD_OUTCOME = COMMON["OUTCOME"]
# Imports are seen by who made them (keyworker) and their manager.
IMPORT = COMMON["IMPORT"]
# In-work views check scope first (404), then who may change (403).
JOB_READ = COMMON["JOB_READ"]
JOB_CHANGE = COMMON["JOB_CHANGE"]
# The employer is looked after by the partner (go-to person: keyworker, no
# deputy); the other partner's participant works there too, so its staff may see
# the employer's page (EMPLOYER) but not change it (EMP_CHANGE: details and
# contacts; INVITE: portal logins; GO_TO: its go-to person).
EMPLOYER = COMMON["EMPLOYER"]
EMPLOYER_CHANGE = COMMON["EMP_CHANGE"]
INVITE = COMMON["INVITE"]
GO_TO = COMMON["GO_TO"]
# An employer nobody looks after yet: any partner's staff may take it on.
TAKE_ON = COMMON["PARTNERS"]
# Rows about the participant at the employer: both must be visible.
AT_EMPLOYER = RECORD
# The thread is addressed to keyworker (go-to); iwso is not the deputy.
THREAD = COMMON["THREAD"]
PORTAL_THREAD = COMMON["PORTAL_THRD"]
# Django admin: staff only; everyone else is sent to the admin's sign-in.
ADMIN = COMMON["ADMIN"]
# LogoutView takes POST only, and sends everyone to the sign-in page.
LOGOUT = COMMON["LOGOUT"]
# One user's own notification: theirs to open; anyone else's is out of scope.
OWN_NOTIFICATION = {
    **dict.fromkeys(ROLES, 404),
    "anonymous": "login",
    "keyworker": "ok",
}


# The policy rule (accounts.policy) behind each row: the matrix test checks, for
# every persona, that the rule says yes exactly where the row says "ok".
# About the user alone:
ROLE_RULES = {
    "PARTNERS": "is_partner_staff",
    "FRONTLINE": "is_frontline",
    "REGISTER": "may_register_participant",
    "MANAGERS": "is_partner_manager",
    "PROGRAMME": "is_programme_staff",
    "CHECKS": "may_see_record_checks",
    "FIGURES": "may_see_programme_figures",
    "STAFF": "is_staff_member",
    "PORTAL": "is_employer_contact",
}
# About the scenario's employer, for those who may see it (EMPLOYER "ok"):
EMPLOYER_RULES = {
    "EMP_CHANGE": "may_change_employer",
    "INVITE": "may_invite_portal_user",
    "GO_TO": "may_change_go_to",
}


def refused_by_method(access: Row) -> Row:
    """Return what GET gets from a POST-only view checked for role first.

    `@role_required` outside `@require_POST`: the role decides (login, 403);
    whoever passes it meets the method check (405) before any scope check.
    """
    return {
        role: cell if cell in ("login", 403) else 405 for role, cell in access.items()
    }


ALL_405 = dict.fromkeys(ROLES, 405)

# Contracts and claims. The scenario's contract is delivered by `partner` only.
# Its claims page: that partner's manager (by name), programme staff (by
# reference); the other partner's manager is out of scope.
CLAIMS = table(
    """
                anon  kw    kw2   iwso  pm    pm2   kwB   prog  emp   emp2  admin
    CLAIMS      login 403   403   403   ok    404   403   ok    403   403   ok
    SECOND      login 403   404   ok    ok    404   404   403   403   403   403
    DOCUMENT    login ok    404   ok    ok    404   404   404   404   404   404
    """
)
# A second person's check: keyworker enrolled the participants and uploaded the
# evidence, so they are refused; the method is checked before who checks.
SECOND_PERSON = CLAIMS["SECOND"]
# An evidence document: those who see the participant, 404 for every other role.
DOCUMENT = CLAIMS["DOCUMENT"]


Args = Callable[["object"], dict]


@dataclass(frozen=True)
class Case:
    """A URL's arguments and the expected outcome of GET and, if sent, POST."""

    args: Args
    get: Row
    post: Row | None = None


def page(args: Args, access: Row) -> Case:
    """A page that only reads: GET."""
    return Case(args, access)


def form(args: Args, access: Row) -> Case:
    """A page with a form: GET it, POST it (empty) with the same access."""
    return Case(args, access, access)


def action(args: Args, access: Row) -> Case:
    """POST only, role checked before the method (`@role_required @require_POST`)."""
    return Case(args, refused_by_method(access), access)


def post_only(args: Args, access: Row) -> Case:
    """POST only, the method checked first (`@require_POST` outermost)."""
    return Case(args, ALL_405, access)


def none(w) -> dict:
    return {}


def participant(w) -> dict:
    return {"pk": w.participant.pk}


def job(w) -> dict:
    return {"pk": w.job.pk}


def employer(w) -> dict:
    return {"pk": w.employer.pk}


def token(w) -> dict:
    return {"uidb64": w.uidb64, "token": w.token}


def on_participant(name: str) -> Args:
    """Return args for an item of the participant's record: pk and item_pk."""
    return lambda w: {"pk": w.participant.pk, "item_pk": getattr(w, name).pk}


MATRIX: dict[str, Case] = {
    # Framework pages that are ours to decide: signing in is public by design.
    "login": form(none, PUBLIC),
    "logout": Case(none, ALL_405, LOGOUT),
    "password_change": form(none, SIGNED_IN),
    "password_change_done": page(none, SIGNED_IN),
    "password_reset": form(none, PUBLIC),
    "password_reset_done": page(none, PUBLIC),
    "password_reset_confirm": page(token, PUBLIC),
    "password_reset_complete": page(none, PUBLIC),
    "healthz": page(none, PUBLIC),
    "admin:index": page(none, ADMIN),
    "admin:caseload_participant_changelist": page(none, ADMIN),
    # accounts
    "accounts:home": page(none, SIGNED_IN),
    "accounts:two-factor-setup": form(none, SIGNED_IN),
    "accounts:two-factor-verify": form(none, SIGNED_IN),
    "accounts:my-leave": form(none, PARTNER_STAFF),
    "accounts:notifications": page(none, SIGNED_IN),
    "accounts:notification-open": page(
        lambda w: {"pk": w.notification.pk}, OWN_NOTIFICATION
    ),
    "accounts:notifications-read": post_only(none, SIGNED_IN),
    "accounts:notification-settings": form(none, STAFF),
    # caseload
    "caseload:my-caseload": page(none, PARTNER_STAFF),
    "caseload:participant-create": form(none, REGISTER),
    "caseload:participant-detail": page(participant, RECORD),
    "caseload:participant-timeline": page(participant, RECORD),
    "caseload:participant-edit": form(participant, RECORD),
    "caseload:participant-exit": form(participant, RECORD),
    "caseload:participant-reengage": form(participant, REENGAGE),
    "caseload:participant-reassign": form(participant, MANAGER_RECORD),
    "caseload:log-contact": form(participant, RECORD),
    "caseload:action-done": action(
        lambda w: {"pk": w.participant.pk, "action_pk": w.action.pk}, RECORD
    ),
    "caseload:contact-detail": page(lambda w: {"pk": w.contact.pk}, RECORD),
    "caseload:supervision-note-add": action(
        lambda w: {"pk": w.contact.pk}, MANAGER_RECORD
    ),
    "caseload:supervision-note-resolve": action(
        lambda w: {"pk": w.contact.pk, "note_pk": w.note.pk}, RECORD
    ),
    "caseload:professional-add": form(participant, RECORD),
    "caseload:professional-edit": form(on_participant("professional"), RECORD),
    "caseload:professional-remove": action(on_participant("professional"), RECORD),
    "caseload:barrier-add": form(participant, RECORD),
    "caseload:barrier-resolve": form(on_participant("barrier"), RECORD),
    "caseload:goal-add": form(participant, RECORD),
    "caseload:goal-status": action(on_participant("goal"), RECORD),
    "caseload:step-add": form(on_participant("goal"), RECORD),
    "caseload:step-status": action(
        lambda w: {"pk": w.participant.pk, "item_pk": w.goal.pk, "step_pk": w.step.pk},
        RECORD,
    ),
    "caseload:participant-outcomes": page(participant, RECORD),
    "caseload:outcome-add": form(participant, RECORD_OUTCOME),
    "caseload:referral-add": form(participant, RECORD),
    "caseload:referral-update": form(on_participant("referral"), RECORD),
    "caseload:team": page(none, MANAGERS),
    "caseload:bulk-reassign": form(none, MANAGERS),
    "caseload:mark-away": form(lambda w: {"pk": w.keyworker.pk}, MANAGER_RECORD),
    "caseload:mark-back": action(lambda w: {"pk": w.keyworker.pk}, MANAGER_RECORD),
    "caseload:handover": form(lambda w: {"pk": w.keyworker.pk}, MANAGER_RECORD),
    "caseload:safeguarding": page(none, MANAGERS),
    "caseload:concern-close": form(lambda w: {"pk": w.concern.pk}, MANAGER_RECORD),
    "caseload:import-upload": form(none, PARTNER_STAFF),
    "caseload:import-template": page(none, PARTNER_STAFF),
    "caseload:import-detail": page(lambda w: {"pk": w.caseload_import.pk}, IMPORT),
    "caseload:import-confirm": post_only(
        lambda w: {"pk": w.caseload_import.pk}, IMPORT
    ),
    "caseload:import-discard": post_only(
        lambda w: {"pk": w.caseload_import.pk}, IMPORT
    ),
    # inwork_support
    "inwork_support:today": page(none, FRONTLINE),
    "inwork_support:job-start": form(
        lambda w: {"participant_pk": w.participant.pk}, JOB_CHANGE
    ),
    "inwork_support:employment-detail": page(job, JOB_READ),
    "inwork_support:start-date": form(job, JOB_CHANGE),
    "inwork_support:probation": form(job, JOB_CHANGE),
    "inwork_support:end": form(job, JOB_CHANGE),
    "inwork_support:consent": form(job, JOB_CHANGE),
    "inwork_support:plan-edit": form(job, JOB_CHANGE),
    "inwork_support:plan-revision": page(
        lambda w: {"pk": w.job.pk, "revision": w.plan.revision}, JOB_READ
    ),
    "inwork_support:preparation": post_only(job, JOB_CHANGE),
    "inwork_support:practical-support": form(job, JOB_CHANGE),
    "inwork_support:in-work-contact": form(job, JOB_CHANGE),
    "inwork_support:past-checkins": form(job, JOB_CHANGE),
    "inwork_support:meeting-add": form(job, JOB_CHANGE),
    "inwork_support:meeting-edit": form(lambda w: {"pk": w.meeting.pk}, AT_EMPLOYER),
    "inwork_support:checkin-log": page(lambda w: {"pk": w.checkin.pk}, JOB_CHANGE),
    "inwork_support:risk-clear": form(lambda w: {"pk": w.risk.pk}, JOB_CHANGE),
    # employers: the staff side
    "employers:employer-list": page(none, PARTNER_STAFF),
    "employers:employer-add": form(none, PARTNER_STAFF),
    "employers:employer-detail": page(employer, EMPLOYER),
    "employers:employer-edit": form(employer, EMPLOYER_CHANGE),
    "employers:go-to-edit": form(employer, GO_TO),
    "employers:take-on": form(lambda w: {"pk": w.unclaimed_employer.pk}, TAKE_ON),
    "employers:contact-add": form(employer, EMPLOYER_CHANGE),
    "employers:engagement-add": form(employer, EMPLOYER),
    "employers:vacancy-add": form(employer, EMPLOYER),
    "employers:meeting-add": form(employer, EMPLOYER),
    "employers:contact-edit": form(
        lambda w: {"pk": w.employer_contact.pk}, EMPLOYER_CHANGE
    ),
    # The method is checked before the right over the contact: GET is 405 for
    # every partner role, the POST follows INVITE.
    "employers:contact-invite": Case(
        lambda w: {"pk": w.employer_contact.pk}, refused_by_method(EMPLOYER), INVITE
    ),
    "employers:vacancy-edit": form(lambda w: {"pk": w.vacancy.pk}, EMPLOYER),
    "employers:nomination-add": form(lambda w: {"pk": w.vacancy.pk}, EMPLOYER),
    "employers:nomination-edit": form(lambda w: {"pk": w.nomination.pk}, AT_EMPLOYER),
    "employers:inbox": page(none, PARTNER_STAFF),
    "employers:inbox-thread": form(lambda w: {"pk": w.thread.pk}, THREAD),
    # employers: the portal
    "employers:portal-home": form(none, PORTAL),
    "employers:portal-employees": page(none, PORTAL),
    "employers:portal-thread": form(lambda w: {"pk": w.thread.pk}, PORTAL_THREAD),
    "employers:portal-set-password": page(token, PUBLIC),
    # reporting
    "reporting:partner-dashboard": page(none, MANAGERS),
    "reporting:partner-csv": page(none, MANAGERS),
    "reporting:worker-records": page(
        lambda w: {"worker_pk": w.keyworker.pk, "metric": "active_caseload"},
        MANAGER_RECORD,
    ),
    "reporting:programme-dashboard": page(none, FIGURES),
    "reporting:programme-csv": page(lambda w: {"slug": "outcomes"}, FIGURES),
    "reporting:figure-records": page(
        lambda w: {"figure": "retention", "cell": "six_months.without.reached"},
        FIGURES,
    ),
    "reporting:definitions": page(none, STAFF),
    "reporting:evidence-csv": page(lambda w: {"part": "outcome-register"}, FIGURES),
    "reporting:evidence-xlsx": page(none, FIGURES),
    "records:participant-audit": page(participant, MANAGER_RECORD),
    "records:subject-access": page(participant, MANAGER_RECORD),
    "records:record-checks": page(none, RECORD_CHECKS),
    # contracts
    "contracts:contract-list": page(none, RECORD_CHECKS),
    "contracts:claims": page(
        lambda w: {"pk": w.contracts.contract.pk}, CLAIMS["CLAIMS"]
    ),
    "contracts:claims-csv": page(
        lambda w: {"pk": w.contracts.contract.pk}, CLAIMS["CLAIMS"]
    ),
    "contracts:claims-xlsx": page(
        lambda w: {"pk": w.contracts.contract.pk}, CLAIMS["CLAIMS"]
    ),
    "contracts:enrol": form(
        lambda w: {
            "contract_pk": w.contracts.other_contract.pk,
            "participant_pk": w.participant.pk,
        },
        RECORD,
    ),
    "contracts:enrolment-detail": page(
        lambda w: {"pk": w.contracts.enrolment.pk}, RECORD
    ),
    "contracts:enrolment-check": Case(
        lambda w: {"pk": w.contracts.unchecked_enrolment.pk},
        refused_by_method(RECORD),
        SECOND_PERSON,
    ),
    "contracts:evidence-upload": form(
        lambda w: {"pk": w.contracts.enrolment.pk}, RECORD
    ),
    "contracts:outcome-check": Case(
        lambda w: {
            "pk": w.contracts.enrolment.pk,
            "type_pk": w.contracts.unchecked_type.pk,
        },
        refused_by_method(RECORD),
        SECOND_PERSON,
    ),
    "contracts:evidence-download": page(
        lambda w: {"pk": w.contracts.document.pk}, DOCUMENT
    ),
    "contracts:claim-submit": action(
        lambda w: {"pk": w.contracts.claim.pk}, CLAIMS["CLAIMS"]
    ),
    "contracts:claim-settle": form(
        lambda w: {"pk": w.contracts.claim.pk}, CLAIMS["CLAIMS"]
    ),
}

# Django admin's own pages: every one is wrapped in AdminSite.admin_view, the same
# staff check as the index, and the project does not change them. The two admin
# rows above stand for them; the rest are not enumerated.
ADMIN_INCLUDED = {"admin:index", "admin:caseload_participant_changelist"}


def is_ours(name: str | None, route: str) -> bool:
    """Return whether an enumerated URL must have a row in MATRIX."""
    if route.startswith("admin/"):
        # Unnamed admin patterns are its redirects to change pages and catch-all.
        return name in ADMIN_INCLUDED
    return True


def walk(resolver: URLResolver, namespace: str = "", prefix: str = ""):
    """Yield (fully qualified name, route) for every pattern under `resolver`."""
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}{pattern.namespace}:"
            yield from walk(pattern, inner, route)
        else:
            yield (f"{namespace}{pattern.name}" if pattern.name else None), route
