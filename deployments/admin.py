"""The admin for DfE curators: take a deployment from request, through negotiation, to completion, and see its history.

Every write goes through deployments.services: the add form makes the deployment with deployment_request, new
negotiation records are added with negotiation_record_add (its warnings shown as admin warnings), and the status
moves are deployment_move, one deployment at a time so that the history records each. Nothing is deleted: a
deployment is cancelled, and a negotiation record is corrected by a later one.
"""

from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect, AutocompleteSelectMultiple
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db.models import OuterRef, Prefetch, Q, Subquery
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html

from audit.admin import AuditedAdminMixin
from audit.admin_concurrency import VersionCheckedAdminMixin
from audit.models import ChangeRecord
from deployments import services
from deployments.models import (
    STATUS_MOVES,
    Deployment,
    DeploymentKind,
    DeploymentLeader,
    DeploymentOutcome,
    DeploymentStatus,
    NegotiationKind,
    NegotiationRecord,
    PupilPremiumReviewStage,
)
from pages.csv import csv_response
from roles.models import Designation, Role

TIME_FIELDS = list(services.TIME_COMMITMENT_FIELDS)
TIME_FIELDSET = (
    "Time commitment",
    {
        "fields": [
            "total_days",
            "pattern",
            ("days_per_week_min", "days_per_week_max", "period_weeks"),
            ("by_phone", "by_email", "face_to_face"),
            "time_notes",
        ]
    },
)
ORGANISATIONS = [
    "involves_ofsted",
    "involves_local_authority",
    "involves_regional_schools_commissioner",
    "involves_diocese",
]


def money(pence: int | None) -> str:
    """£4,500.00: pounds with pence, for the admin's tables."""
    if pence is None:
        return "–"
    return f"£{Decimal(pence) / 100:,.2f}"


def to_pence(pounds: Decimal | None) -> int | None:
    return None if pounds is None else int((pounds * 100).to_integral_value())


def from_pence(pence: int | None) -> Decimal | None:
    return None if pence is None else (Decimal(pence) / 100).quantize(Decimal("0.01"))


class ServiceErrorsMixin:
    """Puts a ValidationError from a model or a service on the form field it concerns, or at the top of the form
    when the form has no such field (a model's clean() may speak of fields the form does not show)."""

    error_fields: dict[str, str] = {}

    def _update_errors(self, errors):
        if hasattr(errors, "error_dict"):
            remapped = {}
            for field, messages_ in errors.error_dict.items():
                name = self.error_fields.get(field, field)
                if name != NON_FIELD_ERRORS and name not in self.fields:
                    name = NON_FIELD_ERRORS
                remapped.setdefault(name, []).extend(messages_)
            errors = ValidationError(remapped)
        super()._update_errors(errors)

    def check_everything(self, check) -> None:
        """Run check() (a model or service validation) once the form's own fields are valid."""
        if self.errors:
            return
        try:
            check()
        except ValidationError as error:
            self._update_errors(error)


# ---------------------------------------------------------------------------------------------------------------------
# Deployment forms


def designation_widget(multiple: bool = False):
    field = DeploymentLeader._meta.get_field("designation")
    return AutocompleteSelectMultiple(field, admin.site) if multiple else AutocompleteSelect(field, admin.site)


class DeploymentAddForm(ServiceErrorsMixin, forms.ModelForm):
    """A request for support, made with the same checks as deployments.services.deployment_request."""

    lead = forms.ModelChoiceField(
        queryset=Designation.objects.select_related("role", "leader", "school"),
        label="Led by",
        help_text="The designation of the system leader (or teaching school) who leads the support. Search by name.",
        widget=designation_widget(),
    )
    other_designations = forms.ModelMultipleChoiceField(
        queryset=Designation.objects.select_related("role", "leader", "school"),
        required=False,
        label="Also taking part",
        help_text="An NLE may bring other NLEs and SLEs; a pupil premium reviewer may bring SLEs.",
        widget=designation_widget(multiple=True),
    )

    class Meta:
        model = Deployment
        fields = ["kind"]

    def _post_clean(self):
        super()._post_clean()
        self.check_everything(self.instance.validate_constraints)
        self.check_everything(
            lambda: services.deployment_validate(
                deployment=self.instance,
                lead=self.cleaned_data.get("lead"),
                other_designations=self.cleaned_data.get("other_designations") or (),
            )
        )


