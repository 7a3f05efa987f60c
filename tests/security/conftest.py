import importlib
import sys

import pytest

from signin import middleware, throttle

PRODUCTION_SECURITY_SETTINGS = ("SECURE_", "SESSION_COOKIE_", "CSRF_COOKIE_", "X_FRAME_OPTIONS")


@pytest.fixture
def production_security(settings, monkeypatch):
    """The security settings of support_directory.settings.production (its own values, not copies), applied on top
    of the test settings. The rest of production (its database cache, its logging) stays out."""
    monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 60)
    # A fresh import of production and of the base it reads the secret key from; the loaded modules are put back.
    for module in ("support_directory.settings.base", "support_directory.settings.production"):
        monkeypatch.delitem(sys.modules, module, raising=False)
    production = importlib.import_module("support_directory.settings.production")
    for name in dir(production):
        if name.startswith(PRODUCTION_SECURITY_SETTINGS):
            setattr(settings, name, getattr(production, name))
    return settings


@pytest.fixture
def clock(monkeypatch):
    """The throttle's and the session timeout's clock, moved on by hand."""
    now = {"t": 1_800_000_000.0}
    monkeypatch.setattr(throttle, "clock", lambda: now["t"])
    monkeypatch.setattr(middleware, "clock", lambda: now["t"])

    def move_on(seconds):
        now["t"] += seconds

    return move_on


@pytest.fixture
def staff_user(db):
    """A staff account for the sign-in tests (admin and portal sign-in take the same accounts)."""
    from tests.portal.factories import UserFactory

    return UserFactory(username="curator@dfe.example", is_staff=True)
