"""Sending an enquiry, following it and answering it.

- From the shortlist the person ticks up to MAX_RECIPIENTS leaders and teaching schools (a GET form: works without
  JavaScript); or starts from one leader's or teaching school's directory page (AskOneView: their school, a need they
  can help with, then on). Either way every recipient must be one the shortlist for that school and need offers
  (offered_recipients), and one the service can reach (enquiries.enquiry_routes): the page says who will read it
  before the person writes a word.
- Details and message, then check and send. Only the draft is held in the session, under the reference the enquiry
  will be stored with, so sending twice stores one enquiry.
- The requester follows the responses on a private status page (EnquiryStatusView); a leader emailed directly
  answers through a one-time link (EnquiryRespondView). Unknown tokens are 404, expired ones 410: neither says which
  enquiries exist."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views import View
from django.views.decorators.cache import never_cache

from directory.models import Listing

from . import enquiries, selectors, throttle
from .forms import REFERENCE, AskNeedForm, EnquiryForm, JourneyForm, RespondForm, SchoolChoiceForm, SchoolSearchForm
from .models import Enquiry, Need, ResponseStatus
from .views import _problem, _url

DRAFTS = "matching_enquiry_drafts"
SENT = "matching_enquiries_sent"
MAX_DRAFTS = 5
MAX_SENT_REMEMBERED = 10
# A leader or school chosen from their own page must be within the first this many of the school's shortlist.
OFFERED_FROM_DIRECTORY = 50


# ---------------------------------------------------------------------------------------------------------------------
# Who the enquiry goes to


def _drafts(request) -> dict:
    return request.session.get(DRAFTS, {})


def _remember_draft(request, reference: str, draft: dict) -> None:
    drafts = {key: value for key, value in _drafts(request).items() if key != reference}
    drafts[reference] = draft
    request.session[DRAFTS] = dict(list(drafts.items())[-MAX_DRAFTS:])


def _sent(request) -> list[str]:
    """References of the enquiries this session sent (never the status link's token: that is only emailed)."""
    sent = request.session.get(SENT, [])
    return sent if isinstance(sent, list) else []


def _need_label(data: dict) -> str:
    return data["specialism"].name if data.get("specialism") else Need(data["need"]).label


def _journey_from(data) -> JourneyForm:
    return JourneyForm({key: data.get(key) for key in ("urn", "need", "specialism")})


def _offered_size(data) -> int:
    return OFFERED_FROM_DIRECTORY if data.get("from") == "directory" else selectors.SHORTLIST_SIZE


def _cannot_send(request, journey, problem: enquiries.RecipientProblem):
    return render(
        request,
        "matching/recipient_problem.html",
        {"problems": problem.messages, "shortlist_url": _url("shortlist", journey.query())},
        status=404,
    )


@method_decorator(never_cache, name="dispatch")
class EnquiryView(View):
    """Who will receive the enquiry, then your details and message."""

    template_name = "matching/enquiry_form.html"

    def dispatch(self, request, *args, **kwargs):
        journey = JourneyForm(request.GET)
        if not journey.is_valid():
            return _problem(request, journey)
        data = journey.cleaned_data
        self.origin = "directory" if request.GET.get("from") == "directory" else ""
        try:
            self.keys = enquiries.recipient_keys(request.GET.getlist("to"))
            self.chosen = enquiries.offered_recipients(
                school=data["urn"],
                need=data["need"],
                specialism=data["specialism"],
                keys=self.keys,
                size=_offered_size({"from": self.origin}),
            )
        except enquiries.RecipientProblem as problem:
            return _cannot_send(request, journey, problem)
        self.journey = journey
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
        details = {**form.cleaned_data, "proposed_days": str(form.cleaned_data["proposed_days"] or "")}
        _remember_draft(request, reference, {**self.journey.query(), "to": self.keys, "from": self.origin, **details})
        return redirect("matching:enquiry_check", reference)

    def _render(self, form):
        query = self.journey.query()
        back = _url("shortlist", query) if self.origin != "directory" else self._ask_one_url()
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "chosen": self.chosen,
                "school": self.journey.cleaned_data["urn"],
                "need_label": _need_label(self.journey.cleaned_data),
                "back_url": back,
            },
        )

    def _ask_one_url(self):
        kind, _, ident = self.keys[0].partition(":")
        name = "ask_leader" if kind == "leader" else "ask_teaching_school"
        return _url(name, self.journey.query(), int(ident))


