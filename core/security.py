"""Response headers that settings alone cannot give, and refusing a too-large request before it is read.

Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY). There are no nonces: the page
template's two inline scripts (templates/base/_js_enabled.js and _start_frontend.js, included inside <script> by
templates/base/base.html) are the same on every page, so the policy allows exactly them by their SHA-256 hashes.
The hashes are worked out once per process by rendering those same files (the module script names static files,
whose names change with each deploy's manifest). A page from the page cache therefore carries nothing made for one
request. The admin (/admin/) also allows inline *styles*: its templates use style attributes; never inline scripts.

Permissions-Policy (settings.PERMISSIONS_POLICY) turns off browser features the service never uses.

A request whose Content-Length is over settings.MAX_REQUEST_BYTES is answered 413 with a GOV.UK page before its
body is read (Django would otherwise read an upload to disk before a form could refuse it)."""

import base64
import functools
import hashlib

from csp.constants import SELF, UNSAFE_INLINE
from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.shortcuts import render
from django.template.loader import render_to_string

ADMIN_PREFIX = "/admin/"
INLINE_SCRIPTS = ["base/_js_enabled.js", "base/_start_frontend.js"]


@functools.cache
def inline_script_hashes() -> tuple[str, ...]:
    """The CSP source expression of each inline script of the page template."""
    return tuple(
        f"'sha256-{base64.b64encode(hashlib.sha256(render_to_string(name).encode()).digest()).decode()}'"
        for name in INLINE_SCRIPTS
    )


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the inline scripts' hashes, the admin's inline styles and Permissions-Policy."""

    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        parts.update = {**(parts.update or {}), "script-src": list(inline_script_hashes())}
        if request.path.startswith(ADMIN_PREFIX):
            parts.replace = {**(parts.replace or {}), "style-src": [SELF, UNSAFE_INLINE]}
        return parts

    def process_response(self, request, response):
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return super().process_response(request, response)


class RequestSizeLimitMiddleware:
    """Refuse a request body larger than MAX_REQUEST_BYTES from its Content-Length, before reading it. (A body sent
    without a Content-Length is read by Django as empty; DATA_UPLOAD_MAX_MEMORY_SIZE bounds the rest.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BYTES:
            return render(
                request,
                "413.html",
                {"most_megabytes": settings.MAX_REQUEST_BYTES // (1024 * 1024)},
                status=413,
            )
        return self.get_response(request)
