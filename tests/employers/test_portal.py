"""The employer portal: the go-to person, messages, and supported employees."""

import datetime
import re
import uuid

import pytest
import time_machine
from django.core.mail.backends.base import BaseEmailBackend
from django.urls import reverse

from accounts.models import OutgoingEmail
from accounts.tasks import sweep_outbox
from employers.models import EmployerMessage, MessageCategory
from tests.employers.factories import MeetingFactory
from tests.factories import (
    BarrierFactory,
    ContactFactory,
    EmployerMessageFactory,
    EmploymentFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db

NOW = datetime.datetime(2026, 4, 14, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture
def portal(client, employer_contact, employer):
    client.force_login(employer_contact)
    return client


def _send(client, **fields):
    data = {
        "category": MessageCategory.QUESTION,
        "body": "Can we move Jade's review?",
        "submission_key": str(uuid.uuid4()),
        **fields,
    }
    return client.post(reverse("employers:portal-home"), data)


def test_portal_shows_the_go_to_person_and_how_to_reach_them(portal, keyworker):
    keyworker.phone = "0161 496 0000"
    keyworker.save()

    response = portal.get(reverse("employers:portal-home"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Amira" in page
    assert "0161 496 0000" in page
    assert keyworker.email in page
    assert "is away at the moment" not in page


def test_portal_shows_the_deputy_while_the_go_to_person_is_away(
    portal, keyworker, iwso
):
    keyworker.is_away = True
    keyworker.cover = iwso
    keyworker.save()

    response = portal.get(reverse("employers:portal-home"))

    page = response.content.decode()
    assert "Amira User" in page
    assert "is away at the moment" in page
    assert f"Send a message to {iwso}" in page
    assert iwso.email in page


def test_a_message_reaches_whoever_answers_now(
    portal, keyworker, iwso, mailoutbox, django_capture_on_commit_callbacks
):
    keyworker.is_away = True
    keyworker.cover = iwso
    keyworker.save()

    with (
        time_machine.travel(NOW, tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = _send(portal, urgent="on")

    assert response.status_code == 302
    message = EmployerMessage.objects.get()
    assert message.addressed_to == iwso
    assert message.urgent
    assert message.sent_at == NOW
    assert iwso.notifications.get().title.startswith("URGENT")
    assert [m.to for m in mailoutbox] == [[iwso.email]]


class RefusingMailServer(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("mail server down")


def test_with_the_mail_server_down_the_message_is_kept_and_emailed_later(
    portal, keyworker, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.RefusingMailServer"
    with django_capture_on_commit_callbacks(execute=True):
        response = _send(portal, urgent="on")

    assert response.status_code == 302
    assert EmployerMessage.objects.exists()
    waiting = OutgoingEmail.objects.get(to=keyworker.email)
    assert waiting.sent_at is None
    assert "mail server down" in waiting.last_error

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    sweep_outbox()

    assert [m.to for m in mailoutbox] == [[keyworker.email]]
    assert OutgoingEmail.objects.get(to=keyworker.email).sent_at is not None


def test_the_same_form_submitted_twice_sends_one_message(
    portal, mailoutbox, django_capture_on_commit_callbacks
):
    key = str(uuid.uuid4())

    with django_capture_on_commit_callbacks(execute=True):
        _send(portal, submission_key=key)
        _send(portal, submission_key=key)

    assert EmployerMessage.objects.count() == 1
    assert len(mailoutbox) == 1


def test_a_key_known_from_another_employers_message_sends_a_new_message(
    portal, employer_contact, keyworker_elsewhere
):
    theirs = EmployerMessageFactory(
        employer__name="Greenline Logistics",
        employer__go_to_person=keyworker_elsewhere,
        submission_key=uuid.uuid4(),
    )

    response = _send(portal, submission_key=str(theirs.submission_key))

    assert response.status_code == 302
    mine = EmployerMessage.objects.exclude(pk=theirs.pk).get()
    assert mine.sender_contact.user == employer_contact
    assert mine.body == "Can we move Jade's review?"
    page = portal.get(response["Location"]).content.decode()
    assert keyworker_elsewhere.get_full_name() not in page


def test_an_empty_message_is_refused_with_a_clear_message(portal):
    response = _send(portal, body="   ")

    assert response.status_code == 200
    assert "Write your message before sending." in response.content.decode()
    assert not EmployerMessage.objects.exists()


def test_a_20000_character_message_is_refused_and_kept(portal):
    body = "a" * 20_000

    response = _send(portal, body=body)

    page = response.content.decode()
    assert "Keep your message to 5,000 characters or fewer (it has 20000)" in page
    assert body in page
    assert not EmployerMessage.objects.exists()


def test_script_tags_are_shown_back_escaped(portal):
    body = "<script>alert('x')</script>" + "b" * 5000

    response = _send(portal, body=body)

    page = response.content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page


def test_a_sent_script_tag_is_shown_escaped_in_the_thread(portal):
    _send(portal, body="<script>alert(1)</script> hello")

    page = portal.get(reverse("employers:portal-home")).content.decode()

    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; hello" in page


def test_a_follow_up_joins_the_thread(portal, thread):
    url = thread.get_portal_url()

    response = portal.post(
        url, {"body": "Also: Friday works.", "submission_key": str(uuid.uuid4())}
    )

    assert response.status_code == 302
    follow_up = thread.replies.get()
    assert follow_up.body == "Also: Friday works."
    assert follow_up.sender_contact == thread.sender_contact


def test_a_follow_up_too_long_is_refused_and_kept(portal, thread):
    response = portal.post(
        thread.get_portal_url(),
        {"body": "<b>" + "x" * 20_000, "submission_key": str(uuid.uuid4())},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "5,000 characters or fewer" in page
    assert "&lt;b&gt;xxx" in page
    assert not thread.replies.exists()


@time_machine.travel(NOW, tick=False)
def test_supported_employees_show_only_agreed_current_jobs_and_five_facts(
    portal, employer, participant, other_participant
):
    participant.preferred_name = "Jay"
    participant.phone = "07700 900123"
    participant.save()
    EmploymentFactory(
        participant=participant,
        employer=employer,
        job_title="Barista",
        start_date=datetime.date(2026, 3, 2),
        probation_end=datetime.date(2026, 6, 1),
    )
    MeetingFactory(
        employer=employer,
        participant=participant,
        scheduled_for=datetime.datetime(2026, 4, 20, 9, 30, tzinfo=datetime.UTC),
    )
    BarrierFactory(participant=participant)
    ContactFactory(participant=participant, notes="Private: debt worries")
    EmploymentFactory(
        participant=ParticipantFactory(
            keyworker=participant.keyworker, first_name="Ended", last_name="Job"
        ),
        employer=employer,
        ended_on=datetime.date(2026, 4, 1),
    )
    EmploymentFactory(participant=other_participant, employer=employer)

    home = portal.get(reverse("employers:portal-home")).content.decode()
    # The message form may name a past employee who agreed; the list is of now.
    page = home[home.index('id="employees-heading"') :]

    assert "Jay Jones" in page
    assert "Barista" in page
    assert "2 Mar 2026" in page
    assert "1 Jun 2026" in page
    assert "Mon 20 Apr 2026, 10:30" in page
    for secret in ("07700 900123", "debt worries", "Confidence", "Jade", "Ended"):
        assert secret not in page
    assert "Owen" in page  # agreed by default in the factory


def test_nothing_about_a_participant_who_did_not_agree_reaches_the_portal(
    portal, employer, participant
):
    EmploymentFactory(
        participant=participant,
        employer=employer,
        job_title="Secret role",
        employer_may_know=False,
    )
    MeetingFactory(employer=employer, participant=participant)

    page = portal.get(reverse("employers:portal-home")).content.decode()

    assert "Jade" not in page
    assert "Jones" not in page
    assert "Secret role" not in page
    assert "No employees to show." in page


@pytest.mark.parametrize(
    "url",
    [
        lambda p: f"/employers/portal/employees/{p.pk}/",
        lambda p: f"/employers/portal/participants/{p.pk}/",
        lambda p: f"/employers/portal/threads/{p.pk + 1000}/",
    ],
)
def test_a_guessed_portal_url_is_not_found(portal, employer, participant, url):
    EmploymentFactory(
        participant=participant, employer=employer, employer_may_know=False
    )

    response = portal.get(url(participant))

    assert response.status_code == 404
    assert "Jade" not in response.content.decode()


def test_staff_case_pages_give_an_employer_contact_nothing(
    portal, employer, participant
):
    employment = EmploymentFactory(
        participant=participant, employer=employer, employer_may_know=False
    )
    urls = [
        reverse("caseload:participant-detail", args=[participant.pk]),
        f"/in-work/employments/{employment.pk}/",
    ]

    for url in urls:
        response = portal.get(url)
        # The caseload and in-work apps refuse the role outright (403) or hide the
        # record (404); either way nothing about the participant is shown.
        assert response.status_code in (403, 404), url
        assert "Jade" not in response.content.decode()


def test_an_employer_contact_sees_nothing_of_another_employer(
    client, other_employer_contact, employer, thread, participant
):
    EmploymentFactory(participant=participant, employer=employer)
    client.force_login(other_employer_contact)

    home = client.get(reverse("employers:portal-home")).content.decode()
    guessed = client.get(thread.get_portal_url())
    staff_page = client.get(employer.get_absolute_url())

    assert "Harbour" not in home
    assert "Jade" not in home
    assert "late twice" not in home
    assert guessed.status_code == 404
    assert staff_page.status_code == 403


def test_replies_are_shown_under_the_thread(portal, thread, keyworker):
    EmployerMessageFactory(
        employer=thread.employer,
        thread=thread,
        sender_contact=None,
        sender_staff=keyworker,
        body="Yes, I will call you at 2.",
    )

    page = portal.get(reverse("employers:portal-home")).content.decode()

    assert "Jade was late twice" in page
    assert "Yes, I will call you at 2." in page


def test_the_home_lists_the_threads_visible_to_the_contact_and_no_others(
    portal, employer_contact, employer, participant, other_participant, keyworker
):
    shown = EmployerMessageFactory(employer=employer, body="Rota next week")
    EmployerMessageFactory(
        employer=employer, thread=shown, sender_contact=None, sender_staff=keyworker
    )
    EmploymentFactory(participant=participant, employer=employer)
    about_agreed = EmployerMessageFactory(employer=employer, body="About Jade")
    about_agreed.about.add(participant)
    EmploymentFactory(
        participant=other_participant, employer=employer, employer_may_know=False
    )
    about_withheld = EmployerMessageFactory(employer=employer, body="Withheld")
    about_withheld.about.add(other_participant)
    EmployerMessageFactory(body="Another employer's thread")

    page = portal.get(reverse("employers:portal-home")).content.decode()

    listed = {
        int(pk) for pk in re.findall(r'href="/employers/portal/threads/(\d+)/"', page)
    }
    visible = EmployerMessage.objects.visible_to(employer_contact).threads()
    assert listed == {shown.pk, about_agreed.pk} == {m.pk for m in visible}
    assert "Withheld" not in page
    assert "Another employer" not in page
