"""The in-work pages through the client: forms, what they change, query counts."""

import datetime
import uuid
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from caseload.models import Contact, Outcome
from caseload.services import log_contact
from inwork_support import services
from inwork_support.models import CheckInKind, Employment, JobRisk
from tests.factories import EmployerFactory, ParticipantFactory

from .conftest import start_job

pytestmark = pytest.mark.django_db
D = datetime.date


def contact_data(**extra):
    return {
        "happened_at": "2026-03-02T17:30",
        "channel": "phone",
        "minutes": "10",
        "how_is_it_going": "First day went well; nervous but the team is kind.",
        "submission_key": str(uuid.uuid4()),
        **extra,
    }


@pytest.fixture
def signed_in(client, keyworker, time_machine):
    time_machine.move_to("2026-03-02 18:00+00:00", tick=False)
    client.force_login(keyworker)
    return client


def test_recording_a_job_start_creates_the_job_and_its_check_ins(
    signed_in, participant, keyworker
):
    response = signed_in.post(
        reverse("inwork_support:job-start", args=[participant.pk]),
        {
            "new_employer_name": "Corner Bakery",
            "job_title": "Baker's assistant",
            "hours_per_week": "30",
            "hourly_pay": "12.21",
            "contract_type": "permanent",
            "start_date": "2026-03-09",
            "employer_may_know": "on",
        },
    )

    job = Employment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.probation_end == D(2026, 6, 8)
    assert job.is_full_time
    assert job.employer.go_to_person == keyworker
    assert job.checkins.count() == 6


def test_a_fixed_term_job_without_an_end_date_is_refused_keeping_the_input(
    signed_in, participant
):
    employer = EmployerFactory()
    response = signed_in.post(
        reverse("inwork_support:job-start", args=[participant.pk]),
        {
            "employer": employer.pk,
            "job_title": "Seasonal picker",
            "hours_per_week": "20",
            "hourly_pay": "12.50",
            "contract_type": "fixed_term",
            "start_date": "2026-03-09",
        },
    )

    assert response.status_code == 200
    assert "A fixed-term contract needs its end date." in response.content.decode()
    assert 'value="Seasonal picker"' in response.content.decode()
    assert not Employment.objects.exists()


def contact_url(job):
    """The one contact form, asked for from the job page."""
    return reverse("caseload:log-contact", args=[job.participant_id]) + (
        f"?job={job.pk}"
    )


def test_logging_the_first_day_call_completes_its_check_in(signed_in, job):
    first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)
    url = reverse("inwork_support:checkin-log", args=[first_day.pk])

    form_page = signed_in.get(url, follow=True)
    (questions,) = form_page.context["form"].questions
    assert questions.initial["checkin"] == first_day
    response = signed_in.post(
        form_page.redirect_chain[-1][0], contact_data(checkin=first_day.pk)
    )

    assert response.status_code == 302
    first_day.refresh_from_db()
    assert first_day.status == "done"
    contact = Contact.objects.get()
    assert first_day.completed_contact == contact
    assert contact.in_work.how_is_it_going.startswith("First day went well")
    page = signed_in.get(job.get_absolute_url()).content.decode()
    assert "Done 2 Mar 2026" in page


def test_a_double_submitted_contact_is_recorded_once(signed_in, job):
    data = contact_data()
    signed_in.post(contact_url(job), data)
    signed_in.post(contact_url(job), data)
    assert Contact.objects.count() == 1
    assert job.in_work_contacts.count() == 1


def test_a_post_to_the_old_in_work_contact_address_is_saved_once(signed_in, job):
    """A page opened before the forms merged still saves what was typed."""
    first_day = job.checkins.get(kind=CheckInKind.FIRST_DAY)
    url = reverse("inwork_support:in-work-contact", args=[job.pk])
    data = contact_data(checkin=first_day.pk)

    response = signed_in.post(url, data, follow=True)
    signed_in.post(url, data, follow=True)

    assert response.redirect_chain[0][1] == 307
    assert response.redirect_chain[-1][0] == job.participant.get_absolute_url()
    assert Contact.objects.count() == 1
    first_day.refresh_from_db()
    assert first_day.status == "done"


def test_new_terms_and_trouble_in_the_contact_change_the_job_and_flag_risk(
    signed_in, job
):
    signed_in.post(
        contact_url(job),
        contact_data(
            changes="More hours from April",
            terms_changed="on",
            effective_from="2026-04-01",
            hours_per_week="35",
            hourly_pay="12.80",
            contract_type="permanent",
            risks=["lateness"],
            risk_detail="Late twice: buses",
        ),
    )

    job.refresh_from_db()
    assert job.hours_per_week == Decimal("35.0")
    assert job.terms.count() == 2
    assert JobRisk.objects.open().get().reason == "lateness"


def test_the_six_month_check_in_needs_how_it_was_confirmed_and_records_it(
    client, keyworker, job, time_machine
):
    time_machine.move_to("2026-09-02 12:00+00:00", tick=False)
    client.force_login(keyworker)
    six = job.checkins.get(kind=CheckInKind.SIX_MONTHS)
    url = contact_url(job)

    refused = client.post(
        url, contact_data(checkin=six.pk, happened_at="2026-09-02T12:00")
    )
    assert refused.status_code == 200
    assert "how continued employment was confirmed" in refused.content.decode()

    client.post(
        url,
        contact_data(
            checkin=six.pk, happened_at="2026-09-02T12:00", confirmed_by="payslip"
        ),
    )
    outcome = Outcome.objects.get(key=f"employment:{job.pk}:sustained_6")
    assert outcome.confirmed_by == "payslip"
    job.refresh_from_db()
    assert job.reached_six_months is True


