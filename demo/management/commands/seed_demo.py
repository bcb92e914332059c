"""Load the demo programme into an empty database (DEBUG only; once)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from accounts.models import User
from accounts.services import send_outgoing_email, unsent_email_ids
from caseload.models import Participant
from demo.people import DEMO_PASSWORD, EMPLOYERS, STAFF
from demo.script import play_demo


class Command(BaseCommand):
    help = (
        "Play two years of a demo programme through the services, with fixed "
        "logins. Refuses when DEBUG is off; does nothing once the demo is loaded."
    )

    def handle(self, *args, **options) -> None:
        if not settings.DEBUG:
            raise CommandError(
                "seed_demo only runs with DEBUG on: it creates logins with a "
                "published password."
            )
        if User.objects.filter(username=STAFF[0][0]).exists():
            self.stdout.write("The demo is already loaded; nothing to do.")
        elif Participant.objects.exists():
            raise CommandError(
                "This database already holds participants: the demo only loads "
                "into an empty one."
            )
        else:
            began = time.monotonic()
            with transaction.atomic():
                played = play_demo()
            # Its history queued emails (reminders, escalations, notices) for a
            # worker; send them here as one would, so the demo starts with an
            # empty outbox even when no worker is running yet.
            while batch := unsent_email_ids():
                for pk in batch:
                    send_outgoing_email(email_pk=pk)
            self.stdout.write(
                self.style.SUCCESS(
                    f"Demo data ready: {played.participants} participants now on "
                    f"the pathway, two years of history ({played.events} events, "
                    f"{time.monotonic() - began:.0f} s)."
                )
            )
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD}):")
        for username, first, last, role, _partner in STAFF:
            self.stdout.write(f"  {username:<12} {first} {last}, {role.label}")
        for _name, *_, (username, first, last, _title), _go_to, _d, _a in EMPLOYERS:
            self.stdout.write(f"  {username:<12} {first} {last}, employer contact")
