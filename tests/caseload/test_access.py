"""access_participant: a frontline worker's read is seen_by's, compiled once."""

import pytest
from django.http import Http404

from accounts.models import User
from accounts.services import mark_away, mark_back
from caseload.access import WORKERS, access_participant
from caseload.models import Participant
from tests.conftest import compiling
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def columns(row):
    return {name: value for name, value in vars(row).items() if name != "_state"}


def fresh(user: User) -> User:
    # As each request loads its user: whom they cover is read again.
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize("related", [WORKERS, ()])
def test_a_keyworker_reads_their_participant_as_the_orm_does(keyworker, iwso, related):
    participant = ParticipantFactory(keyworker=keyworker, in_work_support_officer=iwso)
    expected = Participant.objects.select_related(*WORKERS).get(pk=participant.pk)

    for worker in (keyworker, iwso):
        found = access_participant(fresh(worker), participant.pk, related=related)

        assert columns(found) == columns(expected)
        assert not found._state.adding
        for name in WORKERS:
            assert Participant._meta.get_field(name).is_cached(found) == (
                name in related
            )
        if related:
            assert columns(found.keyworker) == columns(expected.keyworker)
            officer = expected.in_work_support_officer
            assert columns(found.in_work_support_officer) == columns(officer)


def test_out_of_scope_missing_and_inactive_are_404(
    keyworker, participant, other_participant, participant_elsewhere
):
    for pk in (other_participant.pk, participant_elsewhere.pk, 999_999):
        with pytest.raises(Http404):
            access_participant(fresh(keyworker), pk)
    keyworker.is_active = False
    keyworker.save()
    with pytest.raises(Http404):
        access_participant(fresh(keyworker), participant.pk)


def test_covering_an_away_colleague_opens_their_participants_until_they_are_back(
    keyworker, other_keyworker, other_participant
):
    mark_away(worker=other_keyworker, cover=keyworker)
    assert access_participant(fresh(keyworker), other_participant.pk) == (
        other_participant
    )

    mark_back(worker=other_keyworker)
    with pytest.raises(Http404):
        access_participant(fresh(keyworker), other_participant.pk)


def test_a_managers_read_is_still_the_partners(
    partner_manager, other_partner_manager, participant
):
    assert access_participant(fresh(partner_manager), participant.pk) == participant
    with pytest.raises(Http404):
        access_participant(fresh(other_partner_manager), participant.pk)


def test_a_keyworkers_read_is_compiled_once(keyworker, participant, monkeypatch):
    second = ParticipantFactory(keyworker=keyworker)
    access_participant(fresh(keyworker), participant.pk)  # compiled here, or before
    user = fresh(keyworker)
    user.covered_today()
    compiled = compiling(monkeypatch)

    assert access_participant(user, second.pk) == second
    assert compiled == []
