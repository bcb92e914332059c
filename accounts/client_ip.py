"""The client's address, as far as the proxies we were told about vouch for it.

Behind a proxy every request arrives from the proxy's address, so django-axes
would count everyone's failures together: five wrong passwords from anyone would
pause that username for everyone. The proxy appends the address it saw to
X-Forwarded-For; what the client sent is to its left and may be made up. So with
TRUSTED_PROXY_COUNT proxies in front, the client is the entry that many places
from the right, and nothing further left is ever believed.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """Return the client's address: REMOTE_ADDR, or as vouched for by our proxies."""
    remote = request.META.get("REMOTE_ADDR") or None
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    hops = [
        part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    ]
    hops = [hop for hop in hops if hop]
    if len(hops) < count:
        # Not through all our proxies (a health check, or a misconfiguration):
        # the peer itself is the only address we know.
        return remote
    return _valid(hops[-count]) or remote


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None
