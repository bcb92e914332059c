"""Two people editing one record: the second save is refused, never silently lost.

Each edit URL has a case in STALE_SAVES (or a test elsewhere, in ELSEWHERE): the
keyworker opens the form, someone else saves the same record through its
service, then the keyworker saves. They get the form back (409) with what they
typed and the other person's value beside it, nothing of theirs is overwritten,
and pressing Save again saves the keyworker's version deliberately.

test_every_edit_url_has_a_stale_save_test walks the URL conf: an edit URL (a
name ending in "-edit", or a POST to an existing row's URL) with no case here
and no reason in NOT_EDITS fails it.
"""

from __future__ import annotations

import datetime
import importlib
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from types import SimpleNamespace
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.db import connection, models
from django.urls import get_resolver, reverse
from django.utils.timezone import localdate, localtime

from accounts.models import Role
from accounts.versions import StaleVersionError
from caseload import services as caseload
from employers import services as employers
from employers.models import Employer
from inwork_support import services as inwork
from tests.caseload.factories import GoalStepFactory
from tests.conftest import missing
from tests.factories import BarrierFactory, EmployerFactory, UserFactory
from tests.inwork_support.conftest import start_job
from tests.permission_matrix import MATRIX, walk
from tests.test_permission_matrix import world  # noqa: F401  (a fixture)

pytestmark = pytest.mark.django_db

TODAY = localdate()


@dataclass(frozen=True)
class Case:
    """An edit URL: the record, a valid post, and someone else's save meanwhile."""

    record: Callable[[SimpleNamespace], models.Model]
    args: Callable[[SimpleNamespace, Any], dict]
    yours: Callable[[SimpleNamespace, Any], dict]  # the post, minus the version
    theirs: Callable[[SimpleNamespace, Any], Any]  # another save, through services
    # (their value, your value) as the page shows them, or a function of the world.
    shown: tuple[str, str] | Callable[[SimpleNamespace], tuple[str, str]]
    version_field: str = "version"
    read: Callable[[Any], Any] = field(default=lambda record: record.version)
    editor: str = "keyworker"  # the persona who opened the form


def _pk(record: Any) -> dict:
    return {"pk": record.pk}


def _on_participant(w: SimpleNamespace, record: Any) -> dict:
    return {"pk": w.participant.pk, "item_pk": record.pk}


def _with_a_third_keyworker(w: SimpleNamespace) -> Any:
    w.third = UserFactory(
        role=Role.KEYWORKER,
        delivery_partner=w.keyworker.delivery_partner,
        first_name="Third",
        last_name="Keyworker",
    )
    return w.participant


def _barrier(w: SimpleNamespace) -> Any:
    return BarrierFactory(
        participant=w.participant, noted_on=TODAY - datetime.timedelta(days=30)
    )


