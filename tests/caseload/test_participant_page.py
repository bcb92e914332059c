"""The participant page: the whole story on one page, in a bounded number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from caseload.models import BarrierKind, Participant, TimelineEntry, Topic
from caseload.services import log_contact
from tests.caseload.factories import (
    ConcernFactory,
    GoalStepFactory,
    ProfessionalFactory,
    ReferralFactory,
    TimelineEntryFactory,
)
from tests.conftest import compiling
from tests.factories import (
    ActionFactory,
    BarrierFactory,
    ContactFactory,
    EmploymentFactory,
    ParticipantFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, keyworker):
    client.force_login(keyworker)
    return client


def test_shows_header_people_needs_and_history(signed_in, participant):
    ProfessionalFactory(participant=participant, name="Sam Patel")
    GoalStepFactory(goal__participant=participant, description="Find a course")
    ReferralFactory(participant=participant, service="Citizens Advice Leeds")
    ActionFactory(participant=participant, description="Send the CV")

    html = signed_in.get(participant.get_absolute_url()).content.decode()

    for text in [
        "Jade Jones",
        "Sam Patel",
        "Get a forklift licence",
        "Find a course",
        "Citizens Advice Leeds",
        "Send the CV",
        "Keyworker history",
        "Who else is involved",
    ]:
        assert text in html


def test_barriers_show_distance_travelled(signed_in, participant):
    # Programme start is 5 Jan 2026 (the factory's).
    BarrierFactory(
        participant=participant,
        kind=BarrierKind.HOUSING,
        noted_on=datetime.date(2026, 1, 5),
        resolved_on=datetime.date(2026, 2, 1),
    )
    BarrierFactory(
        participant=participant,
        kind=BarrierKind.CONFIDENCE,
        noted_on=datetime.date(2026, 1, 5),
    )
    BarrierFactory(
        participant=participant,
        kind=BarrierKind.TRANSPORT,
        noted_on=datetime.date(2026, 2, 10),
    )

    response = signed_in.get(participant.get_absolute_url())

    at_start = {b.kind for b in response.context["barriers_at_start"]}
    now = {b.kind for b in response.context["barriers_now"]}
    assert at_start == {BarrierKind.HOUSING, BarrierKind.CONFIDENCE}
    assert now == {BarrierKind.CONFIDENCE, BarrierKind.TRANSPORT}


@pytest.mark.parametrize("persona", ["keyworker", "partner_manager"])
def test_sensitive_barriers_are_shown_to_those_working_with_the_person(
    client, request, participant, persona
):
    BarrierFactory(participant=participant, kind=BarrierKind.MENTAL_HEALTH)
    client.force_login(request.getfixturevalue(persona))

    response = client.get(participant.get_absolute_url())

    assert "Mental health" in response.content.decode()


def test_sensitive_barriers_never_reach_other_roles(
    participant, programme_manager, employer_contact
):
    from caseload.models import Barrier

    BarrierFactory(participant=participant, kind=BarrierKind.MENTAL_HEALTH)

    for user in (programme_manager, employer_contact):
        assert not Barrier.objects.visible_to(user).exists()


def test_a_sensitive_barrier_is_not_named_on_the_timeline(participant):
    from caseload.services import record_barrier

    record_barrier(
        participant=participant,
        recorded_by=participant.keyworker,
        kind=BarrierKind.ABUSE,
        noted_on=datetime.date(2026, 1, 5),
    )

    assert participant.timeline.get().title == "A sensitive barrier noted"


def test_open_concerns_are_flagged_on_the_page(signed_in, participant):
    ConcernFactory(participant=participant, summary="No food in the house.")

    html = signed_in.get(participant.get_absolute_url()).content.decode()

    assert "Open safeguarding concern" in html
    assert "No food in the house." in html


def test_the_newest_open_concern_is_shown_and_the_others_counted(
    client, participant, partner_manager
):
    ConcernFactory(
        participant=participant,
        summary="Older worry.",
        raised_at=datetime.datetime(2026, 3, 1, 9, tzinfo=datetime.UTC),
    )
    ConcernFactory(
        participant=participant,
        summary="Newest worry.",
        raised_at=datetime.datetime(2026, 3, 2, 9, tzinfo=datetime.UTC),
    )
    client.force_login(partner_manager)

    html = client.get(participant.get_absolute_url()).content.decode()

    assert "Newest worry." in html
    assert "Older worry." not in html
    assert "And 1 more open concern" in html


def test_keyworker_history_says_since_when_and_how_many_before(
    signed_in, participant, other_keyworker, partner_manager
):
    from caseload.models import KeyworkerAssignment
    from caseload.services import reassign_keyworker

    first = participant.keyworker
    # As registering does: the first keyworker's assignment.
    KeyworkerAssignment.objects.create(participant=participant, keyworker=first)
    reassign_keyworker(
        participant=participant,
        new_keyworker=other_keyworker,
        assigned_by=partner_manager,
        reason="Caseload balance",
    )
    participant.refresh_from_db()
    reassign_keyworker(
        participant=participant,
        new_keyworker=first,
        assigned_by=partner_manager,
        reason="Back from leave",
    )

    html = signed_in.get(participant.get_absolute_url()).content.decode()

    assert "2 keyworkers before" in html


def entries(participant, days, **kwargs):
    return [
        TimelineEntryFactory(
            participant=participant,
            title=f"Entry {day}",
            occurred_at=datetime.datetime(2026, 1, 1, 9, tzinfo=datetime.UTC)
            + datetime.timedelta(days=day),
            **kwargs,
        )
        for day in days
    ]


def titles(response) -> list[str]:
    return [entry.title for entry in response.context["timeline"]]


def older_url(participant, before) -> str:
    url = reverse("caseload:participant-timeline", args=[participant.pk])
    return f"{url}?before={before}"


def test_the_page_shows_the_latest_entries_and_links_to_older_ones(
    signed_in, participant
):
    made = entries(participant, range(1, 26))

    page = signed_in.get(participant.get_absolute_url())

    assert titles(page) == [f"Entry {day}" for day in range(25, 5, -1)]
    link = older_url(participant, made[5].pk)
    assert f'href="{link}#timeline">Older entries</a>' in page.content.decode()
    older = signed_in.get(link)
    assert titles(older) == [f"Entry {day}" for day in range(5, 0, -1)]
    html = older.content.decode()
    assert "Older entries</a>" not in html
    assert "Back to the latest" in html


def test_older_pages_follow_on_however_far_back(signed_in, participant):
    entries(participant, range(1, 121))
    seen = []
    url = participant.get_absolute_url()
    while url:
        response = signed_in.get(url)
        seen += titles(response)
        older = response.context["timeline"].older_than
        url = older_url(participant, older) if older else None

    assert seen == [f"Entry {day}" for day in range(120, 0, -1)]


def test_entries_at_the_same_moment_are_each_shown_once(signed_in, participant):
    moment = datetime.datetime(2026, 3, 2, 10, tzinfo=datetime.UTC)
    same = [
        TimelineEntryFactory(participant=participant, occurred_at=moment, title=f"{n}")
        for n in range(60)
    ]

    first = signed_in.get(participant.get_absolute_url())
    second = signed_in.get(older_url(participant, first.context["timeline"].older_than))

    shown = titles(first) + titles(second)
    assert sorted(shown, key=int) == [entry.title for entry in same]
    assert len(shown) == len(set(shown)) == 60


def test_another_participants_entry_is_no_starting_point(signed_in, participant):
    entries(participant, range(1, 4))
    (elsewhere,) = entries(ParticipantFactory(), [10])

    response = signed_in.get(older_url(participant, elsewhere.pk))

    assert response.status_code == 200
    assert titles(response) == []
    assert "Nothing older." in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("keyworker", 200),
        ("partner_manager", 200),
        ("other_keyworker", 404),
        ("other_partner_manager", 404),
        ("programme_manager", 403),
        ("employer_contact", 403),
    ],
)
def test_the_older_timeline_is_open_to_whoever_may_open_the_page(
    client, request, participant, persona, status
):
    entries(participant, range(1, 3))
    client.force_login(request.getfixturevalue(persona))

    timeline = client.get(older_url(participant, ""))
    page = client.get(participant.get_absolute_url())

    assert timeline.status_code == page.status_code == status


def test_reading_older_entries_is_in_the_audit_trail(signed_in, participant):
    from auditlog.models import LogEntry

    signed_in.get(older_url(participant, ""))

    assert LogEntry.objects.filter(
        object_pk=str(participant.pk), action=LogEntry.Action.ACCESS
    ).exists()


def phone_call(participant, notes, *, hour=10, **details):
    log_contact(
        participant=participant,
        worker=participant.keyworker,
        happened_at=datetime.datetime(2026, 3, 7, hour, 0, tzinfo=datetime.UTC),
        channel="phone",
        minutes=40,
        notes=notes,
        **details,
    )


def test_contacts_on_the_timeline_show_their_notes_and_flags(signed_in, participant):
    phone_call(
        participant, "Landlord changed the locks.", hour=20, topics=[Topic.CRISIS]
    )

    html = signed_in.get(participant.get_absolute_url()).content.decode()

    assert "Landlord changed the locks." in html
    assert "Out of hours" in html
    assert "Crisis" in html


def test_long_notes_and_details_are_cut_to_200_characters(signed_in, participant):
    phone_call(participant, "N" * 250)
    TimelineEntryFactory(participant=participant, detail="D" * 200)

    html = signed_in.get(participant.get_absolute_url()).content.decode()

    assert "N" * 199 + "…" in html
    assert "N" * 200 not in html
    assert "D" * 200 in html


def fill(participant, size):
    for _ in range(size):
        contact = ContactFactory(participant=participant)
        log_contact(
            participant=participant,
            worker=participant.keyworker,
            happened_at=contact.happened_at,
            channel="phone",
            minutes=10,
            actions=[("Follow up", datetime.date(2026, 4, 1))],
        )
        BarrierFactory(participant=participant)
        GoalStepFactory(goal__participant=participant)
        ReferralFactory(participant=participant)
        ProfessionalFactory(participant=participant)
        ConcernFactory(participant=participant)


def test_an_empty_list_costs_no_query(signed_in, participant):
    TimelineEntryFactory(participant=participant)

    with CaptureQueriesContext(connection) as captured:
        html = signed_in.get(participant.get_absolute_url()).content.decode()

    tables = [f"caseload_{t}" for t in ("barrier", "goal", "referral", "action")]
    tables += ["caseload_involvedprofessional", "inwork_support_employment"]
    read = [q["sql"] for q in captured.captured_queries]
    assert not [sql for sql in read for t in tables if sql.startswith(f'SELECT "{t}"')]
    for empty in ("No open actions.", "No goals yet.", "No job recorded yet."):
        assert empty in html


def test_the_page_summary_is_built_once_a_day(signed_in, participant, time_machine):
    from unittest import mock

    from caseload.views.participants import page_summary_on

    page_summary_on.cache_clear()
    time_machine.move_to("2026-03-02 09:00+00:00", tick=False)
    built = mock.patch.object(
        type(Participant.objects.all()),
        "with_page_summary",
        autospec=True,
        side_effect=type(Participant.objects.all()).with_page_summary,
    )
    with built as with_page_summary:
        for day in ("02 09:00", "02 17:00", "03 09:00"):
            time_machine.move_to(f"2026-03-{day}+00:00", tick=False)
            assert signed_in.get(participant.get_absolute_url()).status_code == 200

    assert with_page_summary.call_count == 2  # the 2nd and the 3rd of March


@pytest.mark.parametrize("in_work", [False, True], ids=["job search", "in work"])
@pytest.mark.parametrize("persona", ["keyworker", "partner_manager"])
def test_query_count_does_not_grow_with_the_record(
    client, request, keyworker, persona, in_work
):
    participant = ParticipantFactory(keyworker=keyworker)
    if in_work:
        EmploymentFactory(participant=participant)
    client.force_login(request.getfixturevalue(persona))
    counts = []
    for size in (3, 27):
        fill(participant, size)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(participant.get_absolute_url()).status_code == 200
        counts.append(len(captured.captured_queries))

    assert counts[0] == counts[1], captured.captured_queries
    assert counts[1] <= 15, [q["sql"] for q in captured.captured_queries]


def test_a_timeline_line_is_escaped_dated_in_london_and_says_who(
    signed_in, participant, keyworker
):
    # Each line is written in Python (caseload.views.participants.timeline_rows):
    # every value escaped as the template's autoescape did, the date as |date did.
    keyworker.first_name = "Ann <b>"
    keyworker.save()
    TimelineEntryFactory(
        participant=participant,
        occurred_at=datetime.datetime(2026, 6, 1, 23, 30, tzinfo=datetime.UTC),
        title='Goal "A" & <b>B</b>',
        detail="Detail <i>",
        actor=keyworker,
    )
    phone_call(participant, "Rent & <arrears>", topics=[Topic.WORK, Topic.MONEY])
    contact = participant.contacts.get()

    html = signed_in.get(participant.get_absolute_url()).content.decode()

    assert (
        '<span class="fw-semibold">Goal &quot;A&quot; &amp; &lt;b&gt;B&lt;/b&gt;</span>'
    ) in html
    assert 'datetime="2026-06-01T23:30:00+00:00">2 Jun 2026, 00:30</time>' in html
    assert '<div class="small text-body-secondary">Detail &lt;i&gt;</div>' in html
    assert '<div class="small text-body-secondary">Ann &lt;b&gt; ' in html
    assert (
        f'<span class="fw-semibold"><a href="/caseload/contacts/{contact.pk}/">'
        "Phone contact, 40 min</a></span>"
    ) in html
    assert ">7 Mar 2026, 10:00</time>" in html
    assert "\nWork-related, Money or benefits\n</div>" in html
    assert '<div class="small text-body-secondary">Rent &amp; &lt;arrears&gt;' in html


def test_a_keyworkers_read_of_the_participant_and_timeline_is_compiled_once(
    signed_in, participant, monkeypatch
):

    TimelineEntryFactory.create_batch(3, participant=participant)
    older = older_url(participant, participant.timeline.last().pk)
    assert signed_in.get(participant.get_absolute_url()).status_code == 200
    assert signed_in.get(older).status_code == 200
    compiled = compiling(monkeypatch)

    assert signed_in.get(participant.get_absolute_url()).status_code == 200
    assert signed_in.get(older).status_code == 200
    assert Participant not in compiled
    assert TimelineEntry not in compiled
