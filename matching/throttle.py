"""Limits on sending enquiries, so that the service cannot be used to flood system leaders with email.

Enquiries are counted in Django's cache for one client address and for one contact email address (ignoring case),
each in a window that opens with the first enquiry counted and lasts its number of seconds; after that the count
starts again. The limits and windows are settings, so tests and deployments can change them:

    ENQUIRIES_PER_ADDRESS (5) in ENQUIRY_ADDRESS_WINDOW seconds (an hour)
    ENQUIRIES_PER_EMAIL (10) in ENQUIRY_EMAIL_WINDOW seconds (a day)

The address is REMOTE_ADDR, as for sign-in (signin/throttle.py explains why X-Forwarded-For is never read). Counting
after the check is not atomic: two enquiries sent at the same moment may both pass the last free place, which
lets one extra through and never refuses one wrongly."""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache

from signin.throttle import client_address

PREFIX = "enquiry-throttle"
DEFAULTS = {
    "ENQUIRIES_PER_ADDRESS": 5,
    "ENQUIRY_ADDRESS_WINDOW": 60 * 60,
    "ENQUIRIES_PER_EMAIL": 10,
    "ENQUIRY_EMAIL_WINDOW": 24 * 60 * 60,
}


def clock() -> float:
    """Seconds since the epoch; tests replace it to move time on."""
    return time.time()


def _setting(name: str) -> int:
    return int(getattr(settings, name, DEFAULTS[name]))


def _digest(text: str) -> str:
    return hashlib.sha256(text.strip().lower().encode()).hexdigest()[:16]


@dataclass(frozen=True)
class Limit:
    key: str
    limit: int
    window: int


def _limits(request, email: str) -> list[Limit]:
    return [
        Limit(
            f"{PREFIX}:address:{_digest(client_address(request))}",
            _setting("ENQUIRIES_PER_ADDRESS"),
            _setting("ENQUIRY_ADDRESS_WINDOW"),
        ),
        Limit(f"{PREFIX}:email:{_digest(email)}", _setting("ENQUIRIES_PER_EMAIL"), _setting("ENQUIRY_EMAIL_WINDOW")),
    ]


def _count(limit: Limit, now: float) -> tuple[int, float]:
    """The enquiries counted in the window still open for this key, and when it opened."""
    opened = cache.get(f"{limit.key}:opened")
    if opened is None or now - opened >= limit.window:
        return 0, now
    return cache.get(f"{limit.key}:count") or 0, opened


def wait_seconds(request, email: str) -> int:
    """0 when another enquiry may be sent from this request's address with this contact email; otherwise the
    seconds until the fullest limit's window ends."""
    now = clock()
    waits = []
    for limit in _limits(request, email):
        count, opened = _count(limit, now)
        if count >= limit.limit:
            waits.append(math.ceil(opened + limit.window - now))
    return max(waits, default=0)


def record(request, email: str) -> None:
    """Count one enquiry sent."""
    now = clock()
    for limit in _limits(request, email):
        count_key, opened_key = f"{limit.key}:count", f"{limit.key}:opened"
        opened = cache.get(opened_key)
        if opened is None or now - opened >= limit.window:
            cache.set_many({count_key: 0, opened_key: now}, timeout=limit.window)
        try:
            cache.incr(count_key)
        except ValueError:  # the window ended between set and incr
            cache.set_many({count_key: 1, opened_key: now}, timeout=limit.window)


def wait_in_words(seconds: int) -> str:
    if seconds >= 2 * 60 * 60:
        hours = math.ceil(seconds / 3600)
        return f"{hours} hours"
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
