"""Time the due-check-in sweep on 10,000 due check-ins in the bench database.

Called by bench/measure.py (Django is set up there). The check-ins are bulk
inserted on current jobs, due today or yesterday, so each is reminded and none is
missed or escalated (the seed's own due check-ins are swept too: a few escalated,
a morning digest for each of their workers); then the real service the Celery
task calls is timed, run a second time, and the reminders counted: each must be
sent exactly once, and the second sweep must send nothing.
"""

import datetime
import time

from django.db.models import Max

from accounts.models import Notification, OutgoingEmail
from caseload.models import EntryKind, TimelineEntry
from inwork_support import dates, services
from inwork_support.models import CheckIn, CheckInKind, CheckInStatus, Employment

DUE = 10_000
PER_JOB = 5


def time_sweep() -> dict:
    """Insert DUE due check-ins, sweep twice, and return the time and the counts."""
    now = datetime.datetime.now(datetime.UTC)
    ours = _due_checkins(dates.today(now))
    due = CheckIn.objects.pending().due_by(dates.today(now)).filter(reminded_at=None)
    before = _sent(ours)

    due_count = due.count()
    started = time.monotonic()
    result = services.sweep_checkins(now=now)
    seconds = time.monotonic() - started
    again = services.sweep_checkins(now=now + datetime.timedelta(minutes=5))
    after = _sent(ours)

    return {
        "created": len(ours),
        "due": due_count,
        "seconds": round(seconds, 2),
        "reminded": result.reminded,
        "escalated": result.escalated,
        "digests": result.digests,
        "reminded_by_second_sweep": again.reminded,
        "escalated_by_second_sweep": again.escalated,
        "digests_by_second_sweep": again.digests,
        **{name: after[name] - before[name] for name in after},
    }


def _due_checkins(day: datetime.date) -> list[int]:
    """Bulk insert DUE regular check-ins on current jobs; return their pks."""
    jobs = list(
        Employment.objects.filter(ended_on=None)
        .order_by("pk")
        .values_list("pk", "participant__keyworker_id")[: DUE // PER_JOB]
    )
    first = (
        CheckIn.objects.filter(kind=CheckInKind.REGULAR).aggregate(n=Max("sequence"))[
            "n"
        ]
        or 0
    ) + 1
    rows = CheckIn.objects.bulk_create(
        (
            CheckIn(
                employment_id=job,
                kind=CheckInKind.REGULAR,
                sequence=first + n,
                due_on=day - datetime.timedelta(days=n % 2),
                assigned_to_id=worker,
                status=CheckInStatus.PENDING,
            )
            for job, worker in jobs
            for n in range(PER_JOB)
        ),
        batch_size=5000,
    )
    if len(rows) != DUE:
        raise RuntimeError(f"only {len(rows)} check-ins: too few current jobs")
    return [row.pk for row in rows]


def _sent(ours: list[int]) -> dict:
    keys = [f"checkin:{pk}:reminder" for pk in ours]
    return {
        "claimed": CheckIn.objects.filter(pk__in=ours)
        .exclude(reminded_at=None)
        .count(),
        "notifications": Notification.objects.filter(key__in=keys).count(),
        "timeline_lines": TimelineEntry.objects.filter(
            kind=EntryKind.REMINDER, key__in=keys
        ).count(),
        "emails_queued": OutgoingEmail.objects.filter(
            subject__startswith="Check-in due:"
        ).count(),
    }
