"""An employer shared by two partners: the one that looks after it changes it.

The stage: Harbour Café Group is looked after by Riverside Works (go-to person
`keyworker_elsewhere`). Northside's `keyworker` may see it, because their
participant Jade works there; Riverside's participant Rhys works there too and
agreed the employer may know. Seeing is not changing.
"""

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from accounts.models import Notification, OutgoingEmail, User
from employers import services
from employers.models import Employer, EmployerContact
from tests.employers.factories import EngagementFactory
from tests.factories import EmployerFactory, EmploymentFactory

pytestmark = pytest.mark.django_db

ATTACKER_EMAIL = "amira.own@northside.example"
RIVERSIDE_NOTE = "Manager is restructuring the kitchen team (riverside-note)"
NORTHSIDE_NOTE = "Asked about more hours for Jade (northside-note)"


@pytest.fixture
def shared(
    employer_contact, keyworker, keyworker_elsewhere, participant, participant_elsewhere
):
    """Harbour Café Group: looked after by Riverside; people of both work there."""
    employer = employer_contact.employer_contact.employer
    employer.go_to_person = keyworker_elsewhere
    employer.save()
    EmploymentFactory(participant=participant, employer=employer)
    EmploymentFactory(
        participant=participant_elsewhere, employer=employer, employer_may_know=True
    )
    EngagementFactory(
        employer=employer, worker=keyworker_elsewhere, notes=RIVERSIDE_NOTE
    )
    EngagementFactory(employer=employer, worker=keyworker, notes=NORTHSIDE_NOTE)
    return employer


def _contact(employer: Employer) -> EmployerContact:
    return employer.contacts.get()


def test_a_keyworker_at_another_partner_cannot_reach_its_employees(
    client, keyworker, shared
):
    """The attack chain of issue 13, step by step: every step is refused."""
    contact = _contact(shared)
    original_email = contact.email
    client.force_login(keyworker)

    # 0. They may see the employer: their participant works there.
    page = client.get(shared.get_absolute_url())
    # 1. Add a contact with their own email.
    added = client.post(
        reverse("employers:contact-add", args=[shared.pk]),
        {"name": "Amira Own", "role": "line_manager", "email": ATTACKER_EMAIL},
    )
    # 2. Redirect an existing contact's email to themselves.
    edited = client.post(
        reverse("employers:contact-edit", args=[contact.pk]),
        {
            "name": contact.name,
            "role": contact.role,
            "email": ATTACKER_EMAIL,
            "version": contact.version,
        },
    )
    # 3. Invite the contact to the portal.
    invited = client.post(reverse("employers:contact-invite", args=[contact.pk]))
    # 4. Make themselves the go-to person, directly or by "taking it on".
    go_to = client.post(
        reverse("employers:go-to-edit", args=[shared.pk]),
        {"go_to_person": keyworker.pk, "version": shared.version},
    )
    taken = client.post(
        reverse("employers:take-on", args=[shared.pk]),
        {"go_to_person": keyworker.pk},
    )

    assert page.status_code == 200
    assert added.status_code == 403
    assert edited.status_code == 403
    assert invited.status_code == 403
    assert go_to.status_code == 403
    assert taken.status_code == 403
    # 5. Riverside's engagement notes are not shown; Northside's own are.
    text = page.content.decode()
    assert RIVERSIDE_NOTE not in text
    assert NORTHSIDE_NOTE in text
    # Nothing changed, and no portal login exists that they could sign in with.
    contact.refresh_from_db()
    shared.refresh_from_db()
    assert contact.email == original_email
    assert contact.invited_at is None
    assert shared.go_to_person.username == "kw-elsewhere"
    assert not EmployerContact.objects.filter(email__iexact=ATTACKER_EMAIL).exists()
    assert not User.objects.filter(email__iexact=ATTACKER_EMAIL).exists()
    assert not OutgoingEmail.objects.filter(to__iexact=ATTACKER_EMAIL).exists()


def test_the_refusal_says_who_looks_after_the_employer(client, keyworker, shared):
    client.force_login(keyworker)

    response = client.get(reverse("employers:contact-add", args=[shared.pk]))

    assert response.status_code == 403
    assert "looked after by Riverside Works" in response.content.decode()


