"""My caseload: search, filters, sort, scope, and a bounded number of queries."""

import datetime
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.services import mark_away
from caseload.models import PathwayStage
from caseload.views.caseload import pk_url
from tests.factories import ActionFactory, ContactFactory, ParticipantFactory

pytestmark = pytest.mark.django_db
URL = reverse("caseload:my-caseload")
NOW = datetime.datetime(2026, 3, 20, 12, 0, tzinfo=datetime.UTC)


def names(response):
    return [p.display_name for p in response.context["page"]]


@pytest.fixture
def caseload(keyworker):
    """Three participants: seen yesterday, seen 20 days ago, never seen."""
    recent = ParticipantFactory(keyworker=keyworker, first_name="Ava", last_name="Hill")
    stale = ParticipantFactory(
        keyworker=keyworker,
        first_name="Ben",
        last_name="Cole",
        pathway_stage=PathwayStage.JOB_SEARCH,
    )
    never = ParticipantFactory(keyworker=keyworker, first_name="Cy", last_name="Ames")
    ContactFactory(participant=recent, happened_at=NOW - datetime.timedelta(days=1))
    ContactFactory(participant=stale, happened_at=NOW - datetime.timedelta(days=20))
    ContactFactory(participant=stale, happened_at=NOW - datetime.timedelta(days=40))
    ActionFactory(participant=stale)
    ActionFactory(participant=stale)
    ActionFactory(participant=recent, done_at=NOW)
    return recent, stale, never


@pytest.fixture
def exited_participant(keyworker):
    return ParticipantFactory(
        keyworker=keyworker,
        first_name="Ed",
        last_name="Gone",
        pathway_stage=PathwayStage.EXITED,
        exit_date=datetime.date(2026, 3, 1),
    )


@pytest.fixture
def signed_in(client, keyworker):
    client.force_login(keyworker)
    return client


@time_machine.travel(NOW, tick=False)
def test_shows_last_contact_and_open_actions(signed_in, caseload):
    response = signed_in.get(URL)

    rows = {p.first_name: p for p in response.context["page"]}
    assert rows["Ben"].last_contact_at == NOW - datetime.timedelta(days=20)
    assert rows["Ben"].open_action_count == 2
    assert rows["Ava"].open_action_count == 0
    assert rows["Cy"].last_contact_at is None
    assert "No contact yet" in response.content.decode()


def row_texts(response):
    """Each row's words by first name (all whitespace, even no-break, folded)."""
    html = response.content.decode()
    rows = html.split('caseload-row">')[1:]
    texts = {}
    for row in rows:
        row = row.split("</li>")[0]
        words = " ".join(re.sub(r"<[^>]+>", " ", row).split())
        texts[words.split(" Log contact")[0].split(" ")[0]] = words
    return texts


@time_machine.travel(NOW, tick=False)
def test_each_row_reads_as_before(
    client, keyworker, partner_manager, caseload, exited_participant
):
    # The rows are written from plain values built in the view, not per-row
    # filters; they must read as the date/timesince/pluralize filters wrote them.
    recent, stale, never = caseload
    ActionFactory(participant=never)
    client.force_login(keyworker)

    own = row_texts(client.get(URL, {"stage": ""}))
    client.force_login(partner_manager)
    managed = row_texts(client.get(URL))
    exited = row_texts(client.get(URL, {"stage": "exited"}))

    assert own["Ben"].startswith(
        f"Ben Cole {stale.get_pathway_stage_display()} Last contact 28 Feb 2026 "
        "(2 weeks, 6 days ago) · 2 open actions"
    )
    assert "Last contact 19 Mar 2026 (1 day ago) · no open actions" in own["Ava"]
    assert "No contact yet · 1 open action" in own["Cy"]
    assert str(keyworker) not in own["Cy"]  # a keyworker's own rows: no name
    assert managed["Cy"].endswith(f"1 open action · {keyworker} Log contact")
    assert "Log contact" not in exited["Ed"]  # nothing to log for the exited


def test_search_finds_by_part_of_a_name(signed_in, caseload):
    response = signed_in.get(URL, {"q": "col"})

    assert names(response) == ["Ben Cole"]


def test_search_matches_the_preferred_name(signed_in, keyworker):
    ParticipantFactory(keyworker=keyworker, first_name="Robert", preferred_name="Bobby")

    response = signed_in.get(URL, {"q": "bobby"})

    assert names(response) == ["Bobby Example"]


def test_filter_by_stage(signed_in, caseload):
    response = signed_in.get(URL, {"stage": "job_search"})

    assert names(response) == ["Ben Cole"]


@time_machine.travel(NOW, tick=False)
def test_no_contact_in_n_days_includes_the_never_contacted(signed_in, caseload):
    response = signed_in.get(URL, {"no_contact_days": "14"})

    assert names(response) == ["Cy Ames", "Ben Cole"]


def test_filter_by_open_actions(signed_in, caseload):
    response = signed_in.get(URL, {"open_actions": "on"})

    assert names(response) == ["Ben Cole"]


def test_sort_longest_since_contact_puts_the_never_contacted_first(signed_in, caseload):
    response = signed_in.get(URL, {"sort": "last_contact"})

    assert names(response) == ["Cy Ames", "Ben Cole", "Ava Hill"]


def test_sort_by_most_open_actions(signed_in, caseload):
    response = signed_in.get(URL, {"sort": "-open_actions"})

    assert names(response)[0] == "Ben Cole"


