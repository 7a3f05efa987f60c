"""Session timeouts and the log of refused access. Inactivity is Django's own (SESSION_COOKIE_AGE with
SESSION_SAVE_EVERY_REQUEST); the absolute timeout is AbsoluteSessionTimeoutMiddleware: a session signed in more than
SESSION_ABSOLUTE_AGE seconds ago is signed out, and so is one with no record of when it signed in."""

import logging
import time

from django.conf import settings
from django.contrib.auth import logout

logger = logging.getLogger("support_directory.security")

SIGNED_IN_AT = "signin_signed_in_at"


def clock() -> float:
    """Seconds since the epoch; tests replace it to move time on."""
    return time.time()


class AbsoluteSessionTimeoutMiddleware:
    """After AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            signed_in_at = request.session.get(SIGNED_IN_AT)
            if signed_in_at is None or clock() - signed_in_at > settings.SESSION_ABSOLUTE_AGE:
                logger.info("Session ended (absolute timeout): user %s", request.user.pk)
                logout(request)
        return self.get_response(request)


class RefusedAccessLogMiddleware:
    """Logs every 403 (a PermissionDenied in the admin, a portal page refused, a failed CSRF check) with who asked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 403:
            user = getattr(request, "user", None)
            logger.warning(
                "Access refused: %s %s, user %s, address %s",
                request.method,
                request.path,
                user.pk if user is not None and user.is_authenticated else "anonymous",
                request.META.get("REMOTE_ADDR") or "unknown",
            )
        return response
