"""A stage chosen on the participant's edit form is a move the timeline explains."""

import pytest

from caseload import services
from caseload.models import PathwayStage

pytestmark = pytest.mark.django_db


def test_a_stage_changed_on_the_edit_form_goes_on_the_timeline(participant, keyworker):
    services.update_participant(
        participant=participant,
        edited_by=keyworker,
        version=participant.version,
        pathway_stage=PathwayStage.JOB_SEARCH,
    )

    titles = list(participant.timeline.values_list("title", flat=True))
    assert "Stage: Engaged to Job search" in titles


def test_an_edit_that_keeps_the_stage_adds_no_stage_line(participant, keyworker):
    services.update_participant(
        participant=participant,
        edited_by=keyworker,
        version=participant.version,
        phone="0113 496 0000",
    )

    assert not participant.timeline.filter(title__startswith="Stage:").exists()
