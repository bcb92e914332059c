"""List every record that breaks a rule records must keep (see records.checks)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError, CommandParser

from records.checks import CHECKS, Finding, count_by_kind, run_checks, titles
from records.runs import record_check_run


class Command(BaseCommand):
    help = (
        "List every record that breaks an invariant: stage and jobs, check-ins, "
        "keyworker history, outcomes. With --fail, exit 1 when any is found."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--fail",
            action="store_true",
            help="Exit with status 1 when there are findings (for CI).",
        )
        parser.add_argument(
            "--kind",
            action="append",
            default=[],
            choices=sorted(CHECKS),
            help="Run only this check (may be repeated).",
        )
        parser.add_argument(
            "--summary", action="store_true", help="Print the counts only."
        )
        parser.add_argument(
            "--save",
            action="store_true",
            help="Store the run for the managers' page, as the nightly task does.",
        )

    def handle(
        self, *args, fail: bool, kind: list[str], summary: bool, save: bool, **options
    ):
        if save and kind:
            raise CommandError("--save stores a whole run: leave out --kind.")
        if save:
            findings = [Finding(**f) for f in record_check_run().findings]
        else:
            findings = run_checks(kinds=kind)
        named = titles()
        if not summary:
            for finding in findings:
                self.stdout.write(
                    f"{finding.kind}: partner {finding.partner_id}, participant "
                    f"{finding.participant_id}, {finding.record}: {finding.message}"
                )
        counts = count_by_kind(findings)
        for found_kind, count in counts.items():
            self.stdout.write(f"{count:6d}  {named[found_kind]} ({found_kind})")
        self.stdout.write(f"{len(findings)} finding{'s' * (len(findings) != 1)}.")
        if fail and findings:
            raise CommandError(
                f"{len(findings)} records break an invariant.", returncode=1
            )
