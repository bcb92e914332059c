"""The one contact form through the client: check-ins, in-work questions, crisis."""

import datetime
import uuid

import pytest
from django.urls import reverse

from caseload.models import Contact, SafeguardingConcern
from inwork_support import services
from inwork_support.models import CheckInKind, CheckInStatus, InWorkContact
from tests.factories import ParticipantFactory

pytestmark = pytest.mark.django_db


def url(participant, **query):
    base = reverse("caseload:log-contact", args=[participant.pk])
    return base + (
        "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
    )


def phone_call(**extra):
    """What a keyworker sends after tapping "Phone" and typing the notes."""
    return {
        "happened_at": "2026-03-02T17:30",
        "channel": "phone",
        "minutes": "15",
        "attendees": ["participant"],
        "notes": "First shift done; tired but happy.",
        "submission_key": str(uuid.uuid4()),
        **extra,
    }


@pytest.fixture
def signed_in(client, keyworker, time_machine):
    time_machine.move_to("2026-03-02 18:00+00:00", tick=False)
    client.force_login(keyworker)
    return client


def test_for_someone_in_work_the_check_in_due_is_pre_selected(signed_in, job):
    first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)

    response = signed_in.get(url(job.participant))

    html = response.content.decode()
    assert "The check-in this contact answers" in html
    assert f'<option value="{first_day.pk}" selected>First day, due 2 Mar 2026' in html
    assert "None of these" in html
    for question in (
        "1. How is the role going?",
        "2. Any changes to hours, location or contract?",
        "3. Anything else needed to stay in work?",
    ):
        assert question in html


def test_only_the_six_and_twelve_month_options_ask_how_work_was_confirmed(
    signed_in, job
):
    html = signed_in.get(url(job.participant)).content.decode()

    for checkin in job.checkins.pending():
        marked = f'<option value="{checkin.pk}" data-milestone' in html
        assert marked == checkin.is_milestone, checkin


def test_the_form_needs_no_tap_beyond_channel_and_notes(signed_in, participant):
    form = signed_in.get(url(participant)).context["form"]

    assert form["minutes"].value() == 15
    assert form["channel"].value() == "face_to_face"
    html = signed_in.get(url(participant)).content.decode()
    assert 'class="btn-check" name="channel" id="id_channel_1" value="phone"' in html
    for minutes in (5, 10, 15, 30, 60):
        assert f'data-minutes="{minutes}"' in html


def test_a_phone_call_logged_from_the_caseload_completes_the_due_check_in(
    signed_in, job
):
    first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)
    form = signed_in.get(url(job.participant)).context["form"]
    (questions,) = form.questions

    response = signed_in.post(
        url(job.participant), phone_call(checkin=questions.initial["checkin"].pk)
    )

    assert response.status_code == 302
    assert response.url == job.participant.get_absolute_url()
    first_day.refresh_from_db()
    assert first_day.status == CheckInStatus.DONE
    contact = Contact.objects.get()
    assert first_day.completed_contact == contact
    page = signed_in.get(job.participant.get_absolute_url()).content.decode()
    assert "Phone contact, 15 min" in page
    assert "First day check-in done" in page
    assert "Done 2 Mar 2026" in signed_in.get(job.get_absolute_url()).content.decode()


def test_choosing_none_leaves_the_check_in_pending(signed_in, job):
    signed_in.post(url(job.participant), phone_call(checkin=""))

    assert job.checkins.get(kind=CheckInKind.FIRST_DAY).status == "pending"
    assert Contact.objects.count() == 1
    assert not InWorkContact.objects.exists()


def test_choosing_another_check_in_completes_that_one(signed_in, job):
    preparation = job.checkins.get(kind=CheckInKind.PREPARATION)

    signed_in.post(url(job.participant), phone_call(checkin=preparation.pk))

    assert job.checkins.get(kind=CheckInKind.PREPARATION).status == "done"
    assert job.checkins.get(kind=CheckInKind.FIRST_DAY).status == "pending"


def test_someone_not_in_work_is_shown_no_check_in_choice(signed_in, participant):
    html = signed_in.get(url(participant)).content.decode()

    assert "The check-in this contact answers" not in html
    assert "How is the role going?" not in html


