"""Who may open each employers page: a role matrix per view.

Staff pages are for partner staff (keyworkers, in-work support officers, partner
managers). Programme managers, administrators and employer contacts get 403 on
them; staff of another partner get 404. The portal is for employer contacts only.
"""

import pytest
from django.urls import reverse

from employers.models import EmployerContact
from tests.employers.factories import MeetingFactory, NominationFactory, VacancyFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "keyworker",
    "other_keyworker",
    "keyworker_elsewhere",
    "iwso",
    "partner_manager",
    "other_partner_manager",
    "programme_manager",
    "admin_user",
    "employer_contact",
    "other_employer_contact",
]
NOT_STAFF = {
    "anonymous": 302,
    "programme_manager": 403,
    "admin_user": 403,
    "employer_contact": 403,
    "other_employer_contact": 403,
}
# Pages of an employer looked after by `keyworker` (go-to) and `iwso` (deputy).
EMPLOYER_PAGE = {
    **NOT_STAFF,
    "keyworker": 200,
    "other_keyworker": 200,
    "keyworker_elsewhere": 404,
    "iwso": 200,
    "partner_manager": 200,
    "other_partner_manager": 404,
}
ANY_STAFF_PAGE = {
    **EMPLOYER_PAGE,
    "keyworker_elsewhere": 200,
    "other_partner_manager": 200,
}
# Records about `participant` (keyworker's caseload) at that employer.
PARTICIPANT_RECORD = {**EMPLOYER_PAGE, "other_keyworker": 404, "iwso": 404}
GO_TO = {**EMPLOYER_PAGE, "other_keyworker": 403, "iwso": 403}
THREAD = {**EMPLOYER_PAGE, "other_keyworker": 404}
PORTAL = {
    **dict.fromkeys(ROLES, 403),
    "anonymous": 302,
    "employer_contact": 200,
    "other_employer_contact": 200,
}
PORTAL_THREAD = {**PORTAL, "other_employer_contact": 404}


def _contact(world):
    return world["employer"].contacts.get()


CASES = {
    "employer-list": (lambda w: reverse("employers:employer-list"), ANY_STAFF_PAGE),
    "employer-add": (lambda w: reverse("employers:employer-add"), ANY_STAFF_PAGE),
    "inbox": (lambda w: reverse("employers:inbox"), ANY_STAFF_PAGE),
    "employer-detail": (lambda w: w["employer"].get_absolute_url(), EMPLOYER_PAGE),
    "employer-edit": (
        lambda w: reverse("employers:employer-edit", args=[w["employer"].pk]),
        EMPLOYER_PAGE,
    ),
    "go-to-edit": (
        lambda w: reverse("employers:go-to-edit", args=[w["employer"].pk]),
        GO_TO,
    ),
    "contact-add": (
        lambda w: reverse("employers:contact-add", args=[w["employer"].pk]),
        EMPLOYER_PAGE,
    ),
    "contact-edit": (
        lambda w: reverse("employers:contact-edit", args=[_contact(w).pk]),
        EMPLOYER_PAGE,
    ),
    "engagement-add": (
        lambda w: reverse("employers:engagement-add", args=[w["employer"].pk]),
        EMPLOYER_PAGE,
    ),
    "vacancy-add": (
        lambda w: reverse("employers:vacancy-add", args=[w["employer"].pk]),
        EMPLOYER_PAGE,
    ),
    "meeting-add": (
        lambda w: reverse("employers:meeting-add", args=[w["employer"].pk]),
        EMPLOYER_PAGE,
    ),
    "vacancy-edit": (
        lambda w: reverse("employers:vacancy-edit", args=[w["vacancy"].pk]),
        EMPLOYER_PAGE,
    ),
    "nomination-add": (
        lambda w: reverse("employers:nomination-add", args=[w["vacancy"].pk]),
        EMPLOYER_PAGE,
    ),
    "nomination-edit": (
        lambda w: reverse("employers:nomination-edit", args=[w["nomination"].pk]),
        PARTICIPANT_RECORD,
    ),
    "meeting-edit": (
        lambda w: reverse("inwork_support:meeting-edit", args=[w["meeting"].pk]),
        PARTICIPANT_RECORD,
    ),
    "inbox-thread": (lambda w: w["thread"].get_absolute_url(), THREAD),
    "portal-home": (lambda w: reverse("employers:portal-home"), PORTAL),
    "portal-thread": (lambda w: w["thread"].get_portal_url(), PORTAL_THREAD),
}


@pytest.fixture
def world(employer, thread, participant):
    vacancy = VacancyFactory(employer=employer)
    return {
        "employer": employer,
        "thread": thread,
        "vacancy": vacancy,
        "nomination": NominationFactory(vacancy=vacancy, participant=participant),
        "meeting": MeetingFactory(employer=employer, participant=participant),
    }


def _sign_in(request, client, role):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("view", list(CASES))
def test_each_role_gets_the_designed_response(request, client, world, view, role):
    url_of, expected = CASES[view]
    _sign_in(request, client, role)

    response = client.get(url_of(world))

    assert response.status_code == expected[role], (view, role)
    if expected[role] == 302:
        assert response.url.startswith(reverse("login"))


# Inviting: the go-to person (keyworker), the deputy (iwso) and their managers.
INVITE = {
    **{r: s if s != 200 else 302 for r, s in EMPLOYER_PAGE.items()},
    "other_keyworker": 403,
}


@pytest.mark.parametrize("role", ROLES)
def test_inviting_a_contact_is_for_the_go_to_person_deputy_and_managers(
    request, client, world, role
):
    contact = EmployerContact.objects.create(
        employer=world["employer"], name="Priya Shah", email="priya@harbour.example"
    )
    _sign_in(request, client, role)

    response = client.post(reverse("employers:contact-invite", args=[contact.pk]))

    assert response.status_code == INVITE[role]
    if role in ("anonymous",):
        assert response.url.startswith(reverse("login"))
    elif response.status_code == 302:
        assert response.url == world["employer"].get_absolute_url()


def test_inviting_by_get_is_refused(client, keyworker, world):
    client.force_login(keyworker)

    response = client.get(
        reverse("employers:contact-invite", args=[_contact(world).pk])
    )

    assert response.status_code == 405
