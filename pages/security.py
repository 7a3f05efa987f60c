"""The Content-Security-Policy of every response, with a fresh script nonce for every page that is rendered.

Templates put `nonce="{{ request.csp_nonce }}"` on their two inline scripts (GOV.UK Frontend's `js-enabled` line and
the module script that starts GOV.UK and MOJ Frontend); nothing else may run inline. The nonce is made only when a
template asks for it, so a response that rendered no template says so by leaving it unused.

Pages served from the directory's page cache (directory/page_cache.py) were rendered by an earlier request, with that
request's nonce: the page cache stores that nonce with the page and hands it back with `ScriptNonce.reuse()`, so the
policy names the nonce the page carries. Each render still gets its own nonce."""

import secrets

from django.conf import settings

ADMIN_PREFIX = "/admin/"


class ScriptNonce:
    """A nonce made on first use: `str(nonce)` in a template makes it, `used` tells whether anything did."""

    def __init__(self):
        self._value = None

    def __str__(self) -> str:
        if self._value is None:
            self._value = secrets.token_urlsafe(18)
        return self._value

    @property
    def used(self) -> bool:
        return self._value is not None

    @property
    def value(self) -> str | None:
        return self._value

    def reuse(self, value: str | None) -> None:
        """Serve a stored page: the policy names the nonce the page was rendered with."""
        self._value = value


def content_security_policy(*, nonce: str | None, admin: bool) -> str:
    script_src = "'self'" + (f" 'nonce-{nonce}'" if nonce else "")
    # The curation admin's own templates (and ours that extend them) use style attributes; scripts stay strict.
    style_src = "'self' 'unsafe-inline'" if admin else "'self'"
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src {script_src}",
            f"style-src {style_src}",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
            "form-action 'self'",
        ]
    )


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.csp_nonce = ScriptNonce()
        response = self.get_response(request)
        if settings.DEBUG and response.status_code >= 400:
            # Django's technical error pages use inline scripts and styles; they are never shown with DEBUG off.
            return response
        nonce = request.csp_nonce.value
        response.headers.setdefault(
            "Content-Security-Policy",
            content_security_policy(nonce=nonce, admin=request.path.startswith(ADMIN_PREFIX)),
        )
        return response
