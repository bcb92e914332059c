"""Roll-ups: what the figures sum instead of the records equals the records."""

from __future__ import annotations

from collections.abc import Iterator

from caseload.models import Participant
from inwork_support.services.support_days import (
    first_support_differences,
    support_day_differences,
)

from .base import Finding, Moment, about_job, check, day, participant_url


@check("support_days", "In-work support per day that differs from the contacts")
def support_days(moment: Moment) -> Iterator[Finding]:
    # The programme figures read in-work support time from InWorkSupportDay:
    # each row must be the participant's in-work support contacts of that day.
    differences = support_day_differences()
    partners = dict(
        Participant.objects.filter(
            pk__in={row["participant_id"] for row in differences}
        ).values_list("pk", "delivery_partner_id")
    )
    for row in differences:
        (kept, kept_minutes), (counted, minutes) = row["kept"], row["counted"]
        yield Finding(
            kind="support_days",
            partner_id=partners.get(row["participant_id"]),
            participant_id=row["participant_id"],
            record=f"In-work support on {day(row['day'])}",
            url=participant_url(row["participant_id"]),
            message=(
                f"The figures count {kept} contact(s), {kept_minutes} minutes of "
                f"in-work support that day; the contacts say {counted}, {minutes} "
                "minutes. Run manage.py rebuild_support_days."
            ),
        )


@check("first_support", "Jobs whose first in-work support differs from the contacts")
def first_support(moment: Moment) -> Iterator[Finding]:
    # The retention figure reads when each job was first supported from
    # Employment.first_support_on: it must be the day its contacts give.
    for row in first_support_differences():
        kept, counted = row["first_support_on"], row["counted"]
        kept = f"from {day(kept)}" if kept else "as never given"
        counted = f"it began on {day(counted)}" if counted else "there was none"
        yield about_job(
            "first_support",
            row,
            f"The figures count the job's in-work support {kept}; its contacts "
            f"say {counted}. Run manage.py rebuild_support_days.",
        )
