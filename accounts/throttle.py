"""Counters that throttle what anyone may ask for without signing in.

A fixed window in the "throttle" cache (shared by every web process in
production): at most `limit` hits per key per `window` seconds. Keys are hashed,
so no email address is written to the cache.
"""

from __future__ import annotations

import hashlib

from django.core.cache import caches


def allow(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one hit on `key`; return whether it is within the limit."""
    cache = caches["throttle"]
    name = _name(scope, key)
    cache.add(name, 0, timeout=window)
    try:
        count = cache.incr(name)
    except ValueError:
        # The window ended between add() and incr(): this hit opens the next one.
        cache.set(name, 1, timeout=window)
        count = 1
    return count <= limit


def hits(scope: str, key: str) -> int:
    """Return how many hits `key` has in its current window, without counting one."""
    return caches["throttle"].get(_name(scope, key), 0)


def clear(scope: str, key: str) -> None:
    caches["throttle"].delete(_name(scope, key))


def _name(scope: str, key: str) -> str:
    return f"throttle:{scope}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