def test_another_participants_check_in_is_refused_keeping_what_was_typed(
    signed_in, job, other_job
):
    theirs = other_job.checkins.get(kind=CheckInKind.FIRST_DAY)

    response = signed_in.post(
        url(job.participant),
        phone_call(checkin=theirs.pk, how_is_it_going="Team are kind."),
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "That check-in is no longer open for this participant" in html
    assert "First shift done; tired but happy." in html
    assert "Team are kind." in html
    assert not Contact.objects.exists()
    theirs.refresh_from_db()
    assert theirs.status == CheckInStatus.PENDING


def test_a_crisis_on_the_in_work_form_opens_a_safeguarding_concern(
    signed_in, job, partner_manager
):
    first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)

    response = signed_in.post(
        url(job.participant),
        phone_call(
            checkin=first_day.pk,
            topics=["work", "crisis"],
            how_is_it_going="Walked out after a row.",
        ),
        follow=True,
    )

    assert "A safeguarding concern is open" in response.content.decode()
    concern = SafeguardingConcern.objects.open().get()
    assert concern.contact.in_work.how_is_it_going == "Walked out after a row."
    first_day.refresh_from_db()
    assert first_day.status == "done"


def test_the_in_work_links_open_the_one_form_with_their_choice(signed_in, job):
    preparation = job.checkins.get(kind=CheckInKind.PREPARATION)

    by_checkin = signed_in.get(
        reverse("inwork_support:checkin-log", args=[preparation.pk]), follow=True
    )
    by_job = signed_in.get(
        reverse("inwork_support:in-work-contact", args=[job.pk]), follow=True
    )

    assert by_checkin.context["form"].questions[0].initial["checkin"] == preparation
    assert by_job.context["form"].questions[0].initial["job"] == job
    assert by_job.redirect_chain[0][0] == url(job.participant, job=job.pk)


def test_with_two_jobs_the_contact_names_the_job(signed_in, job, keyworker):
    from .conftest import start_job

    second = start_job(job.participant, keyworker, job_title="Evening cleaner")
    response = signed_in.get(url(job.participant, job=second.pk))
    (questions,) = response.context["form"].questions
    assert questions.initial["job"] == second
    assert "The job this contact is about" in response.content.decode()

    signed_in.post(
        url(job.participant),
        phone_call(checkin="", job=second.pk, how_is_it_going="Cleaning is fine."),
    )

    assert InWorkContact.objects.get().employment == second


def test_an_ended_jobs_page_offers_no_preparation_to_save(signed_in, job, keyworker):
    services.end_employment(
        employment=job,
        ended_by=keyworker,
        ended_on=datetime.date(2026, 3, 2),
        end_reason="dismissed",
    )

    html = signed_in.get(job.get_absolute_url()).content.decode()
    response = signed_in.post(
        reverse("inwork_support:preparation", args=[job.pk]),
        {"done_items": ["travel"]},
        follow=True,
    )

    assert "Save preparation" not in html
    assert "Log in-work contact" not in html
    assert "its preparation can no longer change" in response.content.decode()
    assert not job.preparation.filter(done_on__isnull=False).exists()


def test_the_form_for_someone_not_in_work_runs_no_extra_queries_for_history(
    signed_in, keyworker, django_assert_max_num_queries
):
    participant = ParticipantFactory(keyworker=keyworker)
    signed_in.get(url(participant))
    with django_assert_max_num_queries(15):
        signed_in.get(url(participant))


@pytest.mark.parametrize("jobs", [1, 3])
def test_the_form_for_someone_in_work_runs_a_fixed_number_of_queries(
    signed_in, job, keyworker, django_assert_num_queries, jobs
):
    from .conftest import start_job

    for _ in range(jobs - 1):
        start_job(job.participant, keyworker)
    signed_in.get(url(job.participant))
    with django_assert_num_queries(FORM_QUERIES):
        signed_in.get(url(job.participant))


def test_the_chosen_check_in_and_job_are_checked_without_reading_them_again(
    signed_in, job, keyworker, django_assert_num_queries
):
    from .conftest import start_job

    start_job(job.participant, keyworker)
    checkin = job.checkins.get(kind=CheckInKind.FIRST_DAY)
    # The minutes left out: the form comes back with both choices kept.
    data = phone_call(checkin=checkin.pk, job=job.pk, minutes="")
    signed_in.get(url(job.participant))

    with django_assert_num_queries(FORM_QUERIES):
        response = signed_in.post(url(job.participant), data)

    questions = response.context["form"].questions[0]
    assert questions.cleaned_data["checkin"] == checkin
    assert questions.cleaned_data["job"] == job
    assert f'<option value="{checkin.pk}" selected>' in response.content.decode()


# Session, user, whom they cover today, participant, the jobs (with employers)
# and their pending check-ins in one.
FORM_QUERIES = 5
