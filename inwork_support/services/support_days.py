"""The in-work support roll-up: each participant's support per London day.

In-work support is a contact with the In-Work Support Contact form or one that
completed a check-in. Testing that for every contact of a year took the
programme figures a second a figure at a million contacts; InWorkSupportDay
holds the answer per participant and local day (how many such contacts, their
minutes), so a figure sums a few thousand rows whatever the filter, and groups
them by the participant's partner and demographics at the time it is read.

A contact becomes in-work support as it is logged (record_in_work_answers) or
when it completes a check-in (complete_checkin): each adds it here, once, in
the same transaction (`add_support_contact`).
Anything else that changes these contacts (an edit or deletion through the
admin) recomputes the participants it touched (`refresh_support_days`), and
check_records' "support_days" check proves the rows equal the contacts.

Each job's first day of in-work support (Employment.first_support_on, which the
retention figure reads) is kept by the same calls, from the same records, and
proved by the "first_support" check.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models, transaction
from django.db.models import Count, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce, Least, TruncDate
from django.utils import timezone

from caseload.models import Contact, Participant

from ..models import (
    CheckIn,
    CheckInStatus,
    Employment,
    InWorkContact,
    InWorkSupportDay,
)

TABLE = InWorkSupportDay._meta.db_table
COLUMNS = "participant_id, day, contacts, minutes"


def done_checkins() -> models.QuerySet:
    """Return check-ins completed by a logged contact."""
    return CheckIn.objects.filter(
        status=CheckInStatus.DONE, completed_contact__isnull=False
    )


def is_in_work_support_contact() -> Q:
    """Return the condition, on Contact, of being in-work support."""
    # IN, not EXISTS: PostgreSQL hashes the two small sets once instead of
    # probing two indexes per contact (8.8 s to 2 s over a million contacts).
    return Q(pk__in=InWorkContact.objects.values("contact")) | Q(
        pk__in=done_checkins().values("completed_contact")
    )


def days_from_contacts(contacts: models.QuerySet | None = None) -> models.QuerySet:
    """Return the roll-up's rows as the contacts give them, one per participant
    and local day: participant_id, day, contacts, minutes (in that order)."""
    contacts = Contact.objects.all() if contacts is None else contacts
    return (
        contacts.filter(is_in_work_support_contact())
        .annotate(day=TruncDate("happened_at"))
        .order_by()
        .values("participant_id", "day")
        .annotate(contacts=Count("pk"), minutes=Sum("minutes"))
    )


def first_support_day() -> TruncDate:
    """Return, on Employment, the London day of the job's first in-work support
    as its records give it: the earlier of its first in-work contact and the first
    contact that did one of its check-ins; None when it has neither."""
    contact_at, checkin_at = "contact__happened_at", "completed_contact__happened_at"
    contacts = InWorkContact.objects.filter(employment=OuterRef("pk"))
    checkins = done_checkins().filter(employment=OuterRef("pk"))
    return TruncDate(
        _Earliest(
            Subquery(contacts.order_by(contact_at).values(contact_at)[:1]),
            Subquery(checkins.order_by(checkin_at).values(checkin_at)[:1]),
        )
    )


class _Earliest(Least):
    """The earlier of two moments, either of which may be missing."""

    # PostgreSQL's LEAST skips a NULL; SQLite's MIN returns it, so there each
    # falls back on the other (which would run each subquery twice on PostgreSQL).
    def as_sqlite(self, compiler, connection, **extra_context):
        a, b = self.get_source_expressions()
        both = Least(Coalesce(a, b), Coalesce(b, a))
        return both.as_sqlite(compiler, connection, **extra_context)


def add_support_contact(*, contact: Contact) -> None:
    """Count `contact` in its day's row if it has just become in-work support.

    Call it each time a contact gains a reason to be in-work support (its
    In-Work Support Contact answers are kept, or it completes a check-in), in
    that transaction: it is counted when it has exactly one reason, so once
    however many it gains. An upsert that adds, so two contacts logged at once
    for one participant and day both count, without a lock. The jobs it supports
    have their first day of support brought back to its day, if that is earlier.
    """
    day = timezone.localdate(contact.happened_at)
    answers = InWorkContact._meta.db_table
    checkins = CheckIn._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {TABLE} ({COLUMNS})
            SELECT %s, %s, 1, %s
            WHERE (SELECT COUNT(*) FROM {answers} WHERE contact_id = %s)
                + (SELECT COUNT(*) FROM {checkins}
                   WHERE completed_contact_id = %s AND status = %s) = 1
            ON CONFLICT (participant_id, day) DO UPDATE
            SET contacts = {TABLE}.contacts + 1,
                minutes = {TABLE}.minutes + excluded.minutes
            """,  # noqa: S608 - the models' own table names
            [
                contact.participant_id,
                day,
                contact.minutes,
                contact.pk,
                contact.pk,
                CheckInStatus.DONE,
            ],
        )
    # Support only ever moves a job's first day earlier: a conditional update,
    # so two contacts logged at once for one job leave the earlier day.
    answered = InWorkContact.objects.filter(contact=contact).values("employment")
    done = done_checkins().filter(completed_contact=contact).values("employment")
    later = Q(first_support_on__isnull=True) | Q(first_support_on__gt=day)
    jobs = Employment.objects.filter(Q(pk__in=answered) | Q(pk__in=done), later)
    jobs.update(first_support_on=day)


