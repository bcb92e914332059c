"""Every URL of the project against every role: the permission matrix.

The table lives in tests/permission_matrix.py. A URL without a row fails
test_every_url_has_a_row; a view that lets in someone the table keeps out fails
test_each_role_gets_what_the_matrix_says, naming the URL, the role and the method.
"""

import datetime
import io
import zipfile
from decimal import Decimal
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.urls import get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import two_factor
from accounts.models import Notification, NotificationKind, Role
from accounts.policy import RULES
from caseload.models import BarrierKind, CaseloadImport, ProfessionalRole
from inwork_support import services as inwork
from inwork_support.models import ContractType
from reporting.metrics.figures import SLUGS
from tests.caseload.factories import (
    ConcernFactory,
    GoalStepFactory,
    ProfessionalFactory,
    ReferralFactory,
    SupervisionNoteFactory,
)
from tests.conftest import KeyworkClient, current_code
from tests.contracts.world import build_contract_world
from tests.employers.factories import MeetingFactory, NominationFactory, VacancyFactory
from tests.factories import (
    PASSWORD,
    ActionFactory,
    BarrierFactory,
    ContactFactory,
    EmployerFactory,
    EmployerMessageFactory,
    EmploymentFactory,
    ParticipantFactory,
    UserFactory,
)
from tests.permission_matrix import (
    COMMON,
    EMPLOYER_RULES,
    MATRIX,
    ROLE_RULES,
    ROLES,
    is_ours,
    walk,
)

pytestmark = pytest.mark.django_db

# Special-category and case-note text, planted in the scenario's records. Only
# the roles that work with the participant may ever be shown it.
SECRETS = {
    "health": "Hears voices when anxious (matrix-health)",
    "offending": "Served 18 months for burglary (matrix-offending)",
    "safeguarding": "Partner threatened her last night (matrix-safeguarding)",
    "case note": "Talked about the overdose in May (matrix-case-note)",
    "professional": "Probation appointments on Tuesdays (matrix-probation)",
    "job risk": "Off sick with depression again (matrix-job-risk)",
    "plan": "Needs time off for therapy (matrix-plan)",
    "eligibility": "Saw the mental health discharge letter (matrix-eligibility)",
}
NAME = "Jade Jones"  # the participant fixture's name
# Roles who work with the participant; everyone else must never see SECRETS.
NEED_TO_KNOW = {"keyworker", "iwso", "partner_manager"}
# A participant at the employer who did not agree the employer may know.
UNDISCLOSED = "Noor Whitfield"
JOB_RECORDED = datetime.datetime(2026, 2, 23, 10, 0, tzinfo=datetime.UTC)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def project_urls() -> dict[str, str]:
    """Return every URL name that must have a row, with its route."""
    return {
        name or f"<unnamed {route}>": route
        for name, route in walk(get_resolver())
        if is_ours(name, route)
    }


