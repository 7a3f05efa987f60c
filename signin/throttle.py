"""Sign-in throttling, shared by the admin and the portal sign-in forms (signin.forms.ThrottledSignInMixin).

Failures are counted in Django's cache for one client address and for one account (the username, ignoring case)
within SIGN_IN_FAILURE_WINDOW seconds of the first; after that window earlier failures no longer count. When either
count reaches its limit, sign-in from that address or to that account is refused for SIGN_IN_COOL_OFF seconds, then
the count starts again: never locked for ever. A successful sign-in clears the account's count (not the address's).

The address is REMOTE_ADDR. Behind a proxy or load balancer, the proxy must set REMOTE_ADDR to the visitor's address
(gunicorn's --forwarded-allow-ips with a trusted proxy); X-Forwarded-For is never read here, because a visitor can
write it. The counters rely on the cache's atomic add and incr: Redis is atomic; the database cache is close enough
(a race can only lose a count, never lock anyone out for longer).
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache

PREFIX = "signin-throttle"


def clock() -> float:
    """Seconds since the epoch; tests replace it to move time on."""
    return time.time()


def client_address(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "unknown") if request is not None else "unknown"


def account_digest(username: str) -> str:
    """A short digest of the account name, for cache keys and logs (what was typed is never logged: it may be a
    password typed in the wrong box)."""
    return hashlib.sha256(username.strip().lower().encode()).hexdigest()[:16]


def _subjects(request, username: str) -> list[tuple[str, int]]:
    """(cache key, failure limit) for the address and for the account."""
    address = hashlib.sha256(client_address(request).encode()).hexdigest()[:16]
    return [
        (f"{PREFIX}:address:{address}", settings.SIGN_IN_ADDRESS_FAILURES),
        (f"{PREFIX}:account:{account_digest(username)}", settings.SIGN_IN_ACCOUNT_FAILURES),
    ]


def refused(request, username: str) -> bool:
    """Whether sign-in from this request's address or to this account is in its cool-off."""
    now = clock()
    return any((cache.get(f"{key}:until") or 0) > now for key, _ in _subjects(request, username))


def _count_failure(key: str) -> int:
    """Add one to the failures counted for this key in the current window and return the count. A window opens at
    the first failure and lasts SIGN_IN_FAILURE_WINDOW seconds. The cache's timeout ends it, and so does the time
    its opening is stored with, by clock(), so that the window's end does not hang on the cache backend's clock."""
    failures, opened = f"{key}:failures", f"{key}:opened"
    window = settings.SIGN_IN_FAILURE_WINDOW
    now = clock()
    if now - (cache.get(opened) or now) >= window:
        cache.delete(failures)  # the window has ended: earlier failures no longer count
    if cache.add(failures, 0, timeout=window):
        cache.set(opened, now, timeout=window)
    try:
        return cache.incr(failures)
    except ValueError:  # the window ended between add and incr
        cache.add(failures, 1, timeout=window)
        return 1


def record_failure(request, username: str) -> bool:
    """Count a failed sign-in; returns whether it started a cool-off."""
    cooling_off = False
    for key, limit in _subjects(request, username):
        if _count_failure(key) >= limit:
            cache.set(f"{key}:until", clock() + settings.SIGN_IN_COOL_OFF, timeout=settings.SIGN_IN_COOL_OFF)
            cache.delete_many([f"{key}:failures", f"{key}:opened"])
            cooling_off = True
    return cooling_off


def record_success(username: str) -> None:
    """A successful sign-in clears the account's failures and cool-off."""
    key = f"{PREFIX}:account:{account_digest(username)}"
    cache.delete_many([f"{key}:failures", f"{key}:opened", f"{key}:until"])


def refusal_message() -> str:
    minutes = max(1, round(settings.SIGN_IN_COOL_OFF / 60))
    return f"Too many attempts. Wait {minutes} minute{'s' if minutes != 1 else ''}, then try again."
