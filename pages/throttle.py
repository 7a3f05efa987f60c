"""A limit on feedback from one client address, so that the form cannot be used to fill the database.

Every feedback sent counts in Django's cache under the address, in a fixed window that opens with the first one. The
count relies on the cache's atomic add and incr (as signin/throttle.py does), so requests sent at the same moment each
get their own number and no more than FEEDBACK_PER_ADDRESS pass in one window."""

import hashlib

from django.conf import settings
from django.core.cache import cache

from signin.throttle import client_address

PREFIX = "feedback-throttle"
DEFAULT_PER_ADDRESS = 10
DEFAULT_WINDOW = 60 * 60


def limit() -> int:
    return int(getattr(settings, "FEEDBACK_PER_ADDRESS", DEFAULT_PER_ADDRESS))


def window() -> int:
    return int(getattr(settings, "FEEDBACK_ADDRESS_WINDOW", DEFAULT_WINDOW))


def take_place(request) -> bool:
    """Count one feedback from this request's address; False when the address has used up its window."""
    key = f"{PREFIX}:{hashlib.sha256(client_address(request).encode()).hexdigest()[:16]}"
    cache.add(key, 0, timeout=window())
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add and incr
        cache.add(key, 1, timeout=window())
        count = 1
    return count <= limit()
