"""seed_demo: the demo programme, played through the services with a moving clock.

Seeding plays two years (about a minute), so the module seeds once, inside a
transaction rolled back at the end, and every test reads the same demo.
"""

import datetime
import io
import pathlib

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.test import override_settings
from django.utils import timezone

from accounts.models import OutgoingEmail, Role, User
from caseload.models import KeyworkerAssignment, Participant, PathwayStage
from demo.history import HISTORY_MARKER
from employers.models import (
    Employer,
    EmployerContact,
    EmployerEngagement,
    EmployerMessage,
    Nomination,
    ThreeWayMeeting,
    Vacancy,
)
from inwork_support.models import CheckIn, CheckInKind, CheckInStatus, Employment

pytestmark = pytest.mark.django_db

DEMO_LOGINS = [
    "keyworker1",
    "keyworker2",
    "keyworker3",
    "keyworker4",
    "iwso1",
    "manager1",
    "manager2",
    "programme1",
    "employer1",
    "employer2",
    "employer3",
]
GO_TO = {
    "Harbour Café Group": ("keyworker1", "keyworker2"),
    "Greenline Logistics": ("keyworker2", "keyworker1"),
    "Brightcare Homes": ("keyworker3", "keyworker4"),
}


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    # The suite's password hasher (tests/conftest.py), so the logins check out.
    fast = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(DEBUG=True, PASSWORD_HASHERS=fast),
    ):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            call_command("seed_demo", stdout=io.StringIO())
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def _seed(debug: bool = True) -> str:
    out = io.StringIO()
    with override_settings(DEBUG=debug):
        call_command("seed_demo", stdout=out)
    return out.getvalue()


def _counts():
    models = (
        User,
        Participant,
        Employer,
        Employment,
        CheckIn,
        EmployerEngagement,
        EmployerMessage,
        Vacancy,
        Nomination,
        ThreeWayMeeting,
    )
    return [model.objects.count() for model in models]


def test_seed_demo_creates_the_published_logins(client):
    assert sorted(User.objects.values_list("username", flat=True)) == sorted(
        DEMO_LOGINS
    )
    for username in DEMO_LOGINS:
        assert client.login(username=username, password="demo-keywork"), username
    first_partner = User.objects.get(username="manager1").delivery_partner
    assert set(first_partner.staff.values_list("username", flat=True)) == {
        "keyworker1",
        "keyworker2",
        "iwso1",
        "manager1",
    }
    assert Employer.objects.count() == 3
    assert EmployerContact.objects.filter(user__isnull=False).count() == 3


def test_seed_demo_spreads_forty_participants_over_the_pathway():
    pathway = Participant.objects.exclude(eligibility_evidence=HISTORY_MARKER)
    assert pathway.count() == 40
    assert set(pathway.values_list("pathway_stage", flat=True)) >= {
        PathwayStage.ENGAGED,
        PathwayStage.PRE_EMPLOYMENT,
        PathwayStage.JOB_SEARCH,
        PathwayStage.IN_WORK,
        PathwayStage.EXITED,
    }
    for keyworker in User.objects.filter(role=Role.KEYWORKER):
        assert keyworker.caseload.filter(pk__in=pathway).count() == 10


def test_seed_demo_twice_changes_nothing():
    before = _counts()

    out = _seed()

    assert "already loaded" in out
    assert _counts() == before


def test_seed_demo_refuses_when_debug_is_off():
    before = _counts()

    with pytest.raises(CommandError, match="DEBUG"):
        _seed(debug=False)

    assert _counts() == before


def test_seed_demo_adds_two_years_of_history():
    from reporting.metrics import Filters, programme

    today = timezone.localdate()
    history = Participant.objects.filter(eligibility_evidence=HISTORY_MARKER)
    assert history.count() == 300
    earliest = history.order_by("programme_start").first().programme_start
    assert earliest <= today - datetime.timedelta(days=700)
    assert Employment.objects.filter(participant__in=history).count() >= 100
    assert Employment.objects.filter(ended_on__isnull=False).count() >= 20
    assert history.filter(pathway_stage=PathwayStage.EXITED).count() >= 50
    two_years = Filters(
        start=today - datetime.timedelta(days=730), end=today, today=today
    )
    retention = programme.retention(two_years)
    assert retention["six_months"]["with_decided"] >= 5
    assert retention["six_months"]["without_decided"] >= 5


def test_each_demo_employer_has_a_go_to_person_a_deputy_and_activity():
    for employer in Employer.objects.select_related("go_to_person", "deputy"):
        assert (
            employer.go_to_person.username,
            employer.deputy.username,
        ) == GO_TO[employer.name]
        assert employer.contacts.count() == 2
        assert employer.engagements.exists()
        assert Nomination.objects.filter(vacancy__employer=employer).exists()
        assert employer.meetings.exists()
        assert EmployerMessage.objects.filter(
            employer=employer, first_reply_at__isnull=False
        ).exists()
    assert EmployerMessage.objects.unanswered().count() == 1


