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
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, models, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone

from caseload.models import Contact, Participant

from ..models import CheckIn, CheckInStatus, InWorkContact, InWorkSupportDay

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


def add_support_contact(*, contact: Contact) -> None:
    """Count `contact` in its day's row if it has just become in-work support.

    Call it each time a contact gains a reason to be in-work support (its
    In-Work Support Contact answers are kept, or it completes a check-in), in
    that transaction: it is counted when it has exactly one reason, so once
    however many it gains. An upsert that adds, so two contacts logged at once
    for one participant and day both count, without a lock.
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


@transaction.atomic
def refresh_support_days(*, participant_ids: Iterable[int]) -> None:
    """Recompute the roll-up of these participants from their contacts.

    Their rows are locked first, so two refreshes of one participant take
    turns instead of both inserting the same days.
    """
    ids = sorted(set(participant_ids))
    list(Participant.objects.select_for_update().filter(pk__in=ids).values("pk"))
    InWorkSupportDay.objects.filter(participant_id__in=ids).delete()
    _insert(days_from_contacts(Contact.objects.filter(participant_id__in=ids)))


@transaction.atomic
def rebuild_support_days() -> int:
    """Recompute the whole roll-up from the contacts; return its rows."""
    InWorkSupportDay.objects.all().delete()
    _insert(days_from_contacts())
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


def _insert(rows: models.QuerySet) -> None:
    sql, params = rows.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {TABLE} ({COLUMNS}) {sql}", params)  # noqa: S608
