"""The dry run and the import: all rows or none, and once only."""

import datetime
import threading

import pytest
from django.db import connection

from caseload import imports
from caseload.models import (
    AgeBand,
    CaseloadImport,
    EntryKind,
    ImportStatus,
    KeyworkerAssignment,
    Participant,
    TimelineEntry,
)
from tests.caseload.import_sheets import person
from tests.conftest import missing
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db
NOW = datetime.datetime(2026, 3, 10, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today(time_machine):
    time_machine.move_to(NOW, tick=False)


def preview(user, rows, filename="caseload.csv"):
    return imports.preview_import(
        user=user, filename=filename, rows=list(enumerate(rows, start=2))
    )


def test_the_dry_run_stores_cleaned_rows_and_writes_no_participant(keyworker):
    caseload_import = preview(keyworker, [person(1), person(2)])

    assert caseload_import.status == ImportStatus.PREVIEWED
    assert caseload_import.delivery_partner == keyworker.delivery_partner
    assert caseload_import.errors == []
    assert caseload_import.rows[0] == {
        "row": 2,
        "ok": True,
        "data": {
            "first_name": "Imported1",
            "last_name": "Person",
            "preferred_name": "",
            "date_of_birth": "1990-04-02",
            "phone": "",
            "email": "",
            "postcode": "LS1 1AA",
            "status_at_start": "unemployed",
            "programme_start": "2026-02-02",
            "pathway_stage": "engaged",
            "referral_source": "self",
            "consent_given_on": "2026-02-02",
            "consent_method": "written",
            "gender": "prefer_not",
            "disability": "prefer_not",
            "ethnicity": "prefer_not",
        },
    }
    assert not Participant.objects.exists()


def test_the_dry_run_keeps_bad_rows_as_typed_with_their_errors(keyworker):
    caseload_import = preview(keyworker, [person(1), person(2, date_of_birth="soon")])

    assert caseload_import.rows[1] == {
        "row": 3,
        "ok": False,
        "data": person(2, date_of_birth="soon"),
    }
    assert caseload_import.errors == [
        {
            "row": 3,
            "field": "date_of_birth",
            "value": "soon",
            "message": "Give the date as YYYY-MM-DD or DD/MM/YYYY.",
        }
    ]


def test_a_filename_keeps_only_its_last_part(keyworker):
    caseload_import = preview(keyworker, [person(1)], filename="C:\\x/../team.csv")

    assert caseload_import.filename == "team.csv"


def test_importing_creates_each_participant_in_the_keyworkers_caseload(keyworker):
    caseload_import = preview(keyworker, [person(1), person(2)])

    count = imports.import_caseload(
        caseload_import=caseload_import, imported_by=keyworker
    )

    assert count == 2
    jade = Participant.objects.get(first_name="Imported1")
    assert jade.keyworker == keyworker
    assert jade.delivery_partner == keyworker.delivery_partner
    assert jade.date_of_birth == datetime.date(1990, 4, 2)
    assert jade.age_band == AgeBand.FROM_35
    assert jade.consent_method == "written"
    assignment = KeyworkerAssignment.objects.get(participant=jade)
    assert (assignment.keyworker, assignment.assigned_by) == (keyworker, keyworker)
    assert assignment.reason == "Imported from caseload.csv"
    entry = TimelineEntry.objects.get(participant=jade)
    assert entry.kind == EntryKind.ASSIGNMENT
    assert entry.title == f"Imported from caseload.csv, with {keyworker} as keyworker"
    assert (entry.actor, entry.occurred_at) == (keyworker, NOW)
    caseload_import.refresh_from_db()
    assert caseload_import.status == ImportStatus.IMPORTED
    assert caseload_import.imported_count == 2
    assert caseload_import.imported_at == NOW


def test_a_managers_import_puts_each_person_with_the_named_keyworker(
    partner_manager, keyworker, other_keyworker
):
    caseload_import = preview(
        partner_manager,
        [person(1, keyworker="kw"), person(2, keyworker="kw-colleague")],
    )

    imports.import_caseload(
        caseload_import=caseload_import, imported_by=partner_manager
    )

    assert dict(Participant.objects.values_list("first_name", "keyworker")) == {
        "Imported1": keyworker.pk,
        "Imported2": other_keyworker.pk,
    }
    assert set(KeyworkerAssignment.objects.values_list("assigned_by", flat=True)) == {
        partner_manager.pk
    }


def test_an_import_with_errors_is_refused(keyworker):
    caseload_import = preview(keyworker, [person(1), person(2, first_name="")])

    with pytest.raises(imports.ImportRefused, match="Fix the rows"):
        imports.import_caseload(caseload_import=caseload_import, imported_by=keyworker)

    caseload_import.refresh_from_db()
    assert caseload_import.status == ImportStatus.PREVIEWED
    assert not Participant.objects.exists()


def test_confirming_twice_imports_once(keyworker):
    caseload_import = preview(keyworker, [person(1), person(2)])
    imports.import_caseload(caseload_import=caseload_import, imported_by=keyworker)

    with pytest.raises(imports.ImportRefused, match="already imported"):
        imports.import_caseload(
            caseload_import=CaseloadImport.objects.get(pk=caseload_import.pk),
            imported_by=keyworker,
        )

    assert Participant.objects.count() == 2
    assert KeyworkerAssignment.objects.count() == 2


def test_a_duplicate_registered_since_the_preview_refuses_the_whole_import(
    keyworker, other_keyworker
):
    caseload_import = preview(keyworker, [person(1), person(2), person(3)])
    # Meanwhile a colleague registers the third person by hand.
    ParticipantFactory(
        keyworker=other_keyworker,
        first_name="Imported3",
        last_name="Person",
        date_of_birth=datetime.date(1990, 4, 4),
    )

    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_caseload(caseload_import=caseload_import, imported_by=keyworker)

    assert Participant.objects.count() == 1
    assert not KeyworkerAssignment.objects.exists()
    assert not TimelineEntry.objects.exists()
    caseload_import.refresh_from_db()
    assert caseload_import.status == ImportStatus.PREVIEWED
    assert caseload_import.imported_at is None
    imports.record_recheck(
        caseload_import=caseload_import, checked=refused.value.checked
    )
    caseload_import.refresh_from_db()
    assert [(e["row"], e["message"][:18]) for e in caseload_import.errors] == [
        (4, "Possible duplicate")
    ]
    assert [row["ok"] for row in caseload_import.rows] == [True, True, False]


def test_a_failure_while_writing_leaves_nothing_half_imported(keyworker, monkeypatch):
    caseload_import = preview(keyworker, [person(1), person(2), person(3)])
    calls = []

    def fail_on_the_third(**kwargs):
        calls.append(kwargs)
        if len(calls) == 3:
            raise RuntimeError("database went away")
        return TimelineEntry.objects.create(
            participant=kwargs["participant"],
            occurred_at=kwargs["occurred_at"],
            kind=kwargs["kind"],
            title=kwargs["title"],
        )

    # Fault injection: the only way to fail between two rows' writes on purpose.
    monkeypatch.setattr(imports, "add_timeline_entry", fail_on_the_third)

    with pytest.raises(RuntimeError):
        imports.import_caseload(caseload_import=caseload_import, imported_by=keyworker)

    assert len(calls) == 3
    assert not Participant.objects.exists()
    assert not KeyworkerAssignment.objects.exists()
    assert not TimelineEntry.objects.exists()
    caseload_import.refresh_from_db()
    assert caseload_import.status == ImportStatus.PREVIEWED


def test_a_keyworker_who_left_since_the_preview_refuses_the_import(
    partner_manager, keyworker
):
    caseload_import = preview(partner_manager, [person(1, keyworker="kw")])
    keyworker.is_active = False
    keyworker.save()

    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_caseload(
            caseload_import=caseload_import, imported_by=partner_manager
        )

    [row] = refused.value.checked
    assert row.errors[0]["message"] == (
        "No keyworker at your partner has the username “kw”."
    )
    assert not Participant.objects.exists()


def test_discarding_ends_the_preview_and_it_cannot_then_be_imported(keyworker):
    caseload_import = preview(keyworker, [person(1)])

    assert imports.discard_import(caseload_import=caseload_import) is True
    assert imports.discard_import(caseload_import=caseload_import) is False
    with pytest.raises(imports.ImportRefused, match="already discarded"):
        imports.import_caseload(caseload_import=caseload_import, imported_by=keyworker)
    assert not Participant.objects.exists()


def test_an_imported_file_cannot_be_discarded(keyworker):
    caseload_import = preview(keyworker, [person(1)])
    imports.import_caseload(caseload_import=caseload_import, imported_by=keyworker)

    assert imports.discard_import(caseload_import=caseload_import) is False
    caseload_import.refresh_from_db()
    assert caseload_import.status == ImportStatus.IMPORTED


@pytest.mark.real_stack
@pytest.mark.django_db(transaction=True)
def test_two_confirms_racing_each_other_import_once(keyworker):
    if connection.vendor != "postgresql":
        missing("PostgreSQL (row locks decide the race)")
    caseload_import = preview(keyworker, [person(1), person(2), person(3)])
    start = threading.Barrier(2)
    results = []

    def confirm() -> None:
        try:
            start.wait()
            results.append(
                imports.import_caseload(
                    caseload_import=CaseloadImport.objects.get(pk=caseload_import.pk),
                    imported_by=keyworker,
                )
            )
        except imports.ImportRefused:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results, key=str) == [3, "refused"]
    assert Participant.objects.count() == 3
