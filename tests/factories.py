"""Small factories; asserted fields are always passed explicitly or fixed."""

import datetime
import decimal

import factory

from accounts.models import DeliveryPartner, Role, User
from caseload.models import (
    Action,
    AgeBand,
    Attendee,
    Barrier,
    BarrierKind,
    Channel,
    Contact,
    Participant,
    StatusAtStart,
    Topic,
)
from employers.models import Employer, EmployerContact, EmployerMessage
from inwork_support.models import CheckIn, CheckInKind, ContractType, Employment
from inwork_support.services.support_days import refresh_support_days

PASSWORD = "correct-horse-battery"


class DeliveryPartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeliveryPartner
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"Partner {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@keywork.test")
    role = Role.KEYWORKER
    delivery_partner = factory.SubFactory(DeliveryPartnerFactory)
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save(update_fields=["password"])


class ParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Participant

    keyworker = factory.SubFactory(UserFactory)
    delivery_partner = factory.LazyAttribute(lambda p: p.keyworker.delivery_partner)
    first_name = factory.Sequence(lambda n: f"Person{n}")
    last_name = "Example"
    date_of_birth = datetime.date(1995, 6, 15)
    programme_start = datetime.date(2026, 1, 5)
    status_at_start = StatusAtStart.UNEMPLOYED
    age_band = AgeBand.FROM_25
    consent_given_on = datetime.date(2026, 1, 5)
    consent_method = "written"


class EmployerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Employer {n}")
    sector = "Retail"


class EmployerContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerContact

    user = factory.SubFactory(
        UserFactory, role=Role.EMPLOYER_CONTACT, delivery_partner=None
    )
    employer = factory.SubFactory(EmployerFactory)
    name = factory.LazyAttribute(lambda c: f"{c.user.first_name} {c.user.last_name}")
    email = factory.LazyAttribute(lambda c: c.user.email)


class ContactFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Contact

    participant = factory.SubFactory(ParticipantFactory)
    worker = factory.LazyAttribute(lambda c: c.participant.keyworker)
    happened_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 3, 2, 10, 30, tzinfo=datetime.UTC)
    )
    channel = Channel.PHONE
    minutes = 20
    topics = factory.LazyFunction(lambda: [Topic.WORK])
    attendees = factory.LazyFunction(lambda: [Attendee.PARTICIPANT])
    notes = "Talked about the week ahead."


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    participant = factory.SubFactory(ParticipantFactory)
    owner = factory.LazyAttribute(lambda a: a.participant.keyworker)
    description = "Send the CV to the housing officer"
    due_on = datetime.date(2026, 3, 9)


class BarrierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Barrier

    participant = factory.SubFactory(ParticipantFactory)
    kind = BarrierKind.CONFIDENCE
    noted_on = datetime.date(2026, 1, 5)


class EmploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Employment

    participant = factory.SubFactory(ParticipantFactory)
    employer = factory.SubFactory(EmployerFactory)
    job_title = "Kitchen assistant"
    sector = "Hospitality"
    hours_per_week = decimal.Decimal("24.0")
    hourly_pay = decimal.Decimal("12.21")
    contract_type = ContractType.PERMANENT
    start_date = datetime.date(2026, 3, 2)
    probation_end = datetime.date(2026, 6, 1)
    employer_may_know = True
    created_by = factory.LazyAttribute(lambda e: e.participant.keyworker)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn
        skip_postgeneration_save = True

    employment = factory.SubFactory(EmploymentFactory)
    kind = CheckInKind.FIRST_DAY
    due_on = factory.LazyAttribute(lambda c: c.employment.start_date)
    assigned_to = factory.LazyAttribute(lambda c: c.employment.participant.keyworker)

    @factory.post_generation
    def support_days(obj, create: bool, extracted, **kwargs) -> None:  # noqa: N805
        # Done by a contact, as complete_checkin does: the figures' roll-up of
        # in-work support counts it (the services add it as they log it).
        if create and obj.completed_contact_id:
            refresh_support_days(participant_ids=[obj.employment.participant_id])


class EmployerMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerMessage

    employer = factory.SubFactory(EmployerFactory)
    sender_contact = factory.SubFactory(
        EmployerContactFactory, employer=factory.SelfAttribute("..employer")
    )
    addressed_to = factory.LazyAttribute(lambda m: m.employer.go_to_person)
    body = "Could we talk about next week's rota?"
