"""The forms of the curators' admin for deployments. Each runs the rules of deployments.services before the admin
saves, and puts a refusal on the field it concerns; the admin then writes through the services."""

from decimal import Decimal

from django import forms
from django.contrib import admin
from django.contrib.admin.widgets import AdminDateWidget, AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.utils import timezone

from audit.admin_concurrency import stale_form_message
from core.money import pounds
from core.service_errors import ServiceErrorsMixin
from deployments import services
from deployments.models import (
    Deployment,
    DeploymentKind,
    DeploymentLeader,
    DeploymentStatus,
    NegotiationKind,
    NegotiationRecord,
    PupilPremiumReviewStage,
    move_outcomes,
)
from roles.admin_autocomplete import designation_label
from roles.models import Designation

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
    return pounds(pence, with_pence=True, empty="–")


def to_pence(pounds: Decimal | None) -> int | None:
    return None if pounds is None else int((pounds * 100).to_integral_value())


def from_pence(pence: int | None) -> Decimal | None:
    return None if pence is None else (Decimal(pence) / 100).quantize(Decimal("0.01"))


# ---------------------------------------------------------------------------------------------------------------------
# Deployment forms


def designation_widget(multiple: bool = False):
    field = DeploymentLeader._meta.get_field("designation")
    # Select2 reads the width from the style attribute: wide enough for "NLE: Hannah Carter, Oakfield Primary
    # School (Leeds), current roles: NLE, SLE" to be read whole.
    attrs = {"style": "width: 100%"}
    widget = AutocompleteSelectMultiple if multiple else AutocompleteSelect
    return widget(field, admin.site, attrs=attrs)


class DesignationChoiceField(forms.ModelChoiceField):
    """A designation labelled as the autocomplete labels it, also once chosen (a form shown again after an error)."""

    def label_from_instance(self, obj):
        return designation_label(obj)


class DesignationMultipleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return designation_label(obj)


class KindSelect(forms.Select):
    """The kinds under their role (optgroups); each option says its role, for kind_filter.js to offer only the lead's
    role's kinds once a lead is chosen."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        kind = getattr(value, "instance", None)
        if kind is not None:
            option["attrs"]["data-role"] = kind.role_id
        return option


class KindChoiceIterator(ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list] = {}
        for kind in self.queryset:
            groups.setdefault(kind.role.name, []).append(self.choice(kind))
        yield from groups.items()


class KindChoiceField(forms.ModelChoiceField):
    """A deployment kind, chosen from the kinds grouped by the role that gives them."""

    iterator = KindChoiceIterator
    widget = KindSelect

    def __init__(self, **kwargs):
        super().__init__(queryset=DeploymentKind.objects.select_related("role"), **kwargs)


class DeploymentAddForm(ServiceErrorsMixin, forms.ModelForm):
    """A request for support, made with the same checks as deployments.services.deployment_request."""

    lead = DesignationChoiceField(
        queryset=Designation.objects.select_related("role", "leader", "school"),
        label="Led by",
        help_text="The designation of the system leader (or teaching school) who leads the support. Search by name.",
        widget=designation_widget(),
    )
    other_designations = DesignationMultipleChoiceField(
        queryset=Designation.objects.select_related("role", "leader", "school"),
        required=False,
        label="Also taking part",
        help_text="An NLE may bring other NLEs and SLEs; a pupil premium reviewer may bring SLEs.",
        widget=designation_widget(multiple=True),
    )

    kind = KindChoiceField(
        label="Kind",
        help_text="Grouped by the role that gives it. Once the lead is chosen, only their role's kinds are offered.",
    )

    class Meta:
        model = Deployment
        fields = ["kind"]

    class Media:
        js = ["deployments/kind_filter.js"]

    def validate_rules(self):
        self.instance.validate_constraints()
        services.deployment_validate(
            deployment=self.instance,
            lead=self.cleaned_data.get("lead"),
            other_designations=self.cleaned_data.get("other_designations") or (),
        )


class DeploymentChangeForm(ServiceErrorsMixin, forms.ModelForm):
    """Corrections to a deployment's details. Its status, dates and outcome change only through the moves."""

    class Meta:
        model = Deployment
        fields = ["supported_school"]

    def validate_rules(self):
        self.instance.validate_constraints()
        leaders = list(self.instance.leaders.select_related("designation__role", "designation__leader"))
        lead = next((leader.designation for leader in leaders if leader.is_lead), None)
        if lead is not None:
            services.deployment_validate(
                deployment=self.instance,
                lead=lead,
                other_designations=[leader.designation for leader in leaders if not leader.is_lead],
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
                *[(o.value, o.label) for o in move_outcomes(to_status)],
            ]
            self.fields["outcome"].required = True
        elif to_status == DeploymentStatus.CANCELLED:
            self.fields["outcome"].choices = [
                ("", "Cancelled before it started, if it never did"),
                *[(o.value, o.label) for o in move_outcomes(to_status)],
            ]
        else:
            del self.fields["outcome"]
            del self.fields["outcome_notes"]


class DeploymentLeaderForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = DeploymentLeader
        fields = ["designation"]

    def clean(self):
        cleaned = super().clean()
        self.instance.is_lead = False  # The lead is chosen with the request.
        return cleaned

    def validate_rules(self):
        if self.instance._state.adding and self.instance.deployment_id:
            services.deployment_leader_validate(
                deployment=self.instance.deployment, designation=self.cleaned_data["designation"]
            )


class ReviewStageForm(ServiceErrorsMixin, forms.ModelForm):
    class Meta:
        model = PupilPremiumReviewStage
        fields = ["stage", "scheduled_on", "completed_on", "days", "notes"]
        # A row of the stages' table: the default 40 x 10 notes box pushed the page past the screen's width.
        widgets = {"notes": forms.Textarea({"rows": 2, "cols": 24}), "days": forms.NumberInput({"size": 4})}

    def validate_rules(self):
        if self.instance.deployment_id:
            services.review_stage_validate(review_stage=self.instance)


