"""Random data posted to every form never causes a server error, nor loses typing.

FORMS names every URL that takes a POST, with who posts it; PAGES names every URL
that only reads. A URL in neither fails test_every_url_is_in_the_fuzz_matrix, and a
form shown on any page whose target is not in FORMS fails
test_every_form_shown_on_a_page_is_fuzzed, so a new form is fuzzed from its first
commit. For each form, the test GETs the page that shows it, reads its fields, and
lets hypothesis post what a browser, a bot or a careless paste might send: every
field kept, left out, sent twice, or replaced by odd text, huge text, numbers,
dates in odd formats and choices that are not offered. Each post is rolled back,
so every example meets the same scenario.

Examples per form: FUZZ_EXAMPLES (15). Runs are derandomised, so CI is repeatable;
FUZZ_SEED=<n> explores other examples locally.
"""

from __future__ import annotations

import datetime
import operator
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from html import unescape
from html.parser import HTMLParser
from http.cookies import SimpleCookie
from types import SimpleNamespace
from unittest import mock
from urllib.parse import urljoin, urlsplit

import pytest
from django.contrib import admin
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.handlers.wsgi import WSGIRequest
from django.db import transaction
from django.forms import BaseForm
from django.http import QueryDict
from django.template import Context
from django.test import override_settings
from django.test.utils import ContextList
from django.urls import get_resolver, resolve, reverse
from django.utils.encoding import force_bytes
from django.utils.functional import cached_property
from django.utils.html import escape
from django.utils.http import urlsafe_base64_encode
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from accounts import services as account_services
from accounts.models import Role
from caseload.models import CaseloadImport
from inwork_support import services as inwork
from inwork_support.models import ContractType
from tests.caseload.factories import (
    ConcernFactory,
    GoalStepFactory,
    ProfessionalFactory,
    ReferralFactory,
    SupervisionNoteFactory,
)
from tests.conftest import KeyworkClient, enrolled_device
from tests.contracts.world import build_contract_world
from tests.employers.factories import MeetingFactory, NominationFactory, VacancyFactory
from tests.factories import (
    ActionFactory,
    BarrierFactory,
    ContactFactory,
    DeliveryPartnerFactory,
    EmployerContactFactory,
    EmployerFactory,
    EmployerMessageFactory,
    ParticipantFactory,
    UserFactory,
)
from tests.permission_matrix import walk