def test_the_page_offers_no_change_to_another_partners_staff(client, keyworker, shared):
    client.force_login(keyworker)

    text = client.get(shared.get_absolute_url()).content.decode()

    assert reverse("employers:contact-add", args=[shared.pk]) not in text
    assert reverse("employers:employer-edit", args=[shared.pk]) not in text
    assert reverse("employers:go-to-edit", args=[shared.pk]) not in text
    assert "/invite/" not in text
    assert "Looked after by Riverside Works" in text


def test_the_looking_after_partner_changes_contacts_and_invites(
    client, keyworker_elsewhere, shared
):
    contact = _contact(shared)
    client.force_login(keyworker_elsewhere)

    page = client.get(shared.get_absolute_url()).content.decode()
    added = client.post(
        reverse("employers:contact-add", args=[shared.pk]),
        {"name": "Sam Lee", "role": "hr", "email": "sam@harbour.example"},
    )
    invited = client.post(reverse("employers:contact-invite", args=[contact.pk]))

    assert reverse("employers:contact-add", args=[shared.pk]) in page
    assert added.status_code == invited.status_code == 302
    assert shared.contacts.filter(email="sam@harbour.example").exists()
    # Each partner sees its own notes only, the looking-after partner included.
    assert RIVERSIDE_NOTE in page
    assert NORTHSIDE_NOTE not in page


def test_a_colleague_of_the_go_to_person_edits_contacts_but_does_not_invite(
    client, shared, other_partner
):
    colleague = User.objects.create_user(
        username="kw-riverside-2",
        role="keyworker",
        delivery_partner=other_partner,
    )
    contact = _contact(shared)
    client.force_login(colleague)

    edited = client.post(
        reverse("employers:contact-edit", args=[contact.pk]),
        {
            "name": contact.name,
            "role": contact.role,
            "email": contact.email,
            "phone": "0161 000 0000",
            "version": contact.version,
        },
    )
    invited = client.post(reverse("employers:contact-invite", args=[contact.pk]))

    assert edited.status_code == 302
    assert invited.status_code == 403


def _entries(contact: EmployerContact):
    return LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(EmployerContact),
        object_pk=str(contact.pk),
    )


def test_an_email_change_is_audited_and_the_go_to_person_told(
    client, shared, other_partner_manager, keyworker_elsewhere
):
    contact = _contact(shared)
    before = contact.email
    client.force_login(other_partner_manager)

    response = client.post(
        reverse("employers:contact-edit", args=[contact.pk]),
        {
            "name": contact.name,
            "role": contact.role,
            "email": "new.boss@harbour.example",
            "version": contact.version,
        },
    )

    assert response.status_code == 302
    entry = _entries(contact).latest("timestamp")
    assert entry.actor == other_partner_manager
    assert entry.changes_dict["email"] == [before, "new.boss@harbour.example"]
    note = Notification.objects.get(recipient=keyworker_elsewhere)
    assert "email" in note.title
    assert "new.boss@harbour.example" in note.body
    assert OutgoingEmail.objects.filter(to=keyworker_elsewhere.email).exists()


def test_every_invitation_is_audited_and_the_go_to_person_told(
    client, shared, other_partner_manager, keyworker_elsewhere
):
    contact = EmployerContact.objects.create(
        employer=shared, name="Priya Shah", email="priya@harbour.example"
    )
    client.force_login(other_partner_manager)

    first = client.post(reverse("employers:contact-invite", args=[contact.pk]))
    again = client.post(reverse("employers:contact-invite", args=[contact.pk]))

    assert first.status_code == again.status_code == 302
    invitations = [
        e
        for e in _entries(contact).filter(action=LogEntry.Action.UPDATE)
        if "invited_at" in e.changes_dict
    ]
    assert len(invitations) == 2
    assert {e.actor for e in invitations} == {other_partner_manager}
    notes = Notification.objects.filter(recipient=keyworker_elsewhere)
    assert notes.count() == 2
    assert all("invited to the portal" in n.title for n in notes)