# ---------------------------------------------------------------------------------------------------------------------
# A step in the negotiation, one at a time

# kind -> (the page's title, what "proposed by" means for this step)
NEGOTIATION_STEPS = {
    NegotiationKind.PROPOSAL: ("Record a proposal", "Proposed by"),
    NegotiationKind.COUNTER_PROPOSAL: ("Record a counter-proposal", "Counter-proposed by"),
    NegotiationKind.AGREEMENT: ("Record the agreement", "Whose terms were agreed"),
    NegotiationKind.WITHDRAWAL: ("Record a withdrawal", "Withdrawn by"),
}
TERMS_FIELDS = ["days", "free_days", "payer", *(name for name in TIME_FIELDS if name != "total_days")]


def negotiation_steps_open(deployment: Deployment) -> list[str]:
    """The steps that may be recorded now: terms while the deployment is requested or negotiating, a withdrawal
    until it ends. After the agreement only a withdrawal changes anything."""
    if deployment.is_ended:
        return []
    if deployment.status in (DeploymentStatus.REQUESTED, DeploymentStatus.NEGOTIATING):
        return list(NEGOTIATION_STEPS)
    return [NegotiationKind.WITHDRAWAL]


class NegotiationStepForm(ServiceErrorsMixin, forms.ModelForm):
    """One proposal, counter-proposal, agreement or withdrawal, with money in pounds and pence (stored as pence).

    An agreement starts from the latest proposal's terms; a withdrawal asks only who withdrew, when and why. The
    form carries the deployment's version when it was opened: a step recorded meanwhile refuses it."""

    opened_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    day_rate_pounds = forms.DecimalField(
        label="Day rate (£)",
        required=False,
        min_value=Decimal("0"),
        max_digits=9,
        decimal_places=2,
        help_text="A system leader's day rate is typically £300 to £500; a rate outside that is flagged.",
    )
    total_cost_pounds = forms.DecimalField(
        label="Total cost (£)",
        required=False,
        min_value=Decimal("0"),
        max_digits=11,
        decimal_places=2,
        help_text="Leave blank to work it out from the days, free days and day rate.",
    )
    error_fields = {"day_rate_pence": "day_rate_pounds", "total_cost_pence": "total_cost_pounds"}

    class Meta:
        model = NegotiationRecord
        fields = ["recorded_on", "proposed_by", *TERMS_FIELDS, "notes"]
        widgets = {"recorded_on": AdminDateWidget, "notes": forms.Textarea({"rows": 3})}
        labels = {"recorded_on": "Date", "days": "Days (including free days)"}

    def __init__(self, *args, deployment: Deployment, kind: str, **kwargs):
        kwargs["instance"] = NegotiationRecord(deployment=deployment, kind=kind)
        initial = {"recorded_on": timezone.localdate(), "opened_version": deployment.version}
        latest = deployment.negotiation_records.exclude(kind=NegotiationKind.WITHDRAWAL).last()
        if kind == NegotiationKind.AGREEMENT and latest is not None:
            initial |= {name: getattr(latest, name) for name in TERMS_FIELDS}
            initial |= {
                "proposed_by": latest.proposed_by,
                "day_rate_pounds": from_pence(latest.day_rate_pence),
                "total_cost_pounds": from_pence(latest.total_cost_pence),
            }
        kwargs["initial"] = {**initial, **kwargs.get("initial", {})}
        super().__init__(*args, **kwargs)
        self.deployment, self.kind = deployment, kind
        self.fields["proposed_by"].label = NEGOTIATION_STEPS[kind][1]
        if kind == NegotiationKind.WITHDRAWAL:
            for name in [*TERMS_FIELDS, "day_rate_pounds", "total_cost_pounds"]:
                del self.fields[name]
            self.fields["notes"].label = "Why"
        if kind == NegotiationKind.AGREEMENT:
            self.fields["days"].required = True
            self.fields["payer"].required = True

    def clean(self):
        opened = self.cleaned_data.get("opened_version")
        if (
            opened is not None
            and opened != Deployment.objects.filter(pk=self.deployment.pk).values_list("version", flat=True).first()
        ):
            raise ValidationError(stale_form_message(Deployment, self.deployment.pk), code="stale")
        cleaned = super().clean()
        self.instance.day_rate_pence = to_pence(cleaned.get("day_rate_pounds"))
        self.instance.total_cost_pence = to_pence(cleaned.get("total_cost_pounds"))
        days, free_days = cleaned.get("days"), cleaned.get("free_days")
        if self.instance.total_cost_pence is None and days is not None and free_days is not None and days >= free_days:
            # Worked out as the service will, so that an agreement's terms are complete when the model checks them.
            self.instance.total_cost_pence = services.negotiation_total_cost_pence(
                days=days, free_days=free_days, day_rate_pence=self.instance.day_rate_pence
            )
        return cleaned

    def validate_rules(self):
        # The warnings are shown once the step is recorded.
        services.negotiation_record_validate(record=self.instance)

    def service_values(self) -> dict:
        """The arguments for negotiation_record_add, as typed (the total cost left blank if it was)."""
        data = self.cleaned_data
        values = {name: data[name] for name in ["recorded_on", "proposed_by", *TERMS_FIELDS, "notes"] if name in data}
        values["day_rate_pence"] = to_pence(data.get("day_rate_pounds"))
        values["total_cost_pence"] = to_pence(data.get("total_cost_pounds"))
        if values.get("free_days") is None:
            values.pop("free_days", None)
        return {"kind": self.kind, **values}
