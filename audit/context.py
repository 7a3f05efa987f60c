"""Who is acting, and through what, for the change records written while they act.

The middleware sets the signed-in user for each request; commands, imports and tests wrap their writes in
`acting_as(user, source=...)`. Outside both, changes are recorded with no user and the source "system"."""

import contextlib
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    source: str
    note: str = ""
    # False only for the demo data command, which creates and deletes thousands of fictional rows at once.
    record: bool = True


_current: ContextVar[Actor | None] = ContextVar("audit_actor", default=None)

SYSTEM = Actor(user_id=None, source="system")


def current_actor() -> Actor:
    return _current.get() or SYSTEM


@contextlib.contextmanager
def acting_as(user=None, *, source: str, note: str = "", record: bool = True):
    token = _current.set(Actor(user_id=getattr(user, "pk", None), source=source, note=note, record=record))
    try:
        yield
    finally:
        _current.reset(token)


class AuditActorMiddleware:
    """Records changes made during a request against the signed-in user, if any, and the part of the site: the admin,
    the portal, or the public pages ("web": an enquiry, a leader's response through their link)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and not user.is_authenticated:
            user = None
        if request.path.startswith("/admin/"):
            source = "admin"
        elif request.path.startswith("/portal/"):
            source = "portal"
        else:
            source = "web"
        with acting_as(user, source=source):
            return self.get_response(request)
