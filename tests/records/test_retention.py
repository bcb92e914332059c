"""Participants exited longer ago than the retention period are anonymised, once."""

import dataclasses
import datetime
import decimal
import json

import pytest
import time_machine
from auditlog.models import LogEntry
from auditlog.signals import accessed
from celery.schedules import crontab
from django.conf import settings
from django.urls import reverse

from accounts.models import Notification, NotificationKind, OutgoingEmail
from accounts.services import notify, queue_email
from caseload.models import (
    AgeBand,
    InvolvedProfessional,
    Participant,
    PathwayStage,
    TimelineEntry,
)
from caseload.participant_data import outward_code
from employers.models import EmployerEngagement, EngagementKind
from inwork_support.models import CheckIn, InWorkSupportPlan, JobRisk
from records import retention, subject_access, tasks
from reporting.metrics import Filters, figures, programme, team
from tests.caseload.factories import (
    ConcernFactory,
    GoalFactory,
    GoalStepFactory,
    ProfessionalFactory,
    ReferralFactory,
    SupervisionNoteFactory,
    TimelineEntryFactory,
)
from tests.employers.factories import (
    EngagementFactory,
    MeetingFactory,
    NominationFactory,
)
from tests.factories import (
    ActionFactory,
    BarrierFactory,
    CheckInFactory,
    ContactFactory,
    EmployerMessageFactory,
    EmploymentFactory,
    ParticipantFactory,
)
from tests.reporting.factories import (
    EmploymentTermsFactory,
    InWorkContactFactory,
    KeyworkerAssignmentFactory,
    OutcomeFactory,
    PracticalSupportFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2032, 5, 10)
NOW = datetime.datetime(2032, 5, 10, 2, 30, tzinfo=datetime.UTC)
# Six years before TODAY is 10 May 2026: one day either side of it.
EXPIRED_EXIT = datetime.date(2026, 5, 9)
KEPT_EXIT = datetime.date(2026, 5, 11)
SECRETS = ["Quokka", "Zanzibar", "07700", "quokka@example.org", "1AN", "1990-08-17"]


def exited_participant(keyworker, exit_date, **fields):
    return ParticipantFactory(
        keyworker=keyworker,
        programme_start=datetime.date(2025, 1, 6),
        pathway_stage=PathwayStage.EXITED,
        exit_date=exit_date,
        exit_outcome="unemployed_to_employed",
        **fields,
    )


def with_every_record(participant, manager):
    """Give the participant one of every record that can describe them."""
    worker = participant.keyworker
    secret = "Quokka said so"
    contact = ContactFactory(participant=participant, notes=secret)
    ActionFactory(participant=participant, contact=contact, description=secret)
    BarrierFactory(participant=participant, note=secret)
    GoalStepFactory(
        goal=GoalFactory(participant=participant, title=secret), description=secret
    )
    ReferralFactory(participant=participant, outcome=secret)
    ProfessionalFactory(participant=participant, name="Quokka Social Worker")
    ConcernFactory(participant=participant, summary=secret, closing_note=secret)
    SupervisionNoteFactory(contact=contact, author=manager, comment=secret)
    TimelineEntryFactory(participant=participant, title=secret, detail=secret)
    KeyworkerAssignmentFactory(participant=participant, keyworker=worker, reason=secret)
    OutcomeFactory(participant=participant, kind="job_entry", note=secret)
    job = EmploymentFactory(
        participant=participant,
        start_date=datetime.date(2025, 3, 3),
        probation_end=datetime.date(2025, 6, 2),
        ended_on=datetime.date(2026, 4, 30),
        end_reason="resigned",
        end_note=secret,
        probation_extension_reason=secret,
    )
    EmploymentTermsFactory(employment=job, note=secret)
    InWorkContactFactory(
        employment=job,
        contact=contact,
        how_is_it_going=secret,
        changes=secret,
        anything_else=secret,
        needs_and_problems=secret,
        actions_and_timescales=secret,
    )
    InWorkSupportPlan.objects.create(
        employment=job,
        other_practical_help=secret,
        other_requests=secret,
        agreed_support=secret,
        long_term_notes=secret,
        created_by=worker,
    )
    PracticalSupportFactory(employment=job, note=secret)
    CheckInFactory(employment=job, note=secret, status="done")
    JobRisk.objects.create(
        employment=job, reason="other", detail=secret, clearing_note=secret
    )
    MeetingFactory(
        participant=participant,
        employer=job.employer,
        agreed_actions=secret,
        outcome=secret,
    )
    NominationFactory(participant=participant)
    EngagementFactory(participant=participant, employer=job.employer, notes=secret)
    accessed.send(sender=Participant, instance=participant)
    return participant


@pytest.fixture
def expired(keyworker, partner_manager):
    participant = exited_participant(
        keyworker,
        EXPIRED_EXIT,
        first_name="Quokka",
        last_name="Zanzibar",
        preferred_name="Quo",
        date_of_birth=datetime.date(1990, 8, 17),
        age_band=AgeBand.FROM_35,
        phone="07700 900123",
        email="quokka@example.org",
        address="1 Quokka Street, Leeds",
        postcode="LS6 1AN",
        eligibility_evidence="Saw Quokka's benefit letter",
        exit_reason="Quokka moved to Zanzibar",
    )
    return with_every_record(participant, partner_manager)


