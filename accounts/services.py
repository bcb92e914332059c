"""Writes that any app may need: in-app notifications and outgoing email."""

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone

from .models import (
    EMAILED_BY_DEFAULT,
    Leave,
    Notification,
    NotificationKind,
    NotificationPreference,
    OutgoingEmail,
    PageVisit,
    User,
)
from .validators import header_safe

logger = logging.getLogger(__name__)

EMAIL_MAX_ATTEMPTS = 5
# A claim older than this is taken to belong to a worker that died mid-send.
EMAIL_CLAIM_TIMEOUT = datetime.timedelta(minutes=10)


@dataclass(frozen=True)
class Note:
    """One notification to make: in the app, and by email if its kind is chosen.

    `email_subject` and `email_body` are what an email may say: emails leave the
    system, so callers name participants there by first name and initial. Without
    them the email says only that something is waiting, with a link.
    """

    recipient: User
    kind: str
    title: str
    body: str = ""
    url: str = ""
    key: str | None = None
    email_subject: str = ""
    email_body: str = ""


def notify(
    *,
    recipient: User,
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    key: str | None = None,
    email_subject: str = "",
    email_body: str = "",
    email_now: bool = False,
) -> Notification | None:
    """Notify one user in the app and, if they chose this kind, by email.

    With `key`, at most once: returns None (and emails nothing) when a
    notification with `key` already exists. `email_now` sends from this process
    after commit, for mail a person is waiting on; else a worker sends it.
    """
    note = Note(recipient, kind, title[:200], body, url, key, email_subject, email_body)
    try:
        with transaction.atomic():
            created = Notification.objects.create(**_fields(note))
    except IntegrityError:
        if key is None:
            raise
        return None
    if recipient.email and emailed_to({recipient.pk}, kind):
        send = send_email_after_commit if email_now else queue_email
        send(to=recipient.email, **_email(note))
    return created


def notify_many(notes: list[Note]) -> int:
    """Notify many users at once (the sweep's chunks): three queries, not three a row.

    Notes whose key already exists are skipped, email and all. Returns how many
    notifications were made.
    """
    keys = [note.key for note in notes if note.key]
    taken = set(Notification.objects.filter(key__in=keys).values_list("key", flat=True))
    fresh = [note for note in notes if note.key is None or note.key not in taken]
    Notification.objects.bulk_create(
        (Notification(**_fields(note)) for note in fresh), ignore_conflicts=True
    )
    emails = []
    for kind in {note.kind for note in fresh}:
        of_kind = [note for note in fresh if note.kind == kind]
        wanted = emailed_to({note.recipient.pk for note in of_kind}, kind)
        emails += [
            (note.recipient.email, *_email(note).values())
            for note in of_kind
            if note.recipient.pk in wanted
        ]
    queue_emails(emails)
    return len(fresh)


def _fields(note: Note) -> dict:
    return {
        "recipient": note.recipient,
        "kind": note.kind,
        "title": note.title[:200],
        "body": note.body,
        "url": note.url,
        "key": note.key,
    }


def _email(note: Note) -> dict[str, str]:
    if note.email_subject:
        return {"subject": note.email_subject, "body": note.email_body}
    label = NotificationKind(note.kind).label.split(":")[0]
    link = settings.SITE_URL.rstrip("/") + reverse("accounts:notifications")
    return {
        "subject": f"Keywork: {label}",
        "body": f"You have a new notification in Keywork ({label}).\n\n"
        f"Read it here: {link}\n\n"
        "Choose which notifications come by email on the same page.\n",
    }


def emailed_to(user_ids: set[int], kind: str) -> set[int]:
    """Return which of `user_ids` want `kind` by email (their choice or the default)."""
    chosen = dict(
        NotificationPreference.objects.filter(
            user_id__in=user_ids, kind=kind
        ).values_list("user_id", "by_email")
    )
    default = kind in EMAILED_BY_DEFAULT
    return {pk for pk in user_ids if chosen.get(pk, default)}


def email_choices(user: User) -> dict[str, bool]:
    """Return {kind: whether it comes by email} for every kind, for `user`."""
    chosen = dict(user.notification_preferences.values_list("kind", "by_email"))
    return {
        kind: chosen.get(kind, kind in EMAILED_BY_DEFAULT)
        for kind in NotificationKind.values
    }


@transaction.atomic
def set_email_choices(*, user: User, by_email: set[str]) -> None:
    """Record, for every kind, whether `user` wants it by email too."""
    for kind in NotificationKind.values:
        NotificationPreference.objects.update_or_create(
            user=user, kind=kind, defaults={"by_email": kind in by_email}
        )