STALE_SAVES: dict[str, Case] = {
    "employers:employer-edit": Case(
        record=lambda w: w.employer,
        args=lambda w, r: _pk(r),
        yours=lambda w, r: {"name": "Harbour Cafe Ltd", "relationship": "warm"},
        theirs=lambda w, r: employers.update_employer(
            employer=r, version=r.version, name="Harbour Cafe Group plc"
        ),
        shown=("Harbour Cafe Group plc", "Harbour Cafe Ltd"),
    ),
    "employers:go-to-edit": Case(
        record=lambda w: w.employer,
        args=lambda w, r: _pk(r),
        yours=lambda w, r: {"go_to_person": r.go_to_person_id, "deputy": ""},
        theirs=lambda w, r: employers.set_go_to_person(
            employer=r,
            go_to_person=r.go_to_person,
            deputy=w.users["other_keyworker"],
            changed_by=w.keyworker,
            version=r.version,
        ),
        shown=lambda w: (str(w.users["other_keyworker"]), "(blank)"),
    ),
    "employers:contact-edit": Case(
        record=lambda w: w.employer_contact,
        args=lambda w, r: _pk(r),
        yours=lambda w, r: {
            "name": r.name,
            "role": r.role,
            "email": r.email,
            "phone": "0113 496 0001",
        },
        theirs=lambda w, r: employers.update_contact(
            contact=r, version=r.version, changed_by=w.keyworker, phone="0113 496 0999"
        ),
        shown=("0113 496 0999", "0113 496 0001"),
    ),
    "employers:vacancy-edit": Case(
        record=lambda w: w.vacancy,
        args=lambda w, r: _pk(r),
        yours=lambda w, r: {
            "title": r.title,
            "kind": r.kind,
            "posted_on": r.posted_on.isoformat(),
            "status": r.status,
            "notes": "Interviews on Tuesdays",
        },
        theirs=lambda w, r: employers.update_vacancy(
            vacancy=r, version=r.version, notes="Interviews moved to Thursdays"
        ),
        shown=("Interviews moved to Thursdays", "Interviews on Tuesdays"),
    ),
    "employers:nomination-edit": Case(
        record=lambda w: w.nomination,
        args=lambda w, r: _pk(r),
        yours=lambda w, r: {"outcome": "interview"},
        theirs=lambda w, r: employers.record_nomination_outcome(
            nomination=r, version=r.version, outcome="unsuccessful"
        ),
        shown=("Unsuccessful", "Interview"),
    ),
    "inwork_support:meeting-edit": Case(
        record=lambda w: w.meeting,
        args=lambda w, r: _pk(r),
        yours=lambda w, r: {
            "scheduled_for": localtime(r.scheduled_for).strftime("%Y-%m-%dT%H:%M"),
            "status": "held",
            "outcome": "Probation extended by 13 weeks",
        },
        theirs=lambda w, r: employers.update_meeting(
            meeting=r, version=r.version, status="cancelled", outcome="Manager off sick"
        ),
        shown=("Manager off sick", "Probation extended by 13 weeks"),
    ),
    "caseload:participant-reassign": Case(
        record=_with_a_third_keyworker,
        args=lambda w, r: _pk(r),
        yours=lambda w, r: {"new_keyworker": w.users["other_keyworker"].pk},
        theirs=lambda w, r: caseload.reassign_keyworker(
            participant=r,
            new_keyworker=w.third,
            assigned_by=w.users["partner_manager"],
            version=r.version,
        ),
        shown=lambda w: ("Third Keyworker", str(w.users["other_keyworker"])),
        editor="partner_manager",
    ),
    "caseload:participant-exit": Case(
        record=lambda w: w.participant,
        args=lambda w, r: _pk(r),
        yours=lambda w, r: {
            "ending_planned": "on",
            "exit_date": TODAY,
            "exit_outcome": "unemployed_to_employed",
            "exit_reason": "Full-time job at the warehouse",
        },
        theirs=lambda w, r: caseload.exit_participant(
            participant=r,
            exited_by=w.users["other_keyworker"],
            exit_date=TODAY,
            exit_outcome="other",
            exit_reason="Moved to Leeds",
            version=r.version,
        ),
        shown=("Moved to Leeds", "Full-time job at the warehouse"),
    ),
    "caseload:professional-edit": Case(
        record=lambda w: w.professional,
        args=_on_participant,
        yours=lambda w, r: {"role": r.role, "name": r.name, "phone": "07700 900001"},
        theirs=lambda w, r: caseload.update_professional(
            professional=r,
            updated_by=w.keyworker,
            version=r.version,
            phone="07700 900999",
        ),
        shown=("07700 900999", "07700 900001"),
    ),
    "caseload:barrier-resolve": Case(
        record=_barrier,
        args=_on_participant,
        yours=lambda w, r: {"resolved_on": (TODAY - datetime.timedelta(days=2))},
        theirs=lambda w, r: caseload.resolve_barrier(
            barrier=r,
            resolved_by=w.keyworker,
            version=r.version,
            resolved_on=TODAY - datetime.timedelta(days=9),
        ),
        shown=(
            f"{TODAY - datetime.timedelta(days=9):%-d %b %Y}",
            f"{TODAY - datetime.timedelta(days=2):%-d %b %Y}",
        ),
    ),
    "caseload:goal-status": Case(
        record=lambda w: w.goal,
        args=_on_participant,
        yours=lambda w, r: {"status": "achieved"},
        theirs=lambda w, r: caseload.update_goal_status(
            goal=r, updated_by=w.keyworker, version=r.version, status="dropped"
        ),
        shown=("Dropped", "Achieved"),
    ),
    "caseload:step-status": Case(
        record=lambda w: GoalStepFactory(goal=w.goal),
        args=lambda w, r: {
            "pk": w.participant.pk,
            "item_pk": r.goal_id,
            "step_pk": r.pk,
        },
        yours=lambda w, r: {"status": "done"},
        theirs=lambda w, r: caseload.update_goal_step(
            step=r, updated_by=w.keyworker, version=r.version, status="dropped"
        ),
        shown=("Dropped", "Done"),
    ),
    "caseload:referral-update": Case(
        record=lambda w: w.referral,
        args=_on_participant,
        yours=lambda w, r: {"status": "completed", "outcome": "Finished six sessions"},
        theirs=lambda w, r: caseload.update_referral(
            referral=r,
            updated_by=w.keyworker,
            version=r.version,
            status="declined",
            outcome="Said the group was too big",
        ),
        shown=("Said the group was too big", "Finished six sessions"),
    ),
    "inwork_support:start-date": Case(
        record=lambda w: w.job,
        args=lambda w, r: _pk(r),
        yours=lambda w, r: {"start_date": datetime.date(2026, 3, 9)},
        theirs=lambda w, r: inwork.change_start_date(
            employment=r,
            changed_by=w.keyworker,
            version=r.version,
            start_date=r.start_date + datetime.timedelta(days=1),
        ),
        shown=("3 Mar 2026", "9 Mar 2026"),
    ),
    "inwork_support:probation": Case(
        record=lambda w: w.job,
        args=lambda w, r: _pk(r),
        yours=lambda w, r: {
            "probation_end": r.probation_end + datetime.timedelta(days=91),
            "reason": "Agreed at the review: more time on the tills",
        },
        theirs=lambda w, r: inwork.extend_probation(
            employment=r,
            changed_by=w.keyworker,
            version=r.version,
            probation_end=r.probation_end + datetime.timedelta(days=28),
            reason="Sickness absence in week six",
        ),
        shown=(
            "Sickness absence in week six",
            "Agreed at the review: more time on the tills",
        ),
    ),
    "inwork_support:plan-edit": Case(
        record=lambda w: w.job,
        args=lambda w, r: _pk(r),
        yours=lambda w, r: {
            "contact_method": "phone",
            "contact_frequency": "weekly",
            "agreed_support": "Call every Friday after shift",
        },
        theirs=lambda w, r: inwork.save_plan(
            employment=r,
            author=w.keyworker,
            base_revision=r.plans.first().revision,
            contact_method="text",
            contact_frequency="weekly",
            agreed_support="Text on Monday mornings",
        ),
        shown=("Text on Monday mornings", "Call every Friday after shift"),
        version_field="base_revision",
        read=lambda job: job.plans.first().revision,
    ),
}

