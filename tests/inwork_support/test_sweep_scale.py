"""The sweep reminds 10,000 due check-ins once each, within the 30-second budget."""

import datetime
import time

import pytest
from django.db import connection

from accounts.models import Notification, OutgoingEmail
from caseload.models import EntryKind, TimelineEntry
from inwork_support import services
from inwork_support.models import CheckIn, CheckInKind
from tests.conftest import missing
from tests.factories import EmploymentFactory, ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.real_stack
def test_ten_thousand_due_check_ins_are_reminded_in_under_30_seconds(
    partner, django_capture_on_commit_callbacks
):
    if connection.vendor != "postgresql":
        missing("PostgreSQL (the budget is measured there)")
    day = datetime.date(2026, 3, 2)
    workers = [UserFactory(delivery_partner=partner) for _ in range(10)]
    jobs = [
        EmploymentFactory(participant=ParticipantFactory(keyworker=workers[i % 10]))
        for i in range(100)
    ]
    CheckIn.objects.bulk_create(
        CheckIn(
            employment=job,
            kind=CheckInKind.REGULAR,
            sequence=n,
            due_on=day,
            assigned_to=job.participant.keyworker,
        )
        for job in jobs
        for n in range(1, 101)
    )

    started = time.monotonic()
    with django_capture_on_commit_callbacks(execute=False):
        result = services.sweep_checkins(
            now=datetime.datetime(2026, 3, 2, 5, tzinfo=datetime.UTC)
        )
    elapsed = time.monotonic() - started

    assert result.reminded == 10_000
    assert Notification.objects.count() == 10_000
    assert OutgoingEmail.objects.count() == 10_000
    assert TimelineEntry.objects.filter(kind=EntryKind.REMINDER).count() == 10_000
    assert elapsed < 30, f"the sweep took {elapsed:.1f} s"
    with django_capture_on_commit_callbacks(execute=False):
        again = services.sweep_checkins(
            now=datetime.datetime(2026, 3, 2, 5, 5, tzinfo=datetime.UTC)
        )
    assert again.reminded == 0
    assert Notification.objects.count() == 10_000
