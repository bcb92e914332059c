"""One contact service: log_contact with the in-work answers does the check-in.

The in-work path and the general "Log contact" path both call
caseload.services.log_contact; the in-work part travels as InWorkAnswers.
"""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import Notification
from caseload.models import (
    Contact,
    EntryKind,
    OutcomeKind,
    SafeguardingConcern,
    TimelineEntry,
    Topic,
)
from caseload.services import log_contact
from inwork_support import services
from inwork_support.contact_questions import (
    current_jobs_and_pending_checkins,
    in_work_questions,
    offered_checkin,
)
from inwork_support.models import (
    CheckIn,
    CheckInKind,
    CheckInStatus,
    Employment,
    InWorkContact,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")
# The job fixture starts on Monday 2 March 2026.
FIRST_DAY_EVENING = datetime.datetime(2026, 3, 2, 17, 30, tzinfo=LONDON)


def log(job, answers, **overrides):
    fields = {
        "participant": job.participant,
        "worker": job.participant.keyworker,
        "happened_at": FIRST_DAY_EVENING,
        "channel": "phone",
        "minutes": 15,
        "notes": "Rang after her first shift.",
        "answers": answers,
    }
    return log_contact(**{**fields, **overrides})


def test_a_contact_answering_the_check_in_completes_it_as_the_in_work_path_did(
    job, keyworker
):
    first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)

    contact = log(job, [services.InWorkAnswers(employment=job, checkin=first_day)])

    first_day.refresh_from_db()
    assert first_day.status == CheckInStatus.DONE
    assert first_day.completed_contact == contact
    assert first_day.closed_at == FIRST_DAY_EVENING
    in_work = InWorkContact.objects.get(contact=contact)
    assert in_work.employment == job
    # Nothing answered: the notes stand for "how is it going".
    assert in_work.how_is_it_going == "Rang after her first shift."
    titles = list(
        TimelineEntry.objects.filter(participant=job.participant).values_list(
            "kind", "title"
        )
    )
    assert (EntryKind.CONTACT, "Phone contact, 15 min") in titles
    assert (EntryKind.CHECK_IN, "First day check-in done") in titles


def test_a_completed_check_in_is_never_chased_later(job, keyworker):
    first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)
    log(job, [services.InWorkAnswers(employment=job, checkin=first_day)])
    later = datetime.datetime(2026, 3, 12, 9, 0, tzinfo=LONDON)

    services.sweep_checkins(now=later)

    first_day.refresh_from_db()
    assert first_day.status == CheckInStatus.DONE
    assert first_day.reminded_at is None
    assert first_day.escalated_at is None
    assert first_day not in job.checkins.pending().due_by(later.date())


def test_the_six_month_check_in_records_the_sustained_outcome(job, keyworker):
    six = job.checkins.get(kind=CheckInKind.SIX_MONTHS)
    moment = datetime.datetime(2026, 9, 2, 12, 0, tzinfo=LONDON)

    with time_machine.travel(moment, tick=False):
        log(
            job,
            [
                services.InWorkAnswers(
                    employment=job, checkin=six, confirmed_by="payslip"
                )
            ],
            happened_at=moment,
        )

    outcome = job.participant.outcomes.get(kind=OutcomeKind.SUSTAINED_6)
    assert outcome.confirmed_by == "payslip"
    job.refresh_from_db()
    assert job.reached_six_months is True


def test_a_crisis_logged_on_the_in_work_path_opens_the_safeguarding_flow(
    job, keyworker, partner_manager
):
    first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)
    evening = datetime.datetime(2026, 3, 2, 19, 30, tzinfo=LONDON)

    contact = log(
        job,
        [
            services.InWorkAnswers(
                employment=job,
                checkin=first_day,
                how_is_it_going="Walked out after a row with the supervisor.",
            )
        ],
        happened_at=evening,
        topics=[Topic.WORK, Topic.CRISIS],
        notes="Says she cannot go home tonight.",
    )

    assert contact.is_crisis
    assert contact.out_of_hours
    concern = SafeguardingConcern.objects.open().get()
    assert concern.contact == contact
    assert concern.summary == "Says she cannot go home tonight."
    assert Notification.objects.filter(
        recipient=partner_manager, title__startswith="Safeguarding concern"
    ).exists()
    first_day.refresh_from_db()
    assert first_day.status == CheckInStatus.DONE


