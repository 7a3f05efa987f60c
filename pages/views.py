import logging

from django.conf import settings
from django.db import DatabaseError, connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from .selectors import directory_counts, roles_for_home_page

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


@never_cache
def healthcheck(request):
    """For the load balancer: 200 when the database answers a trivial query, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database did not answer")
        return JsonResponse({"status": "unavailable", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "OK", "database": "OK"})
