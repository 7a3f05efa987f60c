"""The admin for DfE curators: the improvement offer (eligible schools, and matching one with an NLE), the flags
that make a school eligible, leaders' capacity, and the enquiries schools send (read-only).

Every write goes through matching.services (capacity_record, support_flag_raise, support_flag_clear, nle_match)
or matching.enquiries (enquiry_deliver). Nothing is deleted: a flag is cleared, an enquiry is kept."""

import datetime
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode

from audit.admin import AuditedAdminMixin
from audit.admin_concurrency import VersionCheckedAdminMixin
from core.admin_read_only import ReadOnlyAdmin
from core.service_errors import ServiceErrorsMixin
from core.terms import term_containing
from deployments.models import DeploymentKind
from roles import services as roles_services
from roles.models import MAX_DAYS_FREE, Capacity, Designation, RoleCode
from schools import services as school_services
from schools.models import IMPROVEMENT_OFFER_RATINGS, LocalAuthority, Region, School, SupportFlag

from . import dfe_match, enquiries, offer, services
from .forms import RespondForm
from .models import DeliveryStatus, DfeMatchRequest, Enquiry, EnquiryRecipient, Need

OFFER_PAGE_SIZE = 50


# ---------------------------------------------------------------------------------------------------------------------
# Capacity


def term_choices(today=None) -> list[tuple[str, str]]:
    """This term and the two after it, as (first day, label)."""
    term = term_containing(today or timezone.localdate())
    choices = []
    for _ in range(3):
        choices.append((term.starts_on.isoformat(), term.label))
        term = term.next()
    return choices


def days_free_field(**kwargs) -> forms.DecimalField:
    return forms.DecimalField(
        label="Days free",
        min_value=Decimal("0"),
        max_value=MAX_DAYS_FREE,
        decimal_places=1,
        max_digits=3,
        help_text=f"Days free for support in the term, from 0 to {MAX_DAYS_FREE}; part days like 2.5.",
        **kwargs,
    )