def _enquiry_url(draft: dict, reference: str = "") -> str:
    query = {key: draft.get(key) for key in ("urn", "need", "specialism", "from")}
    url = _url("enquiry", {**query, "draft": reference})
    return url + "".join(f"&to={key}" for key in draft.get("to", []))


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
        journey = _journey_from(draft)
        if not journey.is_valid():
            return _problem(request, journey)
        data = journey.cleaned_data
        try:
            self.chosen = enquiries.offered_recipients(
                school=data["urn"],
                need=data["need"],
                specialism=data["specialism"],
                keys=enquiries.recipient_keys(draft.get("to", [])),
                size=_offered_size(draft),
            )
        except enquiries.RecipientProblem as problem:
            return _cannot_send(request, journey, problem)
        self.reference, self.draft, self.journey = reference, draft, journey
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
            sent = enquiries.enquiry_submit(
                reference=reference,
                school=data["urn"],
                need=data["need"],
                specialism=data["specialism"],
                routes=[route for _, route in self.chosen],
                contact_name=self.draft["contact_name"],
                contact_email=email,
                contact_role=self.draft.get("contact_role", ""),
                contact_telephone=self.draft.get("contact_telephone", ""),
                message=self.draft["message"],
                proposed_days=Decimal(self.draft["proposed_days"]) if self.draft.get("proposed_days") else None,
            )
        except ValidationError as error:
            throttle.release(request, email)
            return self._render(errors=error.messages)
        if not sent.status_token:  # stored by a request before this one: count it once
            throttle.release(request, email)
        return self._sent(sent.enquiry.reference)

    def _sent(self, reference):
        request = self.request
        request.session[SENT] = [*(r for r in _sent(request) if r != reference), reference][-MAX_SENT_REMEMBERED:]
        request.session[DRAFTS] = {key: value for key, value in _drafts(request).items() if key != reference}
        return redirect("matching:enquiry_sent", reference)

    def _render(self, errors=()):
        query = self.journey.query()
        details_url = _enquiry_url(self.draft, self.reference)
        return render(
            self.request,
            self.template_name,
            {
                "draft": self.draft,
                "errors": errors,
                "chosen": self.chosen,
                "school": self.journey.cleaned_data["urn"],
                "need_label": _need_label(self.journey.cleaned_data),
                "change_details_url": details_url,
                "change_recipients_url": _url("shortlist", query),
                "change_need_url": _url("need", {"urn": query["urn"], "need": query["need"]}),
                "change_school_url": _url("school"),
                "back_url": details_url,
            },
        )


@method_decorator(never_cache, name="dispatch")
class EnquirySentView(View):
    template_name = "matching/enquiry_sent.html"

    def get(self, request, reference):
        if reference not in _sent(request):
            raise Http404("No enquiry sent with that reference in this session")
        enquiry = Enquiry.objects.select_related("school").filter(reference=reference).first()
        if enquiry is None:
            raise Http404("No such enquiry")
        return render(
            request,
            self.template_name,
            {"enquiry": enquiry, "recipients": enquiry.recipients.select_related("teaching_school")},
        )


# ---------------------------------------------------------------------------------------------------------------------
# Following and answering an enquiry through private links


def _link_gone(request, *, expired: bool):
    return render(
        request,
        "matching/enquiry_link_problem.html",
        {"expired": expired, "link_days": enquiries.LINK_DAYS},
        status=410 if expired else 404,
    )


@method_decorator(never_cache, name="dispatch")
class EnquiryStatusView(View):
    """The requester's page: each recipient's response as it arrives. No account: the private link is the key."""

    template_name = "matching/enquiry_status.html"

    def get(self, request, token):
        try:
            enquiry = enquiries.enquiry_for_status_token(token)
        except enquiries.LinkExpired:
            return _link_gone(request, expired=True)
        if enquiry is None:
            return _link_gone(request, expired=False)
        response = render(
            request,
            self.template_name,
            {
                "enquiry": enquiry,
                "recipients": enquiry.recipients.select_related("deployment").order_by("pk"),
                "ResponseStatus": ResponseStatus,
            },
        )
        response["Referrer-Policy"] = "no-referrer"  # the token is in the address
        response["X-Robots-Tag"] = "noindex"
        return response


