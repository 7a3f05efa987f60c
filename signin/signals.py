"""Sign-in and sign-out events: logged, a successful sign-in clears its account's failures, and the session
remembers when its sign-in happened (for the absolute timeout, signin.middleware)."""

import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver

from . import middleware, throttle

logger = logging.getLogger("support_directory.security")


@receiver(user_logged_in, dispatch_uid="signin.signed_in")
def signed_in(sender, request, user, **kwargs):
    throttle.record_success(user.get_username())
    if request is not None and hasattr(request, "session"):
        request.session[middleware.SIGNED_IN_AT] = middleware.clock()
    logger.info("Sign-in succeeded: user %s, address %s", user.pk, throttle.client_address(request))


@receiver(user_logged_out, dispatch_uid="signin.signed_out")
def signed_out(sender, request, user, **kwargs):
    logger.info("Signed out: user %s, address %s", getattr(user, "pk", None), throttle.client_address(request))
