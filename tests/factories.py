"""Small factories; asserted fields are always passed explicitly or fixed."""

import datetime

import factory

from accounts.models import DeliveryPartner, Role, User
from caseload.models import Participant
from employers.models import Employer, EmployerContact

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
