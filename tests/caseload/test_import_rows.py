"""Checking each imported row: dates, choices, working age, keyworkers, duplicates."""

import datetime

import pytest

from accounts.models import Role
from caseload.imports import check_rows
from tests.caseload.import_sheets import person
from tests.factories import ParticipantFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC))


def errors_of(rows, creator):
    checked = check_rows(list(enumerate(rows, start=2)), creator=creator)
    return [
        (error["row"], error["field"], error["message"])
        for row in checked
        for error in row.errors
    ]


def test_a_valid_row_is_cleaned_to_stored_values(keyworker):
    [row] = check_rows([(2, person(1))], creator=keyworker)

    assert row.errors == []
    assert row.cleaned["date_of_birth"] == datetime.date(1990, 4, 2)
    assert row.cleaned["status_at_start"] == "unemployed"
    assert row.stored()["data"]["date_of_birth"] == "1990-04-02"


@pytest.mark.parametrize(
    ("column", "given", "stored"),
    [
        ("status_at_start", "ECONOMICALLY INACTIVE", "inactive"),
        ("status_at_start", "Inactive", "inactive"),
        ("pathway_stage", "Pre-employment", "pre_employment"),
        ("pathway_stage", "job search", "job_search"),
        ("gender", "prefer not to say", "prefer_not"),
        ("ethnicity", "asian or asian british", "asian"),
        ("referral_source", "Jobcentre Plus", "jobcentre"),
        ("consent_method", "Signed form", "written"),
    ],
)
def test_choices_accept_the_value_or_the_label_in_any_case(
    keyworker, column, given, stored
):
    [row] = check_rows([(2, person(1, **{column: given}))], creator=keyworker)

    assert row.errors == []
    assert row.cleaned[column] == stored


def test_blank_optional_choices_take_the_usual_defaults(keyworker):
    values = person(1, pathway_stage="")

    [row] = check_rows([(2, values)], creator=keyworker)

    assert row.cleaned["pathway_stage"] == "engaged"
    assert row.cleaned["gender"] == "prefer_not"
    assert row.cleaned["referral_source"] == "self"


def test_a_bad_choice_says_what_is_accepted(keyworker):
    [(_, column, message)] = errors_of(
        [person(1, status_at_start="Student")], keyworker
    )

    assert column == "status_at_start"
    assert message == (
        "“Student” is not a status at start. Use one of: Unemployed, claiming "
        "benefits, Economically inactive, Other."
    )


def test_an_exited_stage_cannot_be_imported(keyworker):
    [(_, column, message)] = errors_of([person(1, pathway_stage="Exited")], keyworker)

    assert column == "pathway_stage"
    assert message.startswith("“Exited” is not a pathway stage for a new participant")


@pytest.mark.parametrize("given", ["April 1990", "4/1/90", "1990/04/01"])
def test_a_bad_date_gives_the_row_column_and_formats(keyworker, given):
    errors = errors_of([person(1), person(2, date_of_birth=given)], keyworker)

    assert errors == [
        (3, "date_of_birth", "Give the date as YYYY-MM-DD or DD/MM/YYYY.")
    ]


@pytest.mark.parametrize(
    ("given", "message"),
    [
        ("31/02/1990", "31/02/1990 is not a real date: February 1990 has 28 days."),
        ("1992-02-30", "1992-02-30 is not a real date: February 1992 has 29 days."),
        ("31/04/1990", "31/04/1990 is not a real date: April has 30 days."),
        ("1990-13-01", "1990-13-01 is not a real date: there is no month 13."),
        ("00/05/1990", "00/05/1990 is not a real date: May has 31 days."),
    ],
)
def test_a_day_that_does_not_exist_is_a_date_problem_not_a_format_one(
    keyworker, given, message
):
    errors = errors_of([person(1, date_of_birth=given)], keyworker)

    assert errors == [(2, "date_of_birth", message)]


def test_missing_required_values_are_errors(keyworker):
    errors = errors_of([person(1, first_name="", programme_start="")], keyworker)

    assert {(column, message) for _, column, message in errors} == {
        ("first_name", "This field is required."),
        ("programme_start", "This field is required."),
    }


def test_someone_under_16_at_programme_start_is_refused(keyworker):
    row = person(1, date_of_birth="2010-02-03", programme_start="2026-02-02")

    assert errors_of([row], keyworker) == [
        (
            2,
            "date_of_birth",
            "Participants must be of working age (16 to 66) at programme start; "
            "this person would be 15.",
        )
    ]


