from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.views import View
from django.views.generic import TemplateView

from . import charts, maps, selectors
from .downloads import coverage_csv
from .forms import ReachForm


def _reach_query(form: ReachForm) -> str:
    """The query string that keeps a chosen distance on links to the other coverage pages."""
    reach = form.reach_miles
    return "" if reach == selectors.NLE_REACH_MILES else f"?reach={reach}"


class CoverageView(TemplateView):
    """England: the figures for each region."""

    template_name = "support_coverage/coverage.html"

    def get_report(self, form: ReachForm):
        return selectors.england_coverage(timezone.localdate(), form.reach_miles)

    def get_breadcrumbs(self, report) -> list[tuple[str, str]]:
        return [("Home", reverse("pages:home")), ("Coverage", "")]

    def get_download_url(self, report) -> str:
        return reverse("coverage:download")

    def get_map(self, report):
        cell_metres = maps.outline_cell_metres(report.region)
        return maps.coverage_map(report, selectors.open_school_cells(cell_metres, report.region), cell_metres)

    def get_context_data(self, **kwargs):
        form = ReachForm(self.request.GET)
        report = self.get_report(form)
        query = _reach_query(form)
        return super().get_context_data(
            form=form,
            report=report,
            charts=charts.report_charts(report),
            map=self.get_map(report),
            reach_query=query,
            download_url=self.get_download_url(report) + query,
            breadcrumbs=self.get_breadcrumbs(report),
            **kwargs,
        )


class RegionCoverageView(CoverageView):
    """A region: the figures for each of its local authorities."""

    def get_report(self, form: ReachForm):
        report = selectors.region_coverage(self.kwargs["code"], timezone.localdate(), form.reach_miles)
        if report is None:
            raise Http404("No region has that code")
        return report

    def get_breadcrumbs(self, report) -> list[tuple[str, str]]:
        return [("Home", reverse("pages:home")), ("Coverage", reverse("coverage:index")), (report.total.name, "")]

    def get_download_url(self, report) -> str:
        return reverse("coverage:region_download", args=[report.region.code])


class CoverageDownloadView(View):
    """The figures of England by region, or of a region by local authority, as CSV."""

    def get(self, request, code=None):
        form = ReachForm(request.GET)
        if form.is_bound and not form.is_valid():
            return HttpResponse(
                f"Cannot download these figures: {form.errors['reach'][0]}\n", status=400, content_type="text/plain"
            )
        today = timezone.localdate()
        if code is None:
            report = selectors.england_coverage(today, form.reach_miles)
            filename = f"coverage-by-region-{today.isoformat()}.csv"
        else:
            report = selectors.region_coverage(code, today, form.reach_miles)
            if report is None:
                raise Http404("No region has that code")
            filename = f"coverage-{slugify(report.total.name)}-by-local-authority-{today.isoformat()}.csv"
        return coverage_csv(report, filename)
