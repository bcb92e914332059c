"""The portal: invitations, messages between employers and staff."""

from __future__ import annotations

import uuid

from django.contrib.auth.tokens import default_token_generator
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import NotificationKind, Role, User
from accounts.services import notify
from caseload.models import EntryKind, Participant
from caseload.services import add_timeline_entry

from ..models import EmployerContact, EmployerMessage
from .common import send_email_on_commit as _send_email_on_commit
from .common import set_fields as _set_fields
from .common import site_url, tell_go_to_person
from .employees import portal_employees


class InviteError(Exception):
    """The contact cannot be invited: the message says why."""


@transaction.atomic
def invite_contact(*, contact: EmployerContact, invited_by: User) -> User:
    """Give a contact a portal login and email them a link to set their password.

    1. A contact without a login gets one (role employer contact, no usable
       password, their email as username); one that never set a password is
       sent a fresh link; one that has a password cannot be invited again.
    2. The link carries Django's password token: it expires, and stops working
       once the password is set.
    """
    if not contact.email:
        raise InviteError("Add an email address before inviting this contact.")
    user = contact.user
    if user is None:
        if User.objects.filter(username__iexact=contact.email).exists():
            raise InviteError("Someone already signs in with that email address.")
        first, _, last = contact.name.partition(" ")
        user = User(
            username=contact.email.lower(),
            email=contact.email,
            first_name=first,
            last_name=last,
            role=Role.EMPLOYER_CONTACT,
        )
        user.set_unusable_password()
        user.save()
        _set_fields(contact, {"user": user})
    elif user.has_usable_password():
        raise InviteError(f"{contact.name} already has a portal login.")
    # Audited (EmployerContact is), and the go-to person hears of every one.
    _set_fields(contact, {"invited_at": timezone.now()})
    employer = contact.employer
    tell_go_to_person(
        employer=employer,
        actor=invited_by,
        title=f"{contact.name} at {employer} was invited to the portal",
        body=f"{invited_by} invited {contact.name} at {employer} to the employer "
        f"portal; the link to choose a password went to {contact.email}.",
    )
    link = site_url(
        reverse(
            "employers:portal-set-password",
            args=[
                urlsafe_base64_encode(force_bytes(user.pk)),
                default_token_generator.make_token(user),
            ],
        )
    )
    _send_email_on_commit(
        to=contact.email,
        subject=f"Your Keywork portal login for {contact.employer}",
        body=(
            f"Hello {contact.name},\n\n{invited_by} has invited you to the Keywork "
            f"employer portal, where you can reach your go-to person.\n\n"
            f"Choose your password here (the link works once, for 3 days):\n{link}\n"
            f"\nYour username is {user.username}.\n"
        ),
    )
    return user


@transaction.atomic
def send_message(
    *,
    contact: EmployerContact,
    category: str,
    urgent: bool,
    body: str,
    submission_key: uuid.UUID | None = None,
    thread: EmployerMessage | None = None,
    about: Participant | None = None,
) -> EmployerMessage:
    """Send a message from an employer contact to their go-to person.

    1. A new thread may be `about` one employee the portal shows (current or
       past, while their consent stands); anyone else is refused (ValueError).
    2. A repeated submission (same `submission_key` from the same contact) returns
       the message it made; a key another contact's message holds is not reused.
    3. A new thread is addressed to whoever answers now (the deputy while the
       go-to person is away); a follow-up goes to whoever the thread is with.
    4. The addressee is told in the app and by email; a message about someone
       is on their timeline, linked to the thread.
    """
    if about is not None and (
        thread is not None
        or not portal_employees(employer=contact.employer, which="")
        .filter(pk=about.pk)
        .exists()
    ):
        raise ValueError("A message can be about an employee the portal shows.")
    repeats = EmployerMessage.objects.filter(
        submission_key=submission_key, sender_contact=contact
    )
    if submission_key is not None:
        existing = repeats.first()
        if existing is not None:
            return existing
        if EmployerMessage.objects.filter(submission_key=submission_key).exists():
            # The form makes a fresh key each time: one that another contact's
            # message holds was copied or forged, so send this one without it.
            submission_key = None
    employer = contact.employer
    addressed_to = employer.go_to_now() if thread is None else thread.addressed_to
    try:
        with transaction.atomic():
            message = EmployerMessage.objects.create(
                employer=employer,
                thread=thread,
                sender_contact=contact,
                addressed_to=addressed_to,
                category=thread.category if thread else category,
                urgent=urgent,
                body=body,
                submission_key=submission_key,
            )
    except IntegrityError:
        # The same form landed twice at once: the other request made it.
        return repeats.get()
    if about is not None:
        _link_to_employee(message=message, participant=about)
    if addressed_to is not None:
        _tell_addressee(message=message, recipient=addressed_to)
    return message


def _link_to_employee(*, message: EmployerMessage, participant: Participant) -> None:
    message.about.add(participant)
    add_timeline_entry(
        participant=participant,
        occurred_at=message.sent_at,
        kind=EntryKind.EMPLOYER,
        title=f"{message.get_category_display()} from {message.employer}, "
        "through the portal",
        url=message.get_absolute_url(),
        key=f"employer-message:{message.pk}",
    )


def _tell_addressee(*, message: EmployerMessage, recipient: User) -> None:
    urgent = "URGENT: " if message.urgent else ""
    title = f"{urgent}{message.get_category_display()} from {message.employer}"
    url = message.get_absolute_url()
    notify(
        recipient=recipient,
        kind=NotificationKind.EMPLOYER_MESSAGE,
        title=title,
        body=message.body[:200],
        url=url,
        email_subject=title,
        email_body=f"{message.sender_contact.name} wrote:\n\n{message.body}\n\n"
        f"Reply here: {site_url(url)}\n",
        email_now=True,
    )


@transaction.atomic
def reply_to_message(
    *, thread: EmployerMessage, sender: User, body: str
) -> EmployerMessage:
    """Reply to an employer's thread and email the contact who opened it.

    The first staff reply stamps `first_reply_at` on the opener: the response
    time. A conditional update keeps the earliest reply's time under a race.
    """
    now = timezone.now()
    reply = EmployerMessage.objects.create(
        employer=thread.employer,
        thread=thread,
        sender_staff=sender,
        category=thread.category,
        body=body,
        sent_at=now,
    )
    EmployerMessage.objects.filter(pk=thread.pk, first_reply_at__isnull=True).update(
        first_reply_at=now
    )
    contact = thread.sender_contact
    if contact is not None:
        _send_email_on_commit(
            to=contact.email,
            subject=f"{sender} replied to your message",
            body=f"{sender} wrote:\n\n{body}\n\n"
            f"See the conversation: {site_url(thread.get_portal_url())}\n",
        )
    return reply


def mark_read(*, thread: EmployerMessage, reader: User) -> None:
    """Note when the addressee first opened a thread."""
    if thread.read_at is None and thread.addressed_to_id == reader.pk:
        EmployerMessage.objects.filter(pk=thread.pk, read_at__isnull=True).update(
            read_at=timezone.now()
        )
