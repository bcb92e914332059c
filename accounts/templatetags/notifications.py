"""The unread count in the navigation, loaded with the user: no query of its own."""

from django import template

from ..models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context: template.Context) -> int:
    """Return how many notifications the signed-in user has not read.

    The sign-in backend (accounts.backends) loads the count with the user; a
    user loaded another way costs one count, kept for the rest of the request.
    """
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    if not hasattr(user, "unread_notifications"):
        user.unread_notifications = Notification.objects.for_user(user).unread().count()
    return user.unread_notifications
