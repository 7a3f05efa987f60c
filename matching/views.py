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

from directory import page_cache

from . import enquiries, selectors, throttle
from .forms import REFERENCE, EnquiryForm, JourneyForm, NeedForm, SchoolChoiceForm, SchoolSearchForm, SpecialismForm
from .models import Enquiry, Need

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


class AskLeaderView(View):
    """Ask one leader for support, starting from their directory page. (Placeholder: the journey with the leader
    chosen replaces it.)"""

    def get(self, request, pk):
        return redirect(_url("school", {"leader": pk}))


class AskTeachingSchoolView(View):
    """Ask one teaching school for support, starting from its directory page. (Placeholder.)"""

    def get(self, request, urn):
        return redirect(_url("school", {"teaching_school": urn}))


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
    template_name = "matching/shortlist.html"

    def get(self, request):
        journey, problem = _journey(request)
        if problem:
            return problem
        data = journey.cleaned_data
        result = selectors.shortlist(school=data["urn"], need=data["need"], specialism=data["specialism"])
        query = journey.query()
        entries = [(entry, _url("enquiry", {**query, **_recipient_query(entry.listing)})) for entry in result.entries]
        return render(
            request,
            self.template_name,
            {
                "shortlist": result,
                "school": data["urn"],
                "entries": entries,
                "back_url": _question_url(journey),
                "change_need_url": _url("need", {"urn": query["urn"], "need": query["need"]}),
                "change_school_url": _url("school"),
                "is_governance": data["need"] == Need.GOVERNANCE,
            },
        )


def _recipient_query(listing) -> dict:
    if listing.leader_id:
        return {"leader": listing.leader_id}
    return {"teaching_school": listing.urn}


def _recipient(request, journey: JourneyForm, source: dict):
    data = journey.cleaned_data
    leader, teaching_school = source.get("leader"), source.get("teaching_school")
    if (leader is None) == (teaching_school is None):
        return None
    return selectors.enquiry_recipient(
        school=data["urn"],
        need=data["need"],
        specialism=data["specialism"],
        leader_id=leader,
        teaching_school_urn=teaching_school if leader is None else None,
    )


def _drafts(request) -> dict:
    return request.session.get(DRAFTS, {})


def _remember_draft(request, reference: str, draft: dict) -> None:
    drafts = {key: value for key, value in _drafts(request).items() if key != reference}
    drafts[reference] = draft
    request.session[DRAFTS] = dict(list(drafts.items())[-MAX_DRAFTS:])


def _sent(request) -> list[str]:
    return request.session.get(SENT, [])


@method_decorator(never_cache, name="dispatch")
class EnquiryView(View):
    """Your details and message, for one leader or school on the shortlist."""

    template_name = "matching/enquiry_form.html"

    def dispatch(self, request, *args, **kwargs):
        journey, problem = _journey(request)
        if problem:
            return problem
        recipient = _recipient(request, journey, request.GET)
        if recipient is None:
            return render(
                request,
                "matching/recipient_problem.html",
                {"shortlist_url": _url("shortlist", journey.query())},
                status=404,
            )
        self.journey, self.recipient = journey, recipient
        self.reference = str(request.GET.get("draft", ""))
        if not REFERENCE.fullmatch(self.reference) or self.reference not in _drafts(request):
            self.reference = ""
        return super().dispatch(request, *args, **kwargs)

    def get(self, request):
        initial = _drafts(request).get(self.reference, {}) if self.reference else {}
        return self._render(EnquiryForm(initial=initial))

    def post(self, request):
        form = EnquiryForm(request.POST)
        if not form.is_valid():
            return self._render(form)
        reference = self.reference or enquiries.enquiry_reference_new()
        recipient = _recipient_query(self.recipient.entry.listing)
        _remember_draft(request, reference, {**self.journey.query(), **recipient, **form.cleaned_data})
        return redirect("matching:enquiry_check", reference)

    def _render(self, form):
        query = self.journey.query()
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "recipient": self.recipient,
                "school": self.journey.cleaned_data["urn"],
                "need_label": _need_label(self.journey.cleaned_data),
                "back_url": _url("shortlist", query),
            },
        )


