"""Pages sent gzip-compressed to clients that accept it, except where compression could leak a secret (BREACH).

BREACH needs a secret and text the attacker chose in the same compressed response. The public pages (search,
detail and guidance pages, downloads) carry no secret, so they are compressed; a response that sets a cookie (a page
with a form carries a CSRF token and sets the CSRF cookie) or answers a request with a session (signed-in curators
and portal users: their pages show personal details and tokens) is sent as it is. Static files never get here:
whitenoise, earlier in MIDDLEWARE, answers them with its own precompressed copies."""

from django.conf import settings
from django.middleware.gzip import GZipMiddleware


class PublicPageGZipMiddleware(GZipMiddleware):
    def process_response(self, request, response):
        if response.cookies or settings.SESSION_COOKIE_NAME in request.COOKIES:
            return response
        return super().process_response(request, response)
