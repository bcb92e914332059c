"""The staff inbox: threads for the go-to person, replies, response times."""

import datetime

import pytest
import time_machine
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import Role
from employers import services
from employers.models import EmployerMessage
from tests.factories import EmployerMessageFactory, UserFactory

pytestmark = pytest.mark.django_db

SENT = datetime.datetime(2026, 4, 14, 9, 0, tzinfo=datetime.UTC)


def test_inbox_lists_waiting_messages_for_the_go_to_person(client, keyworker, thread):
    client.force_login(keyworker)

    page = client.get(reverse("employers:inbox")).content.decode()

    assert "Waiting for a reply (1)" in page
    assert "Harbour Café Group" in page
    assert "Jade was late twice" in page


def test_the_deputy_sees_messages_only_while_the_go_to_person_is_away(
    client, keyworker, iwso, thread
):
    client.force_login(iwso)
    before = client.get(reverse("employers:inbox")).content.decode()
    keyworker.is_away = True
    keyworker.cover = iwso
    keyworker.save()

    after = client.get(reverse("employers:inbox")).content.decode()

    assert "Jade was late twice" not in before
    assert "Jade was late twice" in after


def test_partner_managers_see_their_partners_inbox_only(
    client, partner_manager, other_partner_manager, thread
):
    client.force_login(partner_manager)
    ours = client.get(reverse("employers:inbox")).content.decode()
    client.force_login(other_partner_manager)
    theirs = client.get(reverse("employers:inbox")).content.decode()

    assert "Jade was late twice" in ours
    assert "Jade was late twice" not in theirs


def test_replying_records_the_response_time_and_emails_the_employer(
    client,
    keyworker,
    thread,
    employer_contact,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    EmployerMessage.objects.filter(pk=thread.pk).update(sent_at=SENT)

    with (
        time_machine.travel(SENT + datetime.timedelta(hours=2, minutes=15), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        client.force_login(keyworker)
        response = client.post(thread.get_absolute_url(), {"body": "Call me at 2."})
        page = client.get(reverse("employers:inbox")).content.decode()

    assert response.status_code == 302
    thread.refresh_from_db()
    assert thread.response_time() == datetime.timedelta(hours=2, minutes=15)
    reply = thread.replies.get()
    assert reply.sender_staff == keyworker
    assert [m.to for m in mailoutbox] == [[employer_contact.email]]
    assert "Call me at 2." in mailoutbox[0].body
    assert thread.get_portal_url() in mailoutbox[0].body
    assert "Answered in 2 h 15 min" in page


def test_a_second_reply_keeps_the_first_response_time(keyworker, iwso, thread):
    with time_machine.travel(SENT + datetime.timedelta(hours=1), tick=False):
        services.reply_to_message(thread=thread, sender=keyworker, body="First.")
    with time_machine.travel(SENT + datetime.timedelta(hours=5), tick=False):
        services.reply_to_message(thread=thread, sender=iwso, body="Second.")

    thread.refresh_from_db()
    assert thread.first_reply_at == SENT + datetime.timedelta(hours=1)
    assert thread.replies.count() == 2


@pytest.mark.parametrize(
    ("body", "error"),
    [
        ("  ", "Write your message before sending."),
        ("<script>x</script>" + "y" * 20_000, "5,000 characters or fewer"),
    ],
)
def test_a_bad_reply_is_refused_and_kept(client, keyworker, thread, body, error):
    client.force_login(keyworker)

    response = client.post(thread.get_absolute_url(), {"body": body})

    page = response.content.decode()
    assert response.status_code == 200
    assert error in page
    assert "<script>x" not in page
    assert not thread.replies.exists()


def test_opening_a_thread_marks_it_read_for_the_addressee(client, keyworker, thread):
    client.force_login(keyworker)

    client.get(thread.get_absolute_url())

    thread.refresh_from_db()
    assert thread.read_at is not None


def _card(user):
    request = RequestFactory().get("/")
    request.user = user
    template = Template("{% load employer_tags %}{% employer_inbox_card user %}")
    return template.render(Context({"user": user, "request": request}))


def test_the_home_page_card_counts_and_lists_waiting_messages(keyworker, thread):
    html = _card(keyworker)

    assert "1 waiting" in html
    assert "Harbour Café Group" in html
    assert thread.get_absolute_url() in html


def test_the_home_page_card_is_empty_for_someone_else(other_keyworker, thread):
    html = _card(other_keyworker)

    assert "No employer is waiting for a reply." in html
    assert "Harbour" not in html


@pytest.mark.parametrize("rows", [3, 30])
def test_the_home_page_card_runs_one_query(
    django_assert_num_queries, keyworker, employer, rows
):
    EmployerMessageFactory.create_batch(rows, employer=employer)

    with django_assert_num_queries(1):
        html = _card(keyworker)

    assert f"{rows} waiting" in html
    assert html.count("border-bottom") == 3  # the oldest three


def test_messages_for_another_partners_go_to_person_stay_out_of_the_card(
    employer, keyworker_elsewhere
):
    employer.go_to_person = UserFactory(
        role=Role.KEYWORKER, delivery_partner=keyworker_elsewhere.delivery_partner
    )
    employer.save()
    EmployerMessageFactory(employer=employer)

    assert "No employer is waiting" in _card(keyworker_elsewhere)