class DeploymentChangeForm(ServiceErrorsMixin, forms.ModelForm):
    """Corrections to a deployment's details. Its status, dates and outcome change only through the moves."""

    class Meta:
        model = Deployment
        fields = ["supported_school"]

    def _post_clean(self):
        super()._post_clean()
        self.check_everything(self.instance.validate_constraints)
        leaders = list(self.instance.leaders.select_related("designation__role", "designation__leader"))
        lead = next((leader.designation for leader in leaders if leader.is_lead), None)
        if lead is not None:
            self.check_everything(
                lambda: services.deployment_validate(
                    deployment=self.instance,
                    lead=lead,
                    other_designations=[leader.designation for leader in leaders if not leader.is_lead],
                )
            )


class DeploymentMoveForm(forms.Form):
    """The date of a move and, for completion or cancellation, the outcome."""

    on = forms.DateField(label="Date", widget=AdminDateWidget)
    outcome = forms.ChoiceField(label="Outcome", required=False)
    outcome_notes = forms.CharField(label="Notes on the outcome", required=False, widget=forms.Textarea({"rows": 3}))

    def __init__(self, *args, to_status: str, **kwargs):
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)
        if to_status == DeploymentStatus.COMPLETED:
            self.fields["outcome"].choices = [
                ("", "---------"),
                *[(o.value, o.label) for o in services.COMPLETED_OUTCOMES],
            ]
            self.fields["outcome"].required = True
        elif to_status == DeploymentStatus.CANCELLED:
            self.fields["outcome"].choices = [
                ("", "Cancelled before it started, if it never did"),
                *DeploymentOutcome.choices,
            ]
        else:
            del self.fields["outcome"]
            del self.fields["outcome_notes"]


# ---------------------------------------------------------------------------------------------------------------------
# Inlines


class DeploymentLeaderForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = DeploymentLeader
        fields = ["designation"]

    def clean(self):
        cleaned = super().clean()
        self.instance.is_lead = False  # The lead is chosen with the request.
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.instance._state.adding and self.instance.deployment_id:
            self.check_everything(
                lambda: services.deployment_leader_validate(
                    deployment=self.instance.deployment, designation=self.cleaned_data["designation"]
                )
            )


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
        return super().has_add_permission(request, obj) and obj is not None and obj.status not in services.ENDED


class NegotiationRecordForm(ServiceErrorsMixin, forms.ModelForm):
    """A step in the negotiation, with money in pounds and pence (stored as whole pence)."""

    day_rate_pounds = forms.DecimalField(
        label="Day rate (£)", required=False, min_value=Decimal("0"), max_digits=9, decimal_places=2
    )
    total_cost_pounds = forms.DecimalField(
        label="Total cost (£)",
        required=False,
        min_value=Decimal("0"),
        max_digits=11,
        decimal_places=2,
        help_text="Leave blank to work it out from the days and the day rate.",
    )
    error_fields = {"day_rate_pence": "day_rate_pounds", "total_cost_pence": "total_cost_pounds"}
    warnings: list[str] = []

    class Meta:
        model = NegotiationRecord
        fields = ["recorded_on"]

    def clean(self):
        cleaned = super().clean()
        self.instance.day_rate_pence = to_pence(cleaned.get("day_rate_pounds"))
        self.instance.total_cost_pence = to_pence(cleaned.get("total_cost_pounds"))
        days, free_days = cleaned.get("days"), cleaned.get("free_days")
        if self.instance.total_cost_pence is None and days is not None and free_days is not None and days >= free_days:
            # Worked out here as the service would, so that an agreement's terms are complete when the model checks.
            self.instance.total_cost_pence = services.negotiation_total_cost_pence(
                days=days, free_days=free_days, day_rate_pence=self.instance.day_rate_pence
            )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        if self.instance._state.adding and self.instance.deployment_id:
            self.check_everything(self._validate)

    def _validate(self):
        self.warnings = services.negotiation_record_validate(record=self.instance)

    def service_values(self) -> dict:
        """The arguments for negotiation_record_add, as typed (the total cost left blank if it was)."""
        data = self.cleaned_data
        values = {name: data[name] for name in NEGOTIATION_FIELDS if name in data and not name.endswith("_pounds")}
        values["day_rate_pence"] = to_pence(data.get("day_rate_pounds"))
        values["total_cost_pence"] = to_pence(data.get("total_cost_pounds"))
        return values


