"""Every caseload view, for every persona: who gets the page, 403 or 404."""

import pytest
from django.urls import reverse

from tests.caseload.factories import (
    ConcernFactory,
    GoalStepFactory,
    ProfessionalFactory,
    ReferralFactory,
    SupervisionNoteFactory,
)
from tests.factories import ActionFactory, BarrierFactory, ContactFactory

pytestmark = pytest.mark.django_db

PERSONAS = [
    "keyworker",
    "other_keyworker",
    "keyworker_elsewhere",
    "iwso",
    "partner_manager",
    "other_partner_manager",
    "programme_manager",
    "employer_contact",
    "admin_user",
]
OK = "ok"
# What each persona gets, by kind of view. "ok" is 200 for a page, a redirect
# back into the app for a POST.
EXPECTED = {
    # A participant's record, open to whoever works with them.
    "record": dict(
        zip(PERSONAS, [OK, 404, 404, 404, OK, 404, 403, 403, 403], strict=True)
    ),
    # A change to a participant's record that only their partner manager makes.
    "manager_record": dict(
        zip(PERSONAS, [403, 403, 403, 403, OK, 404, 403, 403, 403], strict=True)
    ),
    # A list scoped to the user: every partner role gets their own.
    "list": dict(zip(PERSONAS, [OK, OK, OK, OK, OK, OK, 403, 403, 403], strict=True)),
    # Registering: keyworkers and managers.
    "register": dict(
        zip(PERSONAS, [OK, OK, OK, 403, OK, OK, 403, 403, 403], strict=True)
    ),
    # The manager's own team pages.
    "manager_list": dict(
        zip(PERSONAS, [403, 403, 403, 403, OK, OK, 403, 403, 403], strict=True)
    ),
}


@pytest.fixture
def records(participant, partner_manager):
    contact = ContactFactory(participant=participant)
    step = GoalStepFactory(goal__participant=participant)
    return {
        "pk": participant.pk,
        "contact": contact.pk,
        "note": SupervisionNoteFactory(contact=contact, author=partner_manager).pk,
        "action": ActionFactory(participant=participant).pk,
        "professional": ProfessionalFactory(participant=participant).pk,
        "barrier": BarrierFactory(participant=participant).pk,
        "goal": step.goal.pk,
        "step": step.pk,
        "referral": ReferralFactory(participant=participant).pk,
        "concern": ConcernFactory(participant=participant).pk,
        "worker": participant.keyworker.pk,
    }


# (url name, kwargs from records, method, POST data, kind)
VIEWS = [
    ("caseload:my-caseload", {}, "get", None, "list"),
    ("caseload:participant-create", {}, "get", None, "register"),
    ("caseload:participant-detail", {"pk": "pk"}, "get", None, "record"),
    ("caseload:participant-timeline", {"pk": "pk"}, "get", None, "record"),
    ("caseload:participant-edit", {"pk": "pk"}, "get", None, "record"),
    ("caseload:participant-exit", {"pk": "pk"}, "get", None, "record"),
    ("caseload:participant-reassign", {"pk": "pk"}, "get", None, "manager_record"),
    ("caseload:log-contact", {"pk": "pk"}, "get", None, "record"),
    (
        "caseload:action-done",
        {"pk": "pk", "action_pk": "action"},
        "post",
        {},
        "record",
    ),
    ("caseload:contact-detail", {"pk": "contact"}, "get", None, "record"),
    (
        "caseload:supervision-note-add",
        {"pk": "contact"},
        "post",
        {"comment": "Well handled."},
        "manager_record",
    ),
    (
        "caseload:supervision-note-resolve",
        {"pk": "contact", "note_pk": "note"},
        "post",
        {},
        "record",
    ),
    ("caseload:professional-add", {"pk": "pk"}, "get", None, "record"),
    (
        "caseload:professional-edit",
        {"pk": "pk", "item_pk": "professional"},
        "get",
        None,
        "record",
    ),
    (
        "caseload:professional-remove",
        {"pk": "pk", "item_pk": "professional"},
        "post",
        {},
        "record",
    ),
    ("caseload:barrier-add", {"pk": "pk"}, "get", None, "record"),
    (
        "caseload:barrier-resolve",
        {"pk": "pk", "item_pk": "barrier"},
        "get",
        None,
        "record",
    ),
    ("caseload:goal-add", {"pk": "pk"}, "get", None, "record"),
    (
        "caseload:goal-status",
        {"pk": "pk", "item_pk": "goal"},
        "post",
        {"status": "achieved", "version": 1},  # as the page posts it
        "record",
    ),
    ("caseload:step-add", {"pk": "pk", "item_pk": "goal"}, "get", None, "record"),
    (
        "caseload:step-status",
        {"pk": "pk", "item_pk": "goal", "step_pk": "step"},
        "post",
        {"status": "done", "version": 1},
        "record",
    ),
    ("caseload:referral-add", {"pk": "pk"}, "get", None, "record"),
    (
        "caseload:referral-update",
        {"pk": "pk", "item_pk": "referral"},
        "get",
        None,
        "record",
    ),
    ("caseload:team", {}, "get", None, "manager_list"),
    ("caseload:bulk-reassign", {}, "get", None, "manager_list"),
    ("caseload:mark-away", {"pk": "worker"}, "get", None, "manager_record"),
    ("caseload:mark-back", {"pk": "worker"}, "post", {}, "manager_record"),
    ("caseload:safeguarding", {}, "get", None, "manager_list"),
    ("caseload:concern-close", {"pk": "concern"}, "get", None, "manager_record"),
]


def url_for(name, kwargs, records):
    return reverse(name, kwargs={key: records[ref] for key, ref in kwargs.items()})


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "kwargs", "method", "data", "kind"), VIEWS)
def test_each_persona_gets_what_the_view_allows(
    client, request, records, persona, name, kwargs, method, data, kind
):
    client.force_login(request.getfixturevalue(persona))
    url = url_for(name, kwargs, records)

    response = getattr(client, method)(url, data)

    expected = EXPECTED[kind][persona]
    if expected == OK and method == "get":
        assert response.status_code == 200
    elif expected == OK:
        assert response.status_code == 302
        assert not response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected


@pytest.mark.parametrize(("name", "kwargs", "method", "data", "kind"), VIEWS)
def test_anonymous_visitor_is_sent_to_sign_in(
    client, records, name, kwargs, method, data, kind
):
    response = getattr(client, method)(url_for(name, kwargs, records), data)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_an_in_work_support_officer_opens_a_participant_assigned_to_them(
    client, iwso, participant
):
    participant.in_work_support_officer = iwso
    participant.save()
    client.force_login(iwso)

    response = client.get(participant.get_absolute_url())

    assert response.status_code == 200


def test_a_keyworker_on_a_get_only_form_cannot_post_a_manager_action(
    client, keyworker, participant
):
    client.force_login(keyworker)

    response = client.post(reverse("caseload:participant-reassign", args=[1]))

    assert response.status_code == 403