@pytest.fixture
def recently_exited(keyworker, partner_manager):
    participant = exited_participant(
        keyworker,
        KEPT_EXIT,
        first_name="Recent",
        last_name="Leaver",
        postcode="LS7 2BB",
    )
    return with_every_record(participant, partner_manager)


@pytest.fixture
def active(keyworker, partner_manager):
    participant = ParticipantFactory(
        keyworker=keyworker, first_name="Still", last_name="Here"
    )
    return with_every_record(participant, partner_manager)


def everything_held(participant) -> str:
    """Return all that is held on the participant, audit trail included, as text."""
    data = subject_access.subject_access_data(participant)
    data["audit"] = [
        [e.object_repr, e.changes, e.changes_text, e.serialized_data]
        for e in subject_access.audit_entries_for(participant)
    ]
    return json.dumps(data, default=str, sort_keys=True)


def run() -> int:
    with time_machine.travel(NOW, tick=False):
        return retention.anonymise_expired_participants(today=TODAY)


def test_a_participant_exited_over_six_years_ago_is_anonymised(expired):
    assert run() == 1

    person = Participant.objects.get(pk=expired.pk)
    assert (person.first_name, person.last_name) == (
        "Anonymised",
        f"Participant #{expired.pk}",
    )
    assert person.preferred_name == ""
    assert person.date_of_birth == datetime.date(1990, 1, 1)
    assert (person.phone, person.email, person.address) == ("", "", "")
    assert person.postcode == "LS6"
    assert (person.eligibility_evidence, person.exit_reason) == ("", "")
    assert person.anonymised_at == NOW


def test_every_free_text_about_them_is_cleared(expired):
    before = everything_held(expired)
    assert [secret for secret in SECRETS if secret not in before] == []

    run()

    held = everything_held(expired)
    assert [secret for secret in SECRETS if secret in held] == []
    assert not InvolvedProfessional.objects.filter(participant=expired).exists()
    timeline = TimelineEntry.objects.get(participant=expired)
    assert (timeline.title, timeline.detail) == ("Anonymised", "")
    assert expired.goals.get().title == "Goal"
    assert expired.actions.get().description == "Action"
    assert expired.employments.get().end_note == ""
    assert expired.meetings.get().agreed_actions == ""
    assert CheckIn.objects.get(employment__participant=expired).note == ""


def test_their_employer_engagement_notes_are_cleared(expired):
    run()

    engagement = EmployerEngagement.objects.get(participant=expired)
    assert engagement.notes == ""
    assert engagement.kind == EngagementKind.VACANCIES


def test_notifications_naming_them_lose_the_name_and_others_keep_theirs(
    expired, active, keyworker
):
    named = notify(
        recipient=keyworker,
        kind=NotificationKind.CASELOAD,
        title="New job start: Quo Zanzibar",
        body="QUOKKA ZANZIBAR starts on Monday; Still Here is waiting.",
    )
    other = notify(
        recipient=keyworker,
        kind=NotificationKind.CASELOAD,
        title="New job start: Still Here",
    )

    run()

    named.refresh_from_db()
    anonymised = f"Anonymised Participant #{expired.pk}"
    assert named.title == f"New job start: {anonymised}"
    assert named.body == f"{anonymised} starts on Monday; Still Here is waiting."
    assert Notification.objects.get(pk=other.pk).title == "New job start: Still Here"


def test_emails_naming_them_lose_the_name_in_subject_and_body(expired, partner_manager):
    email = queue_email(
        to=partner_manager.email,
        subject="Check-in overdue: Quo Zanzibar",
        body="Quo Zanzibar's first-day check-in is overdue.",
    )
    other = queue_email(
        to=partner_manager.email, subject="Your digest", body="Nothing due."
    )

    run()

    email.refresh_from_db()
    assert email.subject == f"Check-in overdue: Anonymised Participant #{expired.pk}"
    assert "Zanzibar" not in email.body
    assert OutgoingEmail.objects.get(pk=other.pk).body == "Nothing due."


def test_employer_messages_naming_them_lose_the_name(expired):
    message = EmployerMessageFactory(body="Can quo zanzibar swap shifts on Friday?")

    run()

    message.refresh_from_db()
    assert message.body == (
        f"Can Anonymised Participant #{expired.pk} swap shifts on Friday?"
    )


def test_what_the_programme_counts_is_kept(expired):
    run()

    person = Participant.objects.get(pk=expired.pk)
    assert person.exit_date == EXPIRED_EXIT
    assert person.exit_outcome == "unemployed_to_employed"
    assert person.age_band == AgeBand.FROM_35
    assert person.programme_start == datetime.date(2025, 1, 6)
    job = person.employments.get()
    assert (job.start_date, job.hourly_pay) == (
        datetime.date(2025, 3, 3),
        decimal.Decimal("12.21"),
    )
    assert person.contacts.get().minutes == 20
    assert person.outcomes.get().kind == "job_entry"


