"""In-work support time is read from a roll-up (InWorkSupportDay), kept as contacts
are logged: every figure it gives equals the one counted from the contacts."""

import dataclasses
import datetime
import json
from importlib import import_module

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Sum
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone

from caseload import services as caseload
from caseload.models import AgeBand, Disability, Gender, Participant, PathwayStage
from inwork_support import services as inwork
from inwork_support.models import (
    CheckInKind,
    Employment,
    InWorkContact,
    InWorkSupportDay,
)
from inwork_support.services.support_days import (
    first_support_differences,
    rebuild_support_days,
    refresh_support_days,
    support_day_differences,
)
from records.checks import run_checks
from records.retention import anonymise_participant
from reporting.metrics import Filters, figures, programme
from reporting.metrics.base import start_of_day
from reporting.metrics.definitions import in_work_support_contacts
from tests.factories import (
    CheckInFactory,
    ContactFactory,
    EmploymentFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db
D = datetime.date
UTC = datetime.UTC
TODAY = D(2026, 4, 20)
YEAR = Filters(start=D(2025, 5, 1), end=D(2026, 4, 20), today=TODAY)


@pytest.fixture(autouse=True)
def _frozen(time_machine):
    time_machine.move_to(datetime.datetime(2026, 4, 20, 12, 0, tzinfo=UTC))


def raw_time(filters: Filters) -> list[dict]:
    """Return minutes and people per partner counted from the contacts, as the
    figure was computed before the roll-up."""
    return list(
        _raw_contacts(filters)
        .order_by()
        .values(partner=F("participant__delivery_partner__name"))
        .annotate(
            minutes=Sum("minutes"), participants=Count("participant", distinct=True)
        )
        .order_by("partner")
    )


def raw_months(filters: Filters) -> dict[D, int]:
    rows = (
        _raw_contacts(filters)
        .order_by()
        .annotate(month=TruncMonth("happened_at"))
        .values("month")
        .annotate(minutes=Sum("minutes"))
    )
    found = {}
    for row in rows:
        month = row["month"]
        month = month.date() if isinstance(month, datetime.datetime) else month
        found[month] = found.get(month, 0) + row["minutes"]
    months = programme.in_work_support_by_month(filters)
    return {month: found.get(month, 0) for month in months}


def _raw_contacts(filters: Filters):
    return in_work_support_contacts().filter(
        participant__in=filters.participant_ids(),
        happened_at__gte=start_of_day(filters.start),
        happened_at__lt=start_of_day(filters.end + datetime.timedelta(days=1)),
    )


def assert_figures_equal_the_contacts(*filters: Filters) -> None:
    for each in filters:
        assert programme.in_work_support_time(each) == raw_time(each), each
        assert programme.in_work_support_by_month(each) == raw_months(each), each
    assert support_day_differences() == []
    assert first_support_differences() == []


def support(job, moment: datetime.datetime, minutes: int, checkin=None, **answers):
    """Log an in-work support contact through the service, as the form does."""
    answers.setdefault("how_is_it_going", "Settling in.")
    return caseload.log_contact(
        participant=job.participant,
        worker=job.participant.keyworker,
        happened_at=moment,
        channel="phone",
        minutes=minutes,
        answers=[inwork.InWorkAnswers(employment=job, checkin=checkin, **answers)],
    )


def at(year, month, day, hour, minute=0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def world(keyworker, keyworker_elsewhere):
    """Two partners' participants of different genders, ages and disability,
    each in a job, with in-work support across London month boundaries."""
    people = {
        "ana": ParticipantFactory(
            keyworker=keyworker,
            gender=Gender.FEMALE,
            age_band=AgeBand.UNDER_25,
            disability=Disability.YES,
        ),
        "ben": ParticipantFactory(
            keyworker=keyworker, gender=Gender.MALE, age_band=AgeBand.FROM_35
        ),
        "cat": ParticipantFactory(
            keyworker=keyworker_elsewhere,
            gender=Gender.FEMALE,
            age_band=AgeBand.FROM_25,
            disability=Disability.NO,
        ),
    }
    jobs = {
        name: EmploymentFactory(participant=p, start_date=D(2025, 4, 1))
        for name, p in people.items()
    }
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (summer time).
    support(jobs["ana"], at(2025, 6, 30, 23, 30), 20)
    support(jobs["ana"], at(2025, 6, 30, 22, 30), 15)  # 23:30 on 30 June
    # In winter London is on UTC: 23:30 on 31 October is still October.
    support(jobs["ben"], at(2025, 10, 31, 23, 30), 45)
    # The clocks went forward on 29 March 2026: 23:30 UTC on 31 March is 1 April.
    support(jobs["cat"], at(2026, 3, 31, 23, 30), 30)
    support(jobs["cat"], at(2026, 3, 31, 12, 0), 25)
    # Two contacts on one day, and one that also completes a check-in.
    first_day = CheckInFactory(employment=jobs["ben"], due_on=D(2025, 11, 3))
    support(jobs["ben"], at(2025, 11, 3, 10), 10, checkin=first_day)
    support(jobs["ben"], at(2025, 11, 3, 15), 5)
    # 23:30 UTC on 30 April 2025 is 1 May in London: the first day of YEAR.
    support(jobs["ana"], at(2025, 4, 30, 23, 30), 40)
    support(jobs["ana"], at(2025, 4, 30, 22, 30), 50)  # 30 April: before YEAR
    # Not in-work support: a plain contact is never counted.
    ContactFactory(participant=people["ana"], happened_at=at(2025, 7, 2, 9), minutes=9)
    return dataclasses.make_dataclass("World", ["people", "jobs"])(people, jobs)


def test_support_time_from_the_roll_up_equals_the_contacts(world, partner):
    everyone = YEAR
    assert_figures_equal_the_contacts(
        everyone,
        dataclasses.replace(everyone, partner_id=partner.pk),
        dataclasses.replace(everyone, gender=Gender.FEMALE),
        dataclasses.replace(everyone, age_band=AgeBand.FROM_35),
        dataclasses.replace(everyone, disability=Disability.YES),
        dataclasses.replace(everyone, gender=Gender.MALE, partner_id=partner.pk),
        # Periods that start or end on the London days either side of midnight.
        dataclasses.replace(everyone, start=D(2025, 7, 1), end=D(2025, 10, 31)),
        dataclasses.replace(everyone, start=D(2025, 6, 30), end=D(2025, 6, 30)),
        dataclasses.replace(everyone, start=D(2026, 4, 1)),
        dataclasses.replace(everyone, start=D(2024, 1, 1)),
    )


def test_support_is_counted_on_its_london_day_and_month(world, partner):
    months = programme.in_work_support_by_month(YEAR)

    assert months[D(2025, 5, 1)] == 40
    assert months[D(2025, 6, 1)] == 15
    assert months[D(2025, 7, 1)] == 20
    assert months[D(2025, 10, 1)] == 45
    assert months[D(2025, 11, 1)] == 15
    assert months[D(2026, 3, 1)] == 25
    assert months[D(2026, 4, 1)] == 30
    assert programme.in_work_support_time(YEAR) == [
        {"partner": partner.name, "minutes": 135, "participants": 2},
        {"partner": "Riverside Works", "minutes": 55, "participants": 1},
    ]


def test_a_contact_completing_a_check_in_is_counted_once(world):
    ben = world.jobs["ben"]
    contact = ContactFactory(
        participant=ben.participant, happened_at=at(2025, 12, 1, 10), minutes=12
    )
    regular = ben.checkins.create(
        kind=CheckInKind.REGULAR, due_on=D(2025, 12, 1), assigned_to=ben.created_by
    )
    six = ben.checkins.create(
        kind=CheckInKind.SIX_MONTHS, due_on=D(2025, 12, 1), assigned_to=ben.created_by
    )

    # One contact that completes two check-ins is one contact of support.
    inwork.complete_checkin(checkin=regular, contact=contact, done_by=ben.created_by)
    inwork.complete_checkin(checkin=six, contact=contact, done_by=ben.created_by)

    row = InWorkSupportDay.objects.get(participant=ben.participant, day=D(2025, 12, 1))
    assert (row.contacts, row.minutes) == (1, 12)
    assert_figures_equal_the_contacts(YEAR)


def test_the_rows_the_services_keep_are_the_rows_a_rebuild_makes(world):
    def rows():
        return set(
            InWorkSupportDay.objects.values_list(
                "participant_id", "day", "contacts", "minutes"
            )
        )

    kept = rows()
    rebuild_support_days()

    assert rows() == kept
    assert len(kept) == 8


def test_a_contact_changed_behind_the_roll_ups_back_is_found_and_refreshed(world):
    ana = world.people["ana"]
    contact = ana.contacts.get(happened_at=at(2025, 6, 30, 23, 30))
    ana.contacts.filter(pk=contact.pk).update(
        happened_at=at(2025, 8, 14, 10), minutes=35
    )

    # The record check names both days; a refresh puts them right.
    assert {f.record for f in run_checks(kinds=["support_days"])} == {
        "In-work support on 1 Jul 2025",
        "In-work support on 14 Aug 2025",
    }
    refresh_support_days(participant_ids=[ana.pk])
    assert_figures_equal_the_contacts(YEAR)


def admin_form(contact) -> dict:
    local = timezone.localtime(contact.happened_at)
    return {
        "participant": contact.participant_id,
        "worker": contact.worker_id,
        "happened_at_0": local.date().isoformat(),
        "happened_at_1": local.time().isoformat(),
        "channel": contact.channel,
        "minutes": contact.minutes,
        "attendees": json.dumps(contact.attendees),
        "topics": json.dumps(contact.topics),
        "notes": contact.notes,
    }


def test_a_contact_edited_moved_or_deleted_in_the_admin_is_followed(
    world, client, admin_user
):
    """No service edits or deletes a contact: the admin does, and keeps the roll-up."""
    client.force_login(admin_user)
    ana, cat = world.people["ana"], world.people["cat"]
    contact = ana.contacts.get(happened_at=at(2025, 6, 30, 23, 30))
    change = reverse("admin:caseload_contact_change", args=[contact.pk])

    # Edited: later in the day, longer; the London day stays 1 July.
    edited = admin_form(contact) | {"happened_at_1": "18:00:00", "minutes": 35}
    assert client.post(change, edited).status_code == 302
    assert programme.in_work_support_by_month(YEAR)[D(2025, 7, 1)] == 35
    assert_figures_equal_the_contacts(YEAR)

    # Moved to another month, and to another participant.
    moved = edited | {"happened_at_0": "2025-08-14", "participant": cat.pk}
    assert client.post(change, moved).status_code == 302
    assert programme.in_work_support_by_month(YEAR)[D(2025, 7, 1)] == 0
    assert programme.in_work_support_by_month(YEAR)[D(2025, 8, 1)] == 35
    assert_figures_equal_the_contacts(
        YEAR, dataclasses.replace(YEAR, gender=Gender.FEMALE, disability="no")
    )

    delete = reverse("admin:caseload_contact_delete", args=[contact.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert programme.in_work_support_by_month(YEAR)[D(2025, 8, 1)] == 0
    assert_figures_equal_the_contacts(YEAR)


def test_a_job_or_check_in_deleted_in_the_admin_takes_its_support_away(
    world, client, admin_user
):
    client.force_login(admin_user)
    ben = world.jobs["ben"]
    first_day = ben.checkins.get(kind=CheckInKind.FIRST_DAY)
    answers = InWorkContact.objects.get(contact=first_day.completed_contact)

    # The 3 November contact has answers and did a check-in: it stays support
    # until both are gone.
    for record in (first_day, answers):
        meta = record._meta
        url = reverse(
            f"admin:{meta.app_label}_{meta.model_name}_delete", args=[record.pk]
        )
        assert client.post(url, {"post": "yes"}).status_code == 302
        assert_figures_equal_the_contacts(YEAR)
    assert programme.in_work_support_by_month(YEAR)[D(2025, 11, 1)] == 5

    delete_job = reverse("admin:inwork_support_employment_delete", args=[ben.pk])
    assert client.post(delete_job, {"post": "yes"}).status_code == 302
    assert (
        programme.in_work_support_time(dataclasses.replace(YEAR, gender=Gender.MALE))
        == []
    )
    assert_figures_equal_the_contacts(YEAR)


def test_in_work_answers_moved_to_another_job_in_the_admin_are_followed(
    world, client, admin_user
):
    """The job gaining support is another participant's: both are recomputed."""
    client.force_login(admin_user)
    ana, cat = world.jobs["ana"], world.jobs["cat"]
    answers = InWorkContact.objects.get(contact__happened_at=at(2025, 4, 30, 22, 30))
    change = reverse("admin:inwork_support_inworkcontact_change", args=[answers.pk])

    moved = {
        "contact": answers.contact_id,
        "employment": cat.pk,
        "how_is_it_going": answers.how_is_it_going,
    }
    assert client.post(change, moved).status_code == 302

    assert first_days()[ana.pk] == D(2025, 5, 1)  # 23:30 UTC on 30 April
    assert first_days()[cat.pk] == D(2025, 4, 30)
    assert_figures_equal_the_contacts(YEAR)


def test_retention_leaves_the_figures_as_they_were(world):
    cat = world.people["cat"]
    Participant.objects.filter(pk=cat.pk).update(
        pathway_stage=PathwayStage.EXITED, exit_date=D(2019, 1, 31)
    )
    before = programme.in_work_support_time(YEAR)

    assert anonymise_participant(pk=cat.pk, now=timezone.now())

    # The contacts' dates and minutes stay (only their notes go): so does support.
    assert programme.in_work_support_time(YEAR) == before
    assert_figures_equal_the_contacts(YEAR)


def test_a_participant_who_moves_partner_takes_their_support_with_them(
    world, partner, other_partner
):
    ben = world.people["ben"]
    ben.delivery_partner = other_partner
    ben.save()

    assert_figures_equal_the_contacts(
        YEAR,
        dataclasses.replace(YEAR, partner_id=partner.pk),
        dataclasses.replace(YEAR, partner_id=other_partner.pk),
    )


def test_a_deleted_participant_leaves_no_support_behind(world):
    world.people["cat"].delete()

    assert not InWorkSupportDay.objects.filter(participant_id=world.people["cat"].pk)
    assert_figures_equal_the_contacts(YEAR)


def test_the_dashboard_figures_read_the_same_as_the_contacts(world):
    shown = {f.slug: f.rows for f in figures.programme_figures(YEAR)}
    InWorkSupportDay.objects.all().delete()

    # Emptied, the roll-up shows no support; rebuilt, the same figures as before.
    assert figures.figure("support-time", YEAR).rows != shown["support-time"]
    rebuild_support_days()
    assert {f.slug: f.rows for f in figures.programme_figures(YEAR)} == shown


def test_the_command_checks_and_rebuilds_the_roll_up(world, capsys):
    call_command("rebuild_support_days", "--check")
    InWorkSupportDay.objects.filter(participant=world.people["ben"]).update(minutes=1)
    Employment.objects.filter(pk=world.jobs["cat"].pk).update(first_support_on=None)

    with pytest.raises(CommandError, match=r"2 day\(s\) and 1 job\(s\) differ"):
        call_command("rebuild_support_days", "--check")
    call_command("rebuild_support_days")

    assert support_day_differences() == []
    assert first_support_differences() == []
    assert "8 participant-days" in capsys.readouterr().out


def first_days() -> dict[int, D | None]:
    return dict(Employment.objects.values_list("pk", "first_support_on"))


def test_each_job_keeps_the_london_day_of_its_first_support(world):
    # Ana's earliest is 23:30 on 30 April (22:30 UTC); Ben's 31 October, in
    # winter; Cat's 13:00 on 31 March (her 23:30 UTC one is 1 April).
    assert first_days() == {
        world.jobs["ana"].pk: D(2025, 4, 30),
        world.jobs["ben"].pk: D(2025, 10, 31),
        world.jobs["cat"].pk: D(2026, 3, 31),
    }


def test_support_recorded_earlier_brings_the_first_day_back_and_later_does_not(world):
    ben = world.jobs["ben"]
    earlier = ContactFactory(
        participant=ben.participant, happened_at=at(2025, 10, 1, 10), minutes=5
    )
    regular = ben.checkins.create(
        kind=CheckInKind.REGULAR, due_on=D(2025, 10, 1), assigned_to=ben.created_by
    )

    # A backdated check-in done by an earlier contact, then a later contact.
    inwork.complete_checkin(checkin=regular, contact=earlier, done_by=ben.created_by)
    support(ben, at(2025, 12, 1, 10), 5)

    assert first_days()[ben.pk] == D(2025, 10, 1)
    assert_figures_equal_the_contacts(YEAR)


def test_a_first_day_changed_behind_the_roll_ups_back_is_found_and_refreshed(world):
    ben = world.jobs["ben"]
    Employment.objects.filter(pk=ben.pk).update(first_support_on=None)

    assert [(f.record, f.message) for f in run_checks(kinds=["first_support"])] == [
        (
            f"Job {ben.pk}",
            "The figures count the job's in-work support as never given; its "
            "contacts say it began on 31 Oct 2025. Run manage.py "
            "rebuild_support_days.",
        )
    ]
    refresh_support_days(participant_ids=[ben.participant_id])
    assert_figures_equal_the_contacts(YEAR)


def test_the_migration_sets_each_jobs_first_day_from_its_records(world):
    migration = import_module("inwork_support.migrations.0007_first_support_on")
    kept = first_days()
    Employment.objects.update(first_support_on=None)

    migration.backfill_first_support(apps, None)

    assert first_days() == kept