# The demo is made by the app: every record is one the services could have made.


def test_every_demo_job_has_its_first_day_six_and_twelve_month_check_ins():
    kinds = [CheckInKind.FIRST_DAY, CheckInKind.SIX_MONTHS, CheckInKind.TWELVE_MONTHS]
    jobs = Employment.objects.annotate(
        **{k: Count("checkins", filter=Q(checkins__kind=k)) for k in kinds}
    )
    assert jobs.exists()
    for job in jobs:
        assert [getattr(job, k) for k in kinds] == [1, 1, 1], job
    # Twelve-month check-ins were done, not only planned: the history reaches them.
    done = CheckIn.objects.filter(status=CheckInStatus.DONE)
    assert done.filter(kind=CheckInKind.TWELVE_MONTHS).count() >= 10
    assert done.filter(kind=CheckInKind.SIX_MONTHS).count() >= 20
    assert not done.filter(completed_contact__isnull=True).exists()


def test_no_demo_participant_is_in_work_without_an_open_job():
    open_job = Exists(
        Employment.objects.filter(participant=OuterRef("pk"), ended_on__isnull=True)
    )
    in_work = Participant.objects.filter(pathway_stage=PathwayStage.IN_WORK)
    assert in_work.exists()
    assert not in_work.exclude(open_job).exists()
    exited = Participant.objects.filter(pathway_stage=PathwayStage.EXITED)
    assert not exited.filter(open_job).exists()


def test_demo_keyworker_history_is_in_order_and_never_in_the_future():
    now = timezone.now()
    assert not KeyworkerAssignment.objects.filter(started_at__gt=now).exists()
    assert not KeyworkerAssignment.objects.filter(ended_at__gt=now).exists()
    changed = Participant.objects.annotate(n=Count("assignments")).filter(n__gt=1)
    assert changed.count() >= 20
    for participant in changed:
        moves = participant.timeline.filter(title__startswith="Keyworker changed")
        assert moves.count() == participant.n - 1, participant
    for participant in Participant.objects.all():
        rows = list(participant.assignments.order_by("started_at"))
        assert rows[-1].keyworker_id == participant.keyworker_id
        assert rows[-1].ended_at is None
        for earlier, later in zip(rows, rows[1:], strict=False):
            assert earlier.ended_at == later.started_at


def test_keyworker1_and_iwso1_have_check_ins_due_and_overdue():
    today = timezone.localdate()
    for username in ("keyworker1", "iwso1"):
        mine = CheckIn.objects.pending().filter(assigned_to__username=username)
        assert mine.filter(due_on__lt=today).exists(), username
        assert mine.filter(due_on__gte=today).exists(), username


def test_check_records_finds_nothing_in_the_demo():
    out = io.StringIO()

    call_command("check_records", stdout=out)

    assert out.getvalue().strip().endswith("0 findings."), out.getvalue()[-2000:]


def test_the_demo_leaves_its_emails_sent_and_the_outbox_empty():
    assert OutgoingEmail.objects.filter(sent_at__isnull=False).exists()
    assert not OutgoingEmail.objects.unsent().exists()


def test_the_demo_writes_only_through_the_services():
    source = "\n".join(path.read_text() for path in pathlib.Path("demo").rglob("*.py"))
    for bulk in (".update(", "bulk_create", "bulk_update"):
        assert bulk not in source, bulk


def test_the_demo_records_courses_and_job_search_on_the_participant_page():
    from caseload.models import Outcome, OutcomeKind, OutcomeSource
    from reporting.metrics import Filters
    from reporting.metrics.outcomes import counts

    page = Outcome.objects.filter(source=OutcomeSource.PARTICIPANT_PAGE)
    exits = Outcome.objects.filter(
        source=OutcomeSource.EXIT, kind=OutcomeKind.EDUCATION_TRAINING
    )

    assert page.filter(kind=OutcomeKind.EDUCATION_TRAINING).count() >= 5
    assert page.filter(kind=OutcomeKind.JOB_SEARCH).count() >= 5
    assert exits.exists()
    whole = Filters(
        start=datetime.date(2000, 1, 1),
        end=timezone.localdate(),
        today=timezone.localdate(),
    )
    assert counts(whole)["iii"] >= 5
    assert counts(whole)["ii"] >= 5


def test_the_demo_has_two_contracts_with_claims_at_every_stage():
    from contracts.models import Claim, ClaimStage, Contract, Enrolment

    rules = {
        contract.name: set(contract.outcome_types.values_list("rule", flat=True))
        for contract in Contract.objects.all()
    }
    stages = set(Claim.objects.values_list("stage", flat=True))

    assert len(rules) == 2
    assert rules["Restart North"] != rules["Skills and Work"]
    assert stages == set(ClaimStage.values)
    assert Enrolment.objects.filter(checked_by__isnull=True).exists()
