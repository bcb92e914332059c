"""A form sent twice (a double tap, a retry on a flaky connection) saves once."""

import uuid

import pytest
from django.urls import reverse

from employers.models import Employer
from inwork_support.models import CheckIn, Employment, InWorkContact
from tests.factories import ContactFactory, EmployerFactory, ParticipantFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, keyworker, time_machine):
    time_machine.move_to("2026-03-02 18:00+00:00", tick=False)
    client.force_login(keyworker)
    return client


def job_start(**extra):
    return {
        "job_title": "Baker's assistant",
        "hours_per_week": "30",
        "hourly_pay": "12.21",
        "contract_type": "permanent",
        "start_date": "2026-03-09",
        **extra,
    }


def test_a_job_start_with_a_new_employer_sent_twice_records_one_job(
    signed_in, participant
):
    url = reverse("inwork_support:job-start", args=[participant.pk])
    data = job_start(new_employer_name="Corner Bakery")

    first = signed_in.post(url, data)
    second = signed_in.post(url, data)

    job = Employment.objects.get()
    assert first["Location"] == second["Location"] == job.get_absolute_url()
    assert Employer.objects.filter(name="Corner Bakery").count() == 1
    assert CheckIn.objects.count() == job.checkins.count() == 6


def test_a_job_start_at_a_chosen_employer_sent_twice_records_one_job(
    signed_in, participant, keyworker
):
    employer = EmployerFactory(go_to_person=keyworker)
    url = reverse("inwork_support:job-start", args=[participant.pk])

    signed_in.post(url, job_start(employer=employer.pk))
    signed_in.post(url, job_start(employer=employer.pk))

    assert Employment.objects.count() == 1


def test_a_second_job_on_another_date_is_its_own_job(signed_in, participant):
    url = reverse("inwork_support:job-start", args=[participant.pk])

    signed_in.post(url, job_start(new_employer_name="Corner Bakery"))
    signed_in.post(
        url, job_start(new_employer_name="Corner Bakery", start_date="2026-03-16")
    )

    assert Employment.objects.count() == 2


def plan(**extra):
    return {
        "base_revision": "0",
        "contact_method": "phone",
        "contact_frequency": "weekly",
        "agreed_support": "Call every Friday after shift",
        "long_term_goals": ["more_hours"],
        **extra,
    }


def test_a_plan_sent_twice_saves_one_revision_without_a_conflict(signed_in, job):
    url = reverse("inwork_support:plan-edit", args=[job.pk])

    first = signed_in.post(url, plan())
    second = signed_in.post(url, plan())

    assert first.status_code == second.status_code == 302
    assert job.plans.count() == 1


def test_a_different_plan_from_the_same_old_revision_is_still_refused(signed_in, job):
    url = reverse("inwork_support:plan-edit", args=[job.pk])
    signed_in.post(url, plan())

    response = signed_in.post(url, plan(agreed_support="Text on Mondays"))

    assert response.status_code == 409
    assert "Someone updated the plan while you were editing" in response.text
    assert "Text on Mondays" in response.text
    assert job.plans.count() == 1


def test_a_contact_key_known_from_another_partner_does_not_link_their_contact(
    signed_in, job, keyworker_elsewhere
):
    their_contact = ContactFactory(
        participant=ParticipantFactory(keyworker=keyworker_elsewhere),
        submission_key=uuid.uuid4(),
    )
    url = reverse("caseload:log-contact", args=[job.participant_id])

    response = signed_in.post(
        f"{url}?job={job.pk}",
        {
            "happened_at": "2026-03-02T17:30",
            "channel": "phone",
            "minutes": "10",
            "notes": "Rang after her shift.",
            "how_is_it_going": "First day went well.",
            "submission_key": str(their_contact.submission_key),
        },
    )

    assert response.status_code == 302
    assert not InWorkContact.objects.filter(contact=their_contact).exists()
    mine = InWorkContact.objects.get(employment=job)
    assert mine.contact.participant == job.participant
    assert mine.contact.notes == "Rang after her shift."
    assert mine.how_is_it_going == "First day went well."