NEGOTIATION_FIELDS = [
    "recorded_on",
    "kind",
    "proposed_by",
    "day_rate_pounds",
    "days",
    "free_days",
    "total_cost_pounds",
    "payer",
    "pattern",
    "days_per_week_min",
    "days_per_week_max",
    "period_weeks",
    "by_phone",
    "by_email",
    "face_to_face",
    "time_notes",
    "notes",
]


class NegotiationRecordInline(admin.TabularInline):
    """The dated timeline of proposals, counter-proposals, agreement or withdrawal. Existing records are read-only:
    a correction is a new record. Adding an agreement marks the deployment agreed; a withdrawal cancels it."""

    model = NegotiationRecord
    form = NegotiationRecordForm
    fields = [*NEGOTIATION_FIELDS, "recorded_by"]
    readonly_fields = ["recorded_by"]
    extra = 1
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by")

    def get_extra(self, request, obj=None, **kwargs):
        return 1 if obj is not None and obj.status not in services.ENDED else 0

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and obj is not None and obj.status not in services.ENDED

    # Shown for the read-only (existing) records, whose form fields are not displayed.
    @admin.display(description="Day rate (£)")
    def day_rate_pounds(self, obj):
        return money(obj.day_rate_pence)

    @admin.display(description="Total cost (£)")
    def total_cost_pounds(self, obj):
        return money(obj.total_cost_pence)


class ReviewStageForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = PupilPremiumReviewStage
        fields = ["stage", "scheduled_on", "completed_on", "days", "notes"]

    def _post_clean(self):
        super()._post_clean()
        if self.instance.deployment_id:
            self.check_everything(lambda: services.review_stage_validate(review_stage=self.instance))


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


class AgreedCostFilter(admin.SimpleListFilter):
    title = "agreed day rate"
    parameter_name = "day_rate"

    def lookups(self, request, model_admin):
        return [("typical", "£300 to £500"), ("outside", "Outside £300 to £500"), ("none", "No agreed day rate")]

    def queryset(self, request, queryset):
        low, high = services.TYPICAL_DAY_RATE_PENCE
        if self.value() == "typical":
            return queryset.filter(agreed_day_rate_pence__gte=low, agreed_day_rate_pence__lte=high)
        if self.value() == "outside":
            return queryset.filter(Q(agreed_day_rate_pence__lt=low) | Q(agreed_day_rate_pence__gt=high))
        if self.value() == "none":
            return queryset.filter(agreed_day_rate_pence__isnull=True)
        return queryset


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

EXPORT_COLUMNS = [
    # Public: what the directory may show about support given.
    ("id", lambda d: d.pk),
    ("kind", lambda d: d.kind.name),
    ("role", lambda d: d.kind.role.name),
    ("supported school", lambda d: d.supported_school.name if d.supported_school_id else ""),
    ("supported school URN", lambda d: d.supported_school.urn if d.supported_school_id else ""),
    ("supported trust", lambda d: d.supported_trust),
    ("local authority", lambda d: d.supported_school.local_authority.name if d.supported_school_id else ""),
    ("region", lambda d: d.supported_school.region.name if d.supported_school_id else ""),
    ("led by", lambda d: _lead_name(d)),
    ("also taking part", lambda d: "; ".join(str(x.designation) for x in d.leaders.all() if not x.is_lead)),
    ("focus", lambda d: str(d.focus_specialism or d.focus_area or "")),
    ("organisations concerned", lambda d: "; ".join(d.organisations_concerned)),
    ("status", lambda d: d.get_status_display()),
    ("requested on", lambda d: d.requested_on),
    ("starts on", lambda d: d.starts_on or ""),
    ("ends on", lambda d: d.ends_on or ""),
    ("outcome", lambda d: d.get_outcome_display()),
    ("time commitment", lambda d: d.time_commitment_summary),
    # Internal: the negotiated money and who recorded what.
    ("national support school staff", lambda d: d.national_support_school_staff),
    ("outcome notes", lambda d: d.outcome_notes),
    ("agreed on", lambda d: _agreed(d, "recorded_on")),
    ("agreed days", lambda d: _agreed(d, "days")),
    ("agreed free days", lambda d: _agreed(d, "free_days")),
    ("agreed day rate (£)", lambda d: _pounds_or_blank(_agreed(d, "day_rate_pence"))),
    ("agreed total cost (£)", lambda d: _pounds_or_blank(_agreed(d, "total_cost_pence"))),
    ("paid by", lambda d: _agreed(d, "get_payer_display")),
    ("negotiation records", lambda d: len(d.negotiation_records.all())),
    ("created by", lambda d: d.created_by.get_username() if d.created_by_id else ""),
    ("demo data", lambda d: "yes" if d.is_demo else "no"),
]


