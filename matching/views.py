"""Asking for support: a school leader picks their school, says what they need, sees a shortlist of system leaders
and teaching schools, and sends one of them an enquiry.

The question pages are GET forms: the answers so far travel in the query string, so any page can be bookmarked or
reached with the back button, and a page with a hidden `answered` field checks the answer and moves on. Only the
enquiry's contact details are held in the session, as a draft under the reference the enquiry will be stored with:
sending a draft twice (a double click, a refresh) finds the enquiry already stored under it and stores nothing."""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from core import page_cache

from . import dfe_match, enquiries, selectors
from .forms import DfeMatchRequestForm, JourneyForm, NeedForm, SchoolChoiceForm, SchoolSearchForm, SpecialismForm
from .models import MAX_RECIPIENTS, DfeMatchRequest, Need

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
            else:
                choice_form.offer(found)
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


DFE_MATCH_SENT = "matching_dfe_match_requests_sent"


@method_decorator(never_cache, name="dispatch")
class DfeMatchRequestView(View):
    """Ask DfE to match the school with an NLE (the improvement offer), in the school's own words: offered for
    governance and leadership to an eligible school. A school with an open request is told it has already asked."""

    template_name = "matching/dfe_match_form.html"

    def dispatch(self, request, *args, **kwargs):
        school = selectors.asking_school(request.GET.get("urn"))
        if school is None:
            return render(request, "matching/journey_problem.html", {"errors": ["Select your school"]}, status=400)
        # The need from the address (the shortlist's), or else asked on the form.
        self.school, self.need = school, str(request.GET.get("need", ""))
        self.offer = selectors.dfe_match_offer(school=school, need=self.need or Need.GOVERNANCE)
        self.shortlist_url = (
            _url("shortlist", {"urn": school.urn, "need": self.need})
            if self.need in Need.values and self.need != Need.SPECIALISM
            else _url("need", {"urn": school.urn})
        )
        if self.offer is None:
            return self._render("matching/dfe_match_not_offered.html")
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        if self.offer.open_request:
            return self._already_asked(self.offer.open_request)
        return self._render(self.template_name, form=DfeMatchRequestForm(initial={"need": self.need or None}))

    def post(self, request):
        form = DfeMatchRequestForm({**request.POST.dict(), "need": self.need} if self.need else request.POST)
        if not form.is_valid():
            return self._render(self.template_name, form=form)
        try:
            match_request, created = dfe_match.dfe_match_request_submit(school=self.school, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error.messages)
            return self._render(self.template_name, form=form)
        sent = request.session.get(DFE_MATCH_SENT, [])
        if created or match_request.reference in sent:
            sent = [*(reference for reference in sent if reference != match_request.reference), match_request.reference]
            request.session[DFE_MATCH_SENT] = sent[-MAX_SENT_REMEMBERED:]
            return redirect("matching:dfe_match_sent", match_request.reference)
        return self._already_asked(match_request)

    def _already_asked(self, match_request):
        return self._render("matching/dfe_match_already_asked.html", match_request=match_request)

    def _render(self, template_name, status=200, **context):
        return render(
            self.request,
            template_name,
            {
                "school": self.school,
                "offer": self.offer,
                "need_label": Need(self.need).label if self.need in Need.values else "",
                "ask_need": not self.need,
                "back_url": self.shortlist_url,
                "shortlist_url": self.shortlist_url,
                **context,
            },
            status=status,
        )


@method_decorator(never_cache, name="dispatch")
class DfeMatchRequestSentView(View):
    """The confirmation, with the reference: only in the session that sent the request."""

    def get(self, request, reference):
        if reference not in request.session.get(DFE_MATCH_SENT, []):
            raise Http404("No DfE match request sent with that reference in this session")
        match_request = DfeMatchRequest.objects.select_related("school").filter(reference=reference).first()
        if match_request is None:
            raise Http404("No such request")
        return render(
            request,
            "matching/dfe_match_sent.html",
            {
                "match_request": match_request,
                "shortlist_url": _url("shortlist", {"urn": match_request.school.urn, "need": match_request.need}),
            },
        )


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
                "dfe_match": selectors.dfe_match_offer(school=data["urn"], need=data["need"]),
            },
            status=400 if problems else 200,
        )