def test_someone_over_66_at_programme_start_is_refused(keyworker):
    row = person(1, date_of_birth="1959-02-01", programme_start="2026-02-02")

    [(_, column, message)] = errors_of([row], keyworker)

    assert column == "date_of_birth"
    assert message.endswith("this person would be 67.")


def test_someone_turning_16_on_programme_start_is_accepted(keyworker):
    row = person(1, date_of_birth="2010-02-02", programme_start="2026-02-02")

    assert errors_of([row], keyworker) == []


def test_consent_needs_both_its_date_and_method(keyworker):
    errors = errors_of(
        [
            person(1, consent_method=""),
            person(2, consent_given_on=""),
            person(3, consent_given_on="2026-04-01"),
        ],
        keyworker,
    )

    assert errors == [
        (2, "consent_method", "Say how consent was given."),
        (3, "consent_given_on", "Give the date consent was given."),
        (4, "consent_given_on", "Consent cannot be given in the future."),
    ]


def test_a_bad_email_is_an_error(keyworker):
    errors = errors_of([person(1, email="jade at example")], keyworker)

    assert errors == [(2, "email", "Enter a valid email address.")]


def test_the_same_name_and_birth_date_twice_in_the_file_is_an_error(keyworker):
    rows = [person(1), person(2), person(3, first_name="imported1", postcode="")]
    rows[2]["date_of_birth"] = rows[0]["date_of_birth"]

    assert errors_of(rows, keyworker) == [
        (4, "", "Same name and date of birth as row 2 of this file.")
    ]


def test_the_same_postcode_and_birth_date_twice_in_the_file_is_an_error(keyworker):
    rows = [person(1), person(2, date_of_birth="02/04/1990", postcode="ls1  1aa")]

    assert errors_of(rows, keyworker) == [
        (3, "", "Same postcode and date of birth as row 2 of this file.")
    ]


def test_someone_already_at_the_partner_is_a_possible_duplicate(
    keyworker, other_keyworker
):
    ParticipantFactory(
        keyworker=other_keyworker,
        first_name="IMPORTED1",
        last_name="person",
        date_of_birth=datetime.date(1990, 4, 2),
    )
    ParticipantFactory(
        keyworker=other_keyworker,
        first_name="Someone",
        postcode="LS2 1AA",
        date_of_birth=datetime.date(1990, 4, 3),
    )

    assert errors_of([person(1), person(2), person(3)], keyworker) == [
        (
            2,
            "",
            "Possible duplicate: someone with the same name and date of birth is "
            "already a participant at your partner.",
        ),
        (
            3,
            "",
            "Possible duplicate: someone with the same postcode and date of birth is "
            "already a participant at your partner.",
        ),
    ]


def test_the_same_person_at_another_partner_is_not_a_duplicate(
    keyworker, keyworker_elsewhere
):
    ParticipantFactory(
        keyworker=keyworker_elsewhere,
        first_name="Imported1",
        last_name="Person",
        date_of_birth=datetime.date(1990, 4, 2),
    )

    assert errors_of([person(1)], keyworker) == []


def test_a_manager_names_a_keyworker_of_their_own_partner(
    partner_manager, keyworker, keyworker_elsewhere
):
    UserFactory(
        username="gone",
        role=Role.KEYWORKER,
        delivery_partner=keyworker.delivery_partner,
        is_active=False,
    )
    rows = [
        person(1, keyworker="KW"),
        person(2, keyworker="kw-elsewhere"),
        person(3, keyworker="gone"),
        person(4, keyworker=""),
    ]

    checked = check_rows(list(enumerate(rows, start=2)), creator=partner_manager)

    assert checked[0].cleaned["keyworker"] == keyworker
    assert checked[0].stored()["data"]["keyworker"] == "kw"
    assert [error["message"] for row in checked[1:] for error in row.errors] == [
        "No keyworker at your partner has the username “kw-elsewhere”.",
        "No keyworker at your partner has the username “gone”.",
        "Give the keyworker's username.",
    ]


def test_checking_many_rows_runs_a_fixed_number_of_queries(
    partner_manager, keyworker, django_assert_num_queries
):
    rows = [(n, person(n, keyworker="kw")) for n in range(2, 300)]

    # The partner's keyworkers, and the partner's participants born on those days.
    with django_assert_num_queries(2):
        check_rows(rows, creator=partner_manager)