def _lead_name(deployment: Deployment) -> str:
    lead = next((leader for leader in deployment.leaders.all() if leader.is_lead), None)
    return lead.designation.holder_name if lead else ""


def _agreed(deployment: Deployment, name: str):
    record = next((r for r in deployment.negotiation_records.all() if r.kind == NegotiationKind.AGREEMENT), None)
    if record is None:
        return ""
    value = getattr(record, name)
    return value() if callable(value) else ("" if value is None else value)


def _pounds_or_blank(pence) -> str:
    return "" if pence in ("", None) else f"{Decimal(pence) / 100:.2f}"


@admin.register(Deployment)
class DeploymentAdmin(VersionCheckedAdminMixin, AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["kind", "supported", "lead_leader", "status", "requested_on", "agreed_cost"]
    list_filter = [
        "status",
        ("kind__role", admin.RelatedOnlyFieldListFilter),
        "kind",
        ("supported_school__region", admin.RelatedOnlyFieldListFilter),
        ("supported_school__local_authority", admin.RelatedOnlyFieldListFilter),
        AgreedCostFilter,
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
        ("Agreed terms", {"fields": ["agreed_terms"]}),
        ("Outcome", {"fields": ["outcome", "outcome_notes"]}),
        ("Record", {"fields": ["created_by", "created_at", "updated_at", "is_demo"]}),
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
        agreement = NegotiationRecord.objects.filter(deployment=OuterRef("pk"), kind=NegotiationKind.AGREEMENT)
        return (
            super()
            .get_queryset(request)
            .annotate(
                agreed_total_pence=Subquery(agreement.values("total_cost_pence")[:1]),
                agreed_day_rate_pence=Subquery(agreement.values("day_rate_pence")[:1]),
            )
            .prefetch_related(
                Prefetch(
                    "leaders",
                    queryset=DeploymentLeader.objects.select_related(
                        "designation__role", "designation__leader", "designation__school"
                    ),
                )
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
        inlines = [DeploymentLeaderInline, NegotiationRecordInline]
        if obj.kind.role_id == Role.Code.PUPIL_PREMIUM_REVIEWER:
            inlines.append(PupilPremiumReviewStageInline)
        return inlines

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="supported school or trust", ordering="supported_school__name")
    def supported(self, obj):
        return obj.supported_name

    @admin.display(description="led by")
    def lead_leader(self, obj):
        lead = next((leader for leader in obj.leaders.all() if leader.is_lead), None)
        return str(lead.designation) if lead else "–"

    @admin.display(description="agreed cost", ordering="agreed_total_pence")
    def agreed_cost(self, obj):
        return money(getattr(obj, "agreed_total_pence", None))

    @admin.display(description="agreed terms")
    def agreed_terms(self, obj):
        record = services.deployment_agreed_terms(obj)
        if record is None:
            return "Not agreed yet"
        parts = [
            f"Agreed on {record.recorded_on:%-d %B %Y}",
            f"{record.days.normalize():f} days" if record.days is not None else "",
            f"{record.free_days.normalize():f} free" if record.free_days else "",
            f"at {money(record.day_rate_pence)} a day" if record.day_rate_pence is not None else "",
            f"total {money(record.total_cost_pence)}",
            f"paid by {record.get_payer_display().lower()}" if record.payer else "",
        ]
        return ", ".join(part for part in parts if part)

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
        if formset.model is NegotiationRecord:
            formset.new_objects = self._save_negotiation_records(request, form.instance, formset)
        elif formset.model is DeploymentLeader:
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

    def _save_negotiation_records(self, request, deployment, formset) -> list[NegotiationRecord]:
        before, records = deployment.status, []
        forms_to_add = [f for f in formset.extra_forms if f.has_changed() and f not in formset.deleted_forms]
        for record_form in sorted(forms_to_add, key=lambda f: f.cleaned_data["recorded_on"]):
            record, warnings = services.negotiation_record_add(
                deployment=deployment, recorded_by=request.user, **record_form.service_values()
            )
            for warning in warnings:
                self.message_user(request, f"{record}: {warning}", messages.WARNING)
            deployment = record.deployment
            records.append(record)
        if deployment.status != before:
            status = DeploymentStatus(deployment.status).label.lower()
            self.message_user(request, f"The deployment is now {status}.", messages.INFO)
        return records

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
                "<path:object_id>/move/<str:to_status>/",
                self.admin_site.admin_view(self.move_view),
                name="deployments_deployment_move",
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
        return super().change_view(request, object_id, form_url, {"status_moves": moves, **(extra_context or {})})

    def move_view(self, request, object_id, to_status):
        obj = self.get_object(request, admin.utils.unquote(object_id))
        if obj is None:
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        if not self.has_change_permission(request, obj):
            raise PermissionDenied
        if to_status not in MOVE_LABELS:
            raise PermissionDenied
        change_url = reverse("admin:deployments_deployment_change", args=[obj.pk])
        form = DeploymentMoveForm(request.POST or None, to_status=to_status)
        if request.method == "POST" and form.is_valid():
            self._move(request, [obj], to_status, **form.cleaned_data)
            return HttpResponseRedirect(change_url)
        return self._move_page(request, [obj], to_status, form, action=None)

    def _move_action(self, request, queryset, to_status):
        deployments = list(queryset.order_by("pk"))
        if not MOVE_NEEDS_FORM[to_status]:
            self._move(request, deployments, to_status, on=timezone.localdate())
            return None
        form = DeploymentMoveForm(request.POST if "apply" in request.POST else None, to_status=to_status)
        if "apply" in request.POST and form.is_valid():
            self._move(request, deployments, to_status, **form.cleaned_data)
            return None
        action = next(name for status, name, _, _ in MOVES if status == to_status)
        return self._move_page(request, deployments, to_status, form, action=action)

    def _move_page(self, request, deployments, to_status, form, *, action):
        context = {
            **self.admin_site.each_context(request),
            "title": f"{MOVE_LABELS[to_status]}: {len(deployments)} deployment{'s' if len(deployments) != 1 else ''}",
            "subtitle": None,
            "opts": self.opts,
            "deployments": deployments,
            "form": form,
            "media": self.media + form.media,
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            "button": MOVE_LABELS[to_status],
        }
        return TemplateResponse(request, "admin/deployments/deployment/move.html", context)

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
        deployments = queryset.select_related(
            "kind__role",
            "supported_school__local_authority",
            "supported_school__region",
            "focus_specialism",
            "focus_area",
            "created_by",
        ).prefetch_related("negotiation_records")
        return csv_response(
            f"deployments-{timezone.localdate():%Y-%m-%d}.csv",
            [name for name, _ in EXPORT_COLUMNS],
            ([value(deployment) for _, value in EXPORT_COLUMNS] for deployment in deployments.order_by("pk")),
        )


@admin.register(NegotiationRecord)
class NegotiationRecordAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Every negotiation record, read-only: records are added on their deployment's page and never changed."""

    list_display = ["__str__", "deployment_link", "kind", "proposed_by", "day_rate", "days", "free_days", "total_cost"]
    list_filter = ["kind", "proposed_by", "payer", ("deployment__kind__role", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["deployment__kind", "deployment__supported_school"]
    search_fields = ["deployment__supported_school__name", "=deployment__supported_school__urn", "notes"]
    date_hierarchy = "recorded_on"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description="deployment", ordering="deployment")
    def deployment_link(self, obj):
        url = reverse("admin:deployments_deployment_change", args=[obj.deployment_id])
        return format_html('<a href="{}">{}</a>', url, obj.deployment)

    @admin.display(description="day rate", ordering="day_rate_pence")
    def day_rate(self, obj):
        return money(obj.day_rate_pence)

    @admin.display(description="total cost", ordering="total_cost_pence")
    def total_cost(self, obj):
        return money(obj.total_cost_pence)


@admin.register(DeploymentKind)
class DeploymentKindAdmin(admin.ModelAdmin):
    """The kinds of deployment from the guidance: reference data, loaded by a migration."""

    list_display = ["name", "role", "needs_governance_review_training"]
    list_filter = ["role"]
    search_fields = ["name", "code"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
