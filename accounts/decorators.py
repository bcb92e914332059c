"""View preconditions: a rule of `accounts.policy` decides who gets in."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

View = Callable[..., HttpResponse]


def rule_required(rule: Callable[..., bool]) -> Callable[[View], View]:
    """Send anonymous users to sign in, and refuse (403) those `rule` keeps out.

    `rule` is one of `accounts.policy`'s rules about the user alone; rights over
    one record are asked inside the view, once the record is found (or 404).
    """

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not rule(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require(allowed: bool) -> None:
    """Refuse (403) unless a policy rule over a record said yes."""
    if not allowed:
        raise PermissionDenied