# Edit URLs whose stale-save test lives beside the rest of their tests.
ELSEWHERE = {
    "caseload:handover": "tests.caseload.test_handover_views"
    "::test_a_confirm_after_the_holdings_changed_shows_the_new_preview_instead",
    "inwork_support:consent": "tests.inwork_support.test_disclosure_consent"
    "::test_a_stale_save_is_refused_and_keeps_what_was_typed",
    "caseload:participant-edit": "tests.caseload.test_participant_form"
    "::test_a_stale_edit_is_refused_and_the_typed_text_kept",
    # Checkboxes merge rather than refuse: only the boxes the user changed count.
    "inwork_support:preparation": "tests.test_stale_saves"
    "::test_two_people_ticking_preparation_items_at_once_both_keep_theirs",
}

# URLs that take a POST about an existing row but edit nothing two people could
# overwrite, and why.
ADDS = "adds a new row; nothing saved is overwritten"
ONCE = "a one-way change claimed once by a conditional update; a second is a no-op"
NOT_EDITS = {
    "caseload:log-contact": ADDS,
    "caseload:supervision-note-add": ADDS,
    "caseload:professional-add": ADDS,
    "caseload:barrier-add": ADDS,
    "caseload:goal-add": ADDS,
    "caseload:step-add": ADDS,
    "caseload:referral-add": ADDS,
    "caseload:outcome-add": ADDS,
    "inwork_support:job-start": ADDS,
    "inwork_support:practical-support": ADDS,
    "inwork_support:in-work-contact": ADDS + " (new terms are a dated history row)",
    "employers:contact-add": ADDS,
    "employers:engagement-add": ADDS,
    "employers:vacancy-add": ADDS,
    "employers:meeting-add": ADDS,
    "inwork_support:meeting-add": ADDS,
    "inwork_support:past-checkins": ONCE + " (each past check-in is answered once)",
    "employers:nomination-add": ADDS,
    "employers:inbox-thread": ADDS + " (a reply)",
    "employers:portal-thread": ADDS + " (a reply)",
    "caseload:action-done": ONCE,
    "caseload:supervision-note-resolve": ONCE,
    "caseload:concern-close": ONCE,
    "caseload:participant-reengage": ONCE + " (only someone who has exited)",
    "inwork_support:risk-clear": ONCE,
    "inwork_support:end": ONCE + " (the view refuses a job that has ended)",
    "caseload:professional-remove": "deletes the row; an edit of it then finds "
    "nothing (404) rather than bringing it back",
    "caseload:import-confirm": ONCE + " (only by whoever made the import)",
    "caseload:import-discard": ONCE + " (only by whoever made the import)",
    "employers:contact-invite": "sends an invitation; repeating it only re-sends",
    "employers:take-on": "taken on once, under the employer's row lock: a second "
    "partner taking it on meanwhile is refused",
    "caseload:mark-back": "sets a worker back from leave; repeating changes nothing",
    "contracts:enrol": ADDS + " (once per contract: a second is refused)",
    "contracts:evidence-upload": ADDS,
    "contracts:enrolment-check": ONCE,
    "contracts:outcome-check": ONCE,
    "contracts:claim-submit": ONCE,
    "contracts:claim-settle": ONCE + " (only a claimed outcome is answered)",
    "caseload:mark-away": "names who covers an away worker: one choice, no typed "
    "text; each chosen cover is told, and the last manager's choice stands",
}


