"""The admin for DfE curators: take a deployment from request, through negotiation, to completion, and see its history.

Every write goes through deployments.services: the add form makes the deployment with deployment_request; each step
of the negotiation (a proposal, counter-proposal, agreement or withdrawal) is recorded on its own page with
negotiation_record_add (its warnings shown as admin warnings) and read on the deployment's page as a timeline; the
status moves are deployment_move, one deployment at a time so that the history records each. Nothing is deleted: a
deployment is cancelled, and a negotiation record is corrected by a later one. The forms are in admin_forms.py, the
list filters in admin_filters.py and the CSV download in exporting.py.
"""

from django.contrib import admin, messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch, Q
from django.http import HttpResponseRedirect
from django.template.defaultfilters import pluralize
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from audit.admin import AuditedAdminMixin
from audit.admin_concurrency import VersionCheckedAdminMixin
from audit.models import ChangeRecord
from core.admin_actions import FormActionMixin
from core.admin_read_only import ReadOnlyAdmin
from core.dates import long_date
from deployments import nlg_support, selectors, services
from deployments.admin_filters import AgreedDayRateFilter, DayRateFilter, KindFilter, kind_with_role
from deployments.admin_forms import (
    NEGOTIATION_STEPS,
    ORGANISATIONS,
    TIME_FIELDS,
    TIME_FIELDSET,
    DeploymentAddForm,
    DeploymentChangeForm,
    DeploymentLeaderForm,
    DeploymentMoveForm,
    NegotiationStepForm,
    ReviewStageForm,
    money,
    negotiation_steps_open,
)
from deployments.exporting import deployments_csv_response
from deployments.models import (
    STATUS_MOVES,
    Deployment,
    DeploymentKind,
    DeploymentLeader,
    DeploymentStatus,
    NegotiationRecord,
    PupilPremiumReviewStage,
)
from roles.models import Role

# ---------------------------------------------------------------------------------------------------------------------
# Inlines


class DeploymentLeaderInline(admin.TabularInline):
    """Who takes part. The lead is chosen with the request; others may join. Nobody is removed from the record."""

    model = DeploymentLeader
    form = DeploymentLeaderForm
    fields = ["designation", "is_lead"]
    readonly_fields = ["is_lead"]
    autocomplete_fields = ["designation"]
    extra = 0
    can_delete = False
    verbose_name = "system leader taking part"
    verbose_name_plural = "system leaders taking part"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("designation__role", "designation__leader")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and obj is not None and not obj.is_ended


class PupilPremiumReviewStageInline(admin.TabularInline):
    """Initial discussion, self-evaluation, review and follow-up visits: scheduled, then completed."""

    model = PupilPremiumReviewStage
    form = ReviewStageForm
    fields = ["stage", "scheduled_on", "completed_on", "days", "notes"]
    extra = 0
    can_delete = False

    def has_delete_permission(self, request, obj=None):
        return False


# ---------------------------------------------------------------------------------------------------------------------
# Deployments


def flagged_money(pence: int | None, outside: bool):
    """£650.00 with a tag saying it is outside the typical day rate."""
    if not outside:
        return money(pence)
    return format_html('{} <strong class="day-rate-flag">outside £300 to £500</strong>', money(pence))


def terms_summary(record: NegotiationRecord) -> str:
    """80 days (5 free) at £475.50 a day, total £38,040.00, paid by the supported school; 3 days a week for 30
    weeks: a record's terms in one readable line."""
    parts = [
        f"{record.days.normalize():f} days" if record.days is not None else "",
        f"{record.free_days.normalize():f} free" if record.free_days else "",
        f"at {money(record.day_rate_pence)} a day" if record.day_rate_pence is not None else "",
        f"total {money(record.total_cost_pence)}" if record.total_cost_pence is not None else "",
        f"paid by {record.get_payer_display()[0].lower()}{record.get_payer_display()[1:]}" if record.payer else "",
    ]
    terms = ", ".join(part for part in parts if part)
    time = record.time_commitment_summary
    if record.total_days is not None and record.total_days == record.days:
        time = time.removeprefix(f"{record.total_days.normalize():f} days in all").removeprefix("; ")
    return "; ".join(part for part in (terms, time) if part)


