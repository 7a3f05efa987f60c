"""The teaching school portal: a teaching school's staff manage their SLEs, their SLEs' placements and days free,
and read the enquiries schools send them.

Every page needs a signed-in member of a teaching school (TeachingSchoolMemberMixin) and reads only through
portal.selectors, scoped to that school, so another school's ids give 404. Writes go through the services."""

from django.contrib import messages
from django.contrib.auth.views import LoginView, LogoutView, redirect_to_login
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.generic import FormView, ListView, TemplateView

from core.text import is_ascii_number
from deployments import services as deployment_services
from deployments.models import ENDED_STATUSES, DeploymentStatus
from matching.enquiries import NEXT_RESPONSES, enquiry_placement_started, enquiry_respond, is_sle_recipient
from matching.models import ResponseStatus
from roles import services as role_services
from roles.dated import not_ended_q
from roles.models import Role

from . import selectors
from . import services as portal_services
from .filters import DesignationFilter, EnquiryFilter, PlacementFilter
from .forms import (
    CapacityForm,
    DesignateForm,
    DesignationEndForm,
    EnquiryResponseForm,
    NegotiationRecordForm,
    PlacementForm,
    PlacementStatusForm,
    SignInForm,
    SpecialismsForm,
    status_actions_for,
)

SIGN_IN_URL = reverse_lazy("portal:sign_in")


# ---------------------------------------------------------------------------------------------------------------------
# Signing in and out


class SignInView(LoginView):
    template_name = "portal/sign_in.html"
    authentication_form = SignInForm
    next_page = reverse_lazy("portal:dashboard")

    def get_redirect_url(self):
        """Only ever back into the portal: a `next` elsewhere (the admin, another site) is ignored."""
        url = super().get_redirect_url()
        return url if url.startswith("/portal/") and not url.startswith(str(SIGN_IN_URL)) else ""


class SignOutView(LogoutView):
    """Sign out (POST only, as Django's LogoutView requires) and go back to the sign-in page."""

    next_page = SIGN_IN_URL

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.success(request, "You have signed out")
        return response


# ---------------------------------------------------------------------------------------------------------------------
# Access


class TeachingSchoolMemberMixin:
    """Signed-in members of a teaching school only; everyone else signs in, or is told why they cannot come in.

    Sets self.teaching_school, then calls load_objects(), where a view fetches what its URL names from the scoped
    selectors (get_object_or_404), before any handler runs."""

    @method_decorator(never_cache)  # the pages show named people's details: no browser or proxy keeps them
    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), SIGN_IN_URL)
        membership = selectors.membership_for(request.user)
        if membership is None or not membership.is_teaching_school:
            return render(request, "portal/no_teaching_school.html", {"membership": membership}, status=403)
        self.teaching_school = membership.school
        self.load_objects()
        return super().dispatch(request, *args, **kwargs)

    portal_section = ""

    def load_objects(self) -> None:
        pass

    def breadcrumbs(self) -> list[tuple[str, str]]:
        """For pages that show breadcrumbs: (text, url) pairs after Home; the current page's url is empty."""
        return []

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            teaching_school=self.teaching_school,
            portal_section=self.portal_section,
            breadcrumbs=[("Home", reverse("portal:dashboard")), *self.breadcrumbs()],
            **kwargs,
        )


class PortalListView(TeachingSchoolMemberMixin, ListView):
    """A paginated list with its FilterSet; each page names its filterset_class and scoped_queryset()."""

    filterset_class = None
    paginate_by = 50

    def scoped_queryset(self):
        raise NotImplementedError

    def get_queryset(self):
        self.filterset = self.filterset_class(self.request.GET or None, queryset=self.scoped_queryset())
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return super().get_context_data(filterset=self.filterset, filter_form=self.filterset.form, **kwargs)


class PortalFormView(TeachingSchoolMemberMixin, FormView):
    """A form page whose valid form is handed to save(); a service's ValidationError goes back on the form, and
    nothing is kept (save() runs in one transaction)."""

    def form_valid(self, form):
        try:
            with transaction.atomic():
                response = self.save(form)
        except ValidationError as error:
            form.add_service_errors(error)
            return self.form_invalid(form)
        return response

    def save(self, form):
        raise NotImplementedError


# ---------------------------------------------------------------------------------------------------------------------
# Dashboard