def edit_urls() -> dict[str, str]:
    """Return the URL names that update an existing row from a form, with routes."""
    urls = {}
    for name, route in walk(get_resolver()):
        if name is None or route.startswith("admin/"):
            continue
        case = MATRIX.get(name)
        posts = case is not None and case.post is not None
        if name.endswith("-edit") or (posts and "<" in route):
            urls[name] = route
    return urls


def test_every_edit_url_has_a_stale_save_test():
    covered = set(STALE_SAVES) | set(ELSEWHERE)

    missing = sorted(set(edit_urls()) - covered - set(NOT_EDITS))
    named_edit_but_excused = sorted(n for n in NOT_EDITS if n.endswith("-edit"))
    gone = sorted((covered | set(NOT_EDITS)) - set(edit_urls()))

    assert not missing, f"Edit URLs without a stale-save test: {missing}"
    assert not named_edit_but_excused, named_edit_but_excused
    assert not gone, f"Entries for URLs that are not edit URLs: {gone}"


@pytest.mark.parametrize("name", sorted(ELSEWHERE))
def test_the_stale_save_tests_kept_elsewhere_exist(name):
    module, function = ELSEWHERE[name].split("::")

    assert callable(getattr(importlib.import_module(module), function, None))


def _post_data(case: Case, w: SimpleNamespace, record: Any, version: Any) -> dict:
    data = {
        key: value.isoformat() if isinstance(value, datetime.date) else value
        for key, value in case.yours(w, record).items()
    }
    data[case.version_field] = version
    return data


