"""The dry run and the import: all rows or none, once only, made by the worker."""

import datetime
import threading

import pytest
from django.db import DEFAULT_DB_ALIAS, connection, connections

from caseload import import_jobs, imports
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


def import_now(caseload_import, user) -> int | None:
    """Confirm an import as its page does, then make it as the worker does."""
    imports.confirm_import(caseload_import=caseload_import, imported_by=user)
    return import_jobs.run_import(import_pk=caseload_import.pk)


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

    count = import_now(caseload_import, keyworker)

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

    import_now(caseload_import, partner_manager)

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
        imports.confirm_import(caseload_import=caseload_import, imported_by=keyworker)

    caseload_import.refresh_from_db()
    assert caseload_import.status == ImportStatus.PREVIEWED
    assert not Participant.objects.exists()


def test_confirming_twice_imports_once(keyworker):
    caseload_import = preview(keyworker, [person(1), person(2)])
    import_now(caseload_import, keyworker)

    with pytest.raises(imports.ImportRefused, match="already imported"):
        imports.confirm_import(
            caseload_import=CaseloadImport.objects.get(pk=caseload_import.pk),
            imported_by=keyworker,
        )
    # The task delivered twice: the second finds the import made, and does nothing.
    assert import_jobs.run_import(import_pk=caseload_import.pk) is None

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

    assert import_now(caseload_import, keyworker) is None

    assert Participant.objects.count() == 1
    assert not KeyworkerAssignment.objects.exists()
    assert not TimelineEntry.objects.exists()
    caseload_import.refresh_from_db()
    assert caseload_import.status == ImportStatus.PREVIEWED
    assert caseload_import.imported_at is None
    assert caseload_import.outcome == (
        "Nothing was imported: some rows no longer pass the checks."
    )
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
        import_now(caseload_import, keyworker)

    assert len(calls) == 3
    assert not Participant.objects.exists()
    assert not KeyworkerAssignment.objects.exists()
    assert not TimelineEntry.objects.exists()
    # Still confirmed, and free for the sweep to try again.
    caseload_import.refresh_from_db()
    assert caseload_import.status == ImportStatus.IMPORTING
    assert caseload_import.started_at is None


def test_a_keyworker_who_left_since_the_preview_refuses_the_import(
    partner_manager, keyworker
):
    caseload_import = preview(partner_manager, [person(1, keyworker="kw")])
    keyworker.is_active = False
    keyworker.save()

    import_now(caseload_import, partner_manager)

    caseload_import.refresh_from_db()
    assert [error["message"] for error in caseload_import.errors] == [
        "No keyworker at your partner has the username “kw”."
    ]
    assert not Participant.objects.exists()


def test_discarding_ends_the_preview_and_it_cannot_then_be_imported(keyworker):
    caseload_import = preview(keyworker, [person(1)])

    assert imports.discard_import(caseload_import=caseload_import) is True
    assert imports.discard_import(caseload_import=caseload_import) is False
    with pytest.raises(imports.ImportRefused, match="already discarded"):
        imports.confirm_import(caseload_import=caseload_import, imported_by=keyworker)
    assert not Participant.objects.exists()


def test_an_imported_file_cannot_be_discarded(keyworker):
    caseload_import = preview(keyworker, [person(1)])
    import_now(caseload_import, keyworker)

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
            imports.confirm_import(
                caseload_import=CaseloadImport.objects.get(pk=caseload_import.pk),
                imported_by=keyworker,
            )
            results.append("queued")
        except imports.ImportRefused:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=confirm) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results) == ["queued", "refused"]
    # The winner's task ran on commit (in process here); the loser queued none.
    assert Participant.objects.count() == 3
    assert CaseloadImport.objects.get().status == ImportStatus.IMPORTED


