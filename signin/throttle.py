"""Sign-in throttling, shared by the admin and the portal sign-in forms (signin.forms.ThrottledSignInMixin), and the
atomic counting the enquiry limits (matching/throttle.py) use too.

Attempts are counted in Django's cache for one client address and for one account (the username, ignoring case)
within SIGN_IN_FAILURE_WINDOW seconds of the first; after that window earlier attempts no longer count. Each attempt
is counted *before* its password is checked (`attempt_start`), with the cache's atomic add and incr, so that
simultaneous attempts cannot all slip under the limit: an attempt beyond the limit is refused unchecked. A successful
sign-in gives its address's count back and clears its account's. When a failure brings either count to its limit,
sign-in from that address or to that account is refused for SIGN_IN_COOL_OFF seconds, then counting starts again:
never locked for ever.

The cache must count atomically across servers: Redis does; the database cache of the production settings is
support_directory.cache_backends.DatabaseCache, whose add and incr lock the row. (django-axes was weighed and not
taken: it checks the lock before the password and counts the failure afterwards, so simultaneous attempts all pass
the check — jazzband/django-axes#592, "won't fix"; README, Security and operations.)

The address is REMOTE_ADDR. Behind a proxy or load balancer, the proxy must set REMOTE_ADDR to the visitor's address
(gunicorn's --forwarded-allow-ips with a trusted proxy); X-Forwarded-For is never read here, because a visitor can
write it.
"""

import hashlib
import time
from dataclasses import dataclass, field

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


# ---------------------------------------------------------------------------------------------------------------------
# Counting in a window, atomically


def count_in_window(key: str, *, window: int, now: float) -> tuple[int, float]:
    """Add one to the count for key in its current window, atomically, and return (the count with this one, when
    the window opened). A window opens at its first count and lasts `window` seconds: the cache's timeout ends it,
    and so does the opening time stored with it, by the caller's clock (tests move that clock on). At the instant
    a window ends, two simultaneous counts may both open the next one (one of them can be lost, never doubled)."""
    count_key, opened_key = f"{key}:count", f"{key}:opened"
    opened = cache.get(opened_key)
    if opened is not None and now - opened >= window:
        cache.delete_many([count_key, opened_key])  # the window has ended: earlier counts no longer count
        opened = None
    if cache.add(count_key, 0, timeout=window):
        cache.set(opened_key, now, timeout=window)
        opened = now
    try:
        count = cache.incr(count_key)
    except ValueError:  # the window ended between add and incr
        cache.set_many({count_key: 1, opened_key: now}, timeout=window)
        return 1, now
    if opened is None:
        opened = cache.get(opened_key) or now
    return count, opened


def uncount(key: str) -> None:
    """Give back one count taken by count_in_window (an attempt that was refused or did not need counting)."""
    try:
        if cache.decr(f"{key}:count") < 0:
            cache.delete(f"{key}:count")
    except ValueError:  # the window has ended meanwhile: nothing to give back
        pass


def clear(key: str) -> None:
    cache.delete_many([f"{key}:count", f"{key}:opened"])


# ---------------------------------------------------------------------------------------------------------------------
# Sign-in


def _address_key(request) -> str:
    return f"{PREFIX}:address:{hashlib.sha256(client_address(request).encode()).hexdigest()[:16]}"


def _account_key(username: str) -> str:
    return f"{PREFIX}:account:{account_digest(username)}"


def _subjects(request, username: str) -> list[tuple[str, int]]:
    """(cache key, attempt limit) for the address and for the account."""
    return [
        (_address_key(request), settings.SIGN_IN_ADDRESS_FAILURES),
        (_account_key(username), settings.SIGN_IN_ACCOUNT_FAILURES),
    ]


def refused(request, username: str) -> bool:
    """Whether sign-in from this request's address or to this account is in its cool-off."""
    now = clock()
    return any((cache.get(f"{key}:until") or 0) > now for key, _ in _subjects(request, username))


def _cool_off(key: str) -> None:
    cache.set(f"{key}:until", clock() + settings.SIGN_IN_COOL_OFF, timeout=settings.SIGN_IN_COOL_OFF)
    clear(key)


@dataclass
class Attempt:
    """One sign-in attempt, counted against its address and its account before the password is checked."""

    request: object
    username: str
    allowed: bool = False
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # key: (count with this attempt, limit)

    def failed(self) -> bool:
        """The password was refused: the attempt stays counted. Returns whether it started a cool-off."""
        cooling_off = False
        for key, (count, limit) in self.counts.items():
            if count >= limit:
                _cool_off(key)
                cooling_off = True
        return cooling_off

    def succeeded(self) -> None:
        """Signed in: the address's count is given back (record_success clears the account's)."""
        uncount(_address_key(self.request))

    def not_checked(self) -> None:
        """The password was never checked (the form had another problem): give the attempt back."""
        for key in self.counts:
            uncount(key)


def attempt_start(request, username: str) -> Attempt:
    """Count an attempt before its password is checked. `allowed` is false while the address or account is cooling
    off, or when this attempt is beyond a limit (then it is given back uncounted)."""
    attempt = Attempt(request, username)
    if refused(request, username):
        return attempt
    now = clock()
    for key, limit in _subjects(request, username):
        count, _ = count_in_window(key, window=settings.SIGN_IN_FAILURE_WINDOW, now=now)
        attempt.counts[key] = (count, limit)
    # Asked again after counting: an attempt that passed the first question just before a cool-off began may have
    # been counted afresh after the cool-off cleared the counts (the cool-off is stored before they are cleared).
    attempt.allowed = all(count <= limit for count, limit in attempt.counts.values()) and not refused(request, username)
    if not attempt.allowed:
        attempt.not_checked()
    return attempt


def record_success(username: str) -> None:
    """A successful sign-in clears the account's failures and cool-off."""
    key = _account_key(username)
    cache.delete_many([f"{key}:count", f"{key}:opened", f"{key}:until"])


def refusal_message() -> str:
    minutes = max(1, round(settings.SIGN_IN_COOL_OFF / 60))
    return f"Too many attempts. Wait {minutes} minute{'s' if minutes != 1 else ''}, then try again."