def test_a_plan_edit_based_on_an_old_revision_is_refused_keeping_the_text(
    signed_in, job, keyworker
):
    services.save_plan(employment=job, author=keyworker, base_revision=0)
    services.save_plan(employment=job, author=keyworker, base_revision=1)
    response = signed_in.post(
        reverse("inwork_support:plan-edit", args=[job.pk]),
        {
            "base_revision": "1",
            "contact_method": "phone",
            "contact_frequency": "weekly",
            "agreed_support": "Call every Friday after shift",
        },
    )

    assert response.status_code == 409
    assert "now revision 2" in response.content.decode()
    assert "Call every Friday after shift" in response.content.decode()
    assert job.plans.count() == 2
    earlier = signed_in.get(reverse("inwork_support:plan-revision", args=[job.pk, 1]))
    assert "An earlier revision" in earlier.content.decode()


def test_clearing_a_risk_needs_a_note(signed_in, job):
    risk = services.raise_job_risk(employment=job, reason="sickness", key="s")
    url = reverse("inwork_support:risk-clear", args=[risk.pk])

    assert signed_in.post(url, {"note": ""}).status_code == 200
    signed_in.post(url, {"note": "Back at work, fit note seen"})

    risk.refresh_from_db()
    assert risk.clearing_note == "Back at work, fit note seen"


def test_six_months_settled_in_work_suggests_withdrawing_support(
    client, keyworker, job, time_machine
):
    services.save_plan(
        employment=job, author=keyworker, base_revision=0, contact_frequency="monthly"
    )
    time_machine.move_to("2026-09-10 12:00+00:00", tick=False)
    client.force_login(keyworker)
    page = client.get(job.get_absolute_url()).content.decode()
    assert "Consider withdrawing in-work support" in page


def test_the_progress_chart_lists_eight_steps_with_status_text(signed_in, job):
    steps = signed_in.get(job.get_absolute_url()).context["steps"]
    assert [s.title for s in steps] == [
        "Job start confirmed",
        "Plan agreed",
        "Prepared for work",
        "Plan started",
        "First-day contact",
        "Continuing in work",
        "Six months",
        "Twelve months and exit",
    ]
    assert steps[4].text == "Due 2 Mar 2026"
    assert steps[6].text == "Due 2 Sep 2026"


# Query counts: the same with few rows as with many.


def make_jobs(keyworker, count):
    for _ in range(count):
        job = start_job(ParticipantFactory(keyworker=keyworker))
        services.raise_job_risk(employment=job, reason="sickness", key=f"q{job.pk}")


@pytest.mark.parametrize("count", [1, 10])
def test_today_runs_a_fixed_number_of_queries(
    client, keyworker, django_assert_num_queries, time_machine, count
):
    time_machine.move_to("2026-03-02 09:00+00:00", tick=False)
    make_jobs(keyworker, count)
    client.force_login(keyworker)
    client.get(reverse("inwork_support:today"))  # warm the session
    with django_assert_num_queries(TODAY_QUERIES):
        response = client.get(reverse("inwork_support:today"))
    assert len(response.context["due"]) == count  # first days (prep: recorded late)


# Besides the session and the user: the visit noted for "new since your last
# visit" (one upsert), whom the worker covers today (read once for every
# scope), the check-ins, both lists of jobs, the risks, the outcome clocks card
# (none of them enrolled here) and the employer inbox.
TODAY_QUERIES = 9


@pytest.mark.parametrize("contacts", [1, 10])
def test_the_employment_page_runs_a_fixed_number_of_queries(
    signed_in, job, keyworker, django_assert_num_queries, contacts
):
    for n in range(contacts):
        log_contact(
            participant=job.participant,
            worker=keyworker,
            happened_at=datetime.datetime(2026, 3, 2, 9, n, tzinfo=datetime.UTC),
            channel="phone",
            minutes=5,
            answers=[services.InWorkAnswers(employment=job, how_is_it_going="Fine")],
        )
        services.save_plan(employment=job, author=keyworker, base_revision=n)
    signed_in.get(job.get_absolute_url())
    with django_assert_num_queries(EMPLOYMENT_QUERIES):
        signed_in.get(job.get_absolute_url())


# One of them records the reading in the audit trail; one reads the consent history;
# one lists the job's three-way meetings (and one more reads their actions, when
# there are any); one reads whom the worker covers today (once, accounts/cover.py).
EMPLOYMENT_QUERIES = 14


@pytest.mark.parametrize("at_risk", [False, True], ids=["no risk", "at risk"])
@pytest.mark.parametrize("jobs", [1, 10])
def test_the_participant_panel_runs_two_queries_and_a_third_for_risks(
    participant, keyworker, django_assert_num_queries, jobs, at_risk
):
    for _ in range(jobs):
        job = start_job(participant)
        if at_risk:
            JobRisk.objects.create(employment=job, reason="lateness", detail="Buses")
    request = RequestFactory().get("/")
    request.user = keyworker
    keyworker.covered_today()  # the page read whom they cover before the panel
    template = Template("{% load inwork_tags %}{% inwork_panel participant %}")
    with django_assert_num_queries(3 if at_risk else 2):
        html = template.render(
            Context({"request": request, "participant": participant})
        )
    assert html.count("Kitchen assistant at") == jobs
    assert "Record a job start" in html
    assert ("Job at risk" in html) == at_risk


def test_the_participant_panel_runs_one_query_without_a_current_job(
    participant, keyworker, django_assert_num_queries
):
    request = RequestFactory().get("/")
    request.user = keyworker
    keyworker.covered_today()  # the page read whom they cover before the panel
    template = Template("{% load inwork_tags %}{% inwork_panel participant %}")
    with django_assert_num_queries(1):
        html = template.render(
            Context({"request": request, "participant": participant})
        )
    assert "No job recorded yet." in html