@pytest.mark.real_stack
@pytest.mark.django_db(transaction=True)
def test_two_workers_given_the_same_import_make_it_once(keyworker, monkeypatch):
    if connection.vendor != "postgresql":
        missing("PostgreSQL (row locks decide the race)")
    caseload_import = preview(keyworker, [person(1), person(2), person(3)])
    # Confirmed, but its task lost: two workers (a redelivery and the sweep) race.
    monkeypatch.setattr(import_jobs, "enqueue_import", lambda pk: None)
    imports.confirm_import(caseload_import=caseload_import, imported_by=keyworker)
    start = threading.Barrier(2)
    results = []

    def work() -> None:
        try:
            start.wait()
            results.append(import_jobs.run_import(import_pk=caseload_import.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(results, key=str) == [3, None]
    assert Participant.objects.count() == 3


def test_a_confirmed_import_whose_task_was_lost_is_made_by_the_sweep(
    keyworker, monkeypatch, time_machine
):
    caseload_import = preview(keyworker, [person(1), person(2)])
    monkeypatch.setattr(import_jobs, "enqueue_import", lambda pk: None)
    imports.confirm_import(caseload_import=caseload_import, imported_by=keyworker)

    assert import_jobs.resume_imports() == 0  # the task may still come
    time_machine.move_to(NOW + datetime.timedelta(minutes=2), tick=False)
    assert import_jobs.resume_imports() == 1

    caseload_import.refresh_from_db()
    assert caseload_import.status == ImportStatus.IMPORTED
    assert Participant.objects.count() == 2
    assert import_jobs.resume_imports() == 0


def test_an_import_claimed_by_a_worker_that_died_is_made_once_the_claim_expires(
    keyworker, time_machine
):
    caseload_import = preview(keyworker, [person(1)])
    imports.confirm_import(caseload_import=caseload_import, imported_by=keyworker)
    # A worker claimed it, then died before its transaction committed.
    CaseloadImport.objects.filter(pk=caseload_import.pk).update(
        status=ImportStatus.IMPORTING, started_at=NOW, imported_count=0
    )
    Participant.objects.all().delete()

    time_machine.move_to(NOW + datetime.timedelta(minutes=5), tick=False)
    assert import_jobs.run_import(import_pk=caseload_import.pk) is None
    time_machine.move_to(NOW + datetime.timedelta(minutes=11), tick=False)
    assert import_jobs.resume_imports() == 1

    assert Participant.objects.count() == 1


def test_an_import_that_keeps_failing_returns_to_its_preview_saying_so(
    keyworker, monkeypatch
):
    caseload_import = preview(keyworker, [person(1)])
    monkeypatch.setattr(import_jobs, "enqueue_import", lambda pk: None)
    imports.confirm_import(caseload_import=caseload_import, imported_by=keyworker)

    def fail(**kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(imports, "add_timeline_entry", fail)
    for _ in range(import_jobs.MAX_ATTEMPTS):
        with pytest.raises(RuntimeError):
            import_jobs.run_import(import_pk=caseload_import.pk)
    assert import_jobs.run_import(import_pk=caseload_import.pk) is None

    caseload_import.refresh_from_db()
    assert caseload_import.status == ImportStatus.PREVIEWED
    assert caseload_import.outcome.startswith(
        "Nothing was imported: the import stopped with an error 3 times."
    )
    assert not Participant.objects.exists()


@pytest.mark.real_stack
@pytest.mark.django_db(transaction=True)
def test_progress_is_visible_to_other_connections_while_the_import_runs(
    keyworker, monkeypatch
):
    if connection.vendor != "postgresql":
        missing("PostgreSQL (SQLite has one writer: no progress count there)")
    caseload_import = preview(keyworker, [person(n) for n in range(1, 6)])
    monkeypatch.setattr(import_jobs, "enqueue_import", lambda pk: None)
    imports.confirm_import(caseload_import=caseload_import, imported_by=keyworker)
    monkeypatch.setattr(import_jobs, "PROGRESS_EVERY", 2)
    onlooker = connections.create_connection(DEFAULT_DB_ALIAS)
    seen = []
    report = import_jobs.ProgressReporter.__call__

    def report_and_look(self, done: int) -> None:
        report(self, done)
        with onlooker.cursor() as cursor:
            cursor.execute(
                "SELECT status, progress, (SELECT count(*) FROM caseload_participant)"
                " FROM caseload_caseloadimport WHERE id = %s",
                [caseload_import.pk],
            )
            seen.append(cursor.fetchone())

    monkeypatch.setattr(import_jobs.ProgressReporter, "__call__", report_and_look)
    try:
        assert import_jobs.run_import(import_pk=caseload_import.pk) == 5
    finally:
        onlooker.close()

    # Written every second participant, seen at once; the participants themselves
    # appear only when the whole import commits.
    assert seen == [
        ("importing", 0, 0),
        ("importing", 2, 0),
        ("importing", 2, 0),
        ("importing", 4, 0),
        ("importing", 4, 0),
    ]
    assert Participant.objects.count() == 5


def test_beat_looks_for_lost_imports_every_minute(settings):
    from caseload import tasks

    entry = settings.CELERY_BEAT_SCHEDULE["resume-caseload-imports"]

    assert entry["task"] == tasks.resume_caseload_imports.name
    assert entry["schedule"] == 60


def test_the_task_sent_on_confirming_makes_the_import(
    keyworker, django_capture_on_commit_callbacks
):
    caseload_import = preview(keyworker, [person(1)])

    # Tasks run in process here (tests/caseload/conftest.py), as a worker would.
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        imports.confirm_import(caseload_import=caseload_import, imported_by=keyworker)

    assert len(callbacks) == 1
    caseload_import.refresh_from_db()
    assert caseload_import.status == ImportStatus.IMPORTED
    assert caseload_import.imported_by == keyworker
    assert Participant.objects.count() == 1
