"""Panels and filters the employers app shows on its own and other apps' pages."""

import datetime

from django import template
from django.db.models import Count, QuerySet, Window
from django.utils import timezone

from accounts.cover import worker_holding
from accounts.models import FRONTLINE_ROLES, User
from config.prepared import DATE, ID, KEY, PreparedQuery

from ..models import EmployerMessage

register = template.Library()

CARD_SHOWN = 3


@register.inclusion_tag("employers/_inbox_card.html", takes_context=True)
def employer_inbox_card(context: dict, user: User) -> dict:
    """Render the user's unanswered employer messages: a count and the oldest few.

    One query whatever the number of messages: each of the oldest few comes with
    the count of all (a window over the rows before the limit). For frontline
    workers (Today) it is compiled once per process.
    """
    day = timezone.localdate()
    if user.role in FRONTLINE_ROLES:
        oldest = OLDEST_WAITING.all(user.role, user.pk, day)
    else:
        oldest = list(_oldest_waiting(user, day))
    return {
        "count": oldest[0].waiting if oldest else 0,
        "messages": oldest,
        "request": context.get("request"),
    }


def _oldest_waiting(user: User, day: datetime.date) -> QuerySet:
    """Return the oldest CARD_SHOWN messages waiting for `user` on `day`, each
    with how many wait in all (`waiting`)."""
    return (
        EmployerMessage.objects.visible_to(user)
        .unanswered()
        .for_attention_of(user, day)
        .select_related("employer")
        .only(*CARD_FIELDS, "employer__name")
        .annotate(waiting=Window(Count("pk")))
        .order_by("sent_at")[:CARD_SHOWN]
    )


# What the card shows of each message (and its link reads).
CARD_FIELDS = ("employer", "thread", "urgent", "category", "body", "sent_at")

OLDEST_WAITING = PreparedQuery(
    lambda role, pk, day: _oldest_waiting(worker_holding(role, (pk,)), day),
    takes=(KEY, ID, DATE),
    plan_once=True,
)


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
