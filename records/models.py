from __future__ import annotations

from django.db import models
from django.utils import timezone


class RecordCheckRunQuerySet(models.QuerySet):
    def latest_run(self) -> RecordCheckRun | None:
        return self.order_by("-ran_at", "-pk").first()


class RecordCheckRun(models.Model):
    """One run of the record checks (nightly, or `check_records --save`).

    `findings` holds ids and plain messages, never names: each partner manager is
    shown their own partner's, programme staff only the counts.
    """

    ran_at = models.DateTimeField(default=timezone.now)
    total = models.PositiveIntegerField(default=0)
    # {kind: count}, over every partner.
    counts = models.JSONField(default=dict)
    # [{kind, partner_id, participant_id, record, url, message}, ...]
    findings = models.JSONField(default=list)

    objects = RecordCheckRunQuerySet.as_manager()

    class Meta:
        ordering = ["-ran_at", "-pk"]
        indexes = [models.Index(fields=["-ran_at"])]

    def __str__(self) -> str:
        return f"Record check of {self.ran_at:%-d %b %Y %H:%M}: {self.total} found"

    def findings_of(self, partner_id: int) -> list[dict]:
        """Return the findings about one partner's records."""
        return [f for f in self.findings if f["partner_id"] == partner_id]

    def counts_by_partner(self) -> dict[int, dict[str, int]]:
        """Return {partner id: {kind: count}}: what programme staff may see."""
        table: dict[int, dict[str, int]] = {}
        for finding in self.findings:
            row = table.setdefault(finding["partner_id"], {})
            row[finding["kind"]] = row.get(finding["kind"], 0) + 1
        return table