@pytest.fixture
def world(
    partner,
    keyworker,
    other_keyworker,
    iwso,
    partner_manager,
    other_partner_manager,
    keyworker_elsewhere,
    participant_elsewhere,
    programme_manager,
    employer_contact,
    other_employer_contact,
    admin_user,
    participant,
):
    """Build the scenario: everything here belongs to `keyworker`'s caseload."""
    users = {
        "anonymous": None,
        "keyworker": keyworker,
        "other_keyworker": other_keyworker,
        "iwso": iwso,
        "partner_manager": partner_manager,
        "other_partner_manager": other_partner_manager,
        "keyworker_elsewhere": keyworker_elsewhere,
        "programme_manager": programme_manager,
        "employer_contact": employer_contact,
        "other_employer_contact": other_employer_contact,
        "admin_user": admin_user,
    }
    # 1. The participant, with iwso as in-work support officer (Model 2).
    participant.in_work_support_officer = iwso
    participant.eligibility_evidence = SECRETS["eligibility"]
    participant.save()
    contact = ContactFactory(participant=participant, notes=SECRETS["case note"])
    BarrierFactory(
        participant=participant, kind=BarrierKind.MENTAL_HEALTH, note=SECRETS["health"]
    )
    BarrierFactory(
        participant=participant, kind=BarrierKind.OFFENDING, note=SECRETS["offending"]
    )
    step = GoalStepFactory(goal__participant=participant)
    # 2. The employer: the contact's, looked after by keyworker, no deputy.
    employer = employer_contact.employer_contact.employer
    employer.go_to_person = keyworker
    employer.save()
    with time_machine.travel(JOB_RECORDED, tick=False):
        job = inwork.record_job_start(
            participant=participant,
            recorded_by=keyworker,
            employer=employer,
            job_title="Kitchen assistant",
            hours_per_week=Decimal("24.0"),
            hourly_pay=Decimal("12.21"),
            contract_type=ContractType.PERMANENT,
            start_date=datetime.date(2026, 3, 2),
            employer_may_know=True,
        )
    plan = inwork.save_plan(
        employment=job,
        author=keyworker,
        base_revision=0,
        other_requests=SECRETS["plan"],
    )
    risk = inwork.raise_job_risk(
        employment=job, reason="sickness", detail=SECRETS["job risk"], key="matrix"
    )
    first, last = UNDISCLOSED.split()
    EmploymentFactory(
        participant=ParticipantFactory(
            keyworker=keyworker, first_name=first, last_name=last
        ),
        employer=employer,
        employer_may_know=False,
    )
    vacancy = VacancyFactory(employer=employer)
    # The other partner's participant works there too: its staff may see it.
    EmploymentFactory(participant=participant_elsewhere, employer=employer)
    # 3. Someone who has not set a password yet, for the token pages.
    newcomer = UserFactory(
        username="matrix-newcomer", role=Role.EMPLOYER_CONTACT, delivery_partner=None
    )
    contracts = build_contract_world(
        partner=partner,
        participant=participant,
        job=job,
        keyworker=keyworker,
        manager=partner_manager,
        checker=iwso,
    )
    return SimpleNamespace(
        users=users,
        contracts=contracts,
        keyworker=keyworker,
        participant=participant,
        contact=contact,
        note=SupervisionNoteFactory(contact=contact, author=partner_manager),
        action=ActionFactory(participant=participant),
        professional=ProfessionalFactory(
            participant=participant,
            role=ProfessionalRole.PROBATION_OFFICER,
            notes=SECRETS["professional"],
        ),
        barrier=BarrierFactory(participant=participant, kind=BarrierKind.CONFIDENCE),
        goal=step.goal,
        step=step,
        referral=ReferralFactory(participant=participant),
        concern=ConcernFactory(
            participant=participant, summary=SECRETS["safeguarding"]
        ),
        caseload_import=CaseloadImport.objects.create(
            created_by=keyworker, delivery_partner=partner, filename="caseload.csv"
        ),
        employer=employer,
        unclaimed_employer=EmployerFactory(name="Moorside Bakery"),
        employer_contact=employer_contact.employer_contact,
        job=job,
        plan=plan,
        risk=risk,
        checkin=job.checkins.first(),
        notification=Notification.objects.create(
            recipient=keyworker,
            kind=NotificationKind.CASELOAD,
            title="Matrix notification",
            url=participant.get_absolute_url(),
        ),
        vacancy=vacancy,
        nomination=NominationFactory(vacancy=vacancy, participant=participant),
        meeting=MeetingFactory(employer=employer, participant=participant),
        thread=EmployerMessageFactory(
            employer=employer,
            sender_contact=employer_contact.employer_contact,
            body="Jade was late twice this week; can we talk?",
        ),
        uidb64=urlsafe_base64_encode(force_bytes(newcomer.pk)),
        token=default_token_generator.make_token(newcomer),
    )


# One request handler for every client: WhiteNoise scans the static files each
# time a handler loads its middleware, which would be most of the run.
HANDLER = KeyworkClient().handler


def client_for(world, role: str) -> KeyworkClient:
    """Return a client signed in as `role` (anonymous: not signed in)."""
    client = KeyworkClient()
    client.handler = HANDLER
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


LOGIN_PATHS = {reverse("login"), reverse("admin:login")}


def outcome(response) -> str | int:
    """Return the outcome class of a response, as the matrix writes it."""
    if response.status_code in (301, 302, 303, 307, 308):
        path = urlsplit(response["Location"]).path
        if path in LOGIN_PATHS:
            return "login"
        if path.startswith("/two-step/"):
            return "two-step"
        return "ok"
    if 200 <= response.status_code < 300:
        return "ok"
    return response.status_code


def send(client: KeyworkClient, method: str, url: str):
    """Send one request, undoing whatever it wrote so every role meets one world."""
    with transaction.atomic():
        response = getattr(client, method)(url)
        transaction.set_rollback(True)
    return response


def test_every_url_has_a_row():
    urls = project_urls()

    missing = sorted(set(urls) - set(MATRIX))
    stale = sorted(set(MATRIX) - set(urls))

    assert not missing, f"URLs without a row in tests/permission_matrix.py: {missing}"
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


def test_every_row_has_every_role():
    for name, case in MATRIX.items():
        for expected in filter(None, (case.get, case.post)):
            assert tuple(expected) == ROLES, name


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_role_gets_what_the_matrix_says(world, name):
    case = MATRIX[name]
    url = reverse(name, kwargs=case.args(world))
    wrong = []
    for role in ROLES:
        client = client_for(world, role)
        for method, expected in (("get", case.get), ("post", case.post)):
            if expected is None:
                continue
            got = outcome(send(client, method, url))
            if got != expected[role]:
                wrong.append(
                    f"{method.upper()} {name} as {role}: {got}, not {expected[role]}"
                )

    assert not wrong, "\n".join(wrong)


def signed_in(world) -> dict:
    return {role: user for role, user in world.users.items() if user is not None}


