"""The pages every role opens work on the embedded default: SQLite.

CI runs the suite on PostgreSQL, but a newcomer's `make run` (and anyone without
DATABASE_URL) runs on SQLite. Code written for PostgreSQL alone (raw SQL, prepared
statements, the values the driver is sent) once broke Today and every page that
opens a participant there while every test passed. This signs each role in on a
fresh SQLite database, in a process of its own, and opens their pages.
"""

import json
import subprocess
import sys

from tests.config.test_settings import ROOT, environment

OPEN_EVERY_ROLES_PAGES = """
import datetime, json, uuid
import django
django.setup()
from django.urls import reverse
from django.utils import timezone
from accounts.models import Role
from caseload.models import Contact
from tests.conftest import KeyworkClient
from tests.factories import (
    CheckInFactory, EmployerContactFactory, EmploymentFactory, ParticipantFactory,
    UserFactory,
)

keyworker = UserFactory(role=Role.KEYWORKER)
partner = keyworker.delivery_partner
participant = ParticipantFactory(keyworker=keyworker)
today = timezone.localdate()
job = EmploymentFactory(participant=participant, start_date=today)
CheckInFactory(employment=job, due_on=today)
contact = EmployerContactFactory(employer=job.employer)
people = {
    "keyworker": keyworker,
    "manager": UserFactory(role=Role.PARTNER_MANAGER, delivery_partner=partner),
    "programme": UserFactory(role=Role.PROGRAMME_MANAGER, delivery_partner=None),
    "employer": contact.user,
}
pages = {
    "keyworker": [
        reverse("inwork_support:today"),
        reverse("inwork_support:today"),  # a second visit updates the first
        reverse("caseload:my-caseload"),
        reverse("caseload:participant-detail", args=[participant.pk]),
        reverse("caseload:log-contact", args=[participant.pk]),
    ],
    "manager": [reverse("reporting:partner-dashboard")],
    "programme": [reverse("reporting:programme-dashboard")],
    "employer": [reverse("employers:portal-home")],
}
answers = {}
for role, urls in pages.items():
    client = KeyworkClient()
    client.force_login(people[role])
    for url in urls:
        answers[f"{len(answers) + 1}. {role} {url}"] = client.get(url).status_code
client = KeyworkClient()
client.force_login(keyworker)
posted = client.post(
    reverse("caseload:log-contact", args=[participant.pk]),
    {
        "happened_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "channel": "phone",
        "minutes": "15",
        "topics": "work",
        "attendees": "participant",
        "notes": "Rang about the first day",
        "submission_key": str(uuid.uuid4()),
    },
)
answers["keyworker logs a contact"] = posted.status_code
answers["contacts stored"] = Contact.objects.filter(participant=participant).count()
print(json.dumps(answers))
"""


def test_every_roles_pages_open_on_sqlite(tmp_path):
    # As `make run` starts it: SQLite, DEBUG on.
    database = f"sqlite:///{tmp_path / 'keywork.sqlite3'}"
    env = environment(DATABASE_URL=database, DEBUG="true", ALLOWED_HOSTS="testserver")
    env.pop("KEYWORK_REQUIRE_REAL_STACK", None)
    migrated = subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert migrated.returncode == 0, migrated.stderr
    opened = subprocess.run(
        [sys.executable, "-c", OPEN_EVERY_ROLES_PAGES],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert opened.returncode == 0, opened.stderr
    answers = json.loads(opened.stdout.strip().splitlines()[-1])

    assert answers.pop("contacts stored") == 1
    assert answers.pop("keyworker logs a contact") == 302
    assert answers == dict.fromkeys(answers, 200), answers
    assert len(answers) == 8
