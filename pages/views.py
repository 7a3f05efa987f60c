import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import cache_control, never_cache
from django.views.generic import TemplateView

from . import throttle
from .forms import FeedbackForm
from .selectors import directory_counts, roles_for_home_page
from .services import feedback_create

logger = logging.getLogger(__name__)


class HomeView(TemplateView):
    template_name = "pages/home.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(counts=directory_counts(), roles=roles_for_home_page(), **kwargs)


class BenchFloorView(View):
    """The benchmark's floor: a minimal page through the same middleware and template engine, with no database.
    It shows only the service name, and answers 404 unless settings.BENCH_FLOOR_VIEW is on (bench/run.py turns it
    on through DJANGO_BENCH_FLOOR=1)."""

    def get(self, request):
        if not getattr(settings, "BENCH_FLOOR_VIEW", False):
            raise Http404("Not found")
        return render(request, "pages/floor.html")


def csrf_failure(request, reason=""):
    """A refused CSRF check (CSRF_FAILURE_VIEW): the GOV.UK "access denied" page. The reason is logged by Django
    (django.security.csrf) and never shown."""
    return render(request, "403.html", status=403)


def _database_answers() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return False
    return True


def _cache_answers() -> bool:
    """The shared cache keeps what it is given: a key of this request's own (other servers check at the same time),
    written, read back and deleted."""
    key, token = f"healthcheck:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, token, timeout=60)
        kept = cache.get(key) == token
        cache.delete(key)
        if kept:
            return True
    except Exception:  # any backend's failure (Redis, the database cache): the server cannot serve pages
        logger.exception("Health check: the cache did not answer")
        return False
    logger.error("Health check: the cache did not keep a value")
    return False


@never_cache
def healthcheck(request):
    """For the load balancer: 200 when the database and the shared cache answer, 503 when either does not, with
    each one's state."""
    checks = {"database": _database_answers(), "cache": _cache_answers()}
    healthy = all(checks.values())
    return JsonResponse(
        {"status": "OK" if healthy else "unavailable"}
        | {name: "OK" if answered else "unreachable" for name, answered in checks.items()},
        status=200 if healthy else 503,
    )


CONTENT_PAGE_SECONDS = 60 * 60


@method_decorator(cache_control(public=True, max_age=CONTENT_PAGE_SECONDS), name="dispatch")
class ContentPageView(TemplateView):
    """A page of fixed words about the service (help, privacy, cookies, accessibility): the same for everyone."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            enquiry_contact_retention_days=getattr(settings, "ENQUIRY_CONTACT_RETENTION_DAYS", 365),
            session_idle_minutes=settings.SESSION_COOKIE_AGE // 60,
            session_absolute_hours=getattr(settings, "SESSION_ABSOLUTE_AGE", 0) // 3600,
            csrf_cookie_days=settings.CSRF_COOKIE_AGE // (24 * 60 * 60) if settings.CSRF_COOKIE_AGE else None,
            session_cookie_name=settings.SESSION_COOKIE_NAME,
            csrf_cookie_name=settings.CSRF_COOKIE_NAME,
            **kwargs,
        )


@method_decorator(never_cache, name="dispatch")
class FeedbackView(View):
    """The phase banner's feedback form. Each form shown carries its own submission id, so sending it twice stores
    one; one address may send FEEDBACK_PER_ADDRESS in a window (pages/throttle.py)."""

    template_name = "pages/feedback.html"

    def get(self, request):
        return render(request, self.template_name, {"form": FeedbackForm(initial={"submission": uuid.uuid4()})})

    def post(self, request):
        form = FeedbackForm(request.POST)
        if form.is_valid():
            if not throttle.take_place(request):
                form.add_error(
                    None, "You have sent a lot of feedback from this connection. Wait an hour, then try again."
                )
            else:
                feedback_create(
                    submission=form.cleaned_data["submission"],
                    satisfaction=form.cleaned_data["satisfaction"],
                    comments=form.cleaned_data["comments"],
                )
                return redirect("pages:feedback_sent")
        return render(request, self.template_name, {"form": form})