@pytest.mark.parametrize(("row", "rule"), sorted(ROLE_RULES.items()))
def test_the_policy_lets_in_whom_the_matrix_says(world, row, rule):
    disagree = [
        role
        for role, user in signed_in(world).items()
        if RULES[rule](user) != (COMMON[row][role] == "ok")
    ]

    assert not disagree, f"{rule} and row {row} disagree for {disagree}"


@pytest.mark.parametrize(("row", "rule"), sorted(EMPLOYER_RULES.items()))
def test_the_policy_gives_the_employer_change_rights_the_matrix_says(world, row, rule):
    """Of those who may see the employer, the matrix's "ok" is the rule's yes."""
    seeing = {
        role: user
        for role, user in signed_in(world).items()
        if COMMON["EMPLOYER"][role] == "ok"
    }
    disagree = [
        role
        for role, user in seeing.items()
        if RULES[rule](user, world.employer) != (COMMON[row][role] == "ok")
    ]

    assert {"keyworker_elsewhere", "other_partner_manager"} <= set(seeing)
    assert not disagree, f"{rule} and row {row} disagree for {disagree}"


def test_only_an_employer_nobody_looks_after_may_be_taken_on(world):
    for role, user in signed_in(world).items():
        may_take_on = COMMON["PARTNERS"][role] == "ok"
        assert RULES["may_take_on_employer"](user, world.unclaimed_employer) == (
            may_take_on
        ), role
        assert not RULES["may_take_on_employer"](user, world.employer), role


def test_the_policy_lets_change_jobs_whom_the_matrix_says(world):
    for role, user in signed_in(world).items():
        if COMMON["JOB_READ"][role] == "ok":
            assert RULES["may_change_job"](user, world.job) == (
                COMMON["JOB_CHANGE"][role] == "ok"
            ), role


def opened_by(role: str) -> list[str]:
    """Return the URL names the matrix lets `role` GET."""
    return [name for name, case in MATRIX.items() if case.get[role] == "ok"]


def hidden_from(role: str) -> dict[str, str]:
    """Return the planted text `role` must never be shown, by kind."""
    hidden = dict(SECRETS)
    # The admin's own participant list names everyone; nothing else may.
    if role != "admin_user":
        hidden["undisclosed employee's name"] = UNDISCLOSED
    if role not in ("admin_user", "employer_contact"):
        hidden["participant's name"] = NAME
    return hidden


def text_of(response) -> str:
    """Return what a page or a download shows, a workbook's cells included."""
    if response.get("Content-Type", "").startswith(XLSX):
        with zipfile.ZipFile(io.BytesIO(response.content)) as book:
            return "".join(book.read(name).decode() for name in book.namelist())
    return response.content.decode()


@pytest.mark.parametrize("role", [r for r in ROLES if r not in NEED_TO_KNOW])
def test_special_category_data_stays_with_those_who_work_with_the_participant(
    world, role
):
    client = client_for(world, role)
    urls = [reverse(name, kwargs=MATRIX[name].args(world)) for name in opened_by(role)]
    if role == "programme_manager":
        urls += [reverse("reporting:programme-csv", args=[slug]) for slug in SLUGS]

    pages = {url: text_of(send(client, "get", url)) for url in urls}

    leaks = [
        f"{url} shows the {kind}"
        for url, page in pages.items()
        for kind, text in hidden_from(role).items()
        if text in page
    ]
    assert urls
    assert not leaks, "\n".join(leaks)


@pytest.mark.parametrize("role", sorted(NEED_TO_KNOW))
def test_those_who_work_with_the_participant_see_their_record(world, role):
    """The planted text is really on the record: the leak test can see a leak."""
    client = client_for(world, role)

    page = send(client, "get", world.participant.get_absolute_url()).content.decode()

    for kind in ("health", "offending", "safeguarding"):
        assert SECRETS[kind] in page, kind
    assert NAME in page


@pytest.mark.parametrize("role", ["employer_contact", "other_employer_contact"])
def test_the_portal_names_only_employees_who_agreed(world, role):
    client = client_for(world, role)

    page = send(client, "get", reverse("employers:portal-home")).content.decode()

    assert UNDISCLOSED not in page
    assert (NAME in page) == (role == "employer_contact")


def test_a_password_alone_cannot_enrol_a_new_authenticator(client, partner_manager):
    """Set-up is open before the second step, so it must not replace that step."""
    TOTPDevice.objects.create(user=partner_manager, name="phone", confirmed=True)
    client.post(
        reverse("login"), {"username": partner_manager.username, "password": PASSWORD}
    )
    stranger = two_factor.pending_device(partner_manager)
    setup = reverse("accounts:two-factor-setup") + "?next=/reports/team/"

    shown = client.get(setup)
    posted = client.post(setup, {"token": current_code(stranger)})

    verify = reverse("accounts:two-factor-verify")
    assert shown.status_code == posted.status_code == 302
    assert shown.url == posted.url == f"{verify}?next=%2Freports%2Fteam%2F"
    stranger.refresh_from_db()
    assert not stranger.confirmed
    assert client.get(partner_manager.home_url()).url.startswith(verify)
