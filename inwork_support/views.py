"""Pages of in-work support: Today, job starts, the employment page and its forms."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    Q,
    QuerySet,
    Window,
)
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts import policy
from accounts.audit import record_access
from accounts.cover import held_by_ids, worker_holding
from accounts.decorators import require, rule_required
from accounts.models import Notification, User
from accounts.querystring import positive_int
from accounts.services import record_visit
from accounts.versions import StaleVersionError, refuse_stale
from caseload.models import Participant
from caseload.services import StageMoveError
from caseload.views.caseload import pk_url
from config.prepared import DATE, IDS, KEY, PreparedQuery

from . import dates, forms, services
from .models import CheckIn, Employment, JobRisk
from .progress import progress_chart, suggests_withdrawal

BACKDATED_MESSAGE = (
    "Job start recorded. It started before today: say whether the check-ins "
    "already past happened."
)
SOON = datetime.timedelta(days=28)
WEEK = datetime.timedelta(days=7)


def _employment(request: HttpRequest, pk: int, *, change: bool) -> Employment:
    employment = get_object_or_404(
        Employment.objects.visible_to(request.user).with_people(), pk=pk
    )
    if change:
        require(policy.may_change_job(request.user, employment))
    return employment


@rule_required(policy.is_frontline)
def today(request: HttpRequest) -> HttpResponse:
    user = request.user
    day = dates.today()
    show_all = request.GET.get("all") == "checkins"
    # Every list is scoped by the user's role and the workers they hold today
    # (seen_by); each query is compiled once per process (config.prepared).
    scope = (user.role, held_by_ids(user))
    if show_all:
        checkins = ALL_CHECKINS.all(*scope, day + WEEK)
    else:
        checkins = FIRST_CHECKINS.all(*scope, day, day + WEEK)
    _name_assignees(checkins, user)
    jobs = STARTING_OR_ENDING.all(*scope, *dates.week_of(day), day, day + SOON)
    due = [c for c in checkins if c.due_on <= day]
    upcoming = [c for c in checkins if c.due_on > day]
    context = {
        "day": day,
        "due": due,
        "upcoming": upcoming,
        "due_shown": _checkins_shown(due),
        "upcoming_shown": _checkins_shown(upcoming),
        "starting": [job for job in jobs if job.is_starting][:JOBS_SHOWN],
        "ending": [job for job in jobs if job.is_ending][:JOBS_SHOWN],
        "risks": OPEN_RISKS.all(*scope),
        **_new_since_last_visit(user),
    }
    return render(request, "inwork_support/today.html", context)


def _chased_checkins(role: str, ids: tuple[int, ...], by: datetime.date) -> QuerySet:
    """Return the chased check-ins due by `by` a worker of `role` holding `ids`
    sees and is assigned (or covers)."""
    worker = worker_holding(role, ids)
    return (
        CheckIn.objects.visible_to(worker)
        .chased()
        .for_worker(worker)
        .due_by(by)
        .select_related("employment__participant", "employment__employer")
        .only("kind", "due_on", "assigned_to", *_of_job(JOB_LINE))
    )


def _jobs_starting_or_ending(
    role: str,
    ids: tuple[int, ...],
    monday: datetime.date,
    sunday: datetime.date,
    day: datetime.date,
    soon: datetime.date,
) -> QuerySet:
    return (
        Employment.objects.visible_to(worker_holding(role, ids))
        .with_people()
        .only(*JOB_LINE)
        .starting_or_ending((monday, sunday), (day, soon))[: 2 * JOBS_SHOWN]
    )


def _open_risks(role: str, ids: tuple[int, ...]) -> QuerySet:
    return (
        JobRisk.objects.visible_to(worker_holding(role, ids))
        .open()
        .with_people()
        .only("reason", "detail", "raised_at", *_of_job(JOB_LINE))
    )


# What Today shows of a job on any of its lines. Its rows load only these, not
# the participant's thirty columns: smaller SQL to compile and rows to build.
JOB_LINE = (
    "job_title",
    "start_date",
    "probation_end",
    "fixed_term_end",
    "participant__first_name",
    "participant__preferred_name",
    "participant__last_name",
    "employer__name",
)


def _of_job(fields: tuple[str, ...]) -> list[str]:
    return [f"employment__{field}" for field in fields]


# Each of Today's job lists shows at most this many: a caseload has far fewer,
# so the one query for both lists reads at most twice as many.
JOBS_SHOWN = 100


# Each check-in list of Today shows this many lines (overdue first) and says
# how many more there are, with a link to all of them: a busy Monday lists
# 80 and more, and a worker acts on a screenful; rendering each line was most
# of the page's time.
CHECKINS_SHOWN = 15


def _first_of_each_list(checkins: QuerySet, day: datetime.date) -> QuerySet:
    """Return the first CHECKINS_SHOWN check-ins due by `day` and after it.

    Each row says how many its list holds in all (`in_list`): the lines not
    shown are counted by the database, not loaded and built.
    """
    is_due = ExpressionWrapper(Q(due_on__lte=day), output_field=BooleanField())
    return checkins.annotate(
        place=Window(RowNumber(), partition_by=[is_due], order_by=["due_on", "pk"]),
        in_list=Window(Count("pk"), partition_by=[is_due]),
    ).filter(place__lte=CHECKINS_SHOWN)


FIRST_CHECKINS = PreparedQuery(
    lambda role, ids, day, by: _first_of_each_list(
        _chased_checkins(role, ids, by), day
    ),
    takes=(KEY, IDS, DATE, DATE),
    plan_once=True,
)
ALL_CHECKINS = PreparedQuery(
    lambda role, ids, by: _chased_checkins(role, ids, by)[:200],
    takes=(KEY, IDS, DATE),
    plan_once=True,
)
STARTING_OR_ENDING = PreparedQuery(
    _jobs_starting_or_ending, takes=(KEY, IDS, DATE, DATE, DATE, DATE), plan_once=True
)
OPEN_RISKS = PreparedQuery(_open_risks, takes=(KEY, IDS), plan_once=True)


def _checkins_shown(checkins: list[CheckIn]) -> dict:
    """Return the lines a check-in list shows and how many it holds in all.

    Each line is a check-in with its job's and its log-contact URL, built
    from one reverse() per URL name rather than two per line.
    """
    job_url, log_url = (
        pk_url("inwork_support:employment-detail"),
        pk_url("inwork_support:checkin-log"),
    )
    total = getattr(checkins[0], "in_list", len(checkins)) if checkins else 0
    return {
        "rows": [(c, job_url(c.employment_id), log_url(c.pk)) for c in checkins],
        "total": total,
        "more": total - len(checkins),
    }


def _name_assignees(checkins: list[CheckIn], user: User) -> None:
    """Give each check-in its assignee without joining the users' table.

    Today lists check-ins assigned to the user or to an away colleague they
    cover (for_worker), and the user's scope has read those colleagues once
    already; the join made the check-in query take longer to plan than to run.
    """
    workers = {worker.pk: worker for worker in (user, *user.covered_today())}
    for checkin in checkins:
        if checkin.assigned_to_id in workers:
            checkin.assigned_to = workers[checkin.assigned_to_id]


NEW_SHOWN = 10


def _new_since_last_visit(user: User) -> dict:
    since = record_visit(user=user, page="today")
    if since is None:
        return {"since": None, "new": []}
    new = Notification.objects.for_user(user).filter(created_at__gt=since)
    new = list(new[: NEW_SHOWN + 1])
    return {"since": since, "new": new[:NEW_SHOWN], "more_new": len(new) > NEW_SHOWN}


@login_required
def job_start(request: HttpRequest, participant_pk: int) -> HttpResponse:
    participant = get_object_or_404(
        Participant.objects.visible_to(request.user), pk=participant_pk
    )
    require(policy.may_change_job(request.user))
    form = forms.JobStartForm(
        request.POST or None, user=request.user, participant=participant
    )
    if form.is_valid():
        try:
            employment = services.record_job_start(
                participant=participant,
                recorded_by=request.user,
                **form.service_kwargs(),
            )
        except StageMoveError as refused:
            form.add_error(None, str(refused))
        else:
            if employment.checkins.unanswered().exists():
                messages.success(request, BACKDATED_MESSAGE)
                return redirect("inwork_support:past-checkins", pk=employment.pk)
            messages.success(
                request, "Job start recorded; its check-ins are scheduled."
            )
            return redirect(employment)
    return render(
        request,
        "inwork_support/job_start.html",
        {"participant": participant, "form": form},
    )


@login_required
def employment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk, change=False)
    record_access(employment, actor=request.user, read="job page")
    day = dates.today()
    checkins = list(employment.checkins.select_related("assigned_to"))
    plans = list(employment.plans.select_related("created_by"))
    preparation = list(employment.preparation.all())
    contacts = list(
        employment.in_work_contacts.select_related("contact__worker").order_by(
            "-contact__happened_at"
        )[:20]
    )
    risks = list(employment.risks.open())
    context = {
        "employment": employment,
        "day": day,
        "steps": progress_chart(
            employment=employment,
            checkins=checkins,
            plans=plans,
            preparation=preparation,
            today=day,
        ),
        "checkins": checkins,
        "unanswered": [c for c in checkins if c.is_pending and c.awaiting_answer],
        "meetings": list(
            employment.meetings.select_related("worker").prefetch_related("actions")
        ),
        "plan": plans[0] if plans else None,
        "plans": plans,
        "preparation": preparation,
        "contacts": contacts,
        "risks": risks,
        "terms": list(employment.terms.select_related("recorded_by")),
        "support": list(employment.practical_support.select_related("approved_by")),
        "withdraw": suggests_withdrawal(
            employment=employment,
            today=day,
            open_risks=risks,
            contacts=contacts,
            plan=plans[0] if plans else None,
        ),
        "preparation_form": forms.PreparationForm(
            initial={
                "done_items": [p.item for p in preparation if p.done_on],
                "was_done": [p.item for p in preparation if p.done_on],
            }
        ),
        "may_change": policy.may_change_job(request.user, employment),
        "consent_changes": list(
            employment.consent_changes.select_related("changed_by")
        ),
        "consent_form": forms.DisclosureConsentForm(
            employment=employment,
            initial={
                "version": employment.version,
                "employer_may_know": "no" if employment.employer_may_know else "yes",
            },
        ),
    }
    return render(request, "inwork_support/employment_detail.html", context)


def _form_page(
    request: HttpRequest, employment: Employment, form, title: str
) -> HttpResponse:
    return render(
        request,
        "inwork_support/employment_form.html",
        {"employment": employment, "form": form, "title": title},
        status=409 if getattr(form, "stale", False) else 200,
    )


@login_required
def change_start_date(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk, change=True)
    initial = {"start_date": employment.start_date, "version": employment.version}
    form = forms.StartDateForm(
        request.POST or None, employment=employment, initial=initial
    )
    if form.is_valid():
        try:
            services.change_start_date(
                employment=employment, changed_by=request.user, **form.cleaned_data
            )
        except services.StaleEmploymentError:
            employment.refresh_from_db()
            refuse_stale(form, employment)
        else:
            messages.success(request, "Start date changed; check-ins moved with it.")
            return redirect(employment)
    return _form_page(request, employment, form, "Change the start date")


@login_required
def extend_probation(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk, change=True)
    form = forms.ProbationForm(
        request.POST or None,
        employment=employment,
        initial={"version": employment.version},
    )
    if form.is_valid():
        try:
            services.extend_probation(
                employment=employment, changed_by=request.user, **form.cleaned_data
            )
        except services.StaleEmploymentError:
            employment.refresh_from_db()
            refuse_stale(form, employment, {"reason": "probation_extension_reason"})
        else:
            messages.success(
                request,
                f"Probation extended to {employment.probation_end:%-d %b %Y}; "
                "its check-in moved with it.",
            )
            return redirect(employment)
    return _form_page(request, employment, form, "Extend the probation")


@login_required
def change_consent(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk, change=True)
    form = forms.DisclosureConsentForm(
        request.POST or None,
        employment=employment,
        initial={"version": employment.version},
    )
    if form.is_valid():
        try:
            services.change_disclosure_consent(
                employment=employment, changed_by=request.user, **form.cleaned_data
            )
        except StaleVersionError as error:
            refuse_stale(form, error.current)
        except services.ConsentUnchangedError:
            form.add_error("employer_may_know", "That consent is already on record.")
        else:
            messages.success(request, _consent_message(employment))
            return redirect(employment)
    return _form_page(request, employment, form, "Employer disclosure consent")


def _consent_message(employment: Employment) -> str:
    if employment.employer_may_know:
        return f"Consent recorded: {employment.employer} may know they are supported."
    return (
        f"Consent withdrawn: {employment.employer}'s portal no longer shows "
        f"{employment.participant} or messages about them."
    )


@login_required
def end_employment(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk, change=True)
    if not employment.is_current:
        messages.info(request, "This job has already ended.")
        return redirect(employment)
    last_open_job = not services.other_open_jobs(employment).exists()
    form = forms.EndEmploymentForm(
        request.POST or None, employment=employment, last_open_job=last_open_job
    )
    if form.is_valid():
        try:
            services.end_employment(
                employment=employment, ended_by=request.user, **form.cleaned_data
            )
        except services.JobAlreadyEndedError as ended:
            messages.info(request, str(ended))
        else:
            messages.success(
                request, "Job ended; a follow-up is on the keyworker's list."
            )
        return redirect(employment)
    return _form_page(request, employment, form, "Record that the job ended")


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk, change=True)
    current = employment.plans.first()
    form = forms.PlanForm(
        request.POST or None,
        instance=current,
        initial={"base_revision": current.revision if current else 0},
    )
    if form.is_valid():
        try:
            services.save_plan(
                employment=employment,
                author=request.user,
                base_revision=form.cleaned_data["base_revision"],
                **form.plan_fields(),
            )
        except services.StalePlanError as error:
            form.add_error(None, _stale_plan_message(employment, error.current))
            refuse_stale(form, employment.plans.first(), version_field="base_revision")
        else:
            messages.success(request, "In-Work Support Plan saved.")
            return redirect(employment)
    return _form_page(request, employment, form, "In-Work Support Plan")


def _stale_plan_message(employment: Employment, revision: int) -> str:
    return (
        f"Someone updated the plan while you were editing (now revision {revision}). "
        "Your text is kept below; read the new revision, then save again."
    )


@login_required
def plan_revision(request: HttpRequest, pk: int, revision: int) -> HttpResponse:
    employment = _employment(request, pk, change=False)
    plan = get_object_or_404(
        employment.plans.select_related("created_by"), revision=revision
    )
    revisions = list(employment.plans.values_list("revision", flat=True))
    return render(
        request,
        "inwork_support/plan_revision.html",
        {"employment": employment, "plan": plan, "revisions": revisions},
    )


@require_POST
@login_required
def update_preparation(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk, change=True)
    form = forms.PreparationForm(request.POST)
    if form.is_valid():
        try:
            services.set_preparation(
                employment=employment,
                done_items=form.cleaned_data["done_items"],
                was_done=form.cleaned_data["was_done"],
                ticked_by=request.user,
            )
        except services.JobAlreadyEndedError as ended:
            messages.error(request, str(ended))
        else:
            messages.success(request, "Preparation updated.")
    return redirect(employment)


@login_required
def add_practical_support(request: HttpRequest, pk: int) -> HttpResponse:
    employment = _employment(request, pk, change=True)
    form = forms.PracticalSupportForm(
        request.POST or None, user=request.user, initial={"given_on": dates.today()}
    )
    if form.is_valid():
        services.record_practical_support(
            employment=employment, recorded_by=request.user, **form.cleaned_data
        )
        messages.success(request, "Practical support recorded.")
        return redirect(employment)
    return _form_page(request, employment, form, "Record practical support")


def _contact_form_url(employment: Employment, checkin: int | None = None) -> str:
    """Return the one contact form's URL for this job (and check-in, if any)."""
    url = reverse("caseload:log-contact", args=[employment.participant_id])
    query = f"job={employment.pk}" + (f"&checkin={checkin}" if checkin else "")
    return f"{url}?{query}"


