"""seed_demo: fixed logins, idempotent, and never with DEBUG off."""

import pytest
from django.core.management import CommandError, call_command

from accounts.models import Role, User
from caseload.models import Participant, PathwayStage
from employers.models import Employer, EmployerContact
from reporting.demo import HISTORY_MARKER

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


def test_seed_demo_creates_the_published_logins(settings, client):
    settings.DEBUG = True

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

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


def test_seed_demo_spreads_about_forty_participants_over_the_pathway(settings):
    settings.DEBUG = True

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

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


def test_seed_demo_twice_changes_nothing(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (
        User.objects.count(),
        Participant.objects.count(),
        Employer.objects.count(),
    )

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert counts == (
        User.objects.count(),
        Participant.objects.count(),
        Employer.objects.count(),
    )


def test_seed_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")

    assert not User.objects.exists()


def test_seed_demo_adds_two_years_of_history_once(settings):
    import datetime

    from django.utils import timezone

    from caseload.models import Contact
    from inwork_support.models import CheckIn, Employment
    from reporting.demo import HISTORY_MARKER
    from reporting.metrics import Filters, programme

    settings.DEBUG = True
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    history = Participant.objects.filter(eligibility_evidence=HISTORY_MARKER)
    counts = (history.count(), Contact.objects.count(), CheckIn.objects.count())

    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    today = timezone.localdate()
    assert counts == (history.count(), Contact.objects.count(), CheckIn.objects.count())
    assert history.count() == 300
    earliest = history.order_by("programme_start").first().programme_start
    assert earliest <= today - datetime.timedelta(days=700)
    assert Employment.objects.filter(participant__in=history).count() >= 100
    two_years = Filters(
        start=today - datetime.timedelta(days=730), end=today, today=today
    )
    retention = programme.retention(two_years)
    assert retention["six_months"]["with_decided"] >= 5
    assert retention["six_months"]["without_decided"] >= 5
