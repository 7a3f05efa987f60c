"""Throttled sign-in forms. The portal's SignInForm takes the mixin; the admin's sign-in uses AdminSignInForm
(set as admin.site.login_form in support_directory/urls.py)."""

import logging

from django.contrib.admin.forms import AdminAuthenticationForm
from django.core.exceptions import ValidationError

from . import throttle

logger = logging.getLogger("support_directory.security")


class ThrottledSignInMixin:
    """For an AuthenticationForm: count each attempt before its password is checked, and refuse one while its
    address or account is cooling off or beyond its limit (a form error, the page answers 200); a refused password
    stays counted. Put it before AuthenticationForm in the bases."""

    def clean(self):
        username = self.cleaned_data.get("username")
        if not username or not self.cleaned_data.get("password"):
            return super().clean()  # asks for the missing field; nothing was tried
        address = throttle.client_address(self.request)
        account = throttle.account_digest(username)
        attempt = throttle.attempt_start(self.request, username)
        if not attempt.allowed:
            logger.warning("Sign-in refused (too many attempts): address %s, account %s", address, account)
            raise ValidationError(throttle.refusal_message(), code="throttled")
        try:
            cleaned_data = super().clean()
        except ValidationError as error:
            if error.code not in ("invalid_login", "inactive"):
                attempt.not_checked()
                raise
            logger.warning("Sign-in failed: address %s, account %s", address, account)
            if attempt.failed():
                logger.warning("Sign-in cool-off started: address %s, account %s", address, account)
            raise
        attempt.succeeded()
        return cleaned_data


class AdminSignInForm(ThrottledSignInMixin, AdminAuthenticationForm):
    pass
