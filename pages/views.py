from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views import View
from django.views.generic import TemplateView

from .selectors import directory_counts, roles_for_home_page


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
