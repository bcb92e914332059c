"""Three-way meetings about a job, and extending a probation by weeks."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from accounts.versions import StaleVersionError
from caseload.models import Action, Channel, Contact, TimelineEntry
from employers.models import MeetingAction, MeetingOutcome, ThreeWayMeeting
from employers.services import AgreedAction
from inwork_support import dates, services
from inwork_support.models import CheckInKind
from reporting.metrics import programme
from reporting.metrics.base import Filters
from tests.employers.factories import MeetingFactory
from tests.factories import ParticipantFactory

from .conftest import START, start_job

pytestmark = pytest.mark.django_db

# START is 2 Mar 2026: probation ends 13 weeks later, on 1 Jun 2026.
PROBATION_END = datetime.date(2026, 6, 1)
NOW = datetime.datetime(2026, 5, 20, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def signed_in(client, keyworker, time_machine):
    time_machine.move_to(NOW, tick=False)
    client.force_login(keyworker)
    return client


@pytest.fixture
def meeting(job, keyworker):
    return services.arrange_meeting(
        employment=job,
        worker=keyworker,
        scheduled_for=datetime.datetime(2026, 5, 19, 10, 0, tzinfo=datetime.UTC),
        place="Café office",
    )


def probation_checkin(job):
    return job.checkins.get(kind=CheckInKind.PROBATION_END, status="pending")


def test_weeks_after_is_calendar_arithmetic_on_dates():
    assert dates.weeks_after(datetime.date(2026, 6, 1), 13) == datetime.date(
        2026, 8, 31
    )
    # Across a leap day, and across the clocks going back in October.
    assert dates.weeks_after(datetime.date(2028, 2, 3), 4) == datetime.date(2028, 3, 2)
    assert dates.weeks_after(datetime.date(2026, 10, 20), 1) == datetime.date(
        2026, 10, 27
    )


def test_extending_by_weeks_moves_the_probation_and_its_check_in_in_one_save(
    job, keyworker
):
    assert probation_checkin(job).due_on == datetime.date(2026, 5, 25)

    with time_machine.travel(NOW, tick=False):
        services.extend_probation(
            employment=job, weeks=13, reason="More training", changed_by=keyworker
        )

    job.refresh_from_db()
    assert job.probation_end == datetime.date(2026, 8, 31)
    assert job.probation_extension_reason == "More training"
    # A week before the new end, as for every probation.
    assert probation_checkin(job).due_on == datetime.date(2026, 8, 24)


def test_extending_needs_either_a_date_or_weeks(job, keyworker):
    with pytest.raises(ValueError, match="either"):
        services.extend_probation(employment=job, reason="x", changed_by=keyworker)
    with pytest.raises(ValueError, match="either"):
        services.extend_probation(
            employment=job,
            reason="x",
            changed_by=keyworker,
            weeks=2,
            probation_end=datetime.date(2026, 9, 1),
        )


def test_a_meeting_arranged_from_the_job_names_its_participant_and_employer(
    meeting, job, keyworker
):
    assert meeting.employment == job
    assert meeting.participant == job.participant
    assert meeting.employer == job.employer
    assert meeting.worker == keyworker


def record_held(meeting, keyworker, **fields):
    values = {
        "scheduled_for": meeting.scheduled_for,
        "place": meeting.place,
        "status": "held",
        "outcome_kind": MeetingOutcome.PROBATION_EXTENDED,
        "extension_weeks": 13,
        "outcome": "Needs more time on the till.",
    }
    values.update(fields)
    with time_machine.travel(NOW, tick=False):
        return services.record_meeting(
            meeting=meeting,
            recorded_by=keyworker,
            version=meeting.version,
            **values,
        )


def test_a_held_meeting_that_extends_probation_moves_the_job_and_its_check_in(
    meeting, job, keyworker
):
    record_held(meeting, keyworker)

    job.refresh_from_db()
    meeting.refresh_from_db()
    assert job.probation_end == datetime.date(2026, 8, 31)
    assert "three-way meeting on 19 May 2026" in job.probation_extension_reason
    assert probation_checkin(job).due_on == datetime.date(2026, 8, 24)
    assert meeting.probation_extended_to == datetime.date(2026, 8, 31)
    entry = TimelineEntry.objects.get(key=f"meeting:{meeting.pk}:held")
    assert entry.title == f"Three-way meeting held at {job.employer}"
    assert "Probation extended by 13 weeks, to 31 Aug 2026." in entry.detail


def test_saving_the_meeting_again_does_not_extend_twice(meeting, job, keyworker):
    record_held(meeting, keyworker)
    meeting.refresh_from_db()

    record_held(meeting, keyworker, outcome="Added a note later.")

    job.refresh_from_db()
    assert job.probation_end == datetime.date(2026, 8, 31)
    assert TimelineEntry.objects.filter(key=f"meeting:{meeting.pk}:held").count() == 1


def test_an_extension_only_applies_when_the_meeting_is_held(meeting, job, keyworker):
    record_held(meeting, keyworker, status="scheduled")

    job.refresh_from_db()
    assert job.probation_end == PROBATION_END
    assert not TimelineEntry.objects.filter(key=f"meeting:{meeting.pk}:held").exists()


def test_a_stale_meeting_save_changes_neither_meeting_nor_job(meeting, job, keyworker):
    version = meeting.version
    record_held(meeting, keyworker, status="scheduled", outcome="Moved")
    meeting.version = version

    with pytest.raises(StaleVersionError):
        record_held(meeting, keyworker)

    job.refresh_from_db()
    assert job.probation_end == PROBATION_END


def test_each_party_gets_its_action_and_the_worker_s_goes_on_their_list(
    meeting, keyworker
):
    due = datetime.date(2026, 6, 1)
    record_held(
        meeting,
        keyworker,
        outcome_kind="",
        extension_weeks=None,
        actions=[
            AgreedAction("participant", "Practise the till", "Andy", due),
            AgreedAction("employer", "Pair with a buddy", "Sam Reid", due),
            AgreedAction("worker", "Call on Friday", str(keyworker), due, keyworker),
        ],
    )

    parties = dict(MeetingAction.objects.values_list("party", "owner"))
    assert parties == {
        "participant": "Andy",
        "employer": "Sam Reid",
        "worker": str(keyworker),
    }
    worker_action = MeetingAction.objects.get(party="worker").action
    assert worker_action.owner == keyworker
    assert worker_action.description == "Three-way meeting: Call on Friday"
    assert Action.objects.count() == 1


# Through the pages.


def meeting_post(meeting, **fields):
    data = {
        "scheduled_for": "2026-05-19T11:00",
        "place": "Café office",
        "status": "held",
        "outcome_kind": "probation_extended",
        "extension_weeks": "13",
        "outcome": "Probation extended by 13 weeks",
        "version": meeting.version,
    }
    data.update(fields)
    return data


def test_the_job_page_arranges_a_meeting_about_the_job(signed_in, job):
    url = reverse("inwork_support:meeting-add", args=[job.pk])

    response = signed_in.post(
        url, {"scheduled_for": "2026-05-19T11:00", "place": "Café office"}
    )

    assert response.url == job.get_absolute_url()
    meeting = ThreeWayMeeting.objects.get()
    assert (meeting.employment, meeting.participant) == (job, job.participant)


def test_recording_the_meeting_page_extends_probation(signed_in, meeting, job):
    url = reverse("inwork_support:meeting-edit", args=[meeting.pk])
    with time_machine.travel(NOW, tick=False):
        response = signed_in.post(url, meeting_post(meeting))

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.probation_end == datetime.date(2026, 8, 31)
    page = signed_in.get(job.get_absolute_url(), follow=True).content.decode()
    assert "Probation extended</strong> by 13 weeks, to 31 Aug 2026" in page


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"extension_weeks": ""}, "extension_weeks", "Give the number of weeks."),
        ({"extension_weeks": "0"}, "extension_weeks", "between 1 and 52"),
        ({"status": "scheduled"}, "status", "Record the meeting as held"),
        ({"outcome_kind": ""}, "extension_weeks", "or clear the weeks"),
        ({"participant_action": "Practise"}, "participant_action_due", "due date"),
    ],
)
def test_a_meeting_outcome_that_cannot_apply_is_refused_keeping_the_typing(
    signed_in, meeting, job, fields, field, message
):
    url = reverse("inwork_support:meeting-edit", args=[meeting.pk])
    response = signed_in.post(url, meeting_post(meeting, **fields))

    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    assert form["outcome"].value() == "Probation extended by 13 weeks"
    job.refresh_from_db()
    assert job.probation_end == PROBATION_END


def test_a_manager_records_a_meeting_but_is_not_offered_the_extension(
    client, partner_manager, meeting
):
    client.force_login(partner_manager)
    url = reverse("inwork_support:meeting-edit", args=[meeting.pk])

    form = client.get(url).context["form"]

    assert "outcome_kind" not in form.fields


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "Give the new probation end, or by how many weeks"),
        ({"probation_end": "2026-09-01", "weeks": "4"}, "not both"),
        ({"weeks": "0"}, "at least 1 week"),
        ({"weeks": "four"}, "whole number"),
        ({"probation_end": "2026-05-01"}, "ends after the current probation end"),
    ],
)
def test_extend_probation_takes_a_date_or_weeks_with_clear_errors(
    signed_in, job, fields, message
):
    url = reverse("inwork_support:probation", args=[job.pk])
    data = {"reason": "More training", "version": job.version, **fields}

    response = signed_in.post(url, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    job.refresh_from_db()
    assert job.probation_end == PROBATION_END


def test_extend_probation_by_weeks_through_the_form(signed_in, job):
    url = reverse("inwork_support:probation", args=[job.pk])

    response = signed_in.post(
        url, {"weeks": "4", "reason": "Sickness absence", "version": job.version}
    )

    assert response.status_code == 302
    job.refresh_from_db()
    assert job.probation_end == datetime.date(2026, 6, 29)
    assert probation_checkin(job).due_on == datetime.date(2026, 6, 22)


def test_an_ended_job_cannot_be_extended_by_a_meeting(meeting, job, keyworker):
    services.end_employment(
        employment=job,
        ended_on=datetime.date(2026, 5, 1),
        end_reason="resigned",
        ended_by=keyworker,
    )
    meeting.refresh_from_db()

    with pytest.raises(services.MeetingCannotExtendError):
        record_held(meeting, keyworker)


def test_a_meeting_at_the_employer_page_is_about_the_current_job(
    client, keyworker, job
):
    other = ParticipantFactory(keyworker=keyworker, first_name="Omar")
    start_job(other, keyworker, employer=job.employer, start_date=START)
    client.force_login(keyworker)

    client.post(
        reverse("employers:meeting-add", args=[job.employer.pk]),
        {"participant": job.participant.pk, "scheduled_for": "2026-05-19T11:00"},
    )

    assert ThreeWayMeeting.objects.get().employment == job


def test_a_meeting_without_a_job_still_records_its_outcome(
    client, keyworker, participant
):
    meeting = MeetingFactory(participant=participant)
    client.force_login(keyworker)
    url = reverse("inwork_support:meeting-edit", args=[meeting.pk])

    response = client.post(
        url,
        {
            "scheduled_for": "2026-05-05T10:00",
            "status": "held",
            "outcome": "Agreed a buddy",
            "version": meeting.version,
        },
    )

    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.outcome == "Agreed a buddy"


# A held meeting is a contact: in-work support time and contact history.


def test_a_held_meeting_is_logged_once_as_a_three_way_contact(meeting, job, keyworker):
    record_held(meeting, keyworker, minutes=45)
    # Saved again with a new outcome: still one contact.
    meeting.refresh_from_db()
    record_held(meeting, keyworker, outcome="Added a note later.")

    contact = Contact.objects.get(participant=job.participant)
    assert (contact.channel, contact.minutes) == (Channel.THREE_WAY, 45)
    assert contact.worker == meeting.worker
    assert contact.happened_at == meeting.scheduled_for
    assert "Needs more time on the till." in contact.notes
    assert contact.in_work.employment == job
    assert services.meeting_contact(meeting) == contact
    # One line on the timeline: the meeting, carrying its contact.
    entries = TimelineEntry.objects.filter(participant=job.participant)
    assert list(entries.filter(contact=contact)) == [
        TimelineEntry.objects.get(key=f"meeting:{meeting.pk}:held")
    ]
    assert not entries.filter(title__contains="contact, 45 min").exists()


def test_a_held_meeting_counts_as_in_work_support_time(meeting, job, keyworker):
    filters = Filters(
        start=datetime.date(2026, 5, 1),
        end=datetime.date(2026, 5, 31),
        today=NOW.date(),
        partner_id=job.participant.delivery_partner_id,
    )
    assert programme.in_work_support_time(filters) == []

    record_held(meeting, keyworker)

    [row] = programme.in_work_support_time(filters)
    assert (row["minutes"], row["participants"]) == (services.MEETING_MINUTES, 1)


def test_a_meeting_not_held_logs_no_contact(meeting, job, keyworker):
    record_held(meeting, keyworker, status="scheduled", outcome_kind="")

    assert not Contact.objects.exists()
    assert services.meeting_contact(meeting) is None


def test_the_meeting_page_logs_its_minutes_and_then_shows_them_fixed(
    signed_in, meeting, job
):
    url = reverse("inwork_support:meeting-edit", args=[meeting.pk])
    page = signed_in.get(url).content.decode()
    assert 'name="minutes" value="30"' in page

    with time_machine.travel(NOW, tick=False):
        signed_in.post(url, meeting_post(meeting, minutes="50"))
    meeting.refresh_from_db()
    with time_machine.travel(NOW, tick=False):
        signed_in.post(url, meeting_post(meeting, minutes="5", outcome="Later"))

    assert Contact.objects.get().minutes == 50
    page = signed_in.get(url).content.decode()
    assert "Logged as a three-way meeting contact." in page
