"""Staff pages: employers, the go-to person, contacts, vacancies, meetings."""

import datetime

import pytest
from django.urls import reverse

from employers.models import (
    Employer,
    EmployerEngagement,
    MeetingStatus,
    Nomination,
    NominationOutcome,
    ThreeWayMeeting,
    Vacancy,
)
from tests.employers.factories import (
    EngagementFactory,
    MeetingFactory,
    NominationFactory,
    VacancyFactory,
)
from tests.factories import EmployerFactory, EmploymentFactory

pytestmark = pytest.mark.django_db


def test_a_keyworker_who_adds_an_employer_becomes_its_go_to_person(client, keyworker):
    client.force_login(keyworker)

    response = client.post(
        reverse("employers:employer-add"),
        {"name": "Castle Bakery", "relationship": "new", "offers_jobs": "on"},
    )

    employer = Employer.objects.get(name="Castle Bakery")
    assert response.url == employer.get_absolute_url()
    assert employer.go_to_person == keyworker


def test_an_employer_without_a_name_is_refused_and_kept(client, keyworker):
    client.force_login(keyworker)

    response = client.post(
        reverse("employers:employer-add"),
        {"name": "", "sector": "<b>Baking</b>", "relationship": "new"},
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "This field is required." in page
    assert "&lt;b&gt;Baking&lt;/b&gt;" in page


def test_employer_search_finds_by_name_or_sector(client, keyworker):
    EmployerFactory(name="Castle Bakery", sector="Food", go_to_person=keyworker)
    EmployerFactory(name="Dock Freight", sector="Logistics", go_to_person=keyworker)
    client.force_login(keyworker)

    page = client.get(reverse("employers:employer-list"), {"q": "logis"})

    assert "Dock Freight" in page.content.decode()
    assert "Castle Bakery" not in page.content.decode()


def test_employers_of_another_partner_are_not_listed(
    client, keyworker, keyworker_elsewhere
):
    EmployerFactory(name="Ours", go_to_person=keyworker)
    EmployerFactory(name="Theirs Ltd", go_to_person=keyworker_elsewhere)
    EmployerFactory(name="Unclaimed Ltd")
    client.force_login(keyworker)

    page = client.get(reverse("employers:employer-list")).content.decode()

    assert "Ours" in page
    assert "Unclaimed Ltd" in page
    assert "Theirs Ltd" not in page


def test_an_employer_where_my_participant_works_is_visible(
    client, keyworker, participant, keyworker_elsewhere
):
    from tests.factories import EmploymentFactory

    theirs = EmployerFactory(name="Theirs Ltd", go_to_person=keyworker_elsewhere)
    EmploymentFactory(participant=participant, employer=theirs)
    client.force_login(keyworker)

    assert client.get(theirs.get_absolute_url()).status_code == 200


def test_the_go_to_person_hands_over_to_a_colleague(
    client, keyworker, other_keyworker, iwso, employer
):
    client.force_login(keyworker)

    client.post(
        reverse("employers:go-to-edit", args=[employer.pk]),
        {"go_to_person": other_keyworker.pk, "deputy": iwso.pk, "version": 1},
    )

    employer.refresh_from_db()
    assert employer.go_to_person == other_keyworker
    assert other_keyworker.notifications.get().title.startswith("You are now")


def test_go_to_person_and_deputy_must_differ(client, partner_manager, iwso, employer):
    client.force_login(partner_manager)

    response = client.post(
        reverse("employers:go-to-edit", args=[employer.pk]),
        {"go_to_person": iwso.pk, "deputy": iwso.pk},
    )

    assert "The deputy must be someone else." in response.content.decode()


def test_the_go_to_person_must_be_from_the_managers_partner(
    client, partner_manager, keyworker_elsewhere, employer
):
    client.force_login(partner_manager)

    response = client.post(
        reverse("employers:go-to-edit", args=[employer.pk]),
        {"go_to_person": keyworker_elsewhere.pk},
    )

    assert response.status_code == 200
    employer.refresh_from_db()
    assert employer.go_to_person != keyworker_elsewhere


def test_contacts_are_added_with_phone_and_email(client, keyworker, employer):
    client.force_login(keyworker)

    client.post(
        reverse("employers:contact-add", args=[employer.pk]),
        {
            "name": "Sam Reid",
            "role": "hr",
            "phone": "0161 000",
            "email": "sam@harbour.example",
        },
    )

    page = client.get(employer.get_absolute_url()).content.decode()
    assert "Sam Reid" in page
    assert "0161 000" in page
    assert "sam@harbour.example" in page


def test_engagements_are_logged_by_the_worker(client, keyworker, employer, participant):
    client.force_login(keyworker)

    client.post(
        reverse("employers:engagement-add", args=[employer.pk]),
        {
            "happened_at": "2026-04-14T10:00",
            "kind": "matching",
            "participant": participant.pk,
            "notes": "Talked about Jade for the barista role.",
        },
    )

    engagement = EmployerEngagement.objects.get()
    assert engagement.worker == keyworker
    assert engagement.participant == participant


def test_the_engagement_log_names_only_participants_the_reader_may_see(
    client, other_keyworker, keyworker, employer, participant
):
    EngagementFactory(
        employer=employer, worker=keyworker, participant=participant, notes="Met HR."
    )
    client.force_login(other_keyworker)

    page = client.get(employer.get_absolute_url()).content.decode()

    assert "Met HR." in page
    assert "Jade" not in page


def test_a_vacancy_closing_before_it_opens_is_refused(client, keyworker, employer):
    client.force_login(keyworker)

    response = client.post(
        reverse("employers:vacancy-add", args=[employer.pk]),
        {
            "title": "Barista",
            "kind": "job",
            "posted_on": "2026-04-14",
            "closes_on": "2026-04-01",
            "status": "open",
        },
    )

    assert "The closing date is before the posting date." in response.content.decode()
    assert not Vacancy.objects.exists()


def test_putting_forward_offers_only_participants_i_may_see(
    client, keyworker, employer, participant, other_participant
):
    vacancy = VacancyFactory(employer=employer)
    client.force_login(keyworker)
    url = reverse("employers:nomination-add", args=[vacancy.pk])

    form_page = client.get(url).content.decode()
    refused = client.post(
        url, {"participant": other_participant.pk, "put_forward_on": "2026-04-14"}
    )
    client.post(url, {"participant": participant.pk, "put_forward_on": "2026-04-14"})

    assert "Jade" in form_page
    assert "Owen" not in form_page
    assert refused.status_code == 200
    assert Nomination.objects.get().participant == participant


def test_putting_the_same_participant_forward_twice_is_refused(
    client, keyworker, employer, participant
):
    nomination = NominationFactory(
        vacancy=VacancyFactory(employer=employer), participant=participant
    )
    client.force_login(keyworker)

    response = client.post(
        reverse("employers:nomination-add", args=[nomination.vacancy.pk]),
        {"participant": participant.pk, "put_forward_on": "2026-04-14"},
    )

    assert "Already put forward for this vacancy." in response.content.decode()


def test_recording_what_happened_to_a_nomination(
    client, keyworker, employer, participant
):
    nomination = NominationFactory(
        vacancy=VacancyFactory(employer=employer), participant=participant
    )
    client.force_login(keyworker)

    client.post(
        reverse("employers:nomination-edit", args=[nomination.pk]),
        {"outcome": NominationOutcome.STARTED, "version": nomination.version},
    )

    nomination.refresh_from_db()
    assert nomination.outcome == NominationOutcome.STARTED


def test_scheduling_and_recording_a_three_way_meeting(
    client, keyworker, employer, participant
):
    job = EmploymentFactory(participant=participant, employer=employer)
    client.force_login(keyworker)
    client.post(
        reverse("employers:meeting-add", args=[employer.pk]),
        {
            "participant": participant.pk,
            "scheduled_for": "2026-05-05T10:00",
            "place": "Café office",
        },
    )
    meeting = ThreeWayMeeting.objects.get()
    assert meeting.employment == job

    client.post(
        reverse("inwork_support:meeting-edit", args=[meeting.pk]),
        {
            "scheduled_for": "2026-05-05T10:00",
            "status": "held",
            "outcome_kind": "",
            "outcome": "Weekly check-in with the supervisor.",
            "version": meeting.version,
        },
    )

    meeting.refresh_from_db()
    assert meeting.worker == keyworker
    assert meeting.status == MeetingStatus.HELD
    assert meeting.outcome == "Weekly check-in with the supervisor."
    assert meeting.scheduled_for == datetime.datetime(
        2026, 5, 5, 9, 0, tzinfo=datetime.UTC
    )


def test_the_meeting_list_offers_only_people_in_work_at_the_employer(
    client, keyworker, employer, participant
):
    EmploymentFactory(participant=participant, employer=employer)
    ended = EmploymentFactory(
        participant__keyworker=keyworker,
        participant__first_name="Omar",
        employer=employer,
        ended_on=datetime.date(2026, 4, 1),
        end_reason="resigned",
    )
    elsewhere = EmploymentFactory(
        participant__keyworker=keyworker, participant__first_name="Priya"
    )
    client.force_login(keyworker)

    response = client.get(reverse("employers:meeting-add", args=[employer.pk]))

    offered = list(response.context["form"].fields["participant"].queryset)
    assert offered == [participant]
    assert ended.participant not in offered
    assert elsewhere.participant not in offered


def test_meetings_with_participants_i_may_not_see_are_hidden(
    client, other_keyworker, employer, participant
):
    MeetingFactory(employer=employer, participant=participant, place="Back office")
    client.force_login(other_keyworker)

    page = client.get(employer.get_absolute_url()).content.decode()

    assert "Back office" not in page
