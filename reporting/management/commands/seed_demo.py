"""Fill the database with a small demo programme (idempotent; DEBUG only).

It lives in reporting because that app already depends on every other app; each
app seeds its own models through its demo module.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD, STAFF, seed_staff
from caseload.demo import seed_caseload, seed_participants
from employers.demo import EMPLOYERS, seed_employer_activity, seed_employers
from inwork_support.demo import seed_inwork
from reporting.demo import seed_history


class Command(BaseCommand):
    help = "Create or refresh demo data with fixed logins. Refuses when DEBUG is off."

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG on: it creates logins with a "
                "published password."
            )
        today = timezone.localdate()
        with transaction.atomic():
            staff = seed_staff()
            employers = seed_employers()
            participants = seed_participants(staff=staff, today=today)
            seed_caseload(participants=participants, staff=staff, today=today)
            seed_employer_activity(
                employers=employers, staff=staff, participants=participants, today=today
            )
            seed_inwork(staff=staff, participants=participants, today=today)
            # Last: two years of history on top of every app's demo records.
            seed_history(staff=staff, today=today)
        self.stdout.write(
            self.style.SUCCESS(f"Demo data ready: {len(participants)} participants.")
        )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, first, last, role, _partner in STAFF:
            self.stdout.write(f"  {username:<12} {first} {last}, {role.label}")
        for *_, username, first, last, _title in EMPLOYERS:
            self.stdout.write(f"  {username:<12} {first} {last}, employer contact")