@method_decorator(never_cache, name="dispatch")
class EnquiryRespondView(View):
    """A leader emailed directly answers here, once: replied, declined (with a reason the school sees) or agreed."""

    template_name = "matching/enquiry_respond.html"

    def dispatch(self, request, token):
        try:
            self.recipient = enquiries.recipient_for_response_token(token)
        except enquiries.LinkExpired:
            return _link_gone(request, expired=True)
        if self.recipient is None:
            return _link_gone(request, expired=False)
        response = super().dispatch(request, token)
        # The site's same-origin referrer policy keeps the token from other sites; "no-referrer" would make the
        # browser send "Origin: null" with the form, which CSRF protection refuses.
        response["X-Robots-Tag"] = "noindex"
        return response

    def get(self, request, token):
        return self._render(RespondForm())

    def post(self, request, token):
        form = RespondForm(request.POST)
        if self.recipient.is_awaiting and form.is_valid():
            try:
                enquiries.enquiry_respond(
                    recipient=self.recipient,
                    response=form.cleaned_data["response"],
                    decline_reason=form.cleaned_data["decline_reason"],
                    once=True,
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                return redirect("matching:enquiry_respond", token)
        return self._render(form)

    def _render(self, form):
        self.recipient.refresh_from_db()
        return render(
            self.request,
            self.template_name,
            {"recipient": self.recipient, "enquiry": self.recipient.enquiry, "form": form},
            status=400 if form.errors else 200,
        )


# ---------------------------------------------------------------------------------------------------------------------
# Asking one leader or teaching school, from their own page


@method_decorator(never_cache, name="dispatch")
class AskOneView(View):
    """Ask one leader or teaching school for support: which school is asking, what it needs (only what they can help
    with), then the details and message as from the shortlist. Every step is a GET form whose answers travel in the
    query string."""

    template_name = "matching/enquiry_ask.html"
    kind = ""

    def listing(self, ident):
        raise NotImplementedError

    def dispatch(self, request, ident):
        self.target = self.listing(ident)
        if self.target is None:
            raise Http404("No such leader or school in the directory")
        self.key = enquiries.recipient_key(self.target)
        self.needs, self.specialisms = enquiries.needs_offered(self.target)
        routes = enquiries.enquiry_routes(
            leaders=[self.target.leader] if self.target.leader_id else [],
            schools=[] if self.target.leader_id else [self.target.holder_school],
        )
        self.route = next(iter(routes.values()))
        return super().dispatch(request, ident)

    def get(self, request, ident):
        context = {
            "target": self.target,
            "route": self.route,
            "needs": self.needs,
            "ask_url": _url(self.url_name, None, ident),
            "kind": self.kind,
            "target_url": reverse(
                f"directory:{'leader' if self.kind == 'leader' else 'teaching_school'}", args=[ident]
            ),
        }
        if not self.route.can_receive or not self.needs:
            return render(request, self.template_name, {**context, "step": "cannot"})
        choice = SchoolChoiceForm(request.GET if "urn" in request.GET else None)
        if not (choice.is_bound and choice.is_valid()):
            search = SchoolSearchForm(request.GET if "q" in request.GET else None)
            found = None
            if search.is_bound and search.is_valid():
                found = selectors.school_search(search.cleaned_data["q"])
                if not found.schools:
                    search.add_error("q", found.postcode_problem or "No open school matches. Check the spelling")
                    found = None
                else:
                    choice.offer(found)
            return render(
                request,
                self.template_name,
                {
                    **context,
                    "step": "school",
                    "search_form": search,
                    "choice_form": choice,
                    "found": found,
                    "query": search.cleaned_data.get("q", "") if search.is_bound and search.is_valid() else "",
                },
                status=400 if (search.errors or choice.errors) else 200,
            )
        school = choice.cleaned_data["urn"]
        need_form = AskNeedForm(
            request.GET if "need" in request.GET or "answered" in request.GET else None,
            needs=self.needs,
            specialisms=self.specialisms,
            helper_name=self.target.name,
        )
        if not (need_form.is_bound and need_form.is_valid()):
            return render(
                request,
                self.template_name,
                {**context, "step": "need", "school": school, "form": need_form, "specialisms": self.specialisms},
                status=400 if need_form.errors else 200,
            )
        need, specialism = need_form.cleaned_data["need"], need_form.cleaned_data.get("specialism")
        try:
            enquiries.offered_recipients(
                school=school, need=need, specialism=specialism, keys=[self.key], size=OFFERED_FROM_DIRECTORY
            )
        except enquiries.RecipientProblem as problem:
            shortlist_url = _url(
                "shortlist", {"urn": school.urn, "need": need, "specialism": specialism.slug if specialism else ""}
            )
            return render(
                request,
                self.template_name,
                {
                    **context,
                    "step": "too_far",
                    "school": school,
                    "problems": problem.messages,
                    "shortlist_url": shortlist_url,
                },
            )
        query = {
            "urn": school.urn,
            "need": need,
            "specialism": specialism.slug if specialism else "",
            "from": "directory",
        }
        return redirect(_url("enquiry", query) + f"&to={self.key}")


class AskLeaderView(AskOneView):
    url_name = "ask_leader"
    kind = "leader"

    def listing(self, ident):
        return (
            Listing.objects.select_related("leader", "holder_school")
            .filter(kind=Listing.Kind.LEADER, leader_id=ident)
            .first()
        )


class AskTeachingSchoolView(AskOneView):
    url_name = "ask_teaching_school"
    kind = "school"

    def listing(self, ident):
        return (
            Listing.objects.select_related("leader", "holder_school")
            .filter(kind=Listing.Kind.SCHOOL, holder_school__urn=ident)
            .first()
        )
