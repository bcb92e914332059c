from django.contrib.auth.backends import ModelBackend

from .models import User


class KeyworkUserBackend(ModelBackend):
    """Django's model backend, loading the user's delivery partner with them.

    Every page's navigation names the partner, so this saves a query on each.
    """

    def get_user(self, user_id: int) -> User | None:
        user = (
            User._default_manager.select_related("delivery_partner")
            .filter(pk=user_id)
            .first()
        )
        return user if user is not None and self.user_can_authenticate(user) else None