class DashboardView(TeachingSchoolMemberMixin, TemplateView):
    portal_section = "dashboard"
    template_name = "portal/dashboard.html"

    def get_context_data(self, **kwargs):
        today = timezone.localdate()
        not_ended = not_ended_q(today)
        designations = selectors.designations_for(self.teaching_school).aggregate(
            current_sles=Count("pk", filter=Q(role_id=Role.Code.SLE) & not_ended),
            current_lles=Count("pk", filter=Q(role_id=Role.Code.LLE) & not_ended),
            ended=Count("pk", filter=~not_ended),
        )
        by_status = dict(
            selectors.placements_for(self.teaching_school)
            .order_by()
            .values_list("status")
            .annotate(count=Count("pk"))
            .values_list("status", "count")
        )
        placement_counts = [(status, by_status.get(status.value, 0)) for status in DeploymentStatus]
        return super().get_context_data(
            enquiry_count=selectors.enquiries_for(self.teaching_school).count(),
            designation_counts=designations,
            placement_counts=placement_counts,
            open_placements=sum(count for status, count in placement_counts if status not in ENDED_STATUSES),
            **kwargs,
        )


# ---------------------------------------------------------------------------------------------------------------------
# SLEs


class DesignationMixin(TeachingSchoolMemberMixin):
    portal_section = "sles"

    def load_objects(self):
        self.designation = get_object_or_404(selectors.designations_for(self.teaching_school), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(designation=self.designation, **kwargs)


class DesignationListView(PortalListView):
    portal_section = "sles"
    template_name = "portal/sle_list.html"
    filterset_class = DesignationFilter
    context_object_name = "designations"

    def breadcrumbs(self):
        return [("SLEs and LLEs", "")]

    def scoped_queryset(self):
        return selectors.designations_for(self.teaching_school)


class DesignateView(PortalFormView):
    """Designate an SLE, or with role=Role.Code.LLE an LLE: "Teaching schools have the freedom to recruit and designate
    school leaders in this role as they already do with specialist leaders of education (SLEs)"."""

    portal_section = "sles"
    template_name = "portal/sle_create.html"
    form_class = DesignateForm
    role = Role.Code.SLE

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "leaders": selectors.leaders_for(self.teaching_school, self.role),
            "role": self.role,
        }

    def get_context_data(self, **kwargs):
        return super().get_context_data(role=Role.objects.get(code=self.role), **kwargs)

    def save(self, form):
        data = form.cleaned_data
        if data["person"] == DesignateForm.EXISTING:
            leader = data["existing_leader"]
        else:
            leader = role_services.system_leader_create(
                school=data["school"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                email=data["email"],
                job_title=data["job_title"],
            )
        designation = role_services.designation_create(
            role=self.role,
            leader=leader,
            designated_on=data["designated_on"],
            review_due=data["review_due"],
            teaching_school=self.teaching_school,
            specialisms=data.get("specialisms", ()),
        )
        messages.success(self.request, f"{leader.full_name} is designated as an {designation.role.short_name}")
        return redirect("portal:sle_detail", pk=designation.pk)


class DesignationDetailView(DesignationMixin, TemplateView):
    template_name = "portal/sle_detail.html"

    def breadcrumbs(self):
        return [("SLEs and LLEs", reverse("portal:sle_list")), (self.designation.leader.full_name, "")]

    def get_context_data(self, **kwargs):
        placements = selectors.placements_for(self.teaching_school).filter(
            leaders__designation=self.designation, leaders__is_lead=True
        )
        return super().get_context_data(
            placements=placements,
            is_ended=self.designation.status == self.designation.Status.ENDED,
            is_sle=self.designation.role_id == Role.Code.SLE,
            capacities=selectors.capacity_terms(self.designation.leader, timezone.localdate(), self.teaching_school),
            **kwargs,
        )


class DesignationEndView(DesignationMixin, PortalFormView):
    template_name = "portal/sle_end.html"
    form_class = DesignationEndForm

    def save(self, form):
        role_services.designation_end(
            designation=self.designation, ended_on=form.cleaned_data["ended_on"], reason=form.cleaned_data["reason"]
        )
        messages.success(self.request, f"{self.designation.leader.full_name}'s designation is ended")
        return redirect("portal:sle_detail", pk=self.designation.pk)


class DesignationSpecialismsView(DesignationMixin, PortalFormView):
    template_name = "portal/sle_specialisms.html"
    form_class = SpecialismsForm

    def load_objects(self):
        self.designation = get_object_or_404(
            selectors.open_designations_for(self.teaching_school, timezone.localdate()).of_role(Role.Code.SLE),
            pk=self.kwargs["pk"],
        )

    def get_initial(self):
        return {"specialisms": list(self.designation.specialisms.all())}

    def save(self, form):
        role_services.designation_set_specialisms(
            designation=self.designation, specialisms=form.cleaned_data["specialisms"]
        )
        messages.success(self.request, f"{self.designation.leader.full_name}'s specialisms are changed")
        return redirect("portal:sle_detail", pk=self.designation.pk)


class DesignationCapacityView(DesignationMixin, PortalFormView):
    """The days an SLE or LLE has free for support this term and next, which the directory's shortlists use."""

    template_name = "portal/sle_capacity.html"
    form_class = CapacityForm

    def load_objects(self):
        self.designation = get_object_or_404(
            selectors.open_designations_for(self.teaching_school, timezone.localdate()), pk=self.kwargs["pk"]
        )

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "terms": selectors.capacity_terms(self.designation.leader, timezone.localdate(), self.teaching_school),
        }

    def save(self, form):
        for term, days_free in form.days_by_term():
            portal_services.capacity_record_for(
                teaching_school=self.teaching_school,
                leader=self.designation.leader,
                term=term,
                days_free=days_free,
                recorded_by=self.request.user,
                today=timezone.localdate(),
            )
        messages.success(self.request, f"{self.designation.leader.full_name}'s days free are saved")
        return redirect("portal:sle_detail", pk=self.designation.pk)