def test_a_participant_exited_just_under_six_years_ago_is_untouched(
    recently_exited,
):
    before = everything_held(recently_exited)

    assert run() == 0

    assert everything_held(recently_exited) == before
    assert Participant.objects.get(pk=recently_exited.pk).anonymised_at is None
    assert "Recent Leaver" in before


def test_an_active_participant_is_untouched(active):
    before = everything_held(active)

    assert run() == 0

    assert everything_held(active) == before
    assert "Still Here" in before


def test_a_second_run_changes_nothing(expired):
    run()
    after_first = everything_held(expired)
    entries = LogEntry.objects.count()

    assert run() == 0

    assert everything_held(expired) == after_first
    assert LogEntry.objects.count() == entries


def test_programme_dashboard_counts_are_the_same_after(
    expired, recently_exited, active, keyworker, partner
):
    # Five more past retention, so no figure hides behind small-number suppression.
    for n in range(5):
        person = exited_participant(
            keyworker, EXPIRED_EXIT, first_name=f"Old{n}", postcode="LS1 4AP"
        )
        EmploymentFactory(participant=person, start_date=datetime.date(2025, 4, 1))
        OutcomeFactory(participant=person, achieved_on=datetime.date(2025, 2, 1))
    filters = [
        Filters(start=datetime.date(2025, 1, 1), end=TODAY, today=TODAY),
        Filters(
            start=datetime.date(2025, 1, 1),
            end=datetime.date(2026, 12, 31),
            today=TODAY,
            age_band=AgeBand.FROM_25,
        ),
    ]

    def dashboard():
        with time_machine.travel(NOW, tick=False):
            return [
                [(f.slug, f.rows) for f in figures.programme_figures(one)]
                + [
                    programme.participant_counts(one),
                    dataclasses.asdict(programme.job_entries(one)),
                    programme.retention(one),
                    programme.progression(one),
                ]
                for one in filters
            ] + [
                [
                    (row.worker.pk, row.counts, row.hours_30d, row.on_time)
                    for row in team.team_rows(partner, TODAY)
                ]
            ]

    before = dashboard()
    assert before[0][-4]["engaged"] == 8

    assert run() == 6

    assert dashboard() == before


def test_the_audit_log_says_it_was_anonymised(expired):
    run()

    entry = LogEntry.objects.get_for_object(expired).get(
        additional_data__anonymised=True
    )
    assert entry.action == LogEntry.Action.UPDATE
    assert entry.changes["anonymised_at"][1] == NOW.isoformat()
    assert entry.changes["first_name"] == ["[removed]", "Anonymised"]
    counts = entry.additional_data["records_cleared"]
    assert counts["contacts"] == 1
    assert counts["involved professionals (deleted)"] == 1
    assert entry.object_repr == f"Anonymised Participant #{expired.pk}"


def test_earlier_audit_entries_keep_who_and_when_but_not_the_values(expired):
    created = LogEntry.objects.get_for_object(expired).get(
        action=LogEntry.Action.CREATE
    )

    run()

    created.refresh_from_db()
    assert created.timestamp is not None
    assert created.changes["first_name"] == ["None", "[removed]"]
    assert created.changes["pathway_stage"][1] == "exited"
    assert created.object_repr == f"Participant #{expired.pk}"


def test_the_retention_period_comes_from_settings(settings, keyworker):
    settings.PARTICIPANT_RETENTION_YEARS = 2
    person = exited_participant(keyworker, datetime.date(2030, 5, 9))

    assert run() == 1

    assert Participant.objects.get(pk=person.pk).anonymised_at == NOW


@pytest.mark.parametrize(
    ("today", "cutoff"),
    [
        (datetime.date(2032, 5, 10), datetime.date(2026, 5, 10)),
        (datetime.date(2032, 2, 29), datetime.date(2026, 2, 28)),
    ],
)
def test_the_cutoff_is_the_same_day_six_years_before(today, cutoff):
    assert retention.retention_cutoff(today) == cutoff


@pytest.mark.parametrize(
    ("postcode", "outward"),
    [
        ("LS6 1AN", "LS6"),
        ("ls61an", "LS6"),
        ("SW1A 1AA", "SW1A"),
        ("LS6", "LS6"),
        ("", ""),
    ],
)
def test_only_the_outward_code_of_the_postcode_is_kept(postcode, outward):
    assert outward_code(postcode) == outward


def test_the_nightly_task_runs_the_service(expired):
    with time_machine.travel(NOW, tick=False):
        assert tasks.anonymise_expired_participants.apply().get() == 1

    assert Participant.objects.get(pk=expired.pk).anonymised_at == NOW


def test_celery_beat_runs_it_every_night():
    entry = settings.CELERY_BEAT_SCHEDULE["anonymise-expired"]

    assert entry["task"] == tasks.anonymise_expired_participants.name
    assert entry["schedule"] == crontab(hour=2, minute=30)


def test_the_definitions_page_states_the_retention_period(client, partner_manager):
    client.force_login(partner_manager)

    response = client.get(reverse("reporting:definitions"))

    assert "more than 6 years ago is anonymised" in response.content.decode()
