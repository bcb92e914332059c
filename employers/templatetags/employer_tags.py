"""Panels and filters the employers app shows on its own and other apps' pages."""

import datetime

from django import template
from django.db.models import Count, Window

from accounts.models import User

from ..models import EmployerMessage

register = template.Library()

CARD_SHOWN = 3


@register.inclusion_tag("employers/_inbox_card.html", takes_context=True)
def employer_inbox_card(context: dict, user: User) -> dict:
    """Render the user's unanswered employer messages: a count and the oldest few.

    One query whatever the number of messages: each of the oldest few comes with
    the count of all (a window over the rows before the limit).
    """
    oldest = list(
        EmployerMessage.objects.visible_to(user)
        .unanswered()
        .for_attention_of(user)
        .select_related("employer")
        .annotate(waiting=Window(Count("pk")))
        .order_by("sent_at")[:CARD_SHOWN]
    )
    return {
        "count": oldest[0].waiting if oldest else 0,
        "messages": oldest,
        "request": context.get("request"),
    }


@register.filter
def duration(value: datetime.timedelta | None) -> str:
    """Show a time span as "2 d 3 h", "3 h 15 min" or "5 min"."""
    if value is None:
        return ""
    minutes = max(0, int(value.total_seconds() // 60))
    days, minutes = divmod(minutes, 24 * 60)
    hours, minutes = divmod(minutes, 60)
    if days:
        return f"{days} d {hours} h"
    if hours:
        return f"{hours} h {minutes} min"
    return f"{minutes} min"