pytestmark = pytest.mark.django_db

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "15"))
ADMIN_EXAMPLES = max(1, EXAMPLES // 4)
SEED = os.environ.get("FUZZ_SEED")

# The matrix. Args = what reverse() needs, built from the scenario ("world").
Args = Callable[[SimpleNamespace], dict]


@dataclass(frozen=True)
class Target:
    """A URL that takes a POST: who posts it, and which page shows its form."""

    args: Args
    persona: str
    # (URL name, args) of the page showing the form, when it is not the URL itself.
    shown_on: tuple[str, Args] | None = None


def none(w: SimpleNamespace) -> dict:
    return {}


def participant(w: SimpleNamespace) -> dict:
    return {"pk": w.participant.pk}


def job(w: SimpleNamespace) -> dict:
    return {"pk": w.job.pk}


def employer(w: SimpleNamespace) -> dict:
    return {"pk": w.employer.pk}


def token(w: SimpleNamespace) -> dict:
    return {"uidb64": w.uidb64, "token": w.token}


def on_participant(name: str) -> Args:
    return lambda w: {"pk": w.participant.pk, "item_pk": getattr(w, name).pk}


ON_RECORD = ("caseload:participant-detail", participant)
ON_CONTACT = ("caseload:contact-detail", lambda w: {"pk": w.contact.pk})
ON_JOB = ("inwork_support:employment-detail", job)
ON_TEAM = ("caseload:team", none)
ON_IMPORT = ("caseload:import-detail", lambda w: {"pk": w.caseload_import.pk})


def enrolment(w: SimpleNamespace) -> dict:
    return {"pk": w.contracts.enrolment.pk}


ON_UNCHECKED = (
    "contracts:enrolment-detail",
    lambda w: {"pk": w.contracts.unchecked_enrolment.pk},
)

FORMS: dict[str, Target] = {
    # Signing in and out, passwords, the second step.
    "login": Target(none, "anonymous"),
    "logout": Target(none, "keyworker", shown_on=("caseload:my-caseload", none)),
    "password_change": Target(none, "keyworker"),
    "password_reset": Target(none, "anonymous"),
    "password_reset_confirm": Target(token, "anonymous"),
    "employers:portal-set-password": Target(token, "anonymous"),
    # contracts (the second person is partner_manager: keyworker uploaded it all)
    "contracts:enrol": Target(
        lambda w: {
            "contract_pk": w.contracts.other_contract.pk,
            "participant_pk": w.participant.pk,
        },
        "keyworker",
    ),
    "contracts:enrolment-check": Target(
        lambda w: {"pk": w.contracts.unchecked_enrolment.pk},
        "partner_manager",
        shown_on=ON_UNCHECKED,
    ),
    "contracts:evidence-upload": Target(enrolment, "keyworker"),
    "contracts:outcome-check": Target(
        lambda w: {
            "pk": w.contracts.enrolment.pk,
            "type_pk": w.contracts.unchecked_type.pk,
        },
        "partner_manager",
        shown_on=("contracts:enrolment-detail", enrolment),
    ),
    "contracts:claim-submit": Target(
        lambda w: {"pk": w.contracts.claim.pk},
        "partner_manager",
        shown_on=("contracts:claims", lambda w: {"pk": w.contracts.contract.pk}),
    ),
    "contracts:claim-settle": Target(
        lambda w: {"pk": w.contracts.claim.pk}, "partner_manager"
    ),
    "accounts:two-factor-setup": Target(none, "keyworker"),
    "accounts:two-factor-verify": Target(none, "enrolled_keyworker"),
    "accounts:notification-settings": Target(none, "keyworker"),
    "accounts:notifications-read": Target(
        none, "keyworker", shown_on=("accounts:notifications", none)
    ),
    "accounts:my-leave": Target(none, "keyworker"),
    # caseload
    "caseload:participant-create": Target(none, "keyworker"),
    "caseload:participant-edit": Target(participant, "keyworker"),
    "caseload:participant-exit": Target(participant, "keyworker"),
    "caseload:participant-reengage": Target(lambda w: {"pk": w.exited.pk}, "keyworker"),
    "caseload:participant-reassign": Target(participant, "partner_manager"),
    "caseload:log-contact": Target(participant, "keyworker"),
    "caseload:action-done": Target(
        lambda w: {"pk": w.participant.pk, "action_pk": w.action.pk},
        "keyworker",
        shown_on=ON_RECORD,
    ),
    "caseload:supervision-note-add": Target(
        lambda w: {"pk": w.contact.pk}, "partner_manager", shown_on=ON_CONTACT
    ),
    "caseload:supervision-note-resolve": Target(
        lambda w: {"pk": w.contact.pk, "note_pk": w.note.pk},
        "keyworker",
        shown_on=ON_CONTACT,
    ),
    "caseload:professional-add": Target(participant, "keyworker"),
    "caseload:professional-edit": Target(on_participant("professional"), "keyworker"),
    "caseload:professional-remove": Target(
        on_participant("professional"), "keyworker", shown_on=ON_RECORD
    ),
    "caseload:barrier-add": Target(participant, "keyworker"),
    "caseload:barrier-resolve": Target(on_participant("barrier"), "keyworker"),
    "caseload:goal-add": Target(participant, "keyworker"),
    "caseload:goal-status": Target(
        on_participant("goal"), "keyworker", shown_on=ON_RECORD
    ),
    "caseload:step-add": Target(on_participant("goal"), "keyworker"),
    "caseload:step-status": Target(
        lambda w: {"pk": w.participant.pk, "item_pk": w.goal.pk, "step_pk": w.step.pk},
        "keyworker",
        shown_on=ON_RECORD,
    ),
    "caseload:referral-add": Target(participant, "keyworker"),
    "caseload:outcome-add": Target(participant, "keyworker"),
    "caseload:referral-update": Target(on_participant("referral"), "keyworker"),
    "caseload:bulk-reassign": Target(none, "partner_manager"),
    "caseload:mark-away": Target(lambda w: {"pk": w.keyworker.pk}, "partner_manager"),
    "caseload:handover": Target(lambda w: {"pk": w.keyworker.pk}, "partner_manager"),
    "caseload:mark-back": Target(
        lambda w: {"pk": w.away_keyworker.pk}, "partner_manager", shown_on=ON_TEAM
    ),
    "caseload:concern-close": Target(lambda w: {"pk": w.concern.pk}, "partner_manager"),
    "caseload:import-upload": Target(none, "keyworker"),
    "caseload:import-confirm": Target(
        lambda w: {"pk": w.caseload_import.pk}, "keyworker", shown_on=ON_IMPORT
    ),
    "caseload:import-discard": Target(
        lambda w: {"pk": w.caseload_import.pk}, "keyworker", shown_on=ON_IMPORT
    ),
    # inwork_support
    "inwork_support:job-start": Target(
        lambda w: {"participant_pk": w.participant.pk}, "keyworker"
    ),
    "inwork_support:start-date": Target(job, "keyworker"),
    "inwork_support:probation": Target(job, "keyworker"),
    "inwork_support:end": Target(job, "keyworker"),
    "inwork_support:consent": Target(job, "keyworker"),
    "inwork_support:plan-edit": Target(job, "keyworker"),
    "inwork_support:preparation": Target(job, "keyworker", shown_on=ON_JOB),
    "inwork_support:practical-support": Target(job, "keyworker"),
    "inwork_support:in-work-contact": Target(job, "keyworker"),
    "inwork_support:meeting-add": Target(job, "keyworker"),
    "inwork_support:past-checkins": Target(job, "keyworker"),
    "inwork_support:risk-clear": Target(lambda w: {"pk": w.risk.pk}, "keyworker"),
    # employers: the staff side (keyworker is the employer's go-to person)
    "employers:employer-add": Target(none, "keyworker"),
    "employers:employer-edit": Target(employer, "keyworker"),
    "employers:go-to-edit": Target(employer, "keyworker"),
    "employers:take-on": Target(lambda w: {"pk": w.unclaimed_employer.pk}, "keyworker"),
    "employers:contact-add": Target(employer, "keyworker"),
    "employers:engagement-add": Target(employer, "keyworker"),
    "employers:vacancy-add": Target(employer, "keyworker"),
    "employers:meeting-add": Target(employer, "keyworker"),
    "employers:contact-edit": Target(
        lambda w: {"pk": w.employer_contact.pk}, "keyworker"
    ),
    "employers:contact-invite": Target(
        lambda w: {"pk": w.invitee.pk},
        "keyworker",
        shown_on=("employers:employer-detail", employer),
    ),
    "employers:vacancy-edit": Target(lambda w: {"pk": w.vacancy.pk}, "keyworker"),
    "employers:nomination-add": Target(lambda w: {"pk": w.vacancy.pk}, "keyworker"),
    "employers:nomination-edit": Target(lambda w: {"pk": w.nomination.pk}, "keyworker"),
    "inwork_support:meeting-edit": Target(lambda w: {"pk": w.meeting.pk}, "keyworker"),
    "employers:inbox-thread": Target(lambda w: {"pk": w.thread.pk}, "keyworker"),
    # employers: the portal
    "employers:portal-home": Target(none, "employer_contact"),
    "employers:portal-thread": Target(
        lambda w: {"pk": w.thread.pk}, "employer_contact"
    ),
}

# Pages that only read: still posted to (random fields), never a server error.
PAGES: dict[str, tuple[Args, str]] = {
    "healthz": (none, "anonymous"),
    "accounts:home": (none, "keyworker"),
    "password_change_done": (none, "keyworker"),
    "password_reset_done": (none, "anonymous"),
    "password_reset_complete": (none, "anonymous"),
    "caseload:my-caseload": (none, "keyworker"),
    "caseload:participant-detail": (participant, "keyworker"),
    "caseload:participant-timeline": (participant, "keyworker"),
    "caseload:participant-outcomes": (participant, "keyworker"),
    "caseload:contact-detail": (lambda w: {"pk": w.contact.pk}, "keyworker"),
    "caseload:team": (none, "partner_manager"),
    "caseload:safeguarding": (none, "partner_manager"),
    "caseload:import-template": (none, "keyworker"),
    "caseload:import-detail": (lambda w: {"pk": w.caseload_import.pk}, "keyworker"),
    "inwork_support:today": (none, "keyworker"),
    "inwork_support:employment-detail": (job, "keyworker"),
    "inwork_support:plan-revision": (
        lambda w: {"pk": w.job.pk, "revision": w.plan.revision},
        "keyworker",
    ),
    # Sends the user to the one contact form, with the check-in chosen.
    "inwork_support:checkin-log": (lambda w: {"pk": w.checkin.pk}, "keyworker"),
    "employers:employer-list": (none, "keyworker"),
    "employers:employer-detail": (employer, "keyworker"),
    "employers:inbox": (none, "keyworker"),
    "employers:portal-employees": (none, "employer_contact"),
    "accounts:notifications": (none, "keyworker"),
    # The keyworker covers for a colleague marked away: they were told so.
    "accounts:notification-open": (
        lambda w: {"pk": w.keyworker.notifications.first().pk},
        "keyworker",
    ),
    "reporting:partner-dashboard": (none, "partner_manager"),
    "reporting:partner-csv": (none, "partner_manager"),
    "reporting:worker-records": (
        lambda w: {"worker_pk": w.keyworker.pk, "metric": "active_caseload"},
        "partner_manager",
    ),
    "reporting:programme-dashboard": (none, "programme_manager"),
    "reporting:programme-csv": (lambda w: {"slug": "outcomes"}, "programme_manager"),
    "reporting:figure-records": (
        lambda w: {"figure": "retention", "cell": "six_months.without.reached"},
        "partner_manager",
    ),
    "reporting:definitions": (none, "keyworker"),
    "reporting:evidence-csv": (
        lambda w: {"part": "outcome-register"},
        "programme_manager",
    ),
    "reporting:evidence-xlsx": (none, "programme_manager"),
    "records:participant-audit": (participant, "partner_manager"),
    "records:subject-access": (participant, "partner_manager"),
    "records:record-checks": (none, "partner_manager"),
    "contracts:contract-list": (none, "partner_manager"),
    "contracts:claims": (lambda w: {"pk": w.contracts.contract.pk}, "partner_manager"),
    "contracts:claims-csv": (
        lambda w: {"pk": w.contracts.contract.pk},
        "partner_manager",
    ),
    "contracts:claims-xlsx": (
        lambda w: {"pk": w.contracts.contract.pk},
        "partner_manager",
    ),
    "contracts:enrolment-detail": (enrolment, "keyworker"),
    "contracts:evidence-download": (
        lambda w: {"pk": w.contracts.document.pk},
        "keyworker",
    ),
}

# Django admin: every registered model's add form is fuzzed (admin_user); its
# lists, delete and history pages are Django's own, with no fields of ours.
ADMIN_FORMS = sorted(
    f"admin:{model._meta.app_label}_{model._meta.model_name}_add"
    for model in admin.site._registry
)


# The scenario: everything belongs to `keyworker` at `partner`.


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Build the scenario once for the module; it is rolled back at the end."""
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=fast),
        transaction.atomic(),
    ):
        yield build_world()
        transaction.set_rollback(True)


def build_world() -> SimpleNamespace:
    partner = DeliveryPartnerFactory(name="Northside Futures")
    staff = {"role": Role.KEYWORKER, "delivery_partner": partner}
    keyworker = UserFactory(username="fuzz-kw", **staff)
    iwso = UserFactory(
        username="fuzz-iwso",
        role=Role.IN_WORK_SUPPORT_OFFICER,
        delivery_partner=partner,
    )
    partner_manager = UserFactory(
        username="fuzz-pm", role=Role.PARTNER_MANAGER, delivery_partner=partner
    )
    enrolled_keyworker = UserFactory(username="fuzz-kw-2fa", **staff)
    enrolled_device(enrolled_keyworker)
    away_keyworker = UserFactory(username="fuzz-kw-away", **staff)
    account_services.mark_away(worker=away_keyworker, cover=keyworker)
    contact_person = EmployerContactFactory(
        user__username="fuzz-boss", employer__name="Harbour Café Group"
    )
    participant = ParticipantFactory(
        keyworker=keyworker,
        in_work_support_officer=iwso,
        first_name="Jade",
        last_name="Jones",
    )
    contact = ContactFactory(participant=participant)
    step = GoalStepFactory(goal__participant=participant)
    employer = contact_person.employer
    employer.go_to_person = keyworker
    employer.save()
    job = inwork.record_job_start(
        participant=participant,
        recorded_by=keyworker,
        employer=employer,
        job_title="Kitchen assistant",
        hours_per_week=Decimal("24.0"),
        hourly_pay=Decimal("12.21"),
        contract_type=ContractType.PERMANENT,
        start_date=datetime.date(2026, 11, 30),
        employer_may_know=True,
    )
    vacancy = VacancyFactory(employer=employer)
    invitee = EmployerContactFactory(employer=employer, user__username="fuzz-invitee")
    invitee.user.set_unusable_password()
    invitee.user.save()
    newcomer = UserFactory(
        username="fuzz-newcomer", role=Role.EMPLOYER_CONTACT, delivery_partner=None
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
        users={
            "anonymous": None,
            "keyworker": keyworker,
            "enrolled_keyworker": enrolled_keyworker,
            "partner_manager": partner_manager,
            "programme_manager": UserFactory(
                username="fuzz-prog",
                role=Role.PROGRAMME_MANAGER,
                delivery_partner=None,
            ),
            "employer_contact": contact_person.user,
            "admin_user": UserFactory(
                username="fuzz-admin",
                role=Role.ADMIN,
                delivery_partner=None,
                is_staff=True,
                is_superuser=True,
            ),
        },
        contracts=contracts,
        keyworker=keyworker,
        away_keyworker=away_keyworker,
        participant=participant,
        exited=ParticipantFactory(
            keyworker=keyworker,
            first_name="Kai",
            last_name="Lowe",
            pathway_stage="exited",
            exit_date=datetime.date(2026, 6, 1),
        ),
        contact=contact,
        note=SupervisionNoteFactory(contact=contact, author=partner_manager),
        action=ActionFactory(participant=participant),
        professional=ProfessionalFactory(participant=participant),
        barrier=BarrierFactory(participant=participant),
        goal=step.goal,
        step=step,
        referral=ReferralFactory(participant=participant),
        concern=ConcernFactory(participant=participant),
        caseload_import=CaseloadImport.objects.create(
            created_by=keyworker, delivery_partner=partner, filename="caseload.csv"
        ),
        employer=employer,
        unclaimed_employer=EmployerFactory(name="Moorside Bakery"),
        employer_contact=contact_person,
        invitee=invitee,
        job=job,
        plan=inwork.save_plan(employment=job, author=keyworker, base_revision=0),
        risk=inwork.raise_job_risk(
            employment=job, reason="sickness", detail="Off sick", key="fuzz"
        ),
        checkin=job.checkins.first(),
        vacancy=vacancy,
        nomination=NominationFactory(vacancy=vacancy, participant=participant),
        meeting=MeetingFactory(
            employer=employer, participant=participant, employment=job
        ),
        thread=EmployerMessageFactory(
            employer=employer,
            sender_contact=contact_person,
            body="Jade was late twice this week; can we talk?",
        ),
        uidb64=urlsafe_base64_encode(force_bytes(newcomer.pk)),
        token=default_token_generator.make_token(newcomer),
    )


def client_for(world: SimpleNamespace, persona: str) -> KeyworkClient:
    client = KeyworkClient()
    if world.users[persona] is not None:
        client.force_login(world.users[persona])
    return client


# Reading a page's forms.


@dataclass
class Field:
    kind: str  # an input's type, "select" or "textarea"
    values: list[str] = field(default_factory=list)  # shown or offered values


@dataclass
class Form:
    action: str
    fields: dict[str, Field] = field(default_factory=dict)


class FormReader(HTMLParser):
    """Collect each POST form's target and fields, as a browser would send them."""

    def __init__(self, page_url: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_url = page_url
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.select: Field | None = None
        self.textarea: Field | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.form = None
            if a.get("method", "get").lower() == "post":
                action = urlsplit(urljoin(self.page_url, a.get("action", ""))).path
                self.form = Form(action)
                self.forms.append(self.form)
            return
        if self.form is None or "name" not in a or "disabled" in a:
            if tag == "option" and self.select is not None:
                self.select.values.append(a.get("value", ""))
            return
        name = a["name"]
        if tag in ("input", "button"):
            kind = a.get("type", "text" if tag == "input" else "submit").lower()
            known = self.form.fields.setdefault(name, Field(kind))
            known.values.append(a.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self.select = self.form.fields.setdefault(name, Field("select"))
        elif tag == "textarea":
            self.textarea = self.form.fields.setdefault(name, Field("textarea", [""]))

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.textarea.values[-1] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.form = None
        elif tag == "select":
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            self.textarea.values[-1] = self.textarea.values[-1].removeprefix("\n")
            self.textarea = None


def forms_on(client: KeyworkClient, url: str) -> tuple[str, list[Form]]:
    """Return the page's path (after redirects, as for reset links) and its forms."""
    response = client.get(url, follow=True)
    assert response.status_code == 200, f"GET {url}: {response.status_code}"
    path = response.request["PATH_INFO"]
    reader = FormReader(path)
    reader.feed(response.content.decode())
    return path, reader.forms


def form_for(client: KeyworkClient, page_url: str, url: str) -> Form:
    """Return the form on `page_url` that posts to `url`, all of them merged."""
    path, forms = forms_on(client, page_url)
    if page_url == url:
        url = path
    found = [form for form in forms if form.action == url]
    assert found, f"{page_url} shows no form posting to {url}"
    merged = Form(url)
    for form in found:
        merged.fields.update(form.fields)
    merged.fields.pop("csrfmiddlewaretoken", None)
    return merged


# What to post.

MISSING = object()
PRINTABLE = st.characters(exclude_categories=("Cs",), exclude_characters="\x00")
ODD = [
    "",
    " ",
    "0",
    "-1",
    "1e309",
    "NaN",
    "Infinity",
    "-0.0",
    "2147483648",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999.99",
    "1,000",
    "£12.50",
    "0001-01-01",
    "9999-12-31",
    "10000-01-01",
    "2026-02-30",
    "2026-13-01",
    "31/12/9999",
    "12/31/2026",
    "2026-11-24T25:61",
    "tomorrow",
    "25:61",
    "true",
    "None",
    "null",
    "[]",
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    "../../etc/passwd",
    "\u202egnp.exe",
    "a\tb\r\nc\x0b\x1f",
    "😀" * 20,
]
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y", "%m/%d/%Y", "%d %B %Y", "%Y%m%d", "%d.%m.%y"]
ODD_TEXT = st.one_of(
    st.text(PRINTABLE, max_size=40),
    st.sampled_from(ODD),
    # Huge: up to 60,000 characters, under the 2.5 MB request limit.
    st.builds(
        operator.mul,
        st.text(PRINTABLE, min_size=1, max_size=3),
        st.integers(2000, 20000),
    ),
    st.integers(-(10**30), 10**30).map(str),
    st.floats().map(str),
    st.builds(
        lambda day, fmt: day.strftime(fmt), st.dates(), st.sampled_from(DATE_FORMATS)
    ),
)
FILES = st.builds(
    SimpleUploadedFile,
    st.sampled_from(["c.csv", "c.xlsx", "c.CSV", "setup.exe", "c.pdf", "c", ".csv"]),
    st.one_of(
        st.binary(max_size=500),
        st.sampled_from(
            [
                b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff",
                b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n",
                b"PK\x03\x04\x14\x00\x00\x00\x08\x00",
                b"first_name,last_name,date_of_birth,status_at_start,programme_start\n"
                b"Jo,Bloggs,9999-12-31,unemployed,0001-01-01\n",
                b"first_name,last_name\n" + b"A,B\n" * 3000,
            ]
        ),
    ),
)


def field_values(spec: Field) -> st.SearchStrategy:
    """Return what may be posted for one field: kept, odd, missing or repeated."""
    if spec.kind == "file":
        return st.one_of(st.just(MISSING), FILES)
    shown = [value for value in spec.values if value is not None]
    one = st.one_of(st.sampled_from(shown), ODD_TEXT) if shown else ODD_TEXT
    return st.one_of(
        st.sampled_from(shown) if shown else st.just(MISSING),
        one,
        st.just(MISSING),
        st.lists(one, min_size=2, max_size=3),
    )


PLAUSIBLE = {
    "date": ["2026-11-24", "2026-11-30", "2026-01-15"],
    "datetime-local": ["2026-11-24T10:00"],
    "time": ["10:00"],
    "number": ["1", "24", "12.5"],
    "email": ["jo@example.org"],
    "tel": ["07700 900123"],
    "url": ["https://example.org/"],
    "password": ["a-long-Passw0rd-for-fuzzing"],
    "text": ["Fuzz", "Jo Bloggs"],
    "textarea": ["Fuzz notes"],
}
GOOD_CSV = (
    b"first_name,last_name,date_of_birth,status_at_start,programme_start\n"
    b"Jo,Bloggs,1990-04-01,unemployed,2026-11-02\n"
)


def plausible(spec: Field) -> st.SearchStrategy:
    """Return a value a careful person would post, so odd values reach deep code."""
    shown = [value for value in spec.values if value]
    if spec.kind == "file":
        return st.just(SimpleUploadedFile("caseload.csv", GOOD_CSV))
    if spec.kind == "checkbox":
        return st.one_of(st.just(MISSING), st.just(spec.values))
    if spec.kind in ("select", "radio", "hidden", "submit") or shown:
        return st.sampled_from(shown or [""])
    return st.sampled_from(PLAUSIBLE.get(spec.kind, PLAUSIBLE["text"]))


@st.composite
def payloads(draw: st.DrawFn, form: Form) -> dict:
    """Return a post: plausible values with a few fields (or all) made odd."""
    data = {name: draw(plausible(spec)) for name, spec in form.fields.items()}
    names = sorted(form.fields)
    if names:
        odd = draw(
            st.one_of(st.sets(st.sampled_from(names), max_size=3), st.just(names))
        )
        for name in sorted(odd):
            data[name] = draw(field_values(form.fields[name]))
    extra = draw(
        st.dictionaries(
            st.text(PRINTABLE, min_size=1, max_size=10), ODD_TEXT, max_size=2
        )
    )
    return {
        **{k: v for k, v in extra.items() if k not in data},
        **{k: v for k, v in data.items() if v is not MISSING},
    }


# Posting it.

TYPED = {"text", "email", "number", "date", "tel", "url", "search", "textarea"}


def post(client: KeyworkClient, url: str, data: dict):
    """Post `data`, then undo what it wrote and restore the client's cookies."""
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    try:
        with transaction.atomic():
            response = client.post(url, data)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response


def assert_typing_kept(response, form: Form, data: dict) -> None:
    """When a form comes back with errors, what was typed is shown again."""
    context = response.context
    contexts = context if isinstance(context, ContextList) else [context or Context()]
    invalid = [
        value
        for each in contexts
        for value in each.flatten().values()
        if isinstance(value, BaseForm) and value.is_bound and value.errors
    ]
    if response.status_code != 200 or not invalid:
        return
    page = unescape(response.content.decode())
    for bound in invalid:
        for name in bound.fields:
            html_name = bound.add_prefix(name)
            typed = data.get(html_name)
            spec = form.fields.get(html_name)
            if spec is None or spec.kind not in TYPED or not isinstance(typed, str):
                continue
            if typed.strip():
                assert (
                    typed.strip() in page.replace("\r\n", "\n").replace("\r", "\n")
                    or escape(typed) in response.content.decode()
                ), (
                    f"{form.action}: {html_name}={typed[:80]!r} was typed but is "
                    "not shown again"
                )


def fuzz(client: KeyworkClient, form: Form, *, examples: int) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=SEED is None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(payloads(form))
    def posting_never_fails(data: dict) -> None:
        response = post(client, form.action, data)
        assert response.status_code < 500, (form.action, data)
        assert_typing_kept(response, form, data)

    if SEED is not None:
        posting_never_fails = seed(int(SEED))(posting_never_fails)
    posting_never_fails()


# The matrix is complete.


def test_every_url_is_in_the_fuzz_matrix():
    ours = {
        name or route
        for name, route in walk(get_resolver())
        if not route.startswith("admin/")
    }

    assert not ours - set(FORMS) - set(PAGES), "add these to FORMS or PAGES"
    assert not set(FORMS) & set(PAGES)
    assert not (set(FORMS) | set(PAGES)) - ours, "these URLs no longer exist"


def test_every_form_shown_on_a_page_is_fuzzed(world):
    """Crawl every page of the matrix as its persona; each form's target is fuzzed."""
    targets = {reverse(name, kwargs=t.args(world)): name for name, t in FORMS.items()}
    shown: dict[str, str] = {}
    pages = PAGES | {
        name: (t.args, t.persona) for name, t in FORMS.items() if not t.shown_on
    }
    for name, (args, persona) in pages.items():
        # Downloads (CSV, workbooks, evidence files) have no forms to find.
        if name in ("logout", "healthz") or name.endswith(("csv", "xlsx", "download")):
            continue
        url = reverse(name, kwargs=args(world))
        path, forms = forms_on(client_for(world, persona), url)
        targets.setdefault(path, name)
        for form in forms:
            shown.setdefault(form.action, url)

    unfuzzed = {
        action: page
        for action, page in shown.items()
        if action not in targets and not resolve(action).route.startswith("admin/")
    }
    assert not unfuzzed, "forms posting to URLs that are not in FORMS (target: page)"


@pytest.mark.parametrize("name", sorted(FORMS))
def test_random_posts_to_a_form_never_cause_a_server_error(world, name):
    target = FORMS[name]
    client = client_for(world, target.persona)
    url = reverse(name, kwargs=target.args(world))
    page, page_args = target.shown_on or (name, target.args)

    form = form_for(client, reverse(page, kwargs=page_args(world)), url)

    fuzz(client, form, examples=EXAMPLES)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_random_posts_to_a_page_never_cause_a_server_error(world, name):
    args, persona = PAGES[name]
    client = client_for(world, persona)

    fuzz(client, Form(reverse(name, kwargs=args(world))), examples=EXAMPLES // 4 or 1)


@pytest.mark.parametrize("name", ADMIN_FORMS)
def test_random_posts_to_an_admin_form_never_cause_a_server_error(world, name):
    client = client_for(world, "admin_user")
    url = reverse(name)
    if client.get(url).status_code == 403:
        # Records made only by the app (audit entries, outbox...): the admin has
        # no add form, and a forged post is refused as well.
        assert client.post(url, {"anything": "x"}).status_code == 403
        return

    fuzz(client, form_for(client, url, url), examples=ADMIN_EXAMPLES)


# Query strings: every page a GET reaches, with hostile values in what it reads.

QUERY_EXAMPLES = max(1, EXAMPLES // 3)
# The admin's pages in the permission matrix (the rest are Django's own).
ADMIN_PAGES: dict[str, tuple[Args, str]] = {
    "admin:index": (none, "admin_user"),
    "admin:caseload_participant_changelist": (none, "admin_user"),
}
GET_PAGES: dict[str, tuple[Args, str]] = (
    PAGES | {name: (t.args, t.persona) for name, t in FORMS.items()} | ADMIN_PAGES
)
# Names read by some view, sent to every page too: a parameter a view reads only
# when another is present is still met.
COMMON_PARAMS = [
    "page",
    "p",
    "q",
    "o",
    "checkin",
    "from",
    "next",
    "format",
    "start",
    "end",
    "period",
    "partner",
    "keyworker",
    "stage",
    "sort",
    "no_contact_days",
    "open_actions",
]
HOSTILE = [
    "99999999999999999999",
    "-99999999999999999999",
    "9223372036854775808",
    "-1",
    "0",
    "²",
    "٣",
    "１２",
    "\x00",
    "1\x00",
    "a\x00b",
    "1.5",
    "1e400",
    "x" * 5000,
    "%00",
    "[]",
]
WORST = ["99999999999999999999", "-1", "²", "\x00", "x" * 5000]


class ReadRecorder:
    """Record the names a view reads from request.GET (get, [], getlist, in)."""

    def __init__(self) -> None:
        self.names: set[str] = set()
        recorder = self

        class Recording(QueryDict):
            def __getitem__(self, key):
                recorder.names.add(key)
                return super().__getitem__(key)

            def getlist(self, key, default=None):
                recorder.names.add(key)
                return super().getlist(key, default)

            def __contains__(self, key):
                recorder.names.add(key)
                return super().__contains__(key)

        def get_query(request: WSGIRequest) -> QueryDict:
            query = ORIGINAL_GET.real_func(request)
            query.__class__ = Recording
            return query

        self.prop = cached_property(get_query)
        self.prop.__set_name__(WSGIRequest, "GET")

    def __enter__(self) -> ReadRecorder:
        self.patch = mock.patch.object(WSGIRequest, "GET", self.prop)
        self.patch.start()
        return self

    def __exit__(self, *exc) -> None:
        self.patch.stop()


ORIGINAL_GET = WSGIRequest.__dict__["GET"]


def get(client: KeyworkClient, url: str, query: dict):
    """GET `url` with `query`, then undo what it wrote (audit rows, sessions)."""
    cookies = SimpleCookie(client.cookies.output(header="", sep="\n"))
    try:
        with transaction.atomic():
            response = client.get(url, query)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return response


def names_read(client: KeyworkClient, url: str) -> set[str]:
    """Return the GET parameters the page reads; a dummy one binds its filters."""
    with ReadRecorder() as recorder:
        get(client, url, {"_": "1"})
    return recorder.names - {"_"}


def world_values(world: SimpleNamespace) -> list[str]:
    """Return ids that exist, so a hostile value meets them in the same query."""
    return [str(world.checkin.pk), str(world.participant.pk), str(world.keyworker.pk)]


def test_reading_query_parameters_is_recorded(world):
    """The recorder sees what views read, so the fuzz below reaches every name."""
    client = client_for(world, "keyworker")

    employers = names_read(client, reverse("employers:employer-list"))
    contact = names_read(
        client, reverse("inwork_support:in-work-contact", **job_kw(world))
    )

    assert {"q", "page"} <= employers
    assert "checkin" in contact


def job_kw(world: SimpleNamespace) -> dict:
    return {"kwargs": {"pk": world.job.pk}}


@pytest.mark.parametrize("name", sorted(GET_PAGES))
def test_hostile_query_strings_never_cause_a_server_error(world, name):
    """Hostile values in each parameter the page reads; then random mixes."""
    args, persona = GET_PAGES[name]
    client = client_for(world, persona)
    url = reverse(name, kwargs=args(world))
    read = sorted(names_read(client, url))
    # One parameter at a time (a refused one must not hide another), then all.
    queries = [{param: value} for param in read for value in WORST]
    queries += [dict.fromkeys(read, value) for value in HOSTILE if read]
    for query in queries:
        response = get(client, url, query)
        assert response.status_code < 500, (url, query)

    names = st.sampled_from(read + COMMON_PARAMS)
    one = st.one_of(
        st.sampled_from(HOSTILE + world_values(world)),
        ODD_TEXT,
        st.text(st.characters(exclude_categories=("Cs",)), max_size=20),
    )
    values = st.one_of(one, st.lists(one, min_size=2, max_size=3))

    @settings(
        max_examples=QUERY_EXAMPLES,
        deadline=None,
        derandomize=SEED is None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(st.dictionaries(names, values, min_size=1, max_size=4))
    def reading_never_fails(query: dict) -> None:
        response = get(client, url, query)
        assert response.status_code < 500, (url, query)

    if SEED is not None:
        reading_never_fails = seed(int(SEED))(reading_never_fails)
    reading_never_fails()
