"""The employers app's stage: the contact's employer, looked after by `keyworker`."""

import pytest

from tests.factories import EmployerMessageFactory


@pytest.fixture
def employer(employer_contact, keyworker, iwso):
    """Harbour Café Group: go-to person `keyworker`, deputy `iwso`."""
    employer = employer_contact.employer_contact.employer
    employer.go_to_person = keyworker
    employer.deputy = iwso
    employer.save()
    return employer


@pytest.fixture
def thread(employer, employer_contact):
    """A message from the employer contact to the go-to person, not yet answered."""
    return EmployerMessageFactory(
        employer=employer,
        sender_contact=employer_contact.employer_contact,
        body="Jade was late twice this week; can we talk?",
    )