def test_a_repeated_submission_does_the_check_in_once(job, keyworker):
    first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)
    key = uuid.uuid4()
    answers = [services.InWorkAnswers(employment=job, checkin=first_day)]

    first = log(job, answers, submission_key=key)
    second = log(job, answers, submission_key=key)

    assert first == second
    assert Contact.objects.count() == 1
    assert InWorkContact.objects.count() == 1
    done = TimelineEntry.objects.filter(title="First day check-in done")
    assert done.count() == 1


def test_a_contact_with_nothing_in_work_answered_is_not_an_in_work_contact(job):
    contact = log(job, [services.InWorkAnswers(employment=job)])

    assert not InWorkContact.objects.filter(contact=contact).exists()
    assert job.checkins.get(kind=CheckInKind.FIRST_DAY).status == "pending"


def test_another_participants_check_in_is_refused_and_nothing_saved(job, other_job):
    theirs = other_job.checkins.get(kind=CheckInKind.FIRST_DAY)

    with pytest.raises(ValueError, match="not for this job"):
        log(job, [services.InWorkAnswers(employment=job, checkin=theirs)])
    with pytest.raises(ValueError, match="not this participant's"):
        log(job, [services.InWorkAnswers(employment=other_job, checkin=theirs)])

    assert not Contact.objects.exists()
    theirs.refresh_from_db()
    assert theirs.status == CheckInStatus.PENDING


def test_someone_not_in_work_is_offered_no_check_in(participant, keyworker):
    assert (
        in_work_questions(participant=participant, user=keyworker, data=None, query={})
        is None
    )


def test_a_manager_logging_a_contact_is_not_asked_the_in_work_questions(
    job, partner_manager
):
    questions = in_work_questions(
        participant=job.participant, user=partner_manager, data=None, query={}
    )
    assert questions is None


def test_after_the_job_ends_no_check_in_is_offered(job, keyworker):
    services.end_employment(
        employment=job,
        ended_by=keyworker,
        ended_on=datetime.date(2026, 4, 10),
        end_reason="dismissed",
    )

    assert (
        in_work_questions(
            participant=job.participant, user=keyworker, data=None, query={}
        )
        is None
    )


def test_the_check_in_due_is_offered_else_the_nearest_coming_up(job):
    pending = list(job.checkins.pending())
    first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)
    six = job.checkins.get(kind=CheckInKind.SIX_MONTHS)
    later = [c for c in pending if c.due_on > datetime.date(2026, 3, 10)]

    preparation = job.checkins.get(kind=CheckInKind.PREPARATION)

    # On the first day: today's, not the overdue preparation call.
    assert offered_checkin(pending, datetime.date(2026, 3, 2)) == first_day
    assert offered_checkin(pending, datetime.date(2026, 2, 28)) == preparation
    # Nothing due yet: the nearest coming up within a week.
    assert offered_checkin(pending, datetime.date(2026, 2, 24)) == preparation
    # Nothing due within a week: none.
    assert later
    assert offered_checkin(later, datetime.date(2026, 3, 3)) is None
    # A six-month check-in is offered once due, not before.
    assert offered_checkin([six], six.due_on - datetime.timedelta(days=2)) is None
    assert offered_checkin([six], six.due_on) == six


def test_the_jobs_and_check_ins_are_read_together_as_each_alone(
    job, other_job, keyworker
):
    from .conftest import RECORDED, start_job

    participant = job.participant
    with time_machine.travel(RECORDED, tick=False):
        quiet = start_job(participant, keyworker, job_title="Night porter")
        ended = start_job(participant, keyworker, job_title="Cleaner")
    # A job with nothing pending still counts; an ended one does not.
    quiet.checkins.update(status=CheckInStatus.DONE)
    services.end_employment(
        employment=ended,
        ended_by=keyworker,
        ended_on=datetime.date(2026, 4, 10),
        end_reason="dismissed",
    )

    jobs, checkins = current_jobs_and_pending_checkins(participant.pk)

    alone = list(
        Employment.objects.filter(participant=participant)
        .current()
        .select_related("employer")
    )
    assert [columns(j) for j in jobs] == [columns(j) for j in alone]
    assert [columns(j.employer) for j in jobs] == [columns(j.employer) for j in alone]
    assert quiet in jobs
    assert ended not in jobs
    pending = list(CheckIn.objects.filter(employment__in=alone).pending())
    assert pending
    assert [columns(c) for c in checkins] == [columns(c) for c in pending]
    assert current_jobs_and_pending_checkins(other_job.participant.pk)[0] == [other_job]


def columns(row):
    return {name: value for name, value in vars(row).items() if name != "_state"}
