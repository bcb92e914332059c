"""A programme manager follows one person by one reference: the claims page,
a figure's drill-down and the evaluator's export all give them the same one."""

import csv
import io

import pytest
from django.urls import reverse

from accounts.pseudonyms import reference
from tests.contracts.test_pages import world as claims_world  # noqa: F401 (fixture)
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
WHOLE = {"whole": "on"}


@pytest.fixture
def world(request, keyworker):
    """The claims pages' world, with enough people at the partner that
    programme staff may list the engaged."""
    for _ in range(5):
        ParticipantFactory(keyworker=keyworker)
    return request.getfixturevalue("claims_world")


def test_the_same_person_has_one_reference_on_claims_drilldowns_and_export(
    client, world, programme_manager, participant
):
    client.force_login(programme_manager)

    claims = client.get(reverse("contracts:claims", args=[world.contract.pk]))
    drill = client.get(
        reverse("reporting:figure-records", args=["outcomes", "engaged"]), WHOLE
    )
    export = client.get(
        reverse("reporting:evidence-csv", args=["outcome-inputs"]), WHOLE
    )

    on_claims = {
        row.reference
        for rows in claims.context["board"].values()
        for row in rows
        if row.progress.enrolment.participant_id == participant.pk
    }
    on_drill = {
        record.reference
        for record in drill.context["records"]
        if record.pk == participant.pk
    }
    exported = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig"))))
    expected = reference(participant.pk)
    assert on_claims == on_drill == {expected}
    assert expected in {row[0] for row in exported[1:]}
    for page in (claims, drill, export):
        assert participant.last_name not in page.content.decode()
