"""Small pieces of caseload data shown on shared pages (the nav)."""

from django import template

from accounts.models import User

from ..models import SafeguardingConcern

register = template.Library()


@register.simple_tag
def open_concern_count(user: User) -> int:
    """Return how many safeguarding concerns are open at a manager's partner."""
    if not user.is_authenticated or not user.is_partner_manager:
        return 0
    return SafeguardingConcern.objects.visible_to(user).open().count()
