"""The employers demo: every demo employer reaches a named go-to person."""

import pytest
from django.core.management import call_command

from employers.models import (
    Employer,
    EmployerEngagement,
    EmployerMessage,
    Nomination,
    ThreeWayMeeting,
    Vacancy,
)

pytestmark = pytest.mark.django_db

GO_TO = {
    "Harbour Café Group": ("keyworker1", "keyworker2"),
    "Greenline Logistics": ("keyworker2", "keyworker1"),
    "Brightcare Homes": ("keyworker3", "keyworker4"),
}


def _seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def _counts():
    return [
        model.objects.count()
        for model in (
            EmployerEngagement,
            EmployerMessage,
            Vacancy,
            Nomination,
            ThreeWayMeeting,
        )
    ]


def test_each_demo_employer_has_a_go_to_person_a_deputy_and_activity(settings):
    settings.DEBUG = True

    _seed()

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


def test_seeding_twice_changes_nothing(settings):
    settings.DEBUG = True
    _seed()
    before = _counts()

    _seed()

    assert _counts() == before