@transaction.atomic
def refresh_support_days(*, participant_ids: Iterable[int]) -> None:
    """Recompute the roll-up of these participants, and their jobs' first day of
    support, from their contacts.

    Their rows are locked first, so two refreshes of one participant take
    turns instead of both inserting the same days.
    """
    ids = sorted(set(participant_ids))
    list(Participant.objects.select_for_update().filter(pk__in=ids).values("pk"))
    InWorkSupportDay.objects.filter(participant_id__in=ids).delete()
    _insert(days_from_contacts(Contact.objects.filter(participant_id__in=ids)))
    jobs = Employment.objects.filter(participant_id__in=ids)
    jobs.update(first_support_on=first_support_day())


@transaction.atomic
def rebuild_support_days() -> int:
    """Recompute the whole roll-up, and every job's first day of support, from
    the contacts; return the roll-up's rows."""
    InWorkSupportDay.objects.all().delete()
    _insert(days_from_contacts())
    Employment.objects.update(first_support_on=first_support_day())
    return InWorkSupportDay.objects.count()


def support_day_differences() -> list[dict]:
    """Return each (participant, day) where the roll-up and the contacts differ:
    participant_id, day, kept (contacts, minutes) and counted (contacts, minutes),
    (0, 0) for a row missing on one side."""

    def rows(queryset: models.QuerySet) -> dict:
        fields = ("participant_id", "day", "contacts", "minutes")
        return {(p, d): (c, m) for p, d, c, m in queryset.values_list(*fields)}

    kept = rows(InWorkSupportDay.objects.order_by())
    counted = rows(days_from_contacts())
    return [
        {
            "participant_id": participant_id,
            "day": day,
            "kept": kept.get(key, (0, 0)),
            "counted": counted.get(key, (0, 0)),
        }
        for key in sorted(kept.keys() | counted.keys())
        for participant_id, day in [key]
        if kept.get(key) != counted.get(key)
    ]


def first_support_differences() -> list[dict]:
    """Return the jobs whose kept first day of support is not the one their
    records give: pk, participant_id, participant__delivery_partner_id,
    first_support_on (kept) and counted, each day a date or None."""
    jobs = Employment.objects.annotate(counted=first_support_day()).order_by("pk")
    rows = jobs.values(
        "pk",
        "participant_id",
        "participant__delivery_partner_id",
        "first_support_on",
        "counted",
    )
    return [row for row in rows if row["first_support_on"] != row["counted"]]


def _insert(rows: models.QuerySet) -> None:
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) {sql}", params)  # noqa: S608
