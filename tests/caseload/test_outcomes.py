"""The outcome register: education, training and job search recorded where they
happen, the exit form's outcome beside them, each with its source and evidence."""

import datetime
import uuid

import pytest
import time_machine
from django.urls import reverse

from caseload import services
from caseload.models import (
    ConfirmedBy,
    EntryKind,
    ExitOutcome,
    Outcome,
    OutcomeKind,
    OutcomeSource,
)
from records.checks import run_checks

pytestmark = pytest.mark.django_db

D = datetime.date
EXIT_DAY = D(2026, 4, 1)


@pytest.fixture(autouse=True)
def _frozen():
    moment = datetime.datetime(2026, 4, 15, 11, 0, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        yield


def record(participant, kind=OutcomeKind.EDUCATION_TRAINING, **fields):
    values = {
        "achieved_on": D(2026, 3, 2),
        "what": "Level 1 Maths, Leeds City College",
        "confirmed_by": ConfirmedBy.PROVIDER,
        "evidence": "Enrolment letter seen 2 Mar",
        "submission_key": uuid.uuid4(),
        **fields,
    }
    return services.record_progress(
        participant=participant,
        kind=kind,
        recorded_by=participant.keyworker,
        **values,
    )


def exit_as(participant, outcome, *, version=None, day=EXIT_DAY):
    return services.exit_participant(
        participant=participant,
        exited_by=participant.keyworker,
        exit_date=day,
        exit_reason="Starting college in April",
        exit_outcome=outcome,
        version=version,
    )


def outcome_findings():
    return [f for f in run_checks() if f.kind == "outcome_without_source"]


def test_an_education_start_goes_in_the_register_and_on_the_timeline(participant):
    outcome = record(participant)

    assert outcome.source == OutcomeSource.PARTICIPANT_PAGE
    assert outcome.what == "Level 1 Maths, Leeds City College"
    assert outcome.evidence == "Enrolment letter seen 2 Mar"
    entry = participant.timeline.get(kind=EntryKind.OUTCOME)
    assert entry.title == (
        "Entered education or training: Level 1 Maths, Leeds City College"
    )
    assert entry.key == f"outcome:{outcome.pk}"
    assert outcome_findings() == []


def test_a_repeated_submission_records_one_outcome(participant):
    key = uuid.uuid4()
    first = record(participant, submission_key=key)
    again = record(participant, submission_key=key)

    assert again == first
    assert participant.outcomes.count() == 1
    assert participant.timeline.filter(kind=EntryKind.OUTCOME).count() == 1


def test_a_key_another_participants_outcome_holds_is_not_reused(
    participant, other_participant
):
    key = uuid.uuid4()
    theirs = record(other_participant, submission_key=key)
    mine = record(participant, submission_key=key)

    assert mine != theirs
    assert mine.participant == participant
    assert outcome_findings() == []


def test_only_education_and_job_search_are_recorded_on_the_page(participant):
    with pytest.raises(ValueError, match="own event"):
        record(participant, kind=OutcomeKind.JOB_ENTRY)


def test_the_exit_forms_education_outcome_feeds_the_register(participant):
    exit_as(participant, ExitOutcome.EDUCATION_TRAINING)

    rows = {(o.kind, o.source, o.achieved_on) for o in participant.outcomes.all()}
    assert rows == {
        (OutcomeKind.EXIT, OutcomeSource.EXIT, D(2026, 4, 1)),
        (OutcomeKind.EDUCATION_TRAINING, OutcomeSource.EXIT, D(2026, 4, 1)),
    }
    assert outcome_findings() == []


def test_the_exit_forms_job_search_outcome_feeds_the_register(participant):
    exit_as(participant, ExitOutcome.INACTIVE_TO_JOB_SEARCH)

    assert participant.outcomes.filter(
        kind=OutcomeKind.JOB_SEARCH, source=OutcomeSource.EXIT
    ).exists()


def test_an_exit_to_something_else_adds_only_the_exit(participant):
    exit_as(participant, ExitOutcome.OTHER)

    assert [o.kind for o in participant.outcomes.all()] == [OutcomeKind.EXIT]
    assert participant.outcomes.get().source == OutcomeSource.EXIT


def test_a_corrected_exit_replaces_what_it_first_recorded(participant):
    exit_as(participant, ExitOutcome.EDUCATION_TRAINING)
    participant.refresh_from_db()
    exit_as(participant, ExitOutcome.OTHER, version=participant.version)

    assert [o.kind for o in participant.outcomes.all()] == [OutcomeKind.EXIT]
    assert outcome_findings() == []


def test_an_outcome_recorded_on_the_page_stays_beside_the_exits(participant):
    record(participant, kind=OutcomeKind.JOB_SEARCH, confirmed_by=ConfirmedBy.SEEN)
    exit_as(participant, ExitOutcome.EDUCATION_TRAINING)

    sources = sorted(participant.outcomes.values_list("source", "kind"))
    assert sources == [
        (OutcomeSource.EXIT, OutcomeKind.EDUCATION_TRAINING),
        (OutcomeSource.EXIT, OutcomeKind.EXIT),
        (OutcomeSource.PARTICIPANT_PAGE, OutcomeKind.JOB_SEARCH),
    ]


def test_an_outcome_without_its_timeline_entry_is_found(participant):
    outcome = record(participant)
    participant.timeline.filter(kind=EntryKind.OUTCOME).delete()

    assert [f.record for f in outcome_findings()] == [f"Outcome {outcome.pk}"]


def test_an_outcome_naming_no_source_is_found(participant):
    outcome = record(participant)
    Outcome.objects.filter(pk=outcome.pk).update(source="")

    assert [f.record for f in outcome_findings()] == [f"Outcome {outcome.pk}"]


# The page.


def form_data(**fields):
    return {
        "kind": OutcomeKind.EDUCATION_TRAINING,
        "achieved_on": "2026-03-02",
        "what": "CSCS card course, Skills Hub",
        "confirmed_by": ConfirmedBy.PROVIDER,
        "evidence": "Course confirmation email, 1 Mar",
        "submission_key": str(uuid.uuid4()),
        **fields,
    }


def test_a_keyworker_records_an_education_start_on_the_page(client, participant):
    client.force_login(participant.keyworker)
    url = reverse("caseload:outcome-add", args=[participant.pk])

    response = client.post(url, form_data())

    register = reverse("caseload:participant-outcomes", args=[participant.pk])
    assert response.url == register
    outcome = participant.outcomes.get()
    assert (outcome.kind, outcome.what, outcome.source) == (
        OutcomeKind.EDUCATION_TRAINING,
        "CSCS card course, Skills Hub",
        OutcomeSource.PARTICIPANT_PAGE,
    )
    assert outcome.recorded_by == participant.keyworker
    page = client.get(register).content.decode()
    assert "CSCS card course, Skills Hub" in page
    assert "Participant page" in page
    summary = client.get(participant.get_absolute_url()).content.decode()
    assert "1 outcome in the register" in summary
    assert "Course confirmation email, 1 Mar" in page


@pytest.mark.parametrize(
    ("day", "error"),
    [
        ("2026-04-16", "cannot be in the future"),
        ("2025-12-31", "before"),
    ],
)
def test_a_date_outside_the_programme_is_refused_keeping_what_was_typed(
    client, participant, day, error
):
    client.force_login(participant.keyworker)
    url = reverse("caseload:outcome-add", args=[participant.pk])

    response = client.post(url, form_data(achieved_on=day))

    assert response.status_code == 200
    page = response.content.decode()
    assert error in page
    assert "CSCS card course, Skills Hub" in page
    assert "Course confirmation email, 1 Mar" in page
    assert not participant.outcomes.exists()


def test_a_date_after_the_exit_is_refused(client, participant):
    exit_as(participant, ExitOutcome.OTHER, day=D(2026, 3, 1))
    client.force_login(participant.keyworker)
    url = reverse("caseload:outcome-add", args=[participant.pk])

    response = client.post(url, form_data(achieved_on="2026-03-02"))

    assert "after" in response.content.decode()
    assert not participant.outcomes.exclude(kind=OutcomeKind.EXIT).exists()


def test_a_manager_reads_the_register_but_does_not_record(
    client, participant, partner_manager
):
    record(participant)
    client.force_login(partner_manager)

    register = reverse("caseload:participant-outcomes", args=[participant.pk])
    page = client.get(register).content.decode()
    summary = client.get(participant.get_absolute_url()).content.decode()
    refused = client.get(reverse("caseload:outcome-add", args=[participant.pk]))

    assert "Level 1 Maths, Leeds City College" in page
    add = reverse("caseload:outcome-add", args=[participant.pk])
    assert add not in page
    assert add not in summary
    assert refused.status_code == 403
