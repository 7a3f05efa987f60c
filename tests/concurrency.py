"""Races tested as they happen: real HTTP requests sent at the same instant to pytest-django's live server (a threaded
WSGI server), each from its own client with its own cookies. PostgreSQL only: SQLite serialises writers, so a race
there shows nothing about production.

    pytestmark = [pytest.mark.django_db(transaction=True), requires_postgresql]

    def test_double_submit(live_server, ...):
        session = signed_in_session(live_server, user)
        responses = at_once([lambda: session.post(url, data) for _ in range(8)])
"""

import http.cookies
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import pytest
from django.conf import settings
from django.db import connection

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="races are tested on PostgreSQL (DATABASE_URL), as deployed"
)


@dataclass
class Response:
    status: int
    text: str
    url: str
    location: str = ""  # a redirect's Location


class Session:
    """A browser-like HTTP client: keeps cookies, sends the CSRF token with every POST, does not follow redirects."""

    def __init__(self, base_url: str):
        self.base_url = base_url.rstrip("/")
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirect())

    def cookie(self, name: str) -> str:
        return self.cookies.get(name, "")

    def set_cookie(self, name: str, value: str) -> None:
        self.cookies[name] = value

    def get(self, path: str) -> Response:
        return self._send(urllib.request.Request(self.base_url + path))

    def post(self, path: str, data: dict | list | None = None, *, headers: dict | None = None) -> Response:
        if not self.cookie(settings.CSRF_COOKIE_NAME):
            self.get(path)
        body = urllib.parse.urlencode(data or {}, doseq=True).encode()
        request = urllib.request.Request(
            self.base_url + path,
            data=body,
            headers={
                "X-CSRFToken": self.cookie(settings.CSRF_COOKIE_NAME),
                "Referer": self.base_url + path,
                **(headers or {}),
            },
        )
        return self._send(request)

    def _send(self, request) -> Response:
        if self.cookies:
            request.add_header("Cookie", "; ".join(f"{name}={value}" for name, value in self.cookies.items()))
        try:
            with self.opener.open(request, timeout=30) as response:
                self._keep_cookies(response.headers)
                return Response(response.status, response.read().decode(), response.url)
        except urllib.error.HTTPError as error:
            self._keep_cookies(error.headers)
            text = error.read().decode(errors="replace")
            return Response(error.code, text, request.full_url, error.headers.get("Location") or "")

    def _keep_cookies(self, headers) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            morsels = http.cookies.SimpleCookie()
            morsels.load(header)
            for name, morsel in morsels.items():
                self.cookies[name] = morsel.value


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def session_key_for(user) -> str:
    """A signed-in session for user, made without going through the (throttled) sign-in form: its key."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    from signin.middleware import SIGNED_IN_AT, clock

    store = SessionStore()
    store[SIGNED_IN_AT] = clock()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def signed_in_session(live_server, user) -> Session:
    """A Session carrying a session cookie for user (session_key_for)."""
    session = Session(live_server.url)
    session.set_cookie(settings.SESSION_COOKIE_NAME, session_key_for(user))
    return session


def at_once(calls: list[Callable[[], Response]]) -> list[Response]:
    """Run every call in its own thread, released together by a barrier; the responses in the calls' order."""
    barrier = threading.Barrier(len(calls))

    def run(call):
        barrier.wait()
        return call()

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))