@pytest.mark.parametrize("name", sorted(STALE_SAVES))
def test_a_save_from_a_form_opened_before_someone_elses_is_refused_keeping_both(
    world,  # noqa: F811
    client,
    name,
):
    case = STALE_SAVES[name]
    record = case.record(world)
    url = reverse(name, kwargs=case.args(world, record))
    client.force_login(world.users[case.editor])
    opened_at = case.read(record)
    # 1. Someone else saves the record after the keyworker opened the form.
    case.theirs(world, type(record).objects.get(pk=record.pk))
    record.refresh_from_db()
    saved_meanwhile = case.read(record)

    response = client.post(url, _post_data(case, world, record, opened_at))

    # 2. Refused, with both values shown and the typing kept.
    assert response.status_code == 409, name
    page = unescape(response.content.decode())
    assert "Not saved: someone else changed this" in page
    theirs, yours = case.shown(world) if callable(case.shown) else case.shown
    assert theirs in page, (name, theirs)
    assert yours in page, (name, yours)
    assert case.read(type(record).objects.get(pk=record.pk)) == saved_meanwhile
    # 3. The form now carries the saved version: saving again is deliberate.
    form = response.context["form"]
    assert str(form[case.version_field].value()) == str(saved_meanwhile)
    again = client.post(url, _post_data(case, world, record, saved_meanwhile))
    assert again.status_code == 302, name
    assert case.read(type(record).objects.get(pk=record.pk)) != saved_meanwhile


def test_two_people_ticking_preparation_items_at_once_both_keep_theirs(
    client,
    keyworker,
    iwso,
    participant,
):
    participant.in_work_support_officer = iwso
    participant.save()
    job = start_job(participant, keyworker)
    url = reverse("inwork_support:preparation", args=[job.pk])
    # Both open the job page with nothing ticked; the officer ticks travel first.
    client.force_login(iwso)
    assert (
        client.post(url, {"done_items": ["travel"], "was_done": []}).status_code == 302
    )
    # The keyworker's page still shows travel unticked; they tick clothes.
    client.force_login(keyworker)
    client.post(url, {"done_items": ["clothes"], "was_done": []})

    done = set(job.preparation.exclude(done_on=None).values_list("item", flat=True))
    assert done == {"travel", "clothes"}


def test_unticking_an_item_still_unticks_it(client, keyworker, participant):
    job = start_job(participant, keyworker)
    url = reverse("inwork_support:preparation", args=[job.pk])
    client.force_login(keyworker)
    client.post(url, {"done_items": ["travel", "clothes"], "was_done": []})

    client.post(url, {"done_items": ["clothes"], "was_done": ["travel", "clothes"]})

    done = set(job.preparation.exclude(done_on=None).values_list("item", flat=True))
    assert done == {"clothes"}


@pytest.mark.real_stack
@pytest.mark.django_db(transaction=True)
def test_two_saves_from_the_same_version_at_the_same_moment_one_wins(keyworker):
    if connection.vendor != "postgresql":
        missing("PostgreSQL (row locks decide the race)")
    employer = EmployerFactory(name="Harbour Cafe", go_to_person=keyworker)
    start = threading.Barrier(2)
    results = []

    def save(name: str) -> None:
        try:
            start.wait()
            employers.update_employer(
                employer=Employer.objects.get(pk=employer.pk), version=1, name=name
            )
            results.append(name)
        except StaleVersionError:
            results.append("refused")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=[name]) for name in ("First", "Second")
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    employer.refresh_from_db()
    winners = [result for result in results if result != "refused"]
    assert sorted(results).count("refused") == len(results) - 1 == 1
    assert (employer.name, employer.version) == (winners[0], 2)
    # The winner's save is in the audit trail with its old and new name.
    updates = LogEntry.objects.get_for_object(employer).filter(
        action=LogEntry.Action.UPDATE
    )
    assert updates.get().changes_dict["name"] == ["Harbour Cafe", winners[0]]