@login_required
def in_work_contact(request: HttpRequest, pk: int) -> HttpResponse:
    """The in-work contact is the one contact form: send the user there.

    A POST from a page opened before the forms merged is sent on with its
    body (307), so what was typed is saved or shown again, not lost.
    """
    employment = _employment(request, pk, change=True)
    url = _contact_form_url(employment, positive_int(request.GET.get("checkin")))
    if request.method == "POST":
        return HttpResponseRedirect(url, status=307)
    return redirect(url)


@login_required
def log_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    checkin = get_object_or_404(
        CheckIn.objects.visible_to(request.user).select_related("employment"),
        pk=pk,
    )
    require(policy.may_change_job(request.user))
    return redirect(_contact_form_url(checkin.employment, checkin.pk))


@login_required
def clear_risk(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_object_or_404(
        JobRisk.objects.visible_to(request.user).with_people(), pk=pk
    )
    require(policy.may_change_job(request.user, risk.employment))
    form = forms.ClearRiskForm(request.POST or None)
    if form.is_valid():
        services.clear_job_risk(
            risk=risk, cleared_by=request.user, note=form.cleaned_data["note"]
        )
        messages.success(request, "Risk cleared.")
        return redirect(risk.employment)
    return render(
        request, "inwork_support/clear_risk.html", {"risk": risk, "form": form}
    )
