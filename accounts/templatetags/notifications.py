"""The unread count in the navigation: one query per page, kept on the request."""

from django import template

from ..models import Notification

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notification_count(context: template.Context) -> int:
    """Return how many notifications the signed-in user has not read."""
    request = context.get("request")
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return 0
    if request is None:
        return Notification.objects.for_user(user).unread().count()
    if not hasattr(request, "_unread_notifications"):
        rows = Notification.objects.for_user(user).unread()
        request._unread_notifications = rows.count()
    return request._unread_notifications