def test_the_go_to_person_is_not_told_of_their_own_changes(
    client, shared, keyworker_elsewhere
):
    contact = _contact(shared)
    client.force_login(keyworker_elsewhere)

    client.post(reverse("employers:contact-invite", args=[contact.pk]))

    assert not Notification.objects.filter(recipient=keyworker_elsewhere).exists()


# Taking on an employer nobody looks after.


@pytest.fixture
def unclaimed():
    return EmployerFactory(name="Moorside Bakery")


def test_an_employer_nobody_looks_after_must_be_taken_on_before_changing(
    client, keyworker, unclaimed
):
    client.force_login(keyworker)

    response = client.post(
        reverse("employers:contact-add", args=[unclaimed.pk]),
        {"name": "Amira Own", "role": "line_manager", "email": ATTACKER_EMAIL},
    )

    assert response.status_code == 403
    assert "Take it on" in response.content.decode()
    assert not unclaimed.contacts.exists()


def test_a_keyworker_takes_on_an_employer_in_one_step(client, keyworker, unclaimed):
    client.force_login(keyworker)

    page = client.get(unclaimed.get_absolute_url()).content.decode()
    response = client.post(
        reverse("employers:take-on", args=[unclaimed.pk]),
        {"go_to_person": keyworker.pk},
    )

    assert "Take on this employer" in page
    assert response.status_code == 302
    unclaimed.refresh_from_db()
    assert unclaimed.go_to_person == keyworker
    added = client.post(
        reverse("employers:contact-add", args=[unclaimed.pk]),
        {"name": "Dee Baker", "role": "owner", "email": "dee@moorside.example"},
    )
    assert added.status_code == 302


def test_a_manager_takes_on_an_employer_for_a_colleague(
    client, partner_manager, keyworker, unclaimed
):
    client.force_login(partner_manager)

    response = client.post(
        reverse("employers:take-on", args=[unclaimed.pk]),
        {"go_to_person": keyworker.pk},
    )

    assert response.status_code == 302
    unclaimed.refresh_from_db()
    assert unclaimed.go_to_person == keyworker
    assert Notification.objects.filter(
        recipient=keyworker, title__contains="go-to person"
    ).exists()


def test_a_manager_cannot_name_another_partners_worker(
    client, partner_manager, keyworker_elsewhere, unclaimed
):
    client.force_login(partner_manager)

    response = client.post(
        reverse("employers:take-on", args=[unclaimed.pk]),
        {"go_to_person": keyworker_elsewhere.pk},
    )

    assert response.status_code == 200
    unclaimed.refresh_from_db()
    assert unclaimed.go_to_person is None


def test_an_employer_already_taken_on_cannot_be_taken_again(
    client, keyworker, keyworker_elsewhere, participant, unclaimed
):
    EmploymentFactory(participant=participant, employer=unclaimed)
    client.force_login(keyworker_elsewhere)
    client.post(
        reverse("employers:take-on", args=[unclaimed.pk]),
        {"go_to_person": keyworker_elsewhere.pk},
    )
    client.force_login(keyworker)

    response = client.post(
        reverse("employers:take-on", args=[unclaimed.pk]),
        {"go_to_person": keyworker.pk},
    )

    assert response.status_code == 403
    unclaimed.refresh_from_db()
    assert unclaimed.go_to_person == keyworker_elsewhere


def test_of_two_partners_taking_on_at_once_the_second_is_refused(
    keyworker, keyworker_elsewhere, unclaimed
):
    seen_by_both = Employer.objects.get(pk=unclaimed.pk)
    services.take_on_employer(
        employer=unclaimed,
        go_to_person=keyworker_elsewhere,
        deputy=None,
        taken_on_by=keyworker_elsewhere,
    )

    with pytest.raises(services.TakeOnError):
        services.take_on_employer(
            employer=seen_by_both,
            go_to_person=keyworker,
            deputy=None,
            taken_on_by=keyworker,
        )
    unclaimed.refresh_from_db()
    assert unclaimed.go_to_person == keyworker_elsewhere
