"""Registering and editing participants: duplicates, working age, stale saves."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from caseload.models import (
    AgeBand,
    EntryKind,
    KeyworkerAssignment,
    Participant,
    TimelineEntry,
)
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
CREATE = reverse("caseload:participant-create")
TODAY = datetime.datetime(2026, 3, 3, 12, 0, tzinfo=datetime.UTC)


def details(**overrides):
    return {
        "first_name": "Kayla",
        "last_name": "Reid",
        "preferred_name": "Kay",
        "date_of_birth": "2003-04-20",
        "phone": "07700 900123",
        "email": "kay@example.org",
        "address": "4 Mill Lane, Leeds",
        "postcode": "ls6  2ab",
        "preferred_contact_method": "text",
        "referral_source": "jobcentre",
        "status_at_start": "unemployed",
        "eligibility_evidence": "UC award letter seen 1 Mar",
        "programme_start": "2026-03-02",
        "pathway_stage": "engaged",
        "consent_given_on": "2026-03-02",
        "consent_method": "written",
        "gender": "female",
        "disability": "prefer_not",
        "ethnicity": "white",
        **overrides,
    }


@pytest.fixture
def signed_in(client, keyworker):
    client.force_login(keyworker)
    return client


@time_machine.travel(TODAY, tick=False)
def test_registering_computes_the_age_band_and_starts_the_history(signed_in, keyworker):
    response = signed_in.post(CREATE, details())

    participant = Participant.objects.get()
    assert response.url == participant.get_absolute_url()
    assert participant.keyworker == keyworker
    assert participant.delivery_partner == keyworker.delivery_partner
    assert participant.age_band == AgeBand.UNDER_25
    assert participant.postcode == "LS6 2AB"
    assignment = KeyworkerAssignment.objects.get()
    assert (assignment.keyworker, assignment.ended_at) == (keyworker, None)
    assert TimelineEntry.objects.filter(kind=EntryKind.ASSIGNMENT).count() == 1


@time_machine.travel(TODAY, tick=False)
def test_a_manager_registers_for_a_keyworker(client, partner_manager, keyworker):
    client.force_login(partner_manager)

    client.post(CREATE, details(keyworker=keyworker.pk))

    assert Participant.objects.get().keyworker == keyworker


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(("born", "age"), [("2010-03-03", 15), ("1959-03-01", 67)])
def test_someone_not_of_working_age_at_programme_start_is_refused(signed_in, born, age):
    response = signed_in.post(CREATE, details(date_of_birth=born))

    assert f"this person would be {age}" in response.content.decode()
    assert Participant.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
def test_consent_needs_both_date_and_method(signed_in):
    response = signed_in.post(CREATE, details(consent_method=""))

    assert "Say how consent was given." in response.content.decode()
    assert Participant.objects.count() == 0


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    "existing",
    [
        {"first_name": "kayla", "last_name": "REID", "postcode": ""},
        {"first_name": "Kay", "last_name": "Smith", "postcode": "LS6 2AB"},
    ],
)
def test_a_colleagues_possible_duplicate_is_told_without_their_details(
    signed_in, other_keyworker, partner_manager, existing
):
    theirs = ParticipantFactory(
        keyworker=other_keyworker,
        date_of_birth=datetime.date(2003, 4, 20),
        address="9 Hidden Row",
        **existing,
    )

    response = signed_in.post(CREATE, details())

    html = response.content.decode()
    assert "This person may already be registered" in html
    assert (
        "A participant with these details may already be registered at Northside "
        f"Futures. Ask your manager, {partner_manager}, before you register them "
        "again." in html
    )
    assert str(other_keyworker) not in html
    assert theirs.get_absolute_url() not in html
    assert "20 Apr 2003" not in html
    assert "Smith" not in html
    assert "LS6 2AB" not in html
    assert "UC award letter seen 1 Mar" in html
    assert 'value="07700 900123"' in html
    assert Participant.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_a_possible_duplicate_the_user_may_open_is_linked(signed_in, keyworker):
    mine = ParticipantFactory(
        keyworker=keyworker,
        first_name="Kayla",
        last_name="Reid",
        date_of_birth=datetime.date(2003, 4, 20),
    )

    response = signed_in.post(CREATE, details())

    html = response.content.decode()
    assert f'<a href="{mine.get_absolute_url()}">Kayla Reid</a>' in html
    assert "A participant with these details" not in html
    assert Participant.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_with_no_manager_the_user_is_told_to_ask_one_at_the_partner(
    signed_in, other_keyworker
):
    ParticipantFactory(
        keyworker=other_keyworker,
        first_name="Kayla",
        last_name="Reid",
        date_of_birth=datetime.date(2003, 4, 20),
    )

    response = signed_in.post(CREATE, details())

    assert "Ask a manager at Northside Futures before you" in response.text


@time_machine.travel(TODAY, tick=False)
def test_registration_checks_are_limited_each_hour_and_typing_is_kept(
    signed_in, client, other_keyworker, settings
):
    settings.REGISTRATION_CHECKS_PER_HOUR = 2
    ParticipantFactory(
        keyworker=other_keyworker,
        first_name="Kayla",
        last_name="Reid",
        date_of_birth=datetime.date(2003, 4, 20),
    )
    signed_in.post(CREATE, details())
    signed_in.post(CREATE, details(first_name="Kylie"))

    response = signed_in.post(CREATE, details(confirm_different_person="yes"))

    html = response.content.decode()
    assert response.status_code == 429
    assert "You have tried 2 registrations in the last hour, the most allowed" in html
    assert "may already be registered" not in html
    assert 'value="07700 900123"' in html
    assert Participant.objects.count() == 2  # the existing one and Kylie
    with time_machine.travel(TODAY + datetime.timedelta(hours=1, seconds=1)):
        assert signed_in.post(CREATE, details()).status_code == 200


@time_machine.travel(TODAY, tick=False)
def test_the_registration_limit_is_per_user(
    signed_in, client, keyworker, partner_manager, settings
):
    settings.REGISTRATION_CHECKS_PER_HOUR = 1
    signed_in.post(CREATE, details())
    client.force_login(partner_manager)

    response = client.post(
        CREATE, details(first_name="Kylie", postcode="M1 1AA", keyworker=keyworker.pk)
    )

    assert response.status_code == 302


@time_machine.travel(TODAY, tick=False)
def test_confirming_a_different_person_saves_anyway(signed_in, other_keyworker):
    ParticipantFactory(
        keyworker=other_keyworker,
        first_name="Kayla",
        last_name="Reid",
        date_of_birth=datetime.date(2003, 4, 20),
    )

    response = signed_in.post(CREATE, details(confirm_different_person="yes"))

    assert response.status_code == 302
    assert Participant.objects.count() == 2


@time_machine.travel(TODAY, tick=False)
def test_a_namesake_at_another_partner_is_not_a_duplicate(
    signed_in, keyworker_elsewhere
):
    ParticipantFactory(
        keyworker=keyworker_elsewhere,
        first_name="Kayla",
        last_name="Reid",
        date_of_birth=datetime.date(2003, 4, 20),
    )

    response = signed_in.post(CREATE, details())

    assert response.status_code == 302


def edit_url(participant):
    return reverse("caseload:participant-edit", args=[participant.pk])


@time_machine.travel(TODAY, tick=False)
def test_an_edit_saves_and_bumps_the_version(signed_in, participant):
    response = signed_in.post(
        edit_url(participant), details(version=participant.version)
    )

    assert response.status_code == 302
    participant.refresh_from_db()
    assert (participant.first_name, participant.version) == ("Kayla", 2)


@time_machine.travel(TODAY, tick=False)
def test_a_stale_edit_is_refused_and_the_typed_text_kept(signed_in, participant):
    opened_version = participant.version
    Participant.objects.filter(pk=participant.pk).update(
        phone="0113 496 0000", version=opened_version + 1
    )

    response = signed_in.post(
        edit_url(participant),
        details(version=opened_version, notes="x", phone="07700 900999"),
    )

    html = response.content.decode()
    assert response.status_code == 409
    assert "someone else changed this while you were editing" in html
    assert "0113 496 0000" in html
    assert 'value="07700 900999"' in html
    participant.refresh_from_db()
    assert participant.phone == "0113 496 0000"
    # Saving again, having seen the other change, is a deliberate overwrite.
    assert response.context["form"]["version"].value() == opened_version + 1


def test_the_edit_form_cannot_exit_a_participant(signed_in, participant):
    response = signed_in.post(
        edit_url(participant), details(version=1, pathway_stage="exited")
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
