import itertools
import json
from array import array

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.views import View
from django.views.generic import TemplateView

from core import page_cache
from core.csv import csv_lines
from core.fragments import render_block
from core.text import is_ascii_number
from core.urls import reverse_once
from roles.models import Role

from . import options, selectors
from .filters import ListingFilter
from .guidance import BY_SLUG, GUIDANCE
from .results import (
    ResultRow,
    alternatives_for_no_results,
    public_record,
    query_from_first_page,
    search_url,
    selected_filters,
)

RESULTS_PER_PAGE = selectors.RESULTS_PER_PAGE
# Numbered pages reach the first MAX_RESULTS results of a search, and a search counts no further than that: a deeper
# page or a larger count would cost more the more leaders there are. Beyond them a person narrows the search, or
# downloads every result.
MAX_PAGES = 50
MAX_RESULTS = RESULTS_PER_PAGE * MAX_PAGES


class SearchView(View):
    """One search across every kind of system leader, laid out as the MOJ "filter a list" pattern."""

    template_name = "directory/search.html"

    def get(self, request):
        today = timezone.localdate()
        filterset = ListingFilter(request.GET, queryset=selectors.listing_queryset(), today=today)
        context = {"filterset": filterset, "form": filterset.form, **_filter_panel_context(request, filterset)}
        if not filterset.is_valid():
            return render(
                request,
                self.template_name,
                {**context, "filter_panel": _filter_panel(request, context)},
                using="jinja2",
            )
        # The first MAX_RESULTS + 1 ids of the search in one query: their number is the count ("more than" past
        # MAX_RESULTS) and each page a slice of them, so every page of a search shares them, per version of the data
        # and day (whether a designation is current depends on the date). Kept as an array of 64-bit whole numbers:
        # every page of the search, served from the cache or not, reads them with itself, and an array unpickles in
        # a tenth of the time a list of 1,001 numbers does.
        ids = page_cache.remembered(
            _ids_key(request, today),
            lambda: array("q", filterset.first_ids(MAX_RESULTS + 1)),
            page_cache.PAGE_SECONDS,
        )
        result_count = len(ids)
        paginator = Paginator(ids[:MAX_RESULTS], RESULTS_PER_PAGE)
        number = request.GET.get("page") or "1"
        try:
            page = paginator.page(number)
        except PageNotAnInteger:
            return _no_such_page(request, beyond_cap=False)
        except EmptyPage:  # a whole number, as the paginator read it, but not one of the pages
            return _no_such_page(request, beyond_cap=result_count > MAX_RESULTS and int(number) > MAX_PAGES)
        page.object_list = filterset.rows(list(ids[page.start_index() - 1 : page.end_index()])) if result_count else []
        rows = [ResultRow.build(listing, today) for listing in page.object_list]
        context.update(
            page_obj=page,
            rows=rows,
            result_count=result_count,
            more_than=MAX_RESULTS if result_count > MAX_RESULTS else None,
            location=filterset.location,
            sort=filterset.sort_order,
            selected_filters=selected_filters(request.GET, filterset),
            alternatives=[]
            if result_count
            else alternatives_for_no_results(request.GET, filterset, count_up_to=MAX_RESULTS),
        )
        context["filter_panel"] = _filter_panel(request, context)
        context["download_query"] = query_from_first_page(request.GET)
        return render(request, self.template_name, context, using="jinja2")


def _no_such_page(request, *, beyond_cap: bool):
    """A page number past the last page, or past the last numbered page of a large search: a 404 that says which,
    with the way on."""
    return render(
        request,
        "directory/page_not_found.html",
        {
            "first_page_url": search_url(request.GET),
            "beyond_cap": beyond_cap,
            "max_results": MAX_RESULTS,
            "max_pages": MAX_PAGES,
            "csv_url": reverse("directory:download_csv") + query_from_first_page(request.GET),
        },
        status=404,
        using="jinja2",
    )


