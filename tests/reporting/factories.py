"""Factories for the records reporting counts, beyond tests/factories.py."""

import datetime
import decimal

import factory

from caseload.models import (
    KeyworkerAssignment,
    Outcome,
    OutcomeKind,
    SafeguardingConcern,
)
from inwork_support.models import (
    ContractType,
    EmploymentTerms,
    InWorkContact,
    PracticalSupport,
    SupportItem,
)
from inwork_support.services.support_days import (
    rebuild_support_days,
    refresh_support_days,
)
from tests.factories import ContactFactory, EmploymentFactory


class EmploymentTermsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmploymentTerms

    employment = factory.SubFactory(EmploymentFactory)
    effective_from = factory.LazyAttribute(lambda t: t.employment.start_date)
    hours_per_week = decimal.Decimal("16.0")
    hourly_pay = decimal.Decimal("12.21")
    contract_type = ContractType.ZERO_HOURS
    recorded_by = factory.LazyAttribute(lambda t: t.employment.created_by)


class InWorkContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InWorkContact
        skip_postgeneration_save = True

    employment = factory.SubFactory(EmploymentFactory)
    contact = factory.SubFactory(
        ContactFactory, participant=factory.SelfAttribute("..employment.participant")
    )
    how_is_it_going = "Settling in well."

    @factory.post_generation
    def support_days(obj, create: bool, extracted, **kwargs) -> None:  # noqa: N805
        # As record_in_work_answers does: the figures' roll-up counts it.
        if create:
            refresh_support_days(participant_ids=[obj.contact.participant_id])


class PracticalSupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PracticalSupport

    employment = factory.SubFactory(EmploymentFactory)
    item = SupportItem.TRAVEL_ADVANCE
    amount = decimal.Decimal("40.00")
    given_on = datetime.date(2026, 3, 2)
    approved_by = factory.LazyAttribute(lambda s: s.employment.created_by)


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    kind = OutcomeKind.JOB_SEARCH
    achieved_on = datetime.date(2026, 3, 2)


class KeyworkerAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyworkerAssignment

    started_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 1, 5, 9, 0, tzinfo=datetime.UTC)
    )


class SafeguardingConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeguardingConcern

    raised_by = factory.LazyAttribute(lambda c: c.participant.keyworker)
    summary = "Said they may lose their housing this week."


def bulk_programme(workers, participants: int, today: datetime.date) -> None:
    """Create `participants` people spread over `workers`, with jobs and contacts.

    bulk_create keeps 10,000 participants fast enough for a query-count test.
    One in five has a job with check-ins, terms and an in-work contact.
    """
    from caseload.models import AgeBand, Contact, Participant, StatusAtStart
    from employers.models import Employer
    from inwork_support.models import CheckIn, CheckInKind, CheckInStatus, Employment

    employer = Employer.objects.create(name="Bulk Employer", sector="Retail")
    people = Participant.objects.bulk_create(
        Participant(
            delivery_partner_id=workers[i % len(workers)].delivery_partner_id,
            keyworker=workers[i % len(workers)],
            first_name=f"Bulk{i}",
            last_name="Person",
            date_of_birth=datetime.date(1990, 1, 1),
            programme_start=today - datetime.timedelta(days=30 + i % 600),
            status_at_start=StatusAtStart.UNEMPLOYED
            if i % 2
            else StatusAtStart.INACTIVE,
            age_band=AgeBand.FROM_25,
        )
        for i in range(participants)
    )
    moment = timezone_aware(today)
    contacts = Contact.objects.bulk_create(
        Contact(
            participant=p,
            worker=p.keyworker,
            happened_at=moment - datetime.timedelta(days=i % 60),
            channel="phone",
            minutes=15 + i % 30,
            out_of_hours=i % 7 == 0,
        )
        for i, p in enumerate(people)
    )
    working = people[::5]
    jobs = Employment.objects.bulk_create(
        Employment(
            participant=p,
            employer=employer,
            job_title="Assistant",
            sector=["Retail", "Care", "Hospitality"][i % 3],
            hours_per_week=decimal.Decimal("20"),
            hourly_pay=decimal.Decimal("12.21"),
            contract_type=ContractType.PERMANENT,
            start_date=today - datetime.timedelta(days=10 + i % 500),
            probation_end=today,
            reached_six_months=True if i % 500 > 200 else None,
            created_by=p.keyworker,
        )
        for i, p in enumerate(working)
    )
    EmploymentTerms.objects.bulk_create(
        EmploymentTerms(
            employment=job,
            effective_from=job.start_date,
            hours_per_week=job.hours_per_week,
            hourly_pay=job.hourly_pay,
            contract_type=job.contract_type,
            recorded_by=job.created_by,
        )
        for job in jobs
    )
    by_participant = {c.participant_id: c for c in contacts}
    CheckIn.objects.bulk_create(
        CheckIn(
            employment=job,
            kind=CheckInKind.FIRST_DAY,
            due_on=job.start_date,
            assigned_to=job.created_by,
            status=CheckInStatus.DONE if i % 2 else CheckInStatus.PENDING,
            completed_contact=by_participant[job.participant_id] if i % 2 else None,
        )
        for i, job in enumerate(jobs)
    )
    InWorkContact.objects.bulk_create(
        InWorkContact(
            contact=by_participant[job.participant_id],
            employment=job,
            how_is_it_going="Fine",
        )
        for job in jobs[::2]
    )
    rebuild_support_days()  # as bench/seed.py does after its bulk SQL


def timezone_aware(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(11), tzinfo=datetime.UTC)
