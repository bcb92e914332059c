"""Factories for caseload records the shared factories do not cover."""

import datetime

import factory

from caseload.models import (
    Goal,
    GoalStep,
    Intervention,
    InvolvedProfessional,
    ProfessionalRole,
    Referral,
    SafeguardingConcern,
    SupervisionNote,
    TimelineEntry,
)
from tests.factories import ContactFactory, ParticipantFactory


class ProfessionalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InvolvedProfessional

    participant = factory.SubFactory(ParticipantFactory)
    role = ProfessionalRole.HOUSING_OFFICER
    name = "Sam Patel"
    organisation = "Leeds Housing"


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    participant = factory.SubFactory(ParticipantFactory)
    title = "Get a forklift licence"
    set_on = datetime.date(2026, 1, 12)


class GoalStepFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GoalStep

    goal = factory.SubFactory(GoalFactory)
    description = "Find a course"


class ReferralFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Referral

    participant = factory.SubFactory(ParticipantFactory)
    intervention = Intervention.FINANCIAL_ADVICE
    service = "Citizens Advice Leeds"
    referred_on = datetime.date(2026, 2, 1)


class ConcernFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SafeguardingConcern

    participant = factory.SubFactory(ParticipantFactory)
    raised_by = factory.LazyAttribute(lambda c: c.participant.keyworker)
    summary = "Said they had nowhere to sleep tonight."


class SupervisionNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupervisionNote

    contact = factory.SubFactory(ContactFactory)
    author = factory.SubFactory("tests.factories.UserFactory")
    comment = "Good session. Follow up on the housing letter."
    needs_follow_up = True


class TimelineEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimelineEntry

    participant = factory.SubFactory(ParticipantFactory)
    occurred_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 3, 2, 10, 0, tzinfo=datetime.UTC)
    )
    kind = "goal"
    title = "Goal set"
