"""Asking for support: a school leader picks their school, says what they need, sees a shortlist of system leaders
and teaching schools, and sends one of them an enquiry.

The question pages are GET forms: the answers so far travel in the query string, so any page can be bookmarked or
reached with the back button, and a page with a hidden `answered` field checks the answer and moves on. Only the
enquiry's contact details are held in the session, as a draft under the reference the enquiry will be stored with:
sending a draft twice (a double click, a refresh) finds the enquiry already stored under it and stores nothing."""

from urllib.parse import urlencode

from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views import View
from django.views.generic import TemplateView

from directory import page_cache

from . import enquiries, selectors
from .forms import JourneyForm, NeedForm, SchoolChoiceForm, SchoolSearchForm, SpecialismForm
from .models import MAX_RECIPIENTS, Need

DRAFTS = "matching_enquiry_drafts"
SENT = "matching_enquiries_sent"
MAX_DRAFTS = 5
MAX_SENT_REMEMBERED = 10
SUGGESTION_SECONDS = 60 * 60


def _url(name: str, query: dict | None = None, *args) -> str:
    url = reverse(f"matching:{name}", args=args)
    query = {key: value for key, value in (query or {}).items() if value not in (None, "")}
    return f"{url}?{urlencode(query)}" if query else url


def _problem(request, form, *, status=400):
    """A page reached with answers that do not make sense (an edited or outdated address): say what is wrong."""
    errors = [error for errors in form.errors.values() for error in errors] if form is not None else []
    return render(request, "matching/journey_problem.html", {"errors": errors}, status=status)


class StartView(TemplateView):
    template_name = "matching/start.html"


class SchoolView(View):
    """Which school is asking? A plain search by name, URN or postcode listing open schools to choose from; with
    JavaScript, an autocomplete over SchoolSuggestionsView chooses the school directly."""

    template_name = "matching/school.html"

    def get(self, request):
        search_form = SchoolSearchForm(request.GET if "q" in request.GET else None)
        choice_form = SchoolChoiceForm(request.GET if "answered" in request.GET or "urn" in request.GET else None)
        if choice_form.is_bound and choice_form.is_valid():
            return redirect(_url("need", {"urn": choice_form.cleaned_data["urn"].urn}))
        found = None
        if search_form.is_bound and search_form.is_valid():
            query = search_form.cleaned_data["q"]
            found = selectors.school_search(query)
            if not found.schools:
                search_form.add_error(
                    "q",
                    found.postcode_problem
                    or f"No open school matches ‘{query}’. Check the spelling, or enter the school’s URN or postcode",
                )
        return render(
            request,
            self.template_name,
            {
                "search_form": search_form,
                "choice_form": choice_form,
                "found": found if found and found.schools else None,
                "query": search_form.cleaned_data.get("q", "") if search_form.is_bound else "",
                "has_errors": bool(search_form.errors or choice_form.errors),
            },
        )


class DfeMatchRequestView(View):
    """Ask DfE to match the school with an NLE. (Placeholder: the request form replaces it.)"""

    def get(self, request):
        return redirect(_url("need", {"urn": request.GET.get("urn"), "need": Need.GOVERNANCE}))


class SchoolSuggestionsView(View):
    """Open schools for the autocomplete, as JSON: at most 10, for 2 or more characters, the same for everyone,
    so cached with the directory's data and by browsers."""

    def get(self, request):
        query = " ".join(str(request.GET.get("q", ""))[:100].split()).lower()
        query = "".join(character for character in query if character.isprintable())
        results = page_cache.remembered(
            f"matching-school-suggestions:{query}",
            lambda: selectors.school_suggestions(query),
            SUGGESTION_SECONDS,
        )
        response = JsonResponse({"results": results})
        response["Cache-Control"] = "public, max-age=300"
        return response


class NeedView(View):
    template_name = "matching/need.html"

    def get(self, request):
        form = NeedForm(request.GET)
        if "answered" in request.GET:
            if form.is_valid():
                school, need = form.cleaned_data["urn"], form.cleaned_data["need"]
                if need == Need.SPECIALISM:
                    return redirect(_url("specialism", {"urn": school.urn}))
                return redirect(_url("shortlist", {"urn": school.urn, "need": need}))
        else:
            form.is_valid()
        if "urn" in form.errors:
            return _problem(request, form)
        school = form.cleaned_data["urn"]
        if "answered" not in request.GET:
            form = NeedForm(initial={"urn": school.urn, "need": request.GET.get("need")})
        return render(request, self.template_name, {"form": form, "school": school})


class SpecialismView(View):
    template_name = "matching/specialism.html"

    def get(self, request):
        form = SpecialismForm(request.GET)
        if "answered" in request.GET:
            if form.is_valid():
                return redirect(
                    _url(
                        "shortlist",
                        {
                            "urn": form.cleaned_data["urn"].urn,
                            "need": Need.SPECIALISM,
                            "specialism": form.cleaned_data["specialism"].slug,
                        },
                    )
                )
        else:
            form.is_valid()
        if "urn" in form.errors:
            return _problem(request, form)
        school = form.cleaned_data["urn"]
        if "answered" not in request.GET:
            form = SpecialismForm(initial={"urn": school.urn, "specialism": request.GET.get("specialism")})
        return render(
            request,
            self.template_name,
            {"form": form, "school": school, "back_url": _url("need", {"urn": school.urn, "need": Need.SPECIALISM})},
        )


def _journey(request):
    """The answers in the query string, checked: (JourneyForm, None) or (None, problem response)."""
    form = JourneyForm(request.GET)
    if not form.is_valid():
        return None, _problem(request, form)
    return form, None


def _question_url(journey: JourneyForm) -> str:
    """The last question asked: where "back" goes from the shortlist."""
    query = journey.query()
    if query["need"] == Need.SPECIALISM:
        return _url("specialism", {"urn": query["urn"], "specialism": query.get("specialism")})
    return _url("need", {"urn": query["urn"], "need": query["need"]})


class ShortlistView(View):
    """The shortlist, and the choice of who to send one enquiry to: a GET form of checkboxes (`to`), checked here and
    passed on to the enquiry page, or shown again with what to put right."""

    template_name = "matching/shortlist.html"

    def get(self, request):
        journey, problem = _journey(request)
        if problem:
            return problem
        data = journey.cleaned_data
        query = journey.query()
        chosen, problems = request.GET.getlist("to"), []
        if "chosen" in request.GET:
            try:
                keys = enquiries.recipient_keys(chosen)
                enquiries.offered_recipients(
                    school=data["urn"], need=data["need"], specialism=data["specialism"], keys=keys
                )
            except enquiries.RecipientProblem as error:
                problems = error.messages
            else:
                return redirect(_url("enquiry", query) + "".join(f"&to={key}" for key in keys))
        result = selectors.shortlist(school=data["urn"], need=data["need"], specialism=data["specialism"])
        routes = enquiries.routes_for_entries(result.entries)
        entries = [
            (entry, routes.get(enquiries.recipient_key(entry.listing)), enquiries.recipient_key(entry.listing))
            for entry in result.entries
        ]
        return render(
            request,
            self.template_name,
            {
                "shortlist": result,
                "school": data["urn"],
                "entries": entries,
                "chosen": chosen,
                "problems": problems,
                "max_recipients": MAX_RECIPIENTS,
                "query": query,
                "back_url": _question_url(journey),
                "change_need_url": _url("need", {"urn": query["urn"], "need": query["need"]}),
                "change_school_url": _url("school"),
                "is_governance": data["need"] == Need.GOVERNANCE,
            },
            status=400 if problems else 200,
        )