def _need_label(data: dict) -> str:
    return data["specialism"].name if data.get("specialism") else Need(data["need"]).label


@method_decorator(never_cache, name="dispatch")
class EnquiryCheckView(View):
    """Check your answers, then send: stored under the draft's reference, so a second send stores nothing."""

    template_name = "matching/enquiry_check.html"

    def dispatch(self, request, reference):
        if reference in _sent(request):
            return redirect("matching:enquiry_sent", reference)
        draft = _drafts(request).get(reference)
        if draft is None:
            return render(request, "matching/draft_expired.html", {}, status=404)
        journey = JourneyForm({key: draft.get(key) for key in ("urn", "need", "specialism")})
        if not journey.is_valid():
            return _problem(request, journey)
        recipient = _recipient(request, journey, draft)
        if recipient is None:
            return render(
                request,
                "matching/recipient_problem.html",
                {"shortlist_url": _url("shortlist", journey.query())},
                status=404,
            )
        self.reference, self.draft, self.journey, self.recipient = reference, draft, journey, recipient
        return super().dispatch(request, reference)

    def get(self, request, reference):
        return self._render()

    def post(self, request, reference):
        if Enquiry.objects.filter(reference=reference).exists():
            return self._sent(reference)
        email = self.draft["contact_email"]
        if wait := throttle.claim(request, email):
            return render(
                request, "matching/too_many_enquiries.html", {"wait": throttle.wait_in_words(wait)}, status=429
            )
        data = self.journey.cleaned_data
        try:
            enquiry = enquiries.enquiry_submit(
                reference=reference,
                school=data["urn"],
                need=data["need"],
                specialism=data["specialism"],
                leader=self.recipient.leader,
                teaching_school=None if self.recipient.leader else self.recipient.teaching_school,
                contact_name=self.draft["contact_name"],
                contact_email=email,
                contact_role=self.draft.get("contact_role", ""),
                contact_telephone=self.draft.get("contact_telephone", ""),
                message=self.draft["message"],
            )
        except ValidationError as error:
            throttle.release(request, email)
            return self._render(errors=error.messages)
        return self._sent(enquiry.reference)

    def _sent(self, reference):
        request = self.request
        request.session[SENT] = [*(r for r in _sent(request) if r != reference), reference][-MAX_SENT_REMEMBERED:]
        request.session[DRAFTS] = {key: value for key, value in _drafts(request).items() if key != reference}
        return redirect("matching:enquiry_sent", reference)

    def _render(self, errors=()):
        query = self.journey.query()
        recipient = _recipient_query(self.recipient.entry.listing)
        return render(
            self.request,
            self.template_name,
            {
                "draft": self.draft,
                "errors": errors,
                "recipient": self.recipient,
                "school": self.journey.cleaned_data["urn"],
                "need_label": _need_label(self.journey.cleaned_data),
                "change_details_url": _url("enquiry", {**query, **recipient, "draft": self.reference}),
                "change_recipient_url": _url("shortlist", query),
                "change_need_url": _url("need", {"urn": query["urn"], "need": query["need"]}),
                "change_school_url": _url("school"),
                "back_url": _url("enquiry", {**query, **recipient, "draft": self.reference}),
            },
        )


@method_decorator(never_cache, name="dispatch")
class EnquirySentView(View):
    template_name = "matching/enquiry_sent.html"

    def get(self, request, reference):
        if reference not in _sent(request):
            raise Http404("No enquiry sent with that reference in this session")
        enquiry = (
            Enquiry.objects.select_related("leader", "teaching_school", "school").filter(reference=reference).first()
        )
        if enquiry is None:
            raise Http404("No such enquiry")
        return render(request, self.template_name, {"enquiry": enquiry})
