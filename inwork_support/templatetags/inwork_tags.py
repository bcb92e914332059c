"""Panels the in-work support app shows on other apps' pages."""

from django import template

register = template.Library()


@register.inclusion_tag("inwork_support/_participant_panel.html", takes_context=True)
def inwork_panel(context: dict, participant) -> dict:
    """Render the participant's jobs and open check-ins (filled in by issue 4)."""
    return {"participant": participant, "request": context.get("request")}
