"""Templates ask the policy, never compare role strings.

`{% if user|may:"is_frontline" %}` asks a rule about the user alone;
`{% allowed "may_change_employer" employer as may_change %}` asks a rule about
the signed-in user and one record.
"""

from typing import Any

from django import template

from accounts.policy import RULES

register = template.Library()


@register.filter
def may(user: Any, rule: str) -> bool:
    """Return whether `user` passes the policy rule named `rule`."""
    return RULES[rule](user)


@register.simple_tag(takes_context=True)
def allowed(context: template.Context, rule: str, record: Any) -> bool:
    """Return whether the signed-in user passes `rule` over `record`."""
    return RULES[rule](context["request"].user, record)
