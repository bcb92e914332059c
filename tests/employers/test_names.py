"""Names on one line: a line break in an employer's name once stopped its emails.

Django refuses to send a message whose subject holds a newline (header
injection), and the employer's name is in the subjects of its portal emails.
Names are validated where they are typed, and subjects are made safe anyway.
"""

import pytest
from django.core import mail
from django.urls import reverse

from accounts.services import send_email_after_commit
from employers import services
from employers.models import Employer, EmployerContact
from inwork_support.models import Employment
from tests.factories import EmployerContactFactory, EmployerFactory

pytestmark = pytest.mark.django_db

REFUSAL = "Use one line of ordinary text"
HOSTILE = [
    "Castle Bakery\nBcc: everyone@example.com",
    "Castle\rBakery",
    "Castle\tBakery",
    "Castle Bakery\u2028Ltd",  # Unicode line separator
    "Castle\x1bBakery",  # escape
    "Castle\u200bBakery",  # zero-width space: invisible in the list
]


@pytest.mark.parametrize("name", HOSTILE)
def test_an_employer_name_with_a_line_break_or_control_character_is_refused(
    client, keyworker, name
):
    client.force_login(keyworker)

    response = client.post(
        reverse("employers:employer-add"), {"name": name, "relationship": "new"}
    )

    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert not Employer.objects.exists()


def test_renaming_an_employer_with_a_line_break_is_refused_keeping_the_typing(
    client, keyworker
):
    employer = EmployerFactory(name="Castle Bakery", go_to_person=keyworker)
    client.force_login(keyworker)

    response = client.post(
        reverse("employers:employer-edit", args=[employer.pk]),
        {
            "name": "Castle Bakery\nLtd",
            "relationship": "new",
            "version": employer.version,
        },
    )

    assert REFUSAL in response.content.decode()
    assert "Castle Bakery\nLtd" in response.content.decode()
    employer.refresh_from_db()
    assert employer.name == "Castle Bakery"


def test_a_contact_name_with_a_line_break_is_refused(client, keyworker):
    contact = EmployerContactFactory(employer__go_to_person=keyworker)
    client.force_login(keyworker)

    response = client.post(
        reverse("employers:contact-edit", args=[contact.pk]),
        {
            "name": "Sam\r\nBcc: x@example.com",
            "role": contact.role,
            "email": contact.email,
            "version": contact.version,
        },
    )

    assert REFUSAL in response.content.decode()
    assert EmployerContact.objects.get(pk=contact.pk).name == contact.name


def test_a_new_employer_named_in_a_job_start_is_refused_with_a_line_break(
    client, keyworker, participant
):
    client.force_login(keyworker)

    response = client.post(
        reverse("inwork_support:job-start", args=[participant.pk]),
        {
            "new_employer_name": "Corner\nBakery",
            "job_title": "Baker's assistant",
            "hours_per_week": "30",
            "hourly_pay": "12.21",
            "contract_type": "permanent",
            "start_date": "2026-03-09",
        },
    )

    assert REFUSAL in response.content.decode()
    assert not Employment.objects.exists()


def test_an_email_whose_subject_holds_a_line_break_is_still_sent_on_one_line(
    django_capture_on_commit_callbacks,
):
    # As for an employer named before names were checked.
    with django_capture_on_commit_callbacks(execute=True):
        send_email_after_commit(
            to="go-to@keywork.test",
            subject="Message from Castle Bakery\nBcc: everyone@example.com",
            body="Hello",
        )

    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == (
        "Message from Castle Bakery Bcc: everyone@example.com"
    )
    assert mail.outbox[0].bcc == []


def test_a_portal_invitation_for_an_old_employer_name_with_a_line_break_is_sent(
    django_capture_on_commit_callbacks, keyworker
):
    employer = EmployerFactory(go_to_person=keyworker)
    # Saved before the check existed: update() skips validation as old data did.
    Employer.objects.filter(pk=employer.pk).update(name="Castle\nBakery")
    contact = EmployerContactFactory(
        employer_id=employer.pk, user=None, name="Sam Hill", email="sam@castle.test"
    )

    with django_capture_on_commit_callbacks(execute=True):
        services.invite_contact(
            contact=EmployerContact.objects.get(pk=contact.pk), invited_by=keyworker
        )

    sent = [m for m in mail.outbox if m.to == ["sam@castle.test"]]
    assert len(sent) == 1
    assert "\n" not in sent[0].subject
    assert "Castle Bakery" in sent[0].subject