# (to status, action name, label, needs the move form)
MOVES = [
    (DeploymentStatus.NEGOTIATING, "start_negotiating", "Start negotiating", False),
    (DeploymentStatus.AGREED, "mark_agreed", "Mark agreed", False),
    (DeploymentStatus.ACTIVE, "mark_active", "Mark active (support started)", True),
    (DeploymentStatus.COMPLETED, "mark_completed", "Mark completed, with the outcome", True),
    (DeploymentStatus.CANCELLED, "cancel", "Cancel", True),
]
MOVE_LABELS = {to_status: label for to_status, _, label, _ in MOVES}
MOVE_NEEDS_FORM = {to_status: needs_form for to_status, _, _, needs_form in MOVES}


@admin.register(Deployment)
class DeploymentAdmin(FormActionMixin, VersionCheckedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    # The agreed day rate next to the status, where its flag is seen without scrolling the table sideways.
    list_display = ["kind_name", "supported", "status", "agreed_day_rate", "lead_leader", "requested_on", "agreed_cost"]
    list_filter = [
        "status",
        ("kind__role", admin.RelatedOnlyFieldListFilter),
        KindFilter,
        ("supported_school__region", admin.RelatedOnlyFieldListFilter),
        ("supported_school__local_authority", admin.RelatedOnlyFieldListFilter),
        AgreedDayRateFilter,
        "is_demo",
    ]
    list_select_related = ["kind__role", "supported_school"]
    search_fields = [
        "supported_school__name",
        "=supported_school__urn",
        "supported_trust",
        "designations__leader__first_name",
        "designations__leader__last_name",
        "designations__school__name",
    ]
    autocomplete_fields = ["supported_school", "focus_specialism"]
    date_hierarchy = "requested_on"
    actions = [*(name for _, name, _, _ in MOVES), "export_csv"]
    change_form_template = "admin/deployments/deployment/change_form.html"

    class Media:
        css = {"all": ["deployments/admin.css"]}

    add_fieldsets = [
        (None, {"fields": ["kind", "lead", "other_designations", "requested_on"]}),
        ("Supported school or trust", {"fields": ["supported_school", "supported_trust"]}),
        ("Focus", {"fields": ["focus_specialism", "focus_area", "sle_support", "national_support_school_staff"]}),
        ("Organisations concerned", {"fields": ORGANISATIONS}),
        TIME_FIELDSET,
    ]
    change_fieldsets = [
        (None, {"fields": ["kind", "status", "lead_leader", "requested_on", ("starts_on", "ends_on")]}),
        ("Supported school or trust", {"fields": ["supported_school", "supported_trust"]}),
        (
            "Focus",
            {
                "fields": [
                    "focus_specialism",
                    "focus_area",
                    "sle_support",
                    "national_support_school_staff",
                    "no_trust_match_reason",
                ]
            },
        ),
        ("Organisations concerned", {"fields": ORGANISATIONS}),
        TIME_FIELDSET,
        ("Outcome", {"fields": ["outcome", "outcome_notes"]}),
        ("Record", {"fields": ["created_by", "created_at", "updated_at", "is_demo"]}),
        # Last, so that the negotiation's timeline (change_form.html) follows the terms it led to.
        ("Agreed terms", {"fields": ["agreed_terms"]}),
    ]
    always_read_only = [
        "kind",
        "status",
        "lead_leader",
        "starts_on",
        "ends_on",
        "outcome",
        "agreed_terms",
        "created_by",
        "created_at",
        "updated_at",
        "is_demo",
    ]

    # Lists and pages

    def get_queryset(self, request):
        return selectors.with_agreed_terms(super().get_queryset(request)).prefetch_related(
            Prefetch(
                "leaders",
                queryset=DeploymentLeader.objects.select_related(
                    "designation__role", "designation__leader", "designation__school"
                ),
            )
        )

    def get_fieldsets(self, request, obj=None):
        return self.add_fieldsets if obj is None else self.change_fieldsets

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        if obj.status not in (DeploymentStatus.REQUESTED, DeploymentStatus.NEGOTIATING):
            # The time commitment is the agreed one now: it changes only with the negotiation record.
            return [*self.always_read_only, *TIME_FIELDS]
        return self.always_read_only

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = DeploymentAddForm if obj is None else DeploymentChangeForm
        return super().get_form(request, obj, change=change, **kwargs)

    def get_inlines(self, request, obj):
        if obj is None:
            return []  # The request names its system leaders; the rest is added once it exists.
        inlines = [DeploymentLeaderInline]
        if obj.kind.role_id == Role.Code.PUPIL_PREMIUM_REVIEWER:
            inlines.append(PupilPremiumReviewStageInline)
        return inlines

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="kind", ordering="kind__role__position")
    def kind_name(self, obj):
        return kind_with_role(obj.kind)

    @admin.display(description="supported school or trust", ordering="supported_school__name")
    def supported(self, obj):
        return obj.supported_name

    @admin.display(description="led by")
    def lead_leader(self, obj):
        lead = next((leader for leader in obj.leaders.all() if leader.is_lead), None)
        return str(lead.designation) if lead else "–"

    @admin.display(description="agreed day rate", ordering="agreed_day_rate_pence")
    def agreed_day_rate(self, obj):
        return flagged_money(getattr(obj, "agreed_day_rate_pence", None), obj.agreed_day_rate_outside_typical)

    @admin.display(description="agreed cost", ordering="agreed_total_pence")
    def agreed_cost(self, obj):
        return money(getattr(obj, "agreed_total_pence", None))

    @admin.display(description="agreed terms")
    def agreed_terms(self, obj):
        record = services.deployment_agreed_terms(obj)
        if record is None:
            return "Not agreed yet"
        summary = f"Agreed on {long_date(record.recorded_on)}: {terms_summary(record)}"
        if selectors.day_rate_is_outside_typical(record.day_rate_pence):
            return format_html('{} <strong class="day-rate-flag">Day rate outside £300 to £500</strong>', summary)
        return summary

    # Saving through the services

    def save_model(self, request, obj, form, change):
        if not change:
            data = form.cleaned_data
            deployment = services.deployment_request(
                kind=data["kind"],
                lead=data["lead"],
                other_designations=data.get("other_designations") or (),
                supported_school=data.get("supported_school"),
                supported_trust=data.get("supported_trust", ""),
                requested_on=data["requested_on"],
                focus_specialism=data.get("focus_specialism"),
                focus_area=data.get("focus_area"),
                national_support_school_staff=data.get("national_support_school_staff", ""),
                sle_support=data.get("sle_support", ""),
                created_by=request.user,
                **{name: data[name] for name in ORGANISATIONS},
                **{name: data[name] for name in TIME_FIELDS},
            )
            obj.pk = deployment.pk
            obj.refresh_from_db()
            obj._state.adding = False
            return
        changed = [name for name in form.changed_data if name in {f.name for f in Deployment._meta.concrete_fields}]
        if changed:
            obj.full_clean()
            obj.save(update_fields=[*changed, "updated_at"])

    def save_formset(self, request, form, formset, change):
        # save(commit=False) saves nothing: it lists what is new and changed, which the services then write.
        formset.save(commit=False)
        if formset.model is DeploymentLeader:
            formset.new_objects = [
                services.deployment_leader_add(deployment=form.instance, designation=leader.designation)
                for leader in formset.new_objects
            ]
        elif formset.model is PupilPremiumReviewStage:
            formset.new_objects = [
                services.review_stage_record(
                    deployment=form.instance,
                    stage=review_stage.stage,
                    scheduled_on=review_stage.scheduled_on,
                    completed_on=review_stage.completed_on,
                    days=review_stage.days,
                    notes=review_stage.notes,
                )
                for review_stage in formset.new_objects
            ]
            for review_stage, _ in formset.changed_objects:
                services.review_stage_change(
                    review_stage=review_stage,
                    scheduled_on=review_stage.scheduled_on,
                    completed_on=review_stage.completed_on,
                    days=review_stage.days,
                    notes=review_stage.notes,
                )
        else:
            super().save_formset(request, form, formset, change)

    # History: the deployment's own changes and those of its records, leaders and stages

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is None:
            return super().history_view(request, object_id, extra_context)
        related = [
            (Deployment, [obj.pk]),
            (NegotiationRecord, obj.negotiation_records.values_list("pk", flat=True)),
            (DeploymentLeader, obj.leaders.values_list("pk", flat=True)),
            (PupilPremiumReviewStage, obj.review_stages.values_list("pk", flat=True)),
        ]
        query = Q(pk__in=[])
        for model, pks in related:
            content_type = ContentType.objects.get_for_model(model)
            query |= Q(content_type=content_type, object_id__in=[str(pk) for pk in pks])
        records = ChangeRecord.objects.filter(query).select_related("user", "content_type")
        return super().history_view(
            request, object_id, {"records": records, "show_object": True, **(extra_context or {})}
        )

    # Status moves: actions on the list, and buttons on each deployment's page

    def get_urls(self):
        return [
            path(
                "nlg-support/",
                self.admin_site.admin_view(lambda request: nlg_support.nlg_support_view(self, request)),
                name="deployments_deployment_nlg_support",
            ),
            path(
                "<path:object_id>/move/<str:to_status>/",
                self.admin_site.admin_view(self.move_view),
                name="deployments_deployment_move",
            ),
            path(
                "<path:object_id>/negotiation/<str:kind>/",
                self.admin_site.admin_view(self.negotiation_step_view),
                name="deployments_deployment_negotiation_step",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        moves = []
        if obj is not None and self.has_change_permission(request, obj):
            allowed = STATUS_MOVES[DeploymentStatus(obj.status)]
            moves = [
                (label, reverse("admin:deployments_deployment_move", args=[obj.pk, to_status]))
                for to_status, _, label, _ in MOVES
                if to_status in allowed
            ]
        context = {"status_moves": moves, **self._negotiation_context(request, obj), **(extra_context or {})}
        return super().change_view(request, object_id, form_url, context)

    # The negotiation: a timeline on the deployment's page, and a page to record each step

    def _negotiation_context(self, request, obj) -> dict:
        if obj is None:
            return {}
        records = selectors.with_day_rate_flag(obj.negotiation_records.select_related("recorded_by"))
        steps = []
        if self.has_change_permission(request, obj) and self.has_add_permission_for_records(request):
            steps = [
                (
                    NEGOTIATION_STEPS[kind][0],
                    reverse("admin:deployments_deployment_negotiation_step", args=[obj.pk, kind]),
                )
                for kind in negotiation_steps_open(obj)
            ]
        timeline = [(record, terms_summary(record)) for record in records]
        return {"negotiation_timeline": timeline, "negotiation_steps": steps}

    def has_add_permission_for_records(self, request) -> bool:
        return request.user.has_perm("deployments.add_negotiationrecord")

    def negotiation_step_view(self, request, object_id, kind):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not (self.has_change_permission(request, obj) and self.has_add_permission_for_records(request)):
            raise PermissionDenied
        if kind not in NEGOTIATION_STEPS:
            raise PermissionDenied
        change_url = reverse("admin:deployments_deployment_change", args=[obj.pk])
        title = NEGOTIATION_STEPS[kind][0]
        if kind not in negotiation_steps_open(obj):
            status = obj.get_status_display().lower()
            self.message_user(request, f"This deployment is {status}: “{title.lower()}” is not open.", messages.ERROR)
            return HttpResponseRedirect(change_url)
        if request.method == "POST":
            with transaction.atomic():
                # Locked while the step is checked and recorded: a second curator's step waits, then sees this one.
                obj = Deployment.objects.select_for_update().get(pk=obj.pk)
                form = NegotiationStepForm(request.POST, deployment=obj, kind=kind)
                if form.is_valid():
                    record, warnings = services.negotiation_record_add(
                        deployment=obj, recorded_by=request.user, **form.service_values()
                    )
            if form.is_valid():
                self.message_user(request, f"{record.get_kind_display()} recorded.", messages.SUCCESS)
                for warning in warnings:
                    self.message_user(request, warning, messages.WARNING)
                if record.deployment.status != obj.status:
                    status = DeploymentStatus(record.deployment.status).label.lower()
                    self.message_user(request, f"The deployment is now {status}.", messages.INFO)
                return HttpResponseRedirect(change_url + "#negotiation")
        else:
            form = NegotiationStepForm(deployment=obj, kind=kind)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "subtitle": str(obj),
            "opts": self.opts,
            "original": obj,
            "form": form,
            "media": self.media + form.media,
            "timeline": [
                (record, terms_summary(record))
                for record in selectors.with_day_rate_flag(obj.negotiation_records.select_related("recorded_by"))
            ],
            "change_url": change_url,
            "button": title,
        }
        return TemplateResponse(request, "admin/deployments/deployment/negotiation_step.html", context)

    def move_view(self, request, object_id, to_status):
        if to_status not in MOVE_LABELS:
            raise PermissionDenied
        return self.form_action_view(request, object_id, **self._move_page(request, to_status))

    def _move_action(self, request, queryset, to_status):
        deployments = list(queryset.order_by("pk"))
        if not MOVE_NEEDS_FORM[to_status]:
            self._move(request, deployments, to_status, on=timezone.localdate())
            return None
        action_name = next(name for status, name, _, _ in MOVES if status == to_status)
        return self.form_action(request, deployments, action_name=action_name, **self._move_page(request, to_status))

    def _move_page(self, request, to_status) -> dict:
        return {
            "form_class": DeploymentMoveForm,
            "form_kwargs": {"to_status": to_status},
            "apply": lambda deployments, data: self._move(request, deployments, to_status, **data),
            "template": "admin/deployments/deployment/move.html",
            "context": lambda deployments: {
                "title": f"{MOVE_LABELS[to_status]}: {len(deployments)} deployment{pluralize(len(deployments))}",
                "deployments": deployments,
                "button": MOVE_LABELS[to_status],
            },
        }

    def _move(self, request, deployments, to_status, *, on, outcome="", outcome_notes=""):
        moved = 0
        for deployment in deployments:
            try:
                services.deployment_move(
                    deployment=deployment, to_status=to_status, on=on, outcome=outcome, outcome_notes=outcome_notes
                )
            except ValidationError as error:
                self.message_user(request, f"{deployment}: {' '.join(error.messages)}", messages.ERROR)
            else:
                moved += 1
        if moved:
            status = DeploymentStatus(to_status).label.lower()
            self.message_user(request, f"{moved} deployment{'s' if moved != 1 else ''} now {status}.", messages.SUCCESS)

    @admin.action(description="Start negotiating", permissions=["change"])
    def start_negotiating(self, request, queryset):
        return self._move_action(request, queryset, DeploymentStatus.NEGOTIATING)

    @admin.action(description="Mark agreed (needs an agreement in the negotiation record)", permissions=["change"])
    def mark_agreed(self, request, queryset):
        return self._move_action(request, queryset, DeploymentStatus.AGREED)

    @admin.action(description="Mark active (support started)…", permissions=["change"])
    def mark_active(self, request, queryset):
        return self._move_action(request, queryset, DeploymentStatus.ACTIVE)

    @admin.action(description="Mark completed, with the outcome…", permissions=["change"])
    def mark_completed(self, request, queryset):
        return self._move_action(request, queryset, DeploymentStatus.COMPLETED)

    @admin.action(description="Cancel…", permissions=["change"])
    def cancel(self, request, queryset):
        return self._move_action(request, queryset, DeploymentStatus.CANCELLED)

    @admin.action(description="Export selected deployments as CSV", permissions=["view"])
    def export_csv(self, request, queryset):
        return deployments_csv_response(queryset)


@admin.register(NegotiationRecord)
class NegotiationRecordAdmin(AuditedAdminMixin, ReadOnlyAdmin):
    """Every negotiation record, read-only: records are added on their deployment's page and never changed."""

    list_display = ["__str__", "deployment_link", "kind", "proposed_by", "day_rate", "days", "free_days", "total_cost"]
    list_filter = [
        "kind",
        DayRateFilter,
        "proposed_by",
        "payer",
        ("deployment__kind__role", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["deployment__kind", "deployment__supported_school"]
    search_fields = ["deployment__supported_school__name", "=deployment__supported_school__urn", "notes"]
    date_hierarchy = "recorded_on"

    class Media:
        css = {"all": ["deployments/admin.css"]}

    def get_queryset(self, request):
        return selectors.with_day_rate_flag(super().get_queryset(request))

    @admin.display(description="deployment", ordering="deployment")
    def deployment_link(self, obj):
        url = reverse("admin:deployments_deployment_change", args=[obj.deployment_id])
        return format_html('<a href="{}">{}</a>', url, obj.deployment)

    @admin.display(description="day rate", ordering="day_rate_pence")
    def day_rate(self, obj):
        return flagged_money(obj.day_rate_pence, obj.day_rate_outside_typical)

    @admin.display(description="total cost", ordering="total_cost_pence")
    def total_cost(self, obj):
        return money(obj.total_cost_pence)


@admin.register(DeploymentKind)
class DeploymentKindAdmin(admin.ModelAdmin):
    """The kinds of deployment from the guidance: reference data, loaded by a migration."""

    list_display = ["name", "role", "needs_governance_review_training"]
    list_select_related = ["role"]
    list_filter = ["role"]
    search_fields = ["name", "code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