class SearchDownloadView(View):
    """The current results as CSV or JSON, public fields only, with the same filters as the results page."""

    format = "csv"

    def get(self, request):
        today = timezone.localdate()
        filterset = ListingFilter(request.GET, queryset=selectors.listing_queryset(), today=today)
        if not filterset.is_valid():
            problems = "; ".join(str(error) for errors in filterset.form.errors.values() for error in errors)
            return HttpResponse(f"Cannot download these results: {problems}\n", status=400, content_type="text/plain")
        records = (public_record(ResultRow.build(listing, today)) for listing in filterset.every_result())
        stamp = today.isoformat()
        if self.format == "json":
            response = StreamingHttpResponse(_json_lines(records), content_type="application/json")
        else:
            response = StreamingHttpResponse(_csv_lines(records), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="school-to-school-support-{stamp}.{self.format}"'
        return response


def search_parts(request) -> list[str]:
    """What a search remembers that its page can read with itself (core.page_cache.cached_page): its ids."""
    return [_ids_key(request, timezone.localdate())]


def _ids_key(request, today) -> str:
    return _search_key(request, f"ids-{today.isoformat()}")


def _search_key(request, what: str) -> str:
    return f"directory-search-{what}:{query_from_first_page(request.GET)}"


# The panel's option filters (blocks of _filter_options.html), each with the query parameters its markup depends on.
OPTION_FILTERS = {
    "role": ("role",),
    "specialism": ("specialism",),
    "phase": ("phase",),
    "availability": ("availability",),
    "region": ("region",),
    "la": ("la",),
    "hub_area": ("region", "hub_area"),
    "status": ("status",),
}
# The option filters' markup kept in each process: every single choice of each filter (150 local authorities, 27
# specialisms...) takes about 0.2 MB; many combinations fit besides.
MAX_OPTION_FILTERS_CHARACTERS = 2_000_000


def _filter_panel(request, context: dict) -> str:
    """The filter panel's HTML. Its option filters (roles, regions, a region's hub areas, the chosen local
    authorities and specialisms...) are most of its rendering, and each depends only on its own filter's values and
    the data: each is rendered once per process for each choice of its values and version of the data. A search in a
    new local authority renders that filter alone; a new postcode or words, none of them."""
    filter_options = [
        page_cache.kept_in_process(
            "directory-filter-options",
            # The values in the order given: a single-choice filter given twice is searched by its last value.
            f"{name}:{urlencode([(p, request.GET.getlist(p)) for p in parameters], doseq=True)}",
            lambda name=name: render_block("directory/_filter_options.html", name, context),
            max_characters=MAX_OPTION_FILTERS_CHARACTERS,
        )
        for name, parameters in OPTION_FILTERS.items()
    ]
    # Jinja gives its pages' HTML as plain text: marked safe here to be put in the page as it is (both are ours).
    return mark_safe(
        render_to_string(
            "directory/_filter_panel.html",
            {**context, "filter_options": mark_safe("".join(filter_options))},
            request,
            using="jinja2",
        )
    )


def _trail(*pages: tuple[str, str]) -> list[tuple[str, str]]:
    """GOV.UK breadcrumbs (includes/breadcrumbs.html): home, then the given (text, url) pages."""
    return [("Home", reverse_once("pages:home")), *pages]


SEARCH_CRUMB = ("Find system leaders and teaching schools", "")


def _search_trail() -> list[tuple[str, str]]:
    return _trail((SEARCH_CRUMB[0], reverse_once("directory:search")))


def _filter_panel_context(request, filterset) -> dict:
    """What the filter panel needs: the search's option lists, and what the person chose. Of the long lists — 150
    local authorities and 27 SLE specialisms, most of a results page's bytes — the panel holds only those chosen (so
    they can be unticked) and a button to the page that lists them all (ChooseOptionsView); hub areas are listed for
    the chosen region only."""
    chosen = filterset.options
    selected = {name: set(request.GET.getlist(name)) for name in request.GET}
    region = chosen.by_value("regions").get(request.GET.get("region", ""))
    in_region = region.label if region else None
    radius = request.GET.get("radius", "")

    def among_chosen(name: str, values: set) -> list:
        return [o for o in getattr(chosen, name) if o.value in values]

    return {
        "options": chosen,
        "selected": selected,
        "breadcrumbs": _trail(SEARCH_CRUMB),
        "radius_miles": options.RADIUS_MILES,
        "default_radius": options.DEFAULT_RADIUS_MILES,
        "chosen_radius": int(radius) if is_ascii_number(radius) else options.DEFAULT_RADIUS_MILES,
        "chosen_status": request.GET.get("status") or "current",
        "statuses": list(options.STATUSES.items()),
        "sorts": list(options.SORTS.items()),
        "phases": options.PHASE_OPTIONS,
        "availability": options.AVAILABILITY_OPTIONS,
        "chosen_region": region,
        "chosen_local_authorities": among_chosen("local_authorities", selected.get("la", set())),
        "chosen_specialisms": among_chosen("specialisms", selected.get("specialism", set())),
        "hub_areas": [
            o for o in chosen.hub_areas if o.group == in_region or o.value in selected.get("hub_area", set())
        ],
    }


class ChooseOptionsView(View):
    """One long filter of the search on a page of its own (local authorities by region, SLE specialisms by Ofsted
    focus area), reached from the filter panel by a button that sends the panel's choices here: they come back to
    the results as hidden fields, with what is ticked on this page. Works the same without JavaScript."""

    template_name = "directory/choose_options.html"
    name = ""  # the filter's query parameter
    option_list = ""  # its list in directory.options.FilterOptions
    heading = ""
    hint = ""
    # Long lists are grouped in details, open where something is chosen (and at the chosen region).
    collapsed = False

    def get(self, request):
        chosen = options.filter_options()
        ticked = set(request.GET.getlist(self.name))
        region = chosen.by_value("regions").get(request.GET.get("region", ""))
        groups = chosen.grouped(self.option_list)
        # The search as it came, in its order (so "Back" is the results page already seen), of the filters it knows.
        search = [
            (name, value)
            for name, values in request.GET.lists()
            if name in ListingFilter.base_filters
            for value in values
            if value
        ]
        kept = [(name, value) for name, value in search if name != self.name]
        return render(
            request,
            self.template_name,
            {
                "heading": self.heading,
                "hint": self.hint,
                "name": self.name,
                "groups": groups,
                "collapsed": self.collapsed,
                "open_groups": {
                    heading
                    for heading, group in groups
                    if (region and heading == region.label) or ticked & {o.value for o in group}
                },
                "ticked": ticked,
                "kept": kept,
                "back_url": search_url(search),
            },
            using="jinja2",
        )


class ChooseLocalAuthoritiesView(ChooseOptionsView):
    name = "la"
    option_list = "local_authorities"
    heading = "Choose local authorities"
    hint = "Leaders and teaching schools in any of the local authorities you choose. Open a region to see them."
    collapsed = True


class ChooseSpecialismsView(ChooseOptionsView):
    name = "specialism"
    option_list = "specialisms"
    heading = "Choose SLE specialisms"
    hint = "Specialist leaders of education with any of the specialisms you choose, under the four Ofsted focus areas."


def _csv_lines(records):
    records = iter(records)
    first = next(records, None)
    if first is None:
        yield from csv_lines(public_record(None).keys(), [])
        return
    yield from csv_lines(first.keys(), (record.values() for record in itertools.chain([first], records)))


def _json_lines(records):
    yield '{"results": ['
    for index, record in enumerate(records):
        yield ("," if index else "") + "\n" + json.dumps(record, ensure_ascii=False)
    yield "\n]}\n"


class LeaderDetailView(TemplateView):
    template_name = "directory/leader_detail.html"
    template_engine = "jinja2"

    def get_context_data(self, **kwargs):
        leader = selectors.leader_detail(self.kwargs["pk"])
        today = timezone.localdate()
        return super().get_context_data(
            leader=leader,
            school=leader.school,
            breadcrumbs=_search_trail(),
            designations=[(d, d.status_on(today)) for d in leader.all_designations],
            is_demo=leader.is_demo or any(d.is_demo for d in leader.all_designations),
            can_ask=selectors.can_be_asked(leader.all_designations, today),
            **kwargs,
        )


class SchoolDetailView(TemplateView):
    template_name = "directory/school_detail.html"
    template_engine = "jinja2"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        school = selectors.school_detail(self.kwargs["urn"])
        return super().get_context_data(
            school=school,
            breadcrumbs=_search_trail(),
            held=[(d, d.status_on(today)) for d in school.held_designations],
            leaders=[(d, d.status_on(today)) for d in school.leader_designations],
            is_teaching_school=any(d.role_id == Role.Code.TEACHING_SCHOOL for d in school.held_designations),
            has_demo_held=any(d.is_demo for d in school.held_designations),
            has_demo_leaders=any(d.is_demo or d.leader_is_demo for d in school.leader_designations),
            **kwargs,
        )


class TeachingSchoolDetailView(TemplateView):
    template_name = "directory/teaching_school_detail.html"
    template_engine = "jinja2"

    def get_context_data(self, **kwargs):
        school = selectors.teaching_school_detail(self.kwargs["urn"])
        today = timezone.localdate()
        alliance = getattr(school, "led_alliance", None)
        return super().get_context_data(
            school=school,
            breadcrumbs=_search_trail(),
            held=[(d, d.status_on(today)) for d in school.held_designations],
            designations_made=[(d, d.status_on(today)) for d in school.sle_designations],
            is_demo=any(d.is_demo for d in school.held_designations if d.role_id == Role.Code.TEACHING_SCHOOL)
            or bool(alliance and alliance.is_demo),
            can_ask=selectors.can_be_asked(school.held_designations, today),
            **kwargs,
        )


class GuidanceIndexView(TemplateView):
    template_name = "directory/guidance_index.html"

    def get_context_data(self, **kwargs):
        roles = list(Role.objects.order_by("position"))
        return super().get_context_data(
            entries=[(role, GUIDANCE[role.code]) for role in roles if role.code in GUIDANCE],
            breadcrumbs=_trail(),
            **kwargs,
        )


class GuidanceView(TemplateView):
    template_name = "directory/guidance.html"

    def get_context_data(self, **kwargs):
        guidance = BY_SLUG.get(self.kwargs["slug"])
        if guidance is None:
            raise Http404("No guidance for that role")
        role = Role.objects.prefetch_related("deployment_kinds").get(code=guidance.code)
        if role.code == Role.Code.SLE:
            kwargs["focus_areas"] = selectors.focus_areas_with_specialisms()
        if role.code == Role.Code.TSC_REPRESENTATIVE:
            kwargs["regional_networks"], kwargs["peer_representatives"] = selectors.council_networks(
                timezone.localdate()
            )
        return super().get_context_data(
            role=role,
            guidance=guidance,
            breadcrumbs=_trail(("The kinds of system leader", reverse("directory:guidance_index"))),
            **kwargs,
        )
