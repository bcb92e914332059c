"""Recompute the in-work support roll-ups (InWorkSupportDay, each job's first day
of support) from the contacts."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from inwork_support.services.support_days import (
    first_support_differences,
    rebuild_support_days,
    support_day_differences,
)


class Command(BaseCommand):
    help = (
        "Recompute in-work support per participant and day, and each job's first "
        "day of support, from the contacts, which the programme figures read. With "
        "--check, change nothing: list the days and jobs that differ and exit 1 if "
        "any do."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only compare the roll-ups with the contacts (exit 1 if they differ).",
        )

    def handle(self, *args, check: bool, **options) -> None:
        if not check:
            rows = rebuild_support_days()
            self.stdout.write(f"{rows} participant-days of in-work support.")
            return
        differences = support_day_differences()
        for row in differences:
            self.stdout.write(
                f"participant {row['participant_id']} on {row['day']}: kept "
                f"{row['kept']}, contacts say {row['counted']} (contacts, minutes)"
            )
        jobs = first_support_differences()
        for row in jobs:
            self.stdout.write(
                f"job {row['pk']}: first support kept {row['first_support_on']}, "
                f"contacts say {row['counted']}"
            )
        if differences or jobs:
            raise CommandError(
                f"{len(differences)} day(s) and {len(jobs)} job(s) differ from the "
                "contacts."
            )
        self.stdout.write("The roll-ups equal the contacts.")