# ---------------------------------------------------------------------------------------------------------------------
# Enquiries


class EnquiryListView(PortalListView):
    """Enquiries schools sent to the teaching school or to its SLEs and LLEs from the directory's shortlists."""

    portal_section = "enquiries"
    template_name = "portal/enquiry_list.html"
    filterset_class = EnquiryFilter
    context_object_name = "enquiries"

    def breadcrumbs(self):
        return [("Enquiries", "")]

    def scoped_queryset(self):
        return selectors.enquiries_for(self.teaching_school)


class EnquiryDetailView(PortalFormView):
    """One enquiry the teaching school received, and its response: replied, declined (with a reason the school that
    asked sees) or agreed. An agreed enquiry about one of its SLEs offers "Place an SLE", prefilled from it."""

    portal_section = "enquiries"
    template_name = "portal/enquiry_detail.html"
    form_class = EnquiryResponseForm

    def load_objects(self):
        self.recipient = get_object_or_404(selectors.enquiries_for(self.teaching_school), pk=self.kwargs["pk"])
        self.enquiry = self.recipient.enquiry

    def breadcrumbs(self):
        return [("Enquiries", reverse("portal:enquiry_list")), (self.enquiry.reference, "")]

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "current": self.recipient.response_status}

    def get_context_data(self, **kwargs):
        recipient = self.recipient
        return super().get_context_data(
            enquiry=self.enquiry,
            recipient=recipient,
            can_respond=bool(NEXT_RESPONSES[recipient.response_status]),
            can_place=recipient.response_status == ResponseStatus.AGREED
            and recipient.deployment_id is None
            and is_sle_recipient(recipient),
            **kwargs,
        )

    def save(self, form):
        recipient = enquiry_respond(
            recipient=self.recipient,
            response=form.cleaned_data["response"],
            decline_reason=form.cleaned_data["decline_reason"],
            responded_by=self.request.user,
        )
        messages.success(self.request, f"Response recorded: {recipient.get_response_status_display().lower()}")
        return redirect("portal:enquiry_detail", pk=recipient.pk)


# ---------------------------------------------------------------------------------------------------------------------
# Placements


class PlacementMixin(TeachingSchoolMemberMixin):
    portal_section = "placements"

    def load_objects(self):
        self.placement = get_object_or_404(selectors.placements_for(self.teaching_school), pk=self.kwargs["pk"])

    def get_context_data(self, **kwargs):
        return super().get_context_data(placement=self.placement, lead=_lead(self.placement), **kwargs)


def _lead(placement):
    return placement.lead_leaders[0].designation if placement.lead_leaders else None


class PlacementListView(PortalListView):
    portal_section = "placements"
    template_name = "portal/placement_list.html"
    filterset_class = PlacementFilter
    context_object_name = "placements"

    def breadcrumbs(self):
        return [("Placements", "")]

    def scoped_queryset(self):
        return selectors.placements_for(self.teaching_school)


