"""Factories for the employers app's rows; asserted fields are fixed or passed."""

import datetime

import factory

from employers.models import (
    EmployerEngagement,
    EngagementKind,
    Nomination,
    ThreeWayMeeting,
    Vacancy,
)
from tests.factories import EmployerFactory, ParticipantFactory


class VacancyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vacancy

    employer = factory.SubFactory(EmployerFactory)
    title = factory.Sequence(lambda n: f"Kitchen porter {n}")
    posted_on = datetime.date(2026, 3, 2)


class NominationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nomination

    vacancy = factory.SubFactory(VacancyFactory)
    participant = factory.SubFactory(ParticipantFactory)
    put_forward_by = factory.LazyAttribute(lambda n: n.participant.keyworker)
    put_forward_on = datetime.date(2026, 3, 3)


class EngagementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EmployerEngagement

    employer = factory.SubFactory(EmployerFactory)
    worker = factory.SubFactory("tests.factories.UserFactory")
    kind = EngagementKind.VACANCIES
    happened_at = datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
    notes = "Asked about spring vacancies."


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ThreeWayMeeting

    employer = factory.SubFactory(EmployerFactory)
    participant = factory.SubFactory(ParticipantFactory)
    worker = factory.LazyAttribute(lambda m: m.participant.keyworker)
    scheduled_for = datetime.datetime(2026, 5, 5, 10, 0, tzinfo=datetime.UTC)
    place = "Staff room"
