"""Panels the in-work support app shows on other apps' pages."""

from django import template

from caseload.models import Participant

from .. import dates
from ..models import CheckIn, Employment, JobRisk

register = template.Library()

PANEL_CHECKINS = 8


@register.inclusion_tag("inwork_support/_participant_panel.html", takes_context=True)
def inwork_panel(context: dict, participant: Participant) -> dict:
    """Render the participant's jobs, open check-ins and open risks (3 queries)."""
    request = context.get("request")
    user = request.user
    jobs = Employment.objects.visible_to(user).filter(participant=participant)
    checkins = (
        CheckIn.objects.visible_to(user)
        .pending()
        .filter(employment__participant=participant)
        .order_by("due_on")[:PANEL_CHECKINS]
    )
    risks = (
        JobRisk.objects.visible_to(user)
        .open()
        .filter(employment__participant=participant)
    )
    return {
        "participant": participant,
        "request": request,
        "jobs": list(jobs.select_related("employer")),
        "checkins": list(checkins),
        "risks": list(risks),
        "today": dates.today(),
        "may_record": user.is_frontline,
    }
