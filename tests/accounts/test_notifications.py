"""Notifications: one notify() for app and email, the list, reading, choices."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from accounts.models import Notification, NotificationKind, OutgoingEmail, PageVisit
from accounts.services import (
    Note,
    notify,
    notify_many,
    record_visit,
    set_email_choices,
)
from inwork_support import services as inwork
from tests.factories import CheckInFactory, EmploymentFactory, UserFactory

pytestmark = pytest.mark.django_db
LIST = reverse("accounts:notifications")


def note(user, kind=NotificationKind.REMINDER, **fields):
    fields.setdefault("title", "Due today: first day check-in with Jade Jones")
    return notify(recipient=user, kind=kind, **fields)


def test_a_reminder_comes_in_the_app_and_by_email_by_default(keyworker):
    made = note(keyworker, email_subject="Check-in due", email_body="Open it")

    assert made.kind == NotificationKind.REMINDER
    assert list(OutgoingEmail.objects.values_list("to", "subject")) == [
        (keyworker.email, "Check-in due")
    ]


def test_a_caseload_change_comes_by_email_only_once_chosen(keyworker):
    note(keyworker, NotificationKind.CASELOAD, title="Jade Jones is now yours")
    assert not OutgoingEmail.objects.exists()

    set_email_choices(user=keyworker, by_email={NotificationKind.CASELOAD})
    note(keyworker, NotificationKind.CASELOAD, title="Noor Whitfield is now yours")

    email = OutgoingEmail.objects.get()
    # Without email text from the caller, the email names nobody: it links here.
    assert "Noor" not in email.subject + email.body
    assert LIST in email.body
    assert Notification.objects.filter(recipient=keyworker).count() == 2


def test_turning_reminders_off_keeps_them_in_the_app(keyworker):
    set_email_choices(user=keyworker, by_email=set())

    note(keyworker, email_subject="Check-in due", email_body="Open it")

    assert Notification.objects.filter(recipient=keyworker).count() == 1
    assert not OutgoingEmail.objects.exists()


def test_a_key_makes_a_notification_and_its_email_once(keyworker):
    first = note(keyworker, key="checkin:1:reminder", email_subject="Due")
    again = note(keyworker, key="checkin:1:reminder", email_subject="Due")

    assert first is not None
    assert again is None
    assert Notification.objects.count() == 1
    assert OutgoingEmail.objects.count() == 1


def test_notify_many_follows_each_users_choice_and_skips_existing_keys(
    keyworker, other_keyworker
):
    set_email_choices(user=other_keyworker, by_email=set())
    note(keyworker, key="taken", email_subject="Due")

    made = notify_many(
        [
            Note(keyworker, NotificationKind.REMINDER, "A", key="taken"),
            Note(keyworker, NotificationKind.REMINDER, "B", key="b", email_subject="B"),
            Note(other_keyworker, NotificationKind.REMINDER, "C", key="c"),
        ]
    )

    assert made == 2
    assert sorted(Notification.objects.values_list("title", flat=True)) == [
        "B",
        "C",
        "Due today: first day check-in with Jade Jones",
    ]
    assert sorted(OutgoingEmail.objects.values_list("subject", flat=True)) == [
        "B",
        "Due",
    ]


def test_the_sweep_reminds_in_the_app_and_emails_as_the_worker_chose(
    participant, keyworker, django_capture_on_commit_callbacks
):
    job = EmploymentFactory(
        participant=participant, start_date=datetime.date(2026, 3, 2)
    )
    CheckInFactory(employment=job, due_on=datetime.date(2026, 3, 2))
    set_email_choices(user=keyworker, by_email=set())
    when = datetime.datetime(2026, 3, 2, 6, 0, tzinfo=datetime.UTC)

    with django_capture_on_commit_callbacks(execute=False):
        inwork.sweep_checkins(now=when)
        inwork.sweep_checkins(now=when + datetime.timedelta(minutes=15))

    reminder = Notification.objects.get(recipient=keyworker)
    assert reminder.kind == NotificationKind.REMINDER
    assert reminder.url == job.get_absolute_url()
    assert not OutgoingEmail.objects.exists()


def test_the_list_is_newest_first_paginated_and_the_nav_counts_unread(
    client, keyworker, other_keyworker
):
    for n in range(25):
        note(keyworker, title=f"Reminder {n:02}", email_subject="x")
    note(other_keyworker, title="Someone else's")
    Notification.objects.filter(title="Reminder 00").update(
        read_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
    )
    client.force_login(keyworker)

    first = client.get(LIST)
    second = client.get(LIST, {"page": "2"})

    titles = [n.title for n in first.context["page"]]
    assert titles[:2] == ["Reminder 24", "Reminder 23"]
    assert len(titles) == 20
    assert [n.title for n in second.context["page"]][-1] == "Reminder 00"
    assert "Someone else" not in first.content.decode()
    assert '24<span class="visually-hidden"> unread</span>' in first.content.decode()


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(
    client, keyworker, participant
):
    made = note(keyworker, url=participant.get_absolute_url())
    client.force_login(keyworker)

    response = client.get(made.get_absolute_url())

    assert response.status_code == 302
    assert response["Location"] == participant.get_absolute_url()
    made.refresh_from_db()
    assert made.read_at is not None
    assert 'visually-hidden"> unread' not in client.get(LIST).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/login",
        "//evil.example/login",
        "/\\evil.example/login",
        "javascript:alert(1)",
        "",
    ],
)
def test_opening_never_redirects_off_the_site(client, keyworker, url):
    made = note(keyworker, url=url)
    client.force_login(keyworker)

    response = client.get(made.get_absolute_url())

    assert response["Location"] == LIST


def test_nobody_opens_someone_elses_notification(client, keyworker, other_keyworker):
    made = note(keyworker)
    client.force_login(other_keyworker)

    assert client.get(made.get_absolute_url()).status_code == 404
    made.refresh_from_db()
    assert made.read_at is None


def test_mark_all_read_reads_only_ones_own(client, keyworker, other_keyworker):
    note(keyworker)
    note(keyworker, title="Second")
    theirs = note(other_keyworker)
    client.force_login(keyworker)

    response = client.post(reverse("accounts:notifications-read"), follow=True)

    assert "2 notifications marked read." in response.content.decode()
    assert not Notification.objects.filter(recipient=keyworker).unread().exists()
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_the_email_choices_page_starts_from_the_defaults_and_saves(client, keyworker):
    url = reverse("accounts:notification-settings")
    client.force_login(keyworker)

    initial = client.get(url).context["form"].initial["by_email"]
    client.post(url, {"by_email": ["supervision"]})

    assert set(initial) == {"reminder", "escalation", "employer_message", "employer"}
    note(keyworker, NotificationKind.REMINDER)
    note(keyworker, NotificationKind.SUPERVISION)
    assert OutgoingEmail.objects.count() == 1


def test_today_shows_what_is_new_since_the_last_visit(client, keyworker, time_machine):
    today = reverse("inwork_support:today")
    client.force_login(keyworker)
    time_machine.move_to("2026-03-02 08:00+00:00", tick=False)
    note(keyworker, title="Before the first visit")
    first = client.get(today)
    time_machine.move_to("2026-03-02 12:00+00:00", tick=False)
    note(keyworker, title="While away")
    time_machine.move_to("2026-03-02 15:00+00:00", tick=False)

    later = client.get(today)
    reload = client.get(today)

    assert "From your next visit" in first.content.decode()
    assert [n.title for n in later.context["new"]] == ["While away"]
    # A reload continues the visit: what was new is still shown.
    assert [n.title for n in reload.context["new"]] == ["While away"]
    assert "2 Mar 2026, 08:00" in later.content.decode()


def test_existing_notifications_are_sorted_into_kinds(keyworker):
    migration = importlib.import_module("accounts.migrations.0004_notification_kinds")
    old = {
        "digest:1:2026-03-02": NotificationKind.REMINDER,
        "checkin:4:reminder": NotificationKind.REMINDER,
        "checkin:4:escalation:9": NotificationKind.ESCALATION,
        "safeguarding:3:9": NotificationKind.ESCALATION,
        "supervision:2": NotificationKind.SUPERVISION,
        "employment:5:started": NotificationKind.CASELOAD,
    }
    for key in old:
        note(keyworker, NotificationKind.CASELOAD, key=key, title=key)
    titled = {
        "You are covering for Sam Smith": NotificationKind.COVER,
        "You are now the go-to person for Castle Bakery": NotificationKind.EMPLOYER,
        "URGENT: A question from Castle Bakery": NotificationKind.EMPLOYER_MESSAGE,
        "Jade Jones is now on your caseload": NotificationKind.CASELOAD,
    }
    for title in titled:
        note(keyworker, NotificationKind.CASELOAD, title=title)

    migration.sort_into_kinds(apps, None)

    kinds = dict(Notification.objects.values_list("title", "kind"))
    assert kinds == {**old, **titled}


def test_an_employer_contact_reaches_their_list_but_not_email_choices(
    client, employer_contact
):
    client.force_login(employer_contact)

    assert client.get(LIST).status_code == 200
    assert client.get(reverse("accounts:notification-settings")).status_code == 403


def test_a_user_without_email_is_notified_in_the_app(keyworker):
    nameless = UserFactory(
        email="", role=keyworker.role, delivery_partner=keyworker.delivery_partner
    )

    note(nameless, email_subject="Due")

    assert Notification.objects.filter(recipient=nameless).exists()
    assert not OutgoingEmail.objects.exists()


def test_a_visit_is_one_row_per_page_and_a_reload_keeps_its_start(
    keyworker, time_machine
):
    time_machine.move_to("2026-03-02 08:00+00:00", tick=False)
    assert record_visit(user=keyworker, page="today") is None
    assert record_visit(user=keyworker, page="elsewhere") is None
    time_machine.move_to("2026-03-02 08:20+00:00", tick=False)
    assert record_visit(user=keyworker, page="today") is None  # the same visit
    time_machine.move_to("2026-03-02 09:00+00:00", tick=False)
    started = record_visit(user=keyworker, page="today")
    time_machine.move_to("2026-03-02 09:10+00:00", tick=False)
    reload = record_visit(user=keyworker, page="today")

    eight_twenty = datetime.datetime(2026, 3, 2, 8, 20, tzinfo=datetime.UTC)
    assert started == reload == eight_twenty
    visit = PageVisit.objects.get(user=keyworker, page="today")
    assert visit.seen_at == datetime.datetime(2026, 3, 2, 9, 10, tzinfo=datetime.UTC)
    assert visit.previous_at == eight_twenty
    assert PageVisit.objects.filter(user=keyworker).count() == 2
