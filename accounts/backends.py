from django.contrib.auth.backends import ModelBackend
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from config.prepared import PreparedQuery

from .models import Notification, User


def unread_count(recipient: OuterRef) -> Coalesce:
    """Return a subquery counting the unread notifications of `recipient`."""
    rows = (
        Notification.objects.unread()
        .filter(recipient=recipient)
        .order_by()
        .values("recipient")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows), 0)


# Every signed-in request runs this: compiled once, not on each request.
SIGNED_IN_USER = PreparedQuery(
    lambda pk: (
        User._default_manager.select_related("delivery_partner")
        .annotate(unread_notifications=unread_count(OuterRef("pk")))
        .filter(pk=pk)
    ),
    plan_once=True,
)


class KeyworkUserBackend(ModelBackend):
    """Django's model backend, loading the user's delivery partner with them.

    Every page's navigation names the partner and counts the user's unread
    notifications, so loading both with the user saves two queries on each.
    """

    def get_user(self, user_id: int) -> User | None:
        try:
            user = SIGNED_IN_USER.first(int(user_id))
        except (TypeError, ValueError):
            return None
        return user if user is not None and self.user_can_authenticate(user) else None