class CapacityAddForm(ServiceErrorsMixin, forms.ModelForm):
    term = forms.TypedChoiceField(label="Term", coerce=datetime.date.fromisoformat)
    days_free = days_free_field()

    class Meta:
        model = Capacity
        fields = ["leader"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = term_choices()

    def clean(self):
        cleaned = super().clean()
        leader, term = cleaned.get("leader"), cleaned.get("term")
        if leader and term and Capacity.objects.filter(leader=leader, term_starts_on=term).exists():
            self.add_error("term", f"{leader}'s days free for this term are already recorded: change that record")
        return cleaned


class CapacityChangeForm(forms.ModelForm):
    days_free = days_free_field()

    class Meta:
        model = Capacity
        fields = ["days_free"]


@admin.register(Capacity)
class CapacityAdmin(VersionCheckedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    """Leaders' days free for support, by term, as they or their teaching schools say. The ranking uses this term's."""

    list_display = ["leader", "term", "days_free", "recorded_by", "updated_at"]
    list_filter = ["term_starts_on"]
    list_select_related = ["leader", "recorded_by"]
    search_fields = ["leader__first_name", "leader__last_name", "leader__email", "=leader__school__urn"]
    autocomplete_fields = ["leader"]
    readonly_fields = ["leader", "term", "recorded_by", "updated_at"]

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["leader", "term", "days_free"]
        return ["leader", "term", "days_free", "recorded_by", "updated_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = CapacityAddForm if obj is None else CapacityChangeForm
        kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="term", ordering="term_starts_on")
    def term(self, obj):
        return term_containing(obj.term_starts_on).label

    def save_model(self, request, obj, form, change):
        capacity = roles_services.capacity_record(
            leader=obj.leader,
            term_starts_on=obj.term_starts_on if change else form.cleaned_data["term"],
            days_free=form.cleaned_data["days_free"],
            recorded_by=request.user,
        )
        obj.pk = capacity.pk
        obj.refresh_from_db()
        obj._state.adding = False


# ---------------------------------------------------------------------------------------------------------------------
# Improvement-offer flags


class SupportFlagAddForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = SupportFlag
        fields = ["school", "reason"]
        help_texts = {"reason": "Why DfE should offer this school improvement support (curators see this)."}

    def validate_rules(self):
        school_services.support_flag_validate(school=self.cleaned_data["school"], reason=self.cleaned_data["reason"])


class SupportFlagClearForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = SupportFlag
        fields = ["cleared_on"]
        widgets = {"cleared_on": AdminDateWidget}
        help_texts = {
            "cleared_on": "Clear the flag from this date. The school stays eligible while rated RI or inadequate."
        }

    def validate_rules(self):
        if self.cleaned_data.get("cleared_on"):
            school_services.support_flag_clear_validate(flag=self.instance, cleared_on=self.cleaned_data["cleared_on"])


class RaisedFilter(admin.SimpleListFilter):
    title = "flag"
    parameter_name = "raised"

    def lookups(self, request, model_admin):
        return [("yes", "Raised"), ("no", "Cleared")]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.raised()
        if self.value() == "no":
            return queryset.filter(cleared_on__isnull=False)
        return queryset


@admin.register(SupportFlag)
class SupportFlagAdmin(VersionCheckedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    """Curators flag schools DfE should offer improvement support whatever their Ofsted rating, and clear the flag
    when it no longer applies. The improvement offer's pages hang from here."""

    list_display = ["school", "school_urn", "school_rating", "reason", "flagged_on", "flagged_by", "cleared_on"]
    list_filter = [RaisedFilter, ("school__region", admin.RelatedOnlyFieldListFilter), "flagged_on"]
    list_select_related = ["school", "flagged_by"]
    search_fields = ["school__name", "=school__urn", "reason"]
    autocomplete_fields = ["school"]
    actions = ["clear_flags"]
    change_list_template = "admin/schools/supportflag/change_list.html"

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["school", "reason"]
        return ["school", "reason", "flagged_on", "flagged_by", "cleared_on"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        read_only = ["school", "reason", "flagged_on", "flagged_by"]
        # As saved: a refused form has already put the date it was given on obj.
        cleared = SupportFlag.objects.filter(pk=obj.pk, cleared_on__isnull=False).exists()
        return read_only + (["cleared_on"] if cleared else [])

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = SupportFlagAddForm if obj is None else SupportFlagClearForm
        kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="URN", ordering="school__urn")
    def school_urn(self, obj):
        return obj.school.urn

    @admin.display(description="Ofsted rating", ordering="school__ofsted_rating")
    def school_rating(self, obj):
        return obj.school.get_ofsted_rating_display()

    def save_model(self, request, obj, form, change):
        if not change:
            flag = school_services.support_flag_raise(school=obj.school, reason=obj.reason, flagged_by=request.user)
            obj.pk = flag.pk
            obj.refresh_from_db()
            obj._state.adding = False
        elif "cleared_on" in form.changed_data and form.cleaned_data.get("cleared_on"):
            cleared_on = form.cleaned_data["cleared_on"]
            obj.refresh_from_db()
            school_services.support_flag_clear(flag=obj, cleared_on=cleared_on)
            obj.refresh_from_db()

    @admin.action(description="Clear the selected flags (from today)", permissions=["change"])
    def clear_flags(self, request, queryset):
        cleared = 0
        for flag in queryset.order_by("pk"):
            try:
                school_services.support_flag_clear(flag=flag, cleared_on=timezone.localdate())
            except ValidationError as error:
                self.message_user(request, f"{flag}: {' '.join(error.messages)}", messages.ERROR)
            else:
                cleared += 1
        if cleared:
            self.message_user(request, f"{cleared} flag{'s' if cleared != 1 else ''} cleared.", messages.SUCCESS)

    # The improvement offer: eligible schools, and matching one with an NLE

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("improvement-offer/", wrap(self.offer_view), name="matching_improvement_offer"),
            path("improvement-offer/<int:urn>/", wrap(self.offer_match_view), name="matching_improvement_offer_match"),
            *super().get_urls(),
        ]

    def has_offer_permission(self, request) -> bool:
        return request.user.has_perm("schools.view_supportflag") and request.user.has_perm(
            "deployments.view_deployment"
        )

    def has_match_permission(self, request) -> bool:
        return request.user.has_perm("deployments.add_deployment") and request.user.has_perm(
            "deployments.add_negotiationrecord"
        )

    def offer_view(self, request):
        if not self.has_offer_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        form = OfferFilterForm(request.GET or None)
        schools = offer.offer_schools(today)
        if form.is_bound and form.is_valid():
            schools = form.filter(schools)
        page = Paginator(schools, OFFER_PAGE_SIZE).get_page(request.GET.get("p"))
        query = {key: value for key, value in request.GET.items() if key != "p"}
        context = {
            **self.admin_site.each_context(request),
            "title": "Improvement offer: schools eligible for support from an NLE",
            "subtitle": None,
            "opts": self.opts,
            "form": form,
            "page": page,
            "page_range": page.paginator.get_elided_page_range(page.number),
            "query": urlencode(query),
            "today": today,
        }
        return TemplateResponse(request, "admin/matching/improvement_offer.html", context)

    def offer_match_view(self, request, urn):
        if not self.has_offer_permission(request):
            raise PermissionDenied
        school = get_object_or_404(School.objects.select_related("local_authority", "region"), urn=urn)
        today = timezone.localdate()
        if request.method == "POST":
            if not self.has_match_permission(request):
                raise PermissionDenied
            return self._match(request, school, today)
        match_request = DfeMatchRequest.objects.open().filter(school=school).first()
        asked_for = match_request.need if match_request else Need.LEADERSHIP
        need_form = NeedForm(request.GET or None, initial={"need": asked_for})
        need = need_form.cleaned_data["need"] if need_form.is_bound and need_form.is_valid() else asked_for
        eligible = offer.offer_schools(today).filter(pk=school.pk).first()
        existing = services.open_nle_deployment(school) if eligible else None
        proposals = offer.nle_proposals(school=school, need=need, today=today) if eligible and not existing else []
        context = {
            **self.admin_site.each_context(request),
            "title": f"Match {school.name} with an NLE",
            "subtitle": None,
            "opts": self.opts,
            "school": eligible or school,
            "eligible": eligible is not None,
            "flag": SupportFlag.objects.raised().filter(school=school).first(),
            "match_request": match_request,
            "existing": existing,
            "need": need,
            "need_form": need_form,
            "kinds": services.nle_kinds(),
            "default_kind": services.DEFAULT_NLE_KIND,
            "proposals": proposals,
            "can_match": self.has_match_permission(request),
            "offer_url": reverse("admin:matching_improvement_offer"),
        }
        return TemplateResponse(request, "admin/matching/improvement_offer_match.html", context)

    def _match(self, request, school, today):
        back = reverse("admin:matching_improvement_offer_match", args=[school.urn])
        need = request.POST.get("need", "")
        if need in offer.NLE_NEEDS:
            back += "?" + urlencode({"need": need})
        form = MatchForm(request.POST)
        if not form.is_valid():
            for problems in form.errors.values():
                for problem in problems:
                    self.message_user(request, problem, messages.ERROR)
            return HttpResponseRedirect(back)
        try:
            with transaction.atomic():
                deployment = services.nle_match(
                    school=school,
                    designation=form.cleaned_data["designation"],
                    no_trust_match_reason=form.cleaned_data["no_trust_match_reason"],
                    kind=form.cleaned_data["kind"],
                    recorded_by=request.user,
                    today=today,
                )
                answered = dfe_match.dfe_match_requests_matched(school=school, deployment=deployment)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(back)
        designation = form.cleaned_data["designation"]
        self.message_user(
            request,
            f"{school.name} is matched with {designation.holder_name} (NLE). The deployment is negotiating, "
            "with DfE's proposal as the first step of its negotiation record."
            + (" The school's request for a match is closed as matched." if answered else ""),
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:deployments_deployment_change", args=[deployment.pk]))


class OfferFilterForm(forms.Form):
    q = forms.CharField(label="School name or URN", required=False, max_length=100)
    region = forms.ModelChoiceField(queryset=Region.objects.order_by("name"), required=False, empty_label="Any")
    local_authority = forms.ModelChoiceField(
        queryset=LocalAuthority.objects.order_by("name"), required=False, empty_label="Any"
    )
    rating = forms.ChoiceField(
        label="Ofsted rating",
        required=False,
        choices=[("", "Any"), *[(rating.value, rating.label) for rating in IMPROVEMENT_OFFER_RATINGS]],
    )
    flagged = forms.ChoiceField(
        label="Flagged by a curator", required=False, choices=[("", "Either"), ("yes", "Yes"), ("no", "No")]
    )
    nle_support = forms.ChoiceField(
        label="Open NLE support",
        required=False,
        choices=[("", "Either"), ("none", "None yet"), ("open", "Already has some")],
    )
    asked = forms.ChoiceField(
        label="Asked DfE for a match", required=False, choices=[("", "Either"), ("yes", "Yes"), ("no", "No")]
    )

    def filter(self, schools):
        data = self.cleaned_data
        schools = offer.offer_schools_search(schools, data["q"])
        if data["region"]:
            schools = schools.filter(region=data["region"])
        if data["local_authority"]:
            schools = schools.filter(local_authority=data["local_authority"])
        if data["rating"]:
            schools = schools.filter(ofsted_rating=data["rating"])
        if data["flagged"]:
            schools = schools.filter(flag_reason__isnull=data["flagged"] == "no")
        if data["nle_support"]:
            schools = schools.filter(has_open_nle_deployment=data["nle_support"] == "open")
        if data["asked"]:
            schools = schools.filter(request_reference__isnull=data["asked"] == "no")
        return schools


class NeedForm(forms.Form):
    need = forms.ChoiceField(
        label="Support with", choices=[(need.value, need.label) for need in offer.NLE_NEEDS], initial=Need.LEADERSHIP
    )


class MatchForm(forms.Form):
    designation = forms.ModelChoiceField(
        queryset=Designation.objects.of_role(RoleCode.NLE).select_related("role", "leader"),
        error_messages={
            "required": "Choose an NLE to match the school with",
            "invalid_choice": "That NLE is not in the directory: choose one from the list",
        },
    )
    kind = forms.ModelChoiceField(
        queryset=DeploymentKind.objects.filter(role_id=RoleCode.NLE),
        error_messages={
            "required": "Choose the kind of NLE support",
            "invalid_choice": "Choose a kind of NLE support from the list",
        },
    )
    no_trust_match_reason = forms.CharField(
        max_length=2000,
        error_messages={
            "required": "Enter why the school cannot be matched with an appropriate high-quality trust",
            "max_length": "Why no trust can support the school must be 2,000 characters or fewer",
        },
    )


# ---------------------------------------------------------------------------------------------------------------------
# Enquiries


class EnquiryRecipientInline(admin.TabularInline):
    model = EnquiryRecipient
    extra = 0
    can_delete = False
    show_change_link = True
    fields = ["name", "teaching_school", "delivery_status", "response_status", "decline_reason", "deployment"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Enquiry)
class EnquiryAdmin(AuditedAdminMixin, ReadOnlyAdmin):
    """Enquiries schools sent from the shortlist, read-only: curators see them, who received them and how each
    responded; nobody changes what a school wrote or deletes it. Sending again and responses are on the
    recipients ("Enquiry recipients")."""

    list_display = ["reference", "school", "recipient_names", "need_label", "created_at"]
    list_filter = ["need", "created_at"]
    list_select_related = ["school", "specialism"]
    search_fields = ["=reference", "school__name", "=school__urn", "contact_name", "contact_email"]
    date_hierarchy = "created_at"
    inlines = [EnquiryRecipientInline]
    fieldsets = [
        (None, {"fields": ["reference", "created_at", "school", "need_label", "proposed_days"]}),
        ("From", {"fields": ["contact_name", "contact_role", "contact_email", "contact_telephone"]}),
        ("Message", {"fields": ["message"]}),
        ("Requester's copy", {"fields": ["requester_notified_at", "status_expires_at", "contacts_deleted_at"]}),
    ]
    readonly_fields = [
        "reference",
        "created_at",
        "school",
        "need_label",
        "proposed_days",
        "contact_name",
        "contact_role",
        "contact_email",
        "contact_telephone",
        "message",
        "requester_notified_at",
        "status_expires_at",
        "contacts_deleted_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("recipients")

    @admin.display(description="to")
    def recipient_names(self, obj):
        return ", ".join(recipient.name for recipient in obj.recipients.all())

    @admin.display(description="need", ordering="need")
    def need_label(self, obj):
        return obj.need_label


class AwaitingFilter(admin.SimpleListFilter):
    title = "waiting for a response"
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [("late", f"For more than {enquiries.RESPONSE_WORKING_DAYS} working days")]

    def queryset(self, request, queryset):
        if self.value() == "late":
            return queryset.filter(pk__in=enquiries.recipients_waiting().values("pk"))
        return queryset


class AgreeForm(ServiceErrorsMixin, forms.Form):
    """A curator records that a leader agreed to help, and starts the deployment that gives the support."""

    designation = forms.ModelChoiceField(
        label="Through which designation",
        queryset=Designation.objects.none(),
        empty_label=None,
        error_messages={"required": "Choose the designation", "invalid_choice": "Choose one of the designations"},
    )
    kind = forms.ModelChoiceField(
        label="Kind of support",
        queryset=DeploymentKind.objects.none(),
        empty_label=None,
        error_messages={"required": "Choose the kind of support", "invalid_choice": "Choose a kind from the list"},
    )

    def __init__(self, *args, designations, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["designation"].queryset = designations
        self.fields["kind"].queryset = kinds


class CuratorRespondForm(RespondForm):
    """A response a leader gave by email or telephone; "agreed" has its own page, which starts the deployment."""

    CHOICES = [choice for choice in RespondForm.CHOICES if choice[0] != EnquiryRecipient.ResponseStatus.AGREED]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["response"].choices = self.CHOICES


@admin.register(EnquiryRecipient)
class EnquiryRecipientAdmin(admin.ModelAdmin):
    """Each recipient of each enquiry, with its delivery and response. Curators try sending again, record a response
    for a leader who answered by email or telephone, and, for an NLE, LLE or pupil premium reviewer who agreed, start
    the deployment (teaching schools start SLE placements in the portal)."""

    list_display = ["enquiry", "name", "teaching_school", "delivery_status", "response_status", "created"]
    list_filter = [AwaitingFilter, "response_status", "delivery_status"]
    list_select_related = ["enquiry__school", "teaching_school", "leader"]
    search_fields = ["=enquiry__reference", "name", "enquiry__school__name", "teaching_school__name"]
    actions = ["try_sending_again"]
    readonly_fields = [
        "enquiry",
        "name",
        "leader",
        "teaching_school",
        "delivery_status",
        "delivery_attempts",
        "last_attempt_at",
        "sent_at",
        "last_error",
        "response_status",
        "decline_reason",
        "responded_at",
        "responded_by",
        "deployment",
    ]
    fields = readonly_fields
    change_form_template = "admin/matching/enquiryrecipient/change_form.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        # The list's action and the respond pages need it; the fields themselves are never edited.
        return super().has_change_permission(request)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # Nothing on the page is edited: no save buttons (responses and deployments have their own pages).
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.display(description="made", ordering="enquiry__created_at")
    def created(self, obj):
        return obj.enquiry.created_at

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/respond/", wrap(self.respond_view), name="matching_enquiryrecipient_respond"),
            path("<int:pk>/agree/", wrap(self.agree_view), name="matching_enquiryrecipient_agree"),
            *super().get_urls(),
        ]

    def _recipient(self, request, pk):
        if not self.has_change_permission(request):
            raise PermissionDenied
        return get_object_or_404(
            EnquiryRecipient.objects.select_related("enquiry__school", "enquiry__specialism", "leader"), pk=pk
        )

    def respond_view(self, request, pk):
        recipient = self._recipient(request, pk)
        form = CuratorRespondForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                enquiries.enquiry_respond(
                    recipient=recipient,
                    response=form.cleaned_data["response"],
                    decline_reason=form.cleaned_data["decline_reason"],
                    responded_by=request.user,
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                self.message_user(request, "The response is recorded.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:matching_enquiryrecipient_change", args=[pk]))
        return self._page(request, recipient, form, "Record a response", "respond")

    def agree_view(self, request, pk):
        recipient = self._recipient(request, pk)
        if not request.user.has_perm("deployments.add_deployment"):
            raise PermissionDenied
        designations = services.enquiry_designations(recipient)
        kinds = DeploymentKind.objects.filter(role_id__in=designations.values("role_id")).order_by(
            "role_id", "position"
        )
        form = AgreeForm(request.POST or None, designations=designations, kinds=kinds)
        if request.method == "POST" and form.is_valid():
            try:
                deployment = services.enquiry_agree_deployment(
                    recipient=recipient,
                    designation=form.cleaned_data["designation"],
                    kind=form.cleaned_data["kind"],
                    recorded_by=request.user,
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                self.message_user(request, "Agreed: the deployment is requested.", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:deployments_deployment_change", args=[deployment.pk]))
        return self._page(request, recipient, form, "Agreed: start the deployment", "agree")

    def _page(self, request, recipient, form, title, action):
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": None,
            "opts": self.opts,
            "recipient": recipient,
            "form": form,
            "action": action,
        }
        return TemplateResponse(request, "admin/matching/enquiryrecipient/respond.html", context)

    @admin.action(description="Try sending again", permissions=["change"])
    def try_sending_again(self, request, queryset):
        sent, already = 0, 0
        for recipient in queryset.select_related("enquiry").order_by("pk"):
            if recipient.delivery_status == DeliveryStatus.SENT:
                already += 1
                continue
            recipient = enquiries.recipient_deliver(services.enquiry_requeue(recipient=recipient))
            if recipient.delivery_status == DeliveryStatus.SENT:
                sent += 1
            else:
                problem = recipient.get_delivery_status_display().lower()
                detail = f": {recipient.last_error}" if recipient.last_error else ""
                self.message_user(
                    request,
                    f"{recipient.enquiry.reference} to {recipient.name} not sent ({problem}){detail}",
                    messages.WARNING,
                )
        if sent:
            self.message_user(request, f"{sent} enquir{'ies' if sent != 1 else 'y'} sent.", messages.SUCCESS)
        if already:
            self.message_user(
                request, f"{already} enquir{'ies were' if already != 1 else 'y was'} already sent.", messages.INFO
            )


# ---------------------------------------------------------------------------------------------------------------------
# Schools' requests for a DfE match


@admin.register(DfeMatchRequest)
class DfeMatchRequestAdmin(AuditedAdminMixin, ReadOnlyAdmin):
    """Eligible schools' requests that DfE match them with an NLE, in their own words, read-only: curators match
    from the improvement offer (a match closes the request); nobody changes what a school wrote or deletes it."""

    list_display = ["reference", "school", "need", "created_at", "status", "match_link"]
    list_filter = ["status", "need", "created_at"]
    list_select_related = ["school"]
    search_fields = ["=reference", "school__name", "=school__urn", "contact_name", "contact_email"]
    date_hierarchy = "created_at"
    fields = [
        "reference",
        "created_at",
        "school",
        "need",
        "message",
        "contact_name",
        "contact_role",
        "contact_email",
        "status",
        "closed_at",
        "deployment",
        "match_link",
    ]
    readonly_fields = fields

    @admin.display(description="match")
    def match_link(self, obj):
        if obj.status != DfeMatchRequest.Status.OPEN:
            return "-"
        url = reverse("admin:matching_improvement_offer_match", args=[obj.school.urn])
        return format_html('<a href="{}?{}">Match with an NLE</a>', url, urlencode({"need": obj.need}))