def mark_read(*, user: User, notification_pk: int | None = None) -> int:
    """Mark one of `user`'s notifications read, or all of them; return how many."""
    rows = Notification.objects.for_user(user).unread()
    if notification_pk is not None:
        rows = rows.filter(pk=notification_pk)
    return rows.update(read_at=timezone.now())


# A reload within this gap continues the same visit.
VISIT_GAP = datetime.timedelta(minutes=30)


def record_visit(*, user: User, page: str) -> datetime.datetime | None:
    """Note that `user` opened `page` now; return when their previous visit began.

    None on a first visit. Reloads within VISIT_GAP keep the same answer, so what
    is new since last time does not vanish on the first reload.

    One statement, compiled by no ORM: Today's first query used to read the
    visit and its second write it back, and two visits at once could both
    create it. In PostgreSQL's SET every column reads the row as it was.
    Elsewhere (SQLite, the embedded default) it reads and writes through the ORM.
    """
    if connection.vendor != "postgresql":
        return _record_visit_through_the_orm(user, page)
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {VISITS} AS visit (user_id, page, seen_at, previous_at)
            VALUES (%s, %s, %s, NULL)
            ON CONFLICT (user_id, page) DO UPDATE SET
                previous_at = CASE WHEN excluded.seen_at - visit.seen_at > %s
                    THEN visit.seen_at ELSE visit.previous_at END,
                seen_at = excluded.seen_at
            RETURNING previous_at
            """,  # noqa: S608 - the table's name is the model's own
            [user.pk, page, timezone.now(), VISIT_GAP],
        )
        return cursor.fetchone()[0]


VISITS = PageVisit._meta.db_table


@transaction.atomic
def _record_visit_through_the_orm(user: User, page: str) -> datetime.datetime | None:
    now = timezone.now()
    visit, created = PageVisit.objects.select_for_update().get_or_create(
        user=user, page=page, defaults={"seen_at": now}
    )
    if created:
        return None
    if now - visit.seen_at > VISIT_GAP:
        visit.previous_at = visit.seen_at
    visit.seen_at = now
    visit.save(update_fields=["seen_at", "previous_at"])
    return visit.previous_at


def _subject(text: str) -> str:
    # A line break in a subject (from a name typed into it) makes Django refuse
    # the whole message as header injection: the email would never go.
    return header_safe(text)[:200]


def queue_email(*, to: str, subject: str, body: str) -> OutgoingEmail:
    """Put an email in the outbox, and ask a worker to send it once committed.

    The row is the promise: if the broker is down, the periodic sweep sends it later.
    """
    email = OutgoingEmail.objects.create(to=to, subject=_subject(subject), body=body)
    transaction.on_commit(lambda: _dispatch(email.pk))
    return email


def send_email_after_commit(*, to: str, subject: str, body: str) -> OutgoingEmail:
    """Put an email in the outbox and send it from this process once committed.

    For mail a person is waiting on (an employer's message to their go-to person):
    sent at once without a worker, yet if the mail server fails the row stays in
    the outbox and the periodic sweep sends it later; the request never fails.
    """
    email = OutgoingEmail.objects.create(to=to, subject=_subject(subject), body=body)
    transaction.on_commit(lambda: send_outgoing_email(email_pk=email.pk))
    return email


def queue_emails(emails: list[tuple[str, str, str]]) -> list[OutgoingEmail]:
    """Put many (to, subject, body) emails in the outbox in one insert.

    The same promise as queue_email: each is dispatched to a worker once committed.
    """
    rows = OutgoingEmail.objects.bulk_create(
        OutgoingEmail(to=to, subject=_subject(subject), body=body)
        for to, subject, body in emails
        if to
    )
    pks = [row.pk for row in rows]
    transaction.on_commit(lambda: _dispatch_all(pks))
    return rows


# A bulk write's emails go to the workers this many to a message: a publish costs
# about a millisecond, so one per email was half of a 10,000-reminder sweep.
DISPATCH_BATCH = 100


def _dispatch_all(pks: list[int]) -> None:
    # Stop at the first refusal: with the broker down, each try would wait for it,
    # and the outbox sweep sends whatever is left.
    for start in range(0, len(pks), DISPATCH_BATCH):
        if not _dispatch(*pks[start : start + DISPATCH_BATCH]):
            return


def _dispatch(*email_pks: int) -> bool:
    """Ask a worker, in one message, to send these outbox emails; False if refused."""
    from .tasks import send_outgoing_email, send_outgoing_emails

    if not email_pks:
        return True
    try:
        if len(email_pks) == 1:
            send_outgoing_email.apply_async(args=[email_pks[0]], retry=False)
        else:
            send_outgoing_emails.apply_async(args=[list(email_pks)], retry=False)
    except Exception:  # the broker is down: the outbox sweep will send them
        logger.warning(
            "Broker unavailable; %s email(s) left in the outbox, from %s",
            len(email_pks),
            email_pks[0],
        )
        return False
    return True


def send_outgoing_email(*, email_pk: int) -> bool:
    """Send one outbox email if no one else has claimed it; return whether sent.

    1. Claim the row with a conditional update (a stale claim counts as free).
    2. Send it; on success mark it sent, on failure count the attempt and free it.
    """
    now = timezone.now()
    claimable = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - EMAIL_CLAIM_TIMEOUT)
    claimed = (
        OutgoingEmail.objects.unsent()
        .filter(claimable, pk=email_pk)
        .update(claimed_at=now, attempts=F("attempts") + 1)
    )
    if not claimed:
        return False
    email = OutgoingEmail.objects.get(pk=email_pk)
    try:
        send_mail(
            _subject(email.subject), email.body, settings.DEFAULT_FROM_EMAIL, [email.to]
        )
    except Exception as error:  # any transport failure: retry later, up to a limit
        failed = email.attempts >= EMAIL_MAX_ATTEMPTS
        OutgoingEmail.objects.filter(pk=email_pk).update(
            claimed_at=None,
            last_error=repr(error)[:2000],
            failed_at=timezone.now() if failed else None,
        )
        logger.warning(
            "Email %s failed (attempt %s): %r", email_pk, email.attempts, error
        )
        return False
    OutgoingEmail.objects.filter(pk=email_pk).update(sent_at=timezone.now())
    return True


def unsent_email_ids(*, limit: int = 500) -> list[int]:
    """Return the outbox rows a sweep should try to send now."""
    stale = timezone.now() - EMAIL_CLAIM_TIMEOUT
    return list(
        OutgoingEmail.objects.unsent()
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .values_list("pk", flat=True)[:limit]
    )


@transaction.atomic
def mark_away(*, worker: User, cover: User) -> User:
    """Mark `worker` away with a named `cover`, who then sees their participants."""
    if cover.pk == worker.pk:
        raise ValueError("A worker cannot cover for themselves.")
    worker.is_away = True
    worker.cover = cover
    worker.save(update_fields=["is_away", "cover"])
    notify(
        recipient=cover,
        kind=NotificationKind.COVER,
        title=f"You are covering for {worker}",
        body=f"{worker}'s participants are in your caseload until they are back.",
    )
    return worker


@transaction.atomic
def mark_back(*, worker: User) -> User:
    """Mark `worker` back at work: their cover no longer sees their participants."""
    cover = worker.cover
    worker.is_away = False
    worker.cover = None
    worker.save(update_fields=["is_away", "cover"])
    if cover is not None:
        notify(
            recipient=cover,
            kind=NotificationKind.COVER,
            title=f"{worker} is back; your cover has ended",
        )
    return worker


def _dates(leave: Leave) -> str:
    return f"{leave.starts_on:%-d %b %Y} to {leave.ends_on:%-d %b %Y}"


@transaction.atomic
def add_leave(
    *, worker: User, cover: User, starts_on: datetime.date, ends_on: datetime.date
) -> Leave:
    """Record `worker`'s dated leave; `cover` answers for them on those dates.

    Cover applies by the dates alone (`User.objects.covered_by`), so nobody
    has to mark the worker away or back; the cover is told now.
    """
    leave = Leave.objects.create(
        worker=worker, cover=cover, starts_on=starts_on, ends_on=ends_on
    )
    notify(
        recipient=cover,
        kind=NotificationKind.COVER,
        title=f"You will cover for {worker}, {_dates(leave)}",
        body=f"On those days {worker}'s participants and check-in reminders come "
        "to you.",
    )
    return leave


@transaction.atomic
def end_leave(*, leave: Leave, today: datetime.date | None = None) -> Leave | None:
    """Cancel leave not yet begun, or end leave under way yesterday (back early).

    Return the shortened leave, or None if it was cancelled.
    """
    today = today or timezone.localdate()
    if leave.starts_on >= today:
        leave.delete()
        notify(
            recipient=leave.cover,
            kind=NotificationKind.COVER,
            title=f"{leave.worker}'s leave is cancelled",
        )
        return None
    leave.ends_on = min(leave.ends_on, today - datetime.timedelta(days=1))
    leave.save(update_fields=["ends_on"])
    notify(
        recipient=leave.cover,
        kind=NotificationKind.COVER,
        title=f"{leave.worker} is back; your cover has ended",
    )
    return leave
