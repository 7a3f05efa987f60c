"""Limits on sending enquiries, so that the service cannot be used to flood system leaders with email.

Enquiries are counted in Django's cache for one client address and for one contact email address, each in a window
that opens with the first enquiry counted and lasts its number of seconds; after that the count starts again. The
limits and windows are settings, so tests and deployments can change them:

    ENQUIRIES_PER_ADDRESS (5) in ENQUIRY_ADDRESS_WINDOW seconds (an hour)
    ENQUIRIES_PER_EMAIL (10) in ENQUIRY_EMAIL_WINDOW seconds (a day)

An enquiry is counted before it is stored and sent (`claim`), atomically (signin.throttle.count_in_window), so
simultaneous sends cannot all pass the last free place. The contact email is counted in a normal form
(`email_for_counting`): case, a `+tag` and, for Gmail, dots do not make another address.

The address is REMOTE_ADDR, as for sign-in (signin/throttle.py explains why X-Forwarded-For is never read)."""

import hashlib
import math
import time
from dataclasses import dataclass

from django.conf import settings

from signin.throttle import client_address, count_in_window, uncount

PREFIX = "enquiry-throttle"


def clock() -> float:
    """Seconds since the epoch; tests replace it to move time on."""
    return time.time()


GMAIL_DOMAINS = {"gmail.com", "googlemail.com"}


def _digest(text: str) -> str:
    return hashlib.sha256(text.strip().lower().encode()).hexdigest()[:16]


def email_for_counting(email: str) -> str:
    """The mailbox an address reaches, as far as can be told: lower case, without a `+tag`, and for Gmail without
    dots in the local part and with googlemail.com as gmail.com."""
    local, at, domain = email.strip().lower().rpartition("@")
    if not at:
        return email.strip().lower()
    local = local.split("+", 1)[0]
    if domain in GMAIL_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


@dataclass(frozen=True)
class Limit:
    key: str
    limit: int
    window: int


def _limits(request, email: str) -> list[Limit]:
    return [
        Limit(
            f"{PREFIX}:address:{_digest(client_address(request))}",
            settings.ENQUIRIES_PER_ADDRESS,
            settings.ENQUIRY_ADDRESS_WINDOW,
        ),
        Limit(
            f"{PREFIX}:email:{_digest(email_for_counting(email))}",
            settings.ENQUIRIES_PER_EMAIL,
            settings.ENQUIRY_EMAIL_WINDOW,
        ),
    ]


def _wait(limit: Limit, opened: float, now: float) -> int:
    return max(1, math.ceil(opened + limit.window - now))


def claim(request, email: str) -> int:
    """Count one enquiry about to be stored and sent from this request's address with this contact email. Returns
    0 when it may go (it is counted: call `release` if it is not sent after all), otherwise the seconds until the
    fullest limit's window ends (and nothing is counted)."""
    now = clock()
    counted = [(limit, *count_in_window(limit.key, window=limit.window, now=now)) for limit in _limits(request, email)]
    waits = [_wait(limit, opened, now) for limit, count, opened in counted if count > limit.limit]
    if waits:
        release(request, email)
    return max(waits, default=0)


def release(request, email: str) -> None:
    """Give back a claim whose enquiry was not sent."""
    for limit in _limits(request, email):
        uncount(limit.key)


def wait_in_words(seconds: int) -> str:
    if seconds >= 2 * 60 * 60:
        hours = math.ceil(seconds / 3600)
        return f"{hours} hours"
    minutes = max(1, math.ceil(seconds / 60))
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
