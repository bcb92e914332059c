"""The portal's employees: current and past apart, a search, and messages about one."""

import datetime
import re
import uuid

import pytest
from django.urls import reverse

from caseload.models import EntryKind, TimelineEntry
from employers import services
from employers.models import EmployerMessage, MessageCategory
from inwork_support.services import change_disclosure_consent
from tests.factories import EmployerFactory, EmploymentFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
D = datetime.date
EMPLOYEES = reverse("employers:portal-employees")
HOME = reverse("employers:portal-home")
START = D(2025, 1, 6)


@pytest.fixture
def portal(client, employer_contact, employer):
    client.force_login(employer_contact)
    return client


def person(keyworker, first, last="Smith"):
    return ParticipantFactory(keyworker=keyworker, first_name=first, last_name=last)


def job(participant, employer, *, ended_on=None, may_know=True, start=START):
    return EmploymentFactory(
        participant=participant,
        employer=employer,
        start_date=start,
        ended_on=ended_on,
        employer_may_know=may_know,
    )


@pytest.fixture
def cast(employer, keyworker):
    """Everyone the consent rules tell apart, at the contact's employer."""
    people = {
        "current": person(keyworker, "Cara", "Current"),
        "past": person(keyworker, "Pat", "Past"),
        "never": person(keyworker, "Nina", "Never"),
        "never_past": person(keyworker, "Nora", "Neverpast"),
        "withdrew": person(keyworker, "Will", "Withdrew"),
        "returned": person(keyworker, "Rita", "Returned"),
        "elsewhere": person(keyworker, "Elsa", "Elsewhere"),
    }
    job(people["current"], employer)
    job(people["past"], employer, ended_on=D(2025, 6, 30))
    job(people["never"], employer, may_know=False)
    job(people["never_past"], employer, ended_on=D(2025, 6, 30), may_know=False)
    withdrawn = job(people["withdrew"], employer, ended_on=D(2025, 6, 30))
    change_disclosure_consent(
        employment=withdrawn,
        employer_may_know=False,
        reason="Asked us to stop",
        changed_by=keyworker,
        version=withdrawn.version,
    )
    # Came back later and did not agree this time: the latest answer stands.
    job(people["returned"], employer, ended_on=D(2025, 3, 1))
    job(
        people["returned"],
        employer,
        ended_on=D(2025, 9, 1),
        may_know=False,
        start=D(2025, 7, 1),
    )
    job(people["elsewhere"], EmployerFactory(name="Elsewhere Ltd"))
    return people


def names(response):
    return [f"{p.first_name} {p.last_name}" for p in response.context["page"]]


def test_current_and_past_employees_are_apart_and_only_who_agreed(portal, cast):
    current = portal.get(EMPLOYEES)
    past = portal.get(EMPLOYEES, {"show": "past"})

    assert names(current) == ["Cara Current"]
    assert names(past) == ["Pat Past"]
    for hidden in ("Nina", "Nora", "Will", "Rita", "Elsa"):
        assert hidden not in current.content.decode() + past.content.decode()
    assert "30 Jun 2025" in past.content.decode()  # when they left


def test_the_search_matches_every_word_of_a_name(portal, employer, keyworker):
    for first, last in [("Amira", "Khan"), ("Amir", "Jones"), ("Sam", "Khan")]:
        job(person(keyworker, first, last), employer)

    assert names(portal.get(EMPLOYEES, {"q": "amir"})) == ["Amir Jones", "Amira Khan"]
    assert names(portal.get(EMPLOYEES, {"q": "khan ami"})) == ["Amira Khan"]
    assert names(portal.get(EMPLOYEES, {"q": "khan", "show": "past"})) == []


def test_the_list_is_paginated(portal, employer, keyworker):
    for n in range(25):
        job(person(keyworker, f"Person{n:02}", "Smith"), employer)

    second = portal.get(EMPLOYEES, {"page": "2"})

    assert len(second.context["page"]) == 5
    assert second.context["page"].paginator.count == 25


def test_a_message_about_an_employee_links_to_their_record_for_staff(
    portal, cast, client, keyworker
):
    current = cast["current"]
    response = portal.post(
        HOME,
        {
            "category": MessageCategory.CONCERN,
            "about": current.pk,
            "body": "Late three times this week.",
            "submission_key": str(uuid.uuid4()),
        },
    )

    assert response.status_code == 302
    message = EmployerMessage.objects.get()
    assert list(message.about.all()) == [current]
    entry = TimelineEntry.objects.get(participant=current, kind=EntryKind.EMPLOYER)
    assert entry.url == message.get_absolute_url()
    client.force_login(keyworker)
    thread_page = client.get(message.get_absolute_url()).content.decode()
    assert f'href="{current.get_absolute_url()}"' in thread_page
    assert (
        "about Cara Current" in client.get(reverse("employers:inbox")).content.decode()
    )


def test_a_past_employee_who_agreed_can_be_named(portal, cast):
    response = portal.post(
        HOME,
        {
            "category": MessageCategory.GOOD_NEWS,
            "about": cast["past"].pk,
            "body": "Pat came back to say hello.",
            "submission_key": str(uuid.uuid4()),
        },
    )

    assert response.status_code == 302
    assert list(EmployerMessage.objects.get().about.all()) == [cast["past"]]


@pytest.mark.parametrize(
    "who", ["never", "never_past", "withdrew", "returned", "elsewhere"]
)
def test_a_forged_message_about_someone_not_shown_is_refused(portal, cast, who):
    response = portal.post(
        HOME,
        {
            "category": MessageCategory.CONCERN,
            "about": cast[who].pk,
            "body": "Typed with care.",
            "submission_key": str(uuid.uuid4()),
        },
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert "Typed with care." in response.content.decode()
    assert not EmployerMessage.objects.exists()
    assert not TimelineEntry.objects.filter(kind=EntryKind.EMPLOYER).exists()


def test_the_form_offers_only_employees_who_agreed(portal, cast):
    offered = portal.get(HOME).context["form"].fields["about"].queryset

    assert set(offered) == {cast["current"], cast["past"]}


def options(response) -> list[tuple[str, str]]:
    page = response.content.decode()
    start = page.index('<select name="about"')
    select = page[start : page.index("</select>", start)]
    return re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select)


def test_the_form_lists_only_employees_who_agreed(portal, cast):
    assert options(portal.get(HOME)) == [
        ("", "Not about one employee"),
        (str(cast["current"].pk), "Cara Current"),
        (str(cast["past"].pk), "Pat Past"),
    ]


def test_withdrawing_consent_takes_them_off_the_form_at_once(portal, cast, keyworker):
    portal.get(HOME)
    job = cast["current"].employments.get()
    change_disclosure_consent(
        employment=job,
        employer_may_know=False,
        reason="Asked us to stop",
        changed_by=keyworker,
        version=job.version,
    )

    assert options(portal.get(HOME)) == [
        ("", "Not about one employee"),
        (str(cast["past"].pk), "Pat Past"),
    ]


def test_the_service_refuses_someone_the_portal_does_not_show(employer_contact, cast):
    with pytest.raises(ValueError, match="the portal shows"):
        services.send_message(
            contact=employer_contact.employer_contact,
            category=MessageCategory.CONCERN,
            urgent=False,
            body="About Nina",
            about=cast["never"],
        )
    assert not EmployerMessage.objects.exists()


def test_another_employers_contact_sees_none_of_them(
    client, other_employer_contact, cast
):
    client.force_login(other_employer_contact)

    assert names(client.get(EMPLOYEES)) == []
    assert names(client.get(EMPLOYEES, {"show": "past"})) == []
