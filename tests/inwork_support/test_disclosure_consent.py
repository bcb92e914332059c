"""Consent to employer disclosure: changed on the job page, kept as a history, and
withdrawn at once from the employer's portal, threads included."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.models import Notification
from caseload.models import TimelineEntry
from employers.models import EmployerMessage
from inwork_support import services
from inwork_support.models import DisclosureConsentChange, Employment
from records.retention import anonymise_participant
from records.subject_access import audit_entries_for, subject_access_data
from tests.factories import EmployerMessageFactory, EmploymentFactory

pytestmark = pytest.mark.django_db

CHANGED = datetime.datetime(2026, 4, 14, 9, 30, tzinfo=datetime.UTC)


@pytest.fixture
def employer(employer_contact, iwso):
    """Harbour Café Group, whose go-to person is `iwso`."""
    employer = employer_contact.employer_contact.employer
    employer.go_to_person = iwso
    employer.save()
    return employer


@pytest.fixture
def job(participant, employer):
    """Jade Jones works there and agreed at the start that the employer may know."""
    return EmploymentFactory(participant=participant, employer=employer)


@pytest.fixture
def thread(employer, employer_contact):
    return EmployerMessageFactory(
        employer=employer,
        sender_contact=employer_contact.employer_contact,
        body="Jade was late twice this week; can we talk?",
    )


@pytest.fixture
def portal(client, employer_contact):
    client.force_login(employer_contact)
    return client


def _post(client, job, *, may_know: str, reason: str, version=None):
    return client.post(
        reverse("inwork_support:consent", args=[job.pk]),
        {
            "employer_may_know": may_know,
            "reason": reason,
            "version": job.version if version is None else version,
        },
    )


def _change(job, *, may_know: bool, reason: str = "Asked us to."):
    job.refresh_from_db()
    return services.change_disclosure_consent(
        employment=job,
        employer_may_know=may_know,
        reason=reason,
        changed_by=job.participant.keyworker,
        version=job.version,
    )


def test_withdrawing_consent_hides_them_and_threads_about_them_from_the_portal(
    client, employer_contact, keyworker, job, thread
):
    portal, staff = client, type(client)()
    portal.force_login(employer_contact)
    staff.force_login(keyworker)
    home = reverse("employers:portal-home")
    thread_url = reverse("employers:portal-thread", args=[thread.pk])
    assert "Jade Jones" in portal.get(home).content.decode()
    assert portal.get(thread_url).status_code == 200

    response = _post(staff, job, may_know="no", reason="She'd rather they didn't.")

    assert response.status_code == 302
    page = portal.get(home).content.decode()
    assert "Jade" not in page
    assert "Kitchen assistant" not in page
    assert "late twice" not in page
    assert portal.get(thread_url).status_code == 404
    follow_up = portal.post(thread_url, {"body": "Any news?", "submission_key": ""})
    assert follow_up.status_code == 404
    assert not thread.replies.exists()


def test_a_thread_is_hidden_when_a_reply_in_it_names_them(
    portal, employer, employer_contact, job, iwso
):
    opener = EmployerMessageFactory(
        employer=employer,
        sender_contact=employer_contact.employer_contact,
        body="Could we talk about next week's rota?",
    )
    EmployerMessageFactory(
        employer=employer,
        thread=opener,
        sender_contact=None,
        sender_staff=iwso,
        body="Yes, and about Jade Jones's shifts.",
    )

    _change(job, may_know=False)

    url = reverse("employers:portal-thread", args=[opener.pk])
    assert portal.get(url).status_code == 404


def test_threads_about_someone_else_stay_on_the_portal(portal, employer, job):
    other = EmployerMessageFactory(
        employer=employer, body="Will the new starter need a locker?"
    )

    _change(job, may_know=False)

    assert (
        portal.get(reverse("employers:portal-thread", args=[other.pk])).status_code
        == 200
    )
    assert not other.about.exists()


def test_giving_consent_again_shows_them_and_their_threads_again(portal, job, thread):
    _change(job, may_know=False)
    _change(job, may_know=True, reason="Happy for them to know again.")

    page = portal.get(reverse("employers:portal-home")).content.decode()
    assert "Jade Jones" in page
    assert "late twice" in page
    url = reverse("employers:portal-thread", args=[thread.pk])
    assert portal.get(url).status_code == 200


def test_the_history_keeps_who_changed_it_when_and_why(client, keyworker, job):
    client.force_login(keyworker)
    with time_machine.travel(CHANGED, tick=False):
        _post(client, job, may_know="no", reason="“I don't want my boss to know.”")

    change = DisclosureConsentChange.objects.get(employment=job)
    assert change.employer_may_know is False
    assert change.changed_by == keyworker
    assert change.changed_at == CHANGED
    assert change.reason == "“I don't want my boss to know.”"
    job.refresh_from_db()
    assert job.employer_may_know is False
    entry = TimelineEntry.objects.get(
        participant=job.participant, title__contains="Consent"
    )
    assert entry.title == (
        "Consent withdrawn: Harbour Café Group may no longer know they are supported"
    )
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Withdrawn" in page
    assert "14 Apr 2026, 10:30" in page
    assert "I don&#x27;t want my boss to know." in page
    assert "No consent" in page


def test_withdrawing_covers_their_other_jobs_at_the_same_employer(
    portal, participant, employer, job
):
    earlier = EmploymentFactory(
        participant=participant,
        employer=employer,
        job_title="Barista",
        start_date=datetime.date(2025, 5, 1),
        probation_end=datetime.date(2025, 8, 1),
        ended_on=datetime.date(2025, 12, 1),
    )

    _change(job, may_know=False)

    earlier.refresh_from_db()
    assert earlier.employer_may_know is False
    assert earlier.consent_changes.get().employer_may_know is False


def test_the_go_to_person_is_not_told_about_a_withdrawal(iwso, job, thread):
    _change(job, may_know=False)

    assert not Notification.objects.filter(recipient=iwso).exists()


def test_the_participants_in_work_support_officer_may_change_consent(
    client, iwso, participant, job
):
    participant.in_work_support_officer = iwso
    participant.save()
    client.force_login(iwso)

    response = _post(client, job, may_know="no", reason="Changed her mind.")

    assert response.status_code == 302
    assert job.consent_changes.get().changed_by == iwso


@pytest.mark.parametrize(
    ("persona", "status"),
    [("other_keyworker", 404), ("partner_manager", 403), ("employer_contact", 404)],
)
def test_others_may_not_change_consent(client, request, job, persona, status):
    client.force_login(request.getfixturevalue(persona))

    response = _post(client, job, may_know="no", reason="Not mine to say.")

    assert response.status_code == status
    job.refresh_from_db()
    assert job.employer_may_know is True
    assert not job.consent_changes.exists()


def test_a_stale_save_is_refused_and_keeps_what_was_typed(client, keyworker, job):
    opened_at = job.version
    services.change_start_date(
        employment=job,
        start_date=datetime.date(2026, 3, 9),
        changed_by=keyworker,
        version=job.version,
    )
    client.force_login(keyworker)

    response = _post(
        client, job, may_know="no", reason="Said so on the phone.", version=opened_at
    )

    assert response.status_code == 409
    page = response.content.decode()
    assert "Said so on the phone." in page
    job.refresh_from_db()
    assert job.employer_may_know is True
    assert not job.consent_changes.exists()
    again = _post(client, job, may_know="no", reason="Said so on the phone.")
    assert again.status_code == 302


def test_a_post_without_a_version_is_treated_as_stale(client, keyworker, job):
    client.force_login(keyworker)

    response = client.post(
        reverse("inwork_support:consent", args=[job.pk]),
        {"employer_may_know": "no", "reason": "Said so."},
    )

    assert response.status_code == 409
    assert Employment.objects.get(pk=job.pk).employer_may_know is True


def test_the_form_keeps_what_was_typed_when_a_choice_is_missing(client, keyworker, job):
    client.force_login(keyworker)

    response = _post(client, job, may_know="", reason="She phoned this morning.")

    assert response.status_code == 200
    page = response.content.decode()
    assert "Choose whether the employer may know." in page
    assert "She phoned this morning." in page


def test_asking_for_the_consent_already_on_record_says_so(client, keyworker, job):
    client.force_login(keyworker)

    response = _post(client, job, may_know="yes", reason="Still fine.")

    assert response.status_code == 200
    assert "nothing to change" in response.content.decode()
    assert "Still fine." in response.content.decode()
    assert not job.consent_changes.exists()


def test_the_job_page_offers_the_change_only_to_those_who_may_make_it(
    client, keyworker, partner_manager, job
):
    client.force_login(keyworker)
    assert "Withdraw consent" in client.get(job.get_absolute_url()).content.decode()
    client.force_login(partner_manager)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Consent given" in page
    assert "Withdraw consent" not in page


def test_the_thread_stays_marked_when_withdrawn_twice(job, thread):
    _change(job, may_know=False)
    _change(job, may_know=True)
    _change(job, may_know=False)

    assert list(
        EmployerMessage.about.through.objects.values_list("participant_id", flat=True)
    ) == [job.participant_id]


def test_the_history_is_in_the_subject_access_export_and_the_audit_trail(job):
    change = _change(job, may_know=False, reason="Not while on probation.")

    rows = subject_access_data(job.participant)["Employer disclosure consent changes"]
    assert [row["reason"] for row in rows] == ["Not while on probation."]
    assert (
        audit_entries_for(job.participant)
        .filter(content_type__model="disclosureconsentchange", object_id=change.pk)
        .exists()
    )


def test_retention_clears_the_participants_words(job):
    change = _change(job, may_know=False, reason="My manager is my ex.")

    anonymise_participant(pk=job.participant_id, now=CHANGED)

    change.refresh_from_db()
    assert change.reason == ""