def test_unknown_filter_values_are_ignored_not_an_error(signed_in, caseload):
    response = signed_in.get(URL, {"stage": "nonsense", "sort": "drop table"})

    assert response.status_code == 200
    assert names(response) == ["Cy Ames", "Ben Cole", "Ava Hill"]


def test_each_row_has_one_tap_to_log_contact(signed_in, caseload):
    response = signed_in.get(URL)

    for participant in caseload:
        assert reverse("caseload:log-contact", args=[participant.pk]) in (
            response.content.decode()
        )


def test_each_row_links_the_participants_page_and_log_contact(signed_in, caseload):
    # The rows' links are built from one reverse() each: the same URLs.
    response = signed_in.get(URL)

    html = response.content.decode()
    for participant in caseload:
        log_contact = reverse("caseload:log-contact", args=[participant.pk])
        assert (
            f'href="{participant.get_absolute_url()}">{participant.display_name}'
            in (html)
        )
        assert f'href="{log_contact}" aria-label="Log contact with' in html
    assert pk_url("caseload:participant-detail")(1234567) == reverse(
        "caseload:participant-detail", args=[1234567]
    )


def test_keyworker_sees_only_their_own_caseload(
    signed_in, participant, other_participant, participant_elsewhere
):
    response = signed_in.get(URL)

    assert names(response) == ["Jade Jones"]


def test_partner_manager_sees_the_whole_partner_and_nothing_else(
    client, partner_manager, participant, other_participant, participant_elsewhere
):
    client.force_login(partner_manager)

    response = client.get(URL)

    assert names(response) == ["Jade Jones", "Owen Nolan"]


def test_partner_manager_filters_by_keyworker(
    client, partner_manager, participant, other_participant, other_keyworker
):
    client.force_login(partner_manager)

    response = client.get(URL, {"keyworker": other_keyworker.pk})

    assert names(response) == ["Owen Nolan"]


def test_cover_sees_an_away_colleagues_participants_and_who_they_cover(
    client, keyworker, other_keyworker, participant, other_participant
):
    mark_away(worker=other_keyworker, cover=keyworker)
    client.force_login(keyworker)

    response = client.get(URL)

    assert names(response) == ["Jade Jones", "Owen Nolan"]
    assert f"covering for <strong>{other_keyworker}</strong>" in (
        response.content.decode()
    )


def test_the_list_is_paginated(signed_in, keyworker):
    ParticipantFactory.create_batch(30, keyworker=keyworker)

    first = signed_in.get(URL)
    second = signed_in.get(URL, {"page": 2})

    assert len(first.context["page"]) == 25
    assert len(second.context["page"]) == 5


def make_caseload(keyworker, size):
    for participant in ParticipantFactory.create_batch(size, keyworker=keyworker):
        ContactFactory(participant=participant)
        ActionFactory(participant=participant)


@pytest.mark.parametrize("persona", ["keyworker", "partner_manager"])
def test_query_count_does_not_grow_with_the_caseload(
    client, request, keyworker, persona
):
    client.force_login(request.getfixturevalue(persona))
    # The first request on a connection also prepares the list's statement
    # (config.prepared, plan_once): once per connection, not per request.
    client.get(URL, {"sort": "-last_contact"})
    counts = []
    for size in (3, 27):  # 3 rows, then 30
        make_caseload(keyworker, size)
        with CaptureQueriesContext(connection) as captured:
            response = client.get(URL, {"sort": "-last_contact"})
        assert response.status_code == 200
        counts.append(len(captured.captured_queries))

    assert len(response.context["page"]) == 25
    assert counts[0] == counts[1] <= 15  # the programme budget per page


def test_exited_participants_show_only_when_asked_for(
    signed_in, caseload, exited_participant
):

    default = signed_in.get(URL)
    exited = signed_in.get(URL, {"stage": "exited"})

    assert "Ed Gone" not in names(default)
    assert names(exited) == ["Ed Gone"]


def test_each_rows_values_are_escaped(client, partner_manager, keyworker):
    # The rows are written in Python (caseload_markup), not by the template:
    # every value is escaped as its autoescaping did, quotes too.
    keyworker.first_name, keyworker.last_name = "Kim <b>", "O'Neil & Co"
    keyworker.save()
    ParticipantFactory(keyworker=keyworker, first_name='Jo "Jo"', last_name="<i>Lee")
    client.force_login(partner_manager)

    html = client.get(URL).content.decode()

    name = "Jo &quot;Jo&quot; &lt;i&gt;Lee"
    assert f">{name}</a>" in html
    assert f'aria-label="Log contact with {name}"' in html
    assert "· Kim &lt;b&gt; O&#x27;Neil &amp; Co</div>" in html
    assert "<i>" not in html
    assert "<b>" not in html


def chosen(response) -> list[str]:
    return re.findall(r'<option value="([^"]*)" selected>', response.content.decode())


def test_the_filter_form_shows_what_was_asked_for(client, keyworker, partner_manager):
    # The selects' options are written in Python (filter_options).
    client.force_login(keyworker)
    asked = {"stage": "job_search", "no_contact_days": "14", "sort": "stage"}

    assert chosen(client.get(URL)) == ["name"]  # by name when no sort is asked
    assert chosen(client.get(URL, asked)) == ["job_search", "14", "stage"]
    assert chosen(client.get(URL, {"stage": "nonsense"})) == ["name"]

    client.force_login(partner_manager)
    assert chosen(client.get(URL, {"keyworker": keyworker.pk})) == [
        str(keyworker.pk),
        "name",
    ]
    assert chosen(client.get(URL, {"keyworker": ""})) == ["name"]  # not "Anyone"
