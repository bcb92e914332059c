"""Panels the employers app shows on other apps' pages."""

from django import template

register = template.Library()


@register.inclusion_tag("employers/_inbox_card.html", takes_context=True)
def employer_inbox_card(context: dict, user) -> dict:
    """Render the worker's unanswered employer messages (filled in by issue 5)."""
    return {"user": user, "request": context.get("request")}
