"""Job starts: refused before the programme start or far ahead; a backdated start
asks whether its past check-ins happened instead of making them overdue."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from caseload.models import Contact, TimelineEntry
from inwork_support import services
from inwork_support.models import CheckIn, CheckInKind, CheckInStatus, Employment
from records.checks import run_checks
from reporting.metrics.definitions import decided_checkins

from .conftest import start_job

pytestmark = pytest.mark.django_db

D = datetime.date
# Monday 30 November 2026: the job started on 31 August, three months back.
NOW = datetime.datetime(2026, 11, 30, 10, 0, tzinfo=datetime.UTC)
TODAY = D(2026, 11, 30)
BACKDATED = D(2026, 8, 31)


@pytest.fixture
def signed_in(client, keyworker, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(keyworker)
    return client


def job_start_data(start: str) -> dict:
    return {
        "new_employer_name": "Corner Bakery",
        "job_title": "Baker's assistant",
        "hours_per_week": "30",
        "hourly_pay": "12.21",
        "contract_type": "permanent",
        "start_date": start,
    }


@pytest.mark.parametrize(
    ("start", "reason"),
    [
        (
            "2026-01-04",
            "The job cannot start before Jade Jones joined the programme on "
            "5 Jan 2026.",
        ),
        ("2027-03-01", "more than 3 months ahead (the latest is 28 Feb 2027)"),
        ("2028-02-28", "more than 3 months ahead"),
    ],
)
def test_a_start_before_the_programme_or_far_ahead_is_refused_in_words(
    signed_in, participant, start, reason
):
    response = signed_in.post(
        reverse("inwork_support:job-start", args=[participant.pk]),
        job_start_data(start),
    )

    assert response.status_code == 200
    assert reason in " ".join(response.context["form"].errors["start_date"])
    assert 'value="Baker&#x27;s assistant"' in response.content.decode()
    assert not Employment.objects.exists()


@pytest.mark.parametrize("start", ["2026-01-05", "2027-02-28"])
def test_the_first_and_last_possible_start_days_are_accepted(
    signed_in, participant, start
):
    response = signed_in.post(
        reverse("inwork_support:job-start", args=[participant.pk]),
        job_start_data(start),
    )
    assert response.status_code == 302


def test_changing_the_start_date_follows_the_same_rule(signed_in, participant):
    job = start_job(participant, start_date=TODAY)
    response = signed_in.post(
        reverse("inwork_support:start-date", args=[job.pk]),
        {"start_date": "2025-12-01", "version": job.version},
    )
    assert response.status_code == 200
    assert "joined the programme on 5 Jan 2026" in response.content.decode()


@pytest.fixture
def backdated(participant, keyworker):
    with time_machine.travel(NOW, tick=False):
        return start_job(participant, keyworker, start_date=BACKDATED)


def kinds(rows) -> set[str]:
    return {c.kind for c in rows}


def test_a_backdated_start_asks_about_its_past_check_ins(backdated):
    unanswered = backdated.checkins.unanswered()
    # First day 31 Aug, first weekly 7 Sep, probation end check 23 Nov.
    assert kinds(unanswered) == {
        CheckInKind.FIRST_DAY,
        CheckInKind.REGULAR,
        CheckInKind.PROBATION_END,
    }
    assert not any(c.is_overdue(TODAY) for c in unanswered)
    prep = backdated.checkins.get(kind=CheckInKind.PREPARATION)
    assert prep.status == CheckInStatus.CANCELLED
    assert kinds(backdated.checkins.chased()) == {
        CheckInKind.SIX_MONTHS,
        CheckInKind.TWELVE_MONTHS,
    }


def test_the_sweep_leaves_unanswered_check_ins_alone(backdated):
    for day in range(0, 15):
        result = services.sweep_checkins(now=NOW + datetime.timedelta(days=day))
        assert (result.missed, result.reminded, result.escalated) == (0, 0, 0)

    assert backdated.checkins.unanswered().count() == 3
    assert not backdated.risks.exists()


def test_unanswered_check_ins_are_not_decided_for_the_on_time_figure(backdated):
    assert not decided_checkins(TODAY).filter(employment=backdated).exists()


def test_the_job_start_form_goes_on_to_the_past_check_ins(signed_in, participant):
    response = signed_in.post(
        reverse("inwork_support:job-start", args=[participant.pk]),
        job_start_data("2026-08-31"),
        follow=True,
    )

    job = Employment.objects.get()
    assert response.redirect_chain[-1][0] == reverse(
        "inwork_support:past-checkins", args=[job.pk]
    )
    assert len(response.context["forms"]) == 3
    today = signed_in.get(reverse("inwork_support:today")).content.decode()
    assert "Overdue" not in today


def answers(job, **by_kind) -> dict:
    data = {}
    for checkin in job.checkins.unanswered():
        prefix = f"checkin-{checkin.pk}-"
        answer = by_kind.get(checkin.kind, {"answer": "later"})
        data.update({prefix + name: value for name, value in answer.items()})
    return data


HAPPENED = {
    "answer": "happened",
    "happened_on": "2026-08-31",
    "channel": "phone",
    "minutes": "10",
    "note": "First day went well",
}


def test_a_past_check_in_recorded_as_happened_is_done_by_a_dated_contact(
    signed_in, backdated, keyworker
):
    url = reverse("inwork_support:past-checkins", args=[backdated.pk])
    data = answers(
        backdated,
        first_day=HAPPENED,
        regular={"answer": "not_applicable", "note": "Agreed monthly instead"},
    )

    response = signed_in.post(url, data)

    assert response.status_code == 302
    first_day = backdated.checkins.get(kind=CheckInKind.FIRST_DAY)
    assert first_day.status == CheckInStatus.DONE
    contact = first_day.completed_contact
    assert contact.happened_at.date() == D(2026, 8, 31)
    assert not contact.out_of_hours
    assert contact.worker == keyworker
    assert contact.in_work.how_is_it_going == "First day went well"
    regular = backdated.checkins.get(kind=CheckInKind.REGULAR, sequence=1)
    assert regular.status == CheckInStatus.NOT_APPLICABLE
    assert regular.note == "Agreed monthly instead"
    # The next weekly check-in is a week from today, not in the past.
    following = backdated.checkins.get(kind=CheckInKind.REGULAR, sequence=2)
    assert following.due_on == D(2026, 12, 7)
    assert following.status == CheckInStatus.PENDING
    # Answered later: still waiting, still not chased.
    probation = backdated.checkins.get(kind=CheckInKind.PROBATION_END)
    assert probation.awaiting_answer
    assert probation.is_pending
    assert TimelineEntry.objects.filter(
        key=f"checkin:{regular.pk}:not_applicable"
    ).exists()


def test_on_time_counts_a_happened_answer_and_never_a_not_applicable_one(
    signed_in, backdated
):
    url = reverse("inwork_support:past-checkins", args=[backdated.pk])
    signed_in.post(
        url,
        answers(
            backdated,
            first_day=HAPPENED,
            regular={"answer": "not_applicable", "note": "Not needed"},
        ),
    )
    decided = decided_checkins(TODAY).filter(employment=backdated)
    assert kinds(decided) == {CheckInKind.FIRST_DAY}


def test_a_happened_regular_check_in_long_ago_rolls_on_from_today(signed_in, backdated):
    url = reverse("inwork_support:past-checkins", args=[backdated.pk])
    signed_in.post(
        url, answers(backdated, regular=HAPPENED | {"happened_on": "2026-09-07"})
    )

    following = backdated.checkins.get(kind=CheckInKind.REGULAR, sequence=2)
    assert following.due_on == D(2026, 12, 7)
    result = services.sweep_checkins(now=NOW)
    assert result.missed == 0


@pytest.mark.parametrize(
    ("answer", "field", "message"),
    [
        ({"answer": "happened"}, "happened_on", "Give the day it happened."),
        (HAPPENED | {"happened_on": "2026-12-01"}, "happened_on", "not come yet"),
        (HAPPENED | {"happened_on": "2026-08-30"}, "happened_on", "started on 31 Aug"),
        (HAPPENED | {"minutes": ""}, "minutes", "how many minutes"),
        ({"answer": "not_applicable"}, "note", "why it did not apply"),
    ],
)
def test_an_incomplete_answer_is_refused_keeping_the_others(
    signed_in, backdated, answer, field, message
):
    url = reverse("inwork_support:past-checkins", args=[backdated.pk])
    data = answers(
        backdated,
        first_day=answer,
        regular={"answer": "not_applicable", "note": "Kept text"},
    )

    response = signed_in.post(url, data)

    assert response.status_code == 200
    forms = response.context["forms"]
    first = next(f for f in forms if f.checkin.kind == CheckInKind.FIRST_DAY)
    assert message in " ".join(first.errors[field])
    assert "Kept text" in response.content.decode()
    assert backdated.checkins.unanswered().count() == 3
    assert not Contact.objects.exists()


def test_an_answer_is_taken_once(backdated, keyworker):
    first_day = backdated.checkins.get(kind=CheckInKind.FIRST_DAY)
    with time_machine.travel(NOW, tick=False):
        assert services.mark_checkin_not_applicable(
            checkin=first_day, by=keyworker, reason="No"
        )
        assert not services.record_past_checkin(
            checkin=first_day,
            worker=keyworker,
            happened_on=BACKDATED,
            channel="phone",
            minutes=5,
            note="Yes",
        )
    first_day.refresh_from_db()
    assert first_day.status == CheckInStatus.NOT_APPLICABLE
    assert not Contact.objects.exists()


def test_moving_the_start_to_today_makes_its_check_ins_ordinary(backdated, keyworker):
    with time_machine.travel(NOW, tick=False):
        services.change_start_date(
            employment=backdated, start_date=TODAY, changed_by=keyworker
        )
    assert not backdated.checkins.unanswered().exists()


def checkin_findings() -> set[tuple[str, str]]:
    # The factory's participant has no assignment history: only check-ins here.
    return {
        (f.kind, f.record)
        for f in run_checks(now=NOW)
        if f.record.startswith("Check-in")
    }


def test_check_records_finds_nothing_in_a_backdated_start_and_flags_a_future_question(
    backdated,
):
    assert checkin_findings() == set()
    six = backdated.checkins.get(kind=CheckInKind.SIX_MONTHS)
    CheckIn.objects.filter(pk=six.pk).update(awaiting_answer=True)

    assert checkin_findings() == {
        ("checkin_awaiting_answer_not_past", f"Check-in {six.pk}")
    }