def placement_initial(recipient, sles) -> dict:
    """ "Place an SLE" filled in from an agreed enquiry: the school that asked, the SLE, the specialism, the date it
    asked and the days it proposed."""
    enquiry = recipient.enquiry
    initial = {"supported_school": enquiry.school.urn, "requested_on": timezone.localtime(enquiry.created_at).date()}
    lead = sles.filter(leader_id=recipient.leader_id).first()
    if lead is not None:
        initial["lead"] = lead.pk
    if enquiry.specialism_id:
        initial["focus_specialism"] = enquiry.specialism_id
    if enquiry.proposed_days:
        initial["total_days"] = format(enquiry.proposed_days.normalize(), "f")  # 4, not 4.0
    return initial


class PlacementCreateView(PortalFormView):
    portal_section = "placements"
    template_name = "portal/placement_create.html"
    form_class = PlacementForm

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "sles": selectors.current_sles_for(self.teaching_school),
            "kinds": selectors.sle_kinds(),
        }

    def load_objects(self):
        """From an agreed enquiry about one of the school's SLEs (`?enquiry=<id>`): only one it received."""
        self.from_enquiry = None
        ident = self.request.GET.get("enquiry", "")
        if ident:
            if not is_ascii_number(ident) or len(ident) > 12:
                raise Http404("No such enquiry")
            self.from_enquiry = get_object_or_404(
                selectors.enquiries_for(self.teaching_school).filter(
                    response_status=ResponseStatus.AGREED, deployment__isnull=True
                ),
                pk=int(ident),
            )

    def get_initial(self):
        if self.from_enquiry is not None:
            return placement_initial(self.from_enquiry, selectors.current_sles_for(self.teaching_school))
        sle = self.request.GET.get("sle", "")
        return {"lead": sle} if is_ascii_number(sle) else {}

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            has_sles=selectors.current_sles_for(self.teaching_school).exists(),
            from_enquiry=self.from_enquiry,
            **kwargs,
        )

    def save(self, form):
        data = form.cleaned_data
        placement, made_now = portal_services.placement_request(
            teaching_school=self.teaching_school,
            submission_token=data["submission_token"],
            kind=data["kind"],
            lead=data["lead"],
            sle_support=data["sle_support"],
            supported_school=data["supported_school"],
            requested_on=data["requested_on"],
            focus_specialism=data["focus_specialism"],
            created_by=self.request.user,
            **form.organisations_concerned(),
            **form.time_commitment(),
        )
        if made_now and self.from_enquiry is not None:
            enquiry_placement_started(recipient=self.from_enquiry, placement=placement, recorded_by=self.request.user)
        if made_now:
            messages.success(self.request, f"{data['lead'].leader.full_name} is placed with {placement.supported_name}")
        return redirect("portal:placement_detail", pk=placement.pk)


class PlacementDetailView(PlacementMixin, TemplateView):
    template_name = "portal/placement_detail.html"

    def breadcrumbs(self):
        return [("Placements", reverse("portal:placement_list")), (self.placement.supported_name, "")]

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            negotiation_records=selectors.negotiation_records_for(self.placement),
            agreed_terms=deployment_services.deployment_agreed_terms(self.placement),
            status_actions=status_actions_for(self.placement),
            is_open=not self.placement.is_ended,
            **kwargs,
        )


class NegotiationRecordCreateView(PlacementMixin, PortalFormView):
    template_name = "portal/negotiation_create.html"
    form_class = NegotiationRecordForm

    def save(self, form):
        record, warnings = deployment_services.negotiation_record_add(
            deployment=self.placement, recorded_by=self.request.user, **form.record_values()
        )
        messages.success(self.request, f"{record.get_kind_display()} recorded")
        for warning in warnings:
            messages.warning(self.request, warning)
        return redirect(reverse("portal:placement_detail", kwargs={"pk": self.placement.pk}) + "#negotiation")


class PlacementStatusView(PlacementMixin, PortalFormView):
    template_name = "portal/placement_status.html"
    form_class = PlacementStatusForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "deployment": self.placement}

    def save(self, form):
        data = form.cleaned_data
        placement = deployment_services.deployment_move(
            deployment=self.placement,
            to_status=data["to_status"],
            on=data["on"],
            outcome=form.outcome,
            outcome_notes=data["outcome_notes"],
        )
        messages.success(self.request, f"The placement is now {placement.get_status_display().lower()}")
        return redirect("portal:placement_detail", pk=self.placement.pk)
