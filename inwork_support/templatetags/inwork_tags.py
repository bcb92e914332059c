"""Panels the in-work support app shows on other apps' pages."""

import datetime

from django import template
from django.db.models import Exists, OuterRef, Subquery

from accounts import policy
from caseload.models import Participant

from .. import dates
from ..models import CheckIn, Employment, JobRisk

register = template.Library()

PANEL_CHECKINS = 8


@register.simple_tag
def in_work_since(participant: Participant) -> datetime.date | None:
    """Return the start of the participant's earliest open job, if any.

    The page shows it as "In work since": the job's start, not the programme's.
    No query when the page's participant query read it (register_page_summary).
    """
    if hasattr(participant, "inwork_since"):
        return participant.inwork_since
    jobs = Employment.objects.filter(participant=participant).current()
    return jobs.order_by("start_date").values_list("start_date", flat=True).first()


def first_current_start() -> Subquery:
    """The start of the participant's (OuterRef) earliest open job."""
    jobs = Employment.objects.filter(participant=OuterRef("pk")).current()
    return Subquery(jobs.order_by("start_date").values("start_date")[:1])


def any_job() -> Exists:
    """Whether the participant (OuterRef) has any job recorded, current or ended."""
    return Exists(Employment.objects.filter(participant=OuterRef("pk")))


@register.inclusion_tag("inwork_support/_participant_panel.html", takes_context=True)
def inwork_panel(context: dict, participant: Participant) -> dict:
    """Render the participant's jobs, open check-ins and open risks.

    One query for the jobs, marking those with an open risk, unless the
    page's participant query says there is none (register_page_summary);
    check-ins only while a job is current (ending a job cancels its check-ins
    and clears its risks), and risks only when a job has one.
    """
    request = context.get("request")
    user = request.user
    jobs = []
    if getattr(participant, "inwork_any_job", True):  # without it, look
        jobs = list(
            Employment.objects.visible_to(user)
            .filter(participant=participant)
            .select_related("employer")
            .annotate(
                has_open_risk=Exists(
                    JobRisk.objects.open().filter(employment=OuterRef("pk"))
                )
            )
        )
    current = [job.pk for job in jobs if job.ended_on is None]
    at_risk = [job.pk for job in jobs if job.ended_on is None and job.has_open_risk]
    checkins, risks = [], []
    if current:  # built only when read: most participants have no current job
        checkins = list(
            CheckIn.objects.visible_to(user)
            .pending()
            .filter(employment__in=current)
            .order_by("due_on")[:PANEL_CHECKINS]
        )
    if at_risk:
        risks = list(
            JobRisk.objects.visible_to(user).open().filter(employment__in=at_risk)
        )
    return {
        "participant": participant,
        "request": request,
        "jobs": jobs,
        "checkins": checkins,
        "risks": risks,
        "today": dates.today(),
        "may_record": policy.may_change_job(user),
    }
