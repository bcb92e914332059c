"""The record checks' page and nightly task: a partner manager sees their own
partner's findings by name, programme staff only counts."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse

from caseload.models import Participant
from records import tasks
from records.models import RecordCheckRun
from records.runs import KEEP_RUNS, record_check_run
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
URL = reverse("records:record-checks")


def finding(participant: Participant, kind: str = "exit_disagrees") -> dict:
    return {
        "kind": kind,
        "partner_id": participant.delivery_partner_id,
        "participant_id": participant.pk,
        "record": f"Participant {participant.pk}",
        "url": participant.get_absolute_url(),
        "message": "Exit date 1 Apr 2026 but the stage is not “Exited”.",
    }


@pytest.fixture
def run(participant, participant_elsewhere):
    findings = [finding(participant), finding(participant_elsewhere)]
    findings.append(finding(participant_elsewhere, "stage_not_on_timeline"))
    return RecordCheckRun.objects.create(
        total=3, counts={"exit_disagrees": 2}, findings=findings
    )


def test_a_partner_manager_sees_their_own_partners_findings_by_name(
    client, partner_manager, participant, participant_elsewhere, run
):
    client.force_login(partner_manager)

    page = client.get(URL).content.decode()

    assert participant.display_name in page
    assert participant.get_absolute_url() in page
    assert "1 finding at Northside Futures" in page
    assert participant_elsewhere.display_name not in page
    assert participant_elsewhere.get_absolute_url() not in page


def test_programme_staff_see_counts_per_partner_and_no_names(
    client, programme_manager, participant, participant_elsewhere, run
):
    client.force_login(programme_manager)

    page = client.get(URL).content.decode()

    assert "3 findings across the programme" in page
    assert "Riverside Works" in page
    assert "A stage the timeline does not explain" in page
    for person in (participant, participant_elsewhere):
        assert person.display_name not in page
        assert person.last_name not in page
        assert person.get_absolute_url() not in page


def test_the_page_says_when_the_checks_have_not_run(client, partner_manager):
    client.force_login(partner_manager)

    assert "have not run yet" in client.get(URL).content.decode()


def test_the_page_runs_a_fixed_number_of_queries(
    client, partner_manager, keyworker, django_assert_max_num_queries
):
    people = ParticipantFactory.create_batch(60, keyworker=keyworker)
    RecordCheckRun.objects.create(total=60, findings=[finding(p) for p in people])
    client.force_login(partner_manager)

    with django_assert_max_num_queries(8):
        response = client.get(URL, {"page": "2"})

    assert "Page 2 of 2" in response.content.decode()


def test_the_nightly_task_stores_a_run_and_keeps_the_latest(participant):
    Participant.objects.filter(pk=participant.pk).update(
        exit_date=datetime.date(2026, 4, 1)
    )
    for _ in range(KEEP_RUNS):
        record_check_run()

    assert tasks.check_records() >= 1

    latest = RecordCheckRun.objects.latest_run()
    assert latest.counts["exit_disagrees"] == 1
    assert {f["participant_id"] for f in latest.findings} == {participant.pk}
    assert RecordCheckRun.objects.count() == KEEP_RUNS


def test_beat_runs_the_checks_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["check-records"]

    assert entry["task"] == tasks.check_records.name
    assert entry["schedule"].hour == {3}


def test_a_partner_manager_may_list_one_kind_of_finding(
    client, partner_manager, participant, run
):
    second = ParticipantFactory(keyworker=participant.keyworker, first_name="Zed")
    run.findings.append(finding(second, "stage_not_on_timeline"))
    run.save()
    client.force_login(partner_manager)

    page = client.get(URL, {"kind": "stage_not_on_timeline"}).content.decode()

    assert second.display_name in page
    assert participant.display_name not in page
    assert "show all" in page
