"""Forms for the portal's pages. They turn what a person typed into values, with GOV.UK error messages; the rules
live in roles.services and deployments.services, whose ValidationErrors add_service_errors() puts on the form."""

import uuid
from decimal import Decimal

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from core.form_rendering import Govuk
from core.service_errors import ServiceErrorsMixin
from deployments.models import (
    ENDED_STATUSES,
    STATUS_MOVES,
    Deployment,
    DeploymentStatus,
    NegotiationKind,
    NegotiationParty,
    Payer,
    TimePattern,
    move_outcomes,
)
from matching.forms import RespondForm
from matching.models import ResponseStatus
from roles.models import MAX_DAYS_FREE, Designation, Role, Specialism
from signin.forms import ThrottledSignInMixin

from .fields import (
    SPECIALISMS_LOOK,
    DateInputField,
    PenceField,
    SchoolByURNField,
    SpecialismChoiceField,
    days_field,
)

# ---------------------------------------------------------------------------------------------------------------------
# Shared behaviour


class PortalForm(ServiceErrorsMixin, forms.Form):
    """A GOV.UK form: errors from the services land on the field they concern (or at the top)."""


class TimeCommitmentForm(PortalForm):
    """The time commitment fields of a placement or a negotiation step. Days per week and weeks are asked for only
    when the pattern is "days per week" (a conditional reveal); otherwise anything typed there is ignored."""

    CHANNELS = [("face_to_face", "Face to face"), ("by_phone", "By phone"), ("by_email", "By email")]
    DAYS_PER_WEEK_FIELDS = ("days_per_week_min", "days_per_week_max", "period_weeks")

    total_days = days_field("Total days", help_text="Include part days, like 2.5")
    pattern = forms.ChoiceField(
        label="How will the time be spread?",
        choices=[*TimePattern.choices, ("", "Not decided yet")],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose how the time will be spread"},
    )
    days_per_week_min = days_field("Fewest days a week", most=7)
    days_per_week_max = days_field(
        "Most days a week", most=7, help_text="Leave blank if it is always the same number of days a week"
    )
    period_weeks = forms.IntegerField(
        label="For how many weeks",
        required=False,
        min_value=1,
        max_value=520,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "Number of weeks must be a whole number, like 12",
            "min_value": "Number of weeks must be 1 or more",
            "max_value": "Number of weeks must be 520 or fewer",
        },
    )
    channels = forms.MultipleChoiceField(
        label="How will they work with the school? (optional)",
        choices=CHANNELS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose how they will work with the school"},
    )
    time_notes = forms.CharField(
        label="Anything else about the time (optional)",
        help_text="For example, Tuesday mornings, or 2 evenings a month",
        required=False,
        max_length=300,
        error_messages={"max_length": "Notes about the time must be 300 characters or fewer"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pattern_key = self.add_prefix("pattern")
        if self.is_bound and self.data.get(pattern_key) != TimePattern.DAYS_PER_WEEK:
            self.data = self.data.copy()
            for name in self.DAYS_PER_WEEK_FIELDS:
                self.data[self.add_prefix(name)] = ""

    govuk_fields = {
        "total_days": Govuk(suffix="days", width="5"),
        "pattern": Govuk(size="s", divider="", reveals={TimePattern.DAYS_PER_WEEK: DAYS_PER_WEEK_FIELDS}),
        "days_per_week_min": Govuk(suffix="days a week", width="3"),
        "days_per_week_max": Govuk(suffix="days a week", width="3"),
        "period_weeks": Govuk(suffix="weeks", width="3"),
        "channels": Govuk(size="s"),
    }

    def time_commitment(self) -> dict:
        data = self.cleaned_data
        channels = set(data.get("channels") or ())
        return {
            "pattern": data.get("pattern") or "",
            "total_days": data.get("total_days"),
            "days_per_week_min": data.get("days_per_week_min"),
            "days_per_week_max": data.get("days_per_week_max"),
            "period_weeks": data.get("period_weeks"),
            "face_to_face": "face_to_face" in channels,
            "by_phone": "by_phone" in channels,
            "by_email": "by_email" in channels,
            "time_notes": data.get("time_notes") or "",
        }


# ---------------------------------------------------------------------------------------------------------------------
# Signing in


class SignInForm(ThrottledSignInMixin, AuthenticationForm):
    """Sign in with an email address (or a username) and password. Any failure gives the same message; too many
    failures are refused for a while (signin.throttle)."""

    error_messages = {
        "invalid_login": "Enter a correct email address and password",
        "inactive": "Enter a correct email address and password",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Email address"
        self.fields["username"].error_messages["required"] = "Enter your email address"
        self.fields["password"].error_messages["required"] = "Enter your password"
        self.fields["username"].widget.attrs["spellcheck"] = "false"

    govuk_fields = {"username": Govuk(width="two-thirds"), "password": Govuk(width="two-thirds")}

    def clean(self):
        username = (self.cleaned_data.get("username") or "").strip()
        if "@" in username:
            matches = list(
                get_user_model().objects.filter(email__iexact=username).values_list("username", flat=True)[:2]
            )
            if len(matches) == 1:
                self.cleaned_data["username"] = matches[0]
        try:
            return super().clean()
        except ValidationError as error:
            if error.code in ("invalid_login", "inactive"):
                self.add_error("username", self.error_messages["invalid_login"])
                return self.cleaned_data
            raise


# ---------------------------------------------------------------------------------------------------------------------
# SLEs


class DesignateForm(PortalForm):
    """Designate a new SLE or LLE: a new person, or someone the teaching school has designated before. Only an SLE
    has specialisms."""

    NEW, EXISTING = "new", "existing"

    person = forms.ChoiceField(
        label="Who are you designating?",
        choices=[
            (NEW, "Someone new to this service"),
            (EXISTING, "Someone your teaching school has designated before"),
        ],
        widget=forms.RadioSelect,
        initial=NEW,
        error_messages={
            "required": "Choose who you are designating",
            "invalid_choice": "Choose who you are designating",
        },
    )
    existing_leader = forms.ModelChoiceField(
        label="Person",
        queryset=None,
        required=False,
        empty_label="Choose a person",
        error_messages={"invalid_choice": "Choose someone your teaching school has designated before"},
    )
    first_name = forms.CharField(
        label="First name",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"max_length": "First name must be 100 characters or fewer"},
    )
    last_name = forms.CharField(
        label="Last name",
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"max_length": "Last name must be 100 characters or fewer"},
    )
    email = forms.EmailField(
        label="Email address",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"spellcheck": "false"}),
        error_messages={"invalid": "Enter an email address in the correct format, like name@example.com"},
    )
    job_title = forms.CharField(
        label="Job title (optional)",
        required=False,
        max_length=150,
        error_messages={"max_length": "Job title must be 150 characters or fewer"},
    )
    school = SchoolByURNField(
        label="Their school's URN",
        required=False,
        help_text="The unique reference number of the school where they work, like 100000",
    )
    designated_on = DateInputField(
        name="Date designated",
        required_message="Enter the date they were designated",
        help_text="For example, 1 9 2024",
    )
    review_due = DateInputField(
        name="Review date", required=False, label="Review date (optional)", help_text="For example, 1 9 2027"
    )
    specialisms = SpecialismChoiceField(label="Specialisms", help_text="Select all that apply")

    NEW_PERSON_FIELDS = ("first_name", "last_name", "email", "job_title", "school")
    field_order = ["person", *NEW_PERSON_FIELDS, "existing_leader"]  # as the page shows them, for the error summary
    govuk_fields = {
        "person": Govuk(size="m", reveals={NEW: NEW_PERSON_FIELDS, EXISTING: ("existing_leader",)}),
        "school": Govuk(width="10"),
        "designated_on": Govuk(size="s"),
        "review_due": Govuk(size="s"),
        "specialisms": SPECIALISMS_LOOK,
    }
    error_fields = {"leader": "existing_leader"}

    def __init__(self, *args, leaders, role=Role.Code.SLE, **kwargs):
        super().__init__(*args, **kwargs)
        if role != Role.Code.SLE:
            del self.fields["specialisms"]
        self.fields["existing_leader"].queryset = leaders
        self.fields["existing_leader"].label_from_instance = lambda leader: f"{leader.full_name}, {leader.school.name}"
        if not leaders.exists():
            self.govuk_fields = {
                **self.govuk_fields,
                "person": Govuk(
                    size="m",
                    reveals={self.NEW: self.NEW_PERSON_FIELDS},
                    hints={
                        self.EXISTING: "Your teaching school has no one to designate again: everyone it designated "
                        f"before is a current {Role.Code(role).name}"
                    },
                ),
            }
        if self.is_bound:
            # Ignore the answers of the option that was not chosen (both show when JavaScript is off).
            self.data = self.data.copy()
            chosen = self.data.get(self.add_prefix("person"))
            hidden = ("existing_leader",) if chosen != self.EXISTING else self.NEW_PERSON_FIELDS
            for name in hidden:
                self.data[self.add_prefix(name)] = ""

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("person") == self.EXISTING:
            if "existing_leader" in cleaned and cleaned["existing_leader"] is None:
                self.add_error("existing_leader", "Choose the person you are designating")
        elif cleaned.get("person") == self.NEW:
            for name, message in [
                ("first_name", "Enter their first name"),
                ("last_name", "Enter their last name"),
                ("email", "Enter their email address"),
                ("school", "Enter the URN of the school where they work"),
            ]:
                if name in cleaned and not cleaned[name]:
                    self.add_error(name, message)
        return cleaned


class SpecialismsForm(PortalForm):
    specialisms = SpecialismChoiceField(label="Specialisms", help_text="Select all that apply")
    govuk_fields = {"specialisms": SPECIALISMS_LOOK}


class DesignationEndForm(PortalForm):
    ended_on = DateInputField(
        name="End date", required_message="Enter the date the designation ends", help_text="For example, 31 8 2025"
    )
    reason = forms.ChoiceField(
        label="Why is it ending?",
        choices=[
            (reason.value, reason.label)
            for reason in Designation.EndReason
            if reason != Designation.EndReason.PROGRAMME_CLOSED
        ],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose why the designation is ending",
            "invalid_choice": "Choose why the designation is ending",
        },
    )
    error_fields = {"end_reason": "reason"}
    govuk_fields = {"ended_on": Govuk(size="s"), "reason": Govuk(size="s")}


# ---------------------------------------------------------------------------------------------------------------------
# Placements


class PlacementForm(TimeCommitmentForm):
    """Place one of the teaching school's current SLEs with a school. `sles` is the only choice of lead."""

    ORGANISATIONS = [
        ("involves_ofsted", "Ofsted"),
        ("involves_local_authority", "The local authority"),
        ("involves_regional_schools_commissioner", "The regional schools commissioner"),
        ("involves_diocese", "The diocese"),
    ]

    lead = forms.ModelChoiceField(
        label="SLE",
        queryset=None,
        empty_label="Choose an SLE",
        error_messages={
            "required": "Choose the SLE you are placing",
            "invalid_choice": "Choose one of your teaching school's current SLEs",
        },
    )
    kind = forms.ModelChoiceField(
        label="What kind of support?",
        queryset=None,
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={"required": "Choose the kind of support", "invalid_choice": "Choose the kind of support"},
    )
    sle_support = forms.ChoiceField(
        label="Will the SLE give one-to-one or group support?",
        choices=Deployment.SleSupport.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose one-to-one or group support",
            "invalid_choice": "Choose one-to-one or group support",
        },
    )
    supported_school = SchoolByURNField(
        label="URN of the school they will support", help_text="The school's unique reference number, like 100000"
    )
    focus_specialism = forms.ModelChoiceField(
        label="Specialism the support is about",
        queryset=Specialism.objects.all(),
        empty_label="Choose a specialism",
        help_text="One of the SLE's specialisms",
        error_messages={
            "required": "Choose the specialism the support is about",
            "invalid_choice": "Choose the specialism the support is about",
        },
    )
    requested_on = DateInputField(
        name="Date requested",
        required_message="Enter the date the school asked for support",
        help_text="For example, 27 3 2025",
    )
    organisations = forms.MultipleChoiceField(
        label="Which other organisations are concerned? (optional)",
        choices=ORGANISATIONS,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose organisations from the list"},
    )
    # A one-time token, new with each blank form: sending the same form again lands on the placement it made.
    submission_token = forms.CharField(required=False, widget=forms.HiddenInput)
    field_order = [
        "lead",
        "kind",
        "sle_support",
        "focus_specialism",
        "supported_school",
        "requested_on",
        "organisations",
    ]
    error_fields = {
        "lead": "lead",
        "designation": "lead",
        "designations": "lead",
        "supported_trust": "supported_school",
        "focus_area": "focus_specialism",
    }

    def __init__(self, *args, sles, kinds, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = sles
        self.fields["lead"].label_from_instance = lambda designation: designation.leader.full_name
        self.fields["kind"].queryset = kinds
        self.fields["submission_token"].initial = uuid.uuid4()

    def clean_submission_token(self) -> uuid.UUID:
        # A form sent without one, or with a mangled one, is simply not recognised if it is sent again.
        try:
            return uuid.UUID(self.cleaned_data.get("submission_token") or "")
        except ValueError:
            return uuid.uuid4()

    def clean(self):
        cleaned = super().clean()
        lead, specialism = cleaned.get("lead"), cleaned.get("focus_specialism")
        if lead is not None and specialism is not None:
            theirs = list(lead.specialisms.all())
            if specialism not in theirs:
                names = ", ".join(s.name for s in theirs)
                self.add_error("focus_specialism", f"Choose one of {lead.leader.full_name}'s specialisms: {names}")
        return cleaned

    govuk_fields = {
        **TimeCommitmentForm.govuk_fields,
        **{name: Govuk(size="s") for name in field_order},
        "supported_school": Govuk(size="s", width="10"),
    }

    def organisations_concerned(self) -> dict:
        chosen = set(self.cleaned_data.get("organisations") or ())
        return {name: name in chosen for name, _ in self.ORGANISATIONS}


class NegotiationRecordForm(TimeCommitmentForm):
    """One step of negotiating a placement's cost and time."""

    kind = forms.ChoiceField(
        label="What is this step?",
        choices=NegotiationKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what this step is", "invalid_choice": "Choose what this step is"},
    )
    proposed_by = forms.ChoiceField(
        label="Who proposed it?",
        choices=NegotiationParty.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who proposed it", "invalid_choice": "Choose who proposed it"},
    )
    recorded_on = DateInputField(
        name="Date", required_message="Enter the date of this step", label="Date", help_text="For example, 27 3 2025"
    )
    day_rate_pence = PenceField(
        label="Day rate (optional)",
        required=False,
        help_text="In pounds. A typical day rate for a system leader is between £300 and £500",
        invalid_message="Enter a day rate in pounds, like 350 or 350.50",
    )
    days = days_field("Days", help_text="How many days the SLE will give, including free days")
    free_days = days_field("Free days", allow_zero=True, help_text="Days given without charge, if any")
    total_cost_pence = PenceField(
        label="Total cost (optional)",
        required=False,
        help_text="Leave blank to work it out from the day rate, days and free days",
        invalid_message="Enter a total cost in pounds, like 1750 or 1750.50",
    )
    payer = forms.ChoiceField(
        label="Who pays? (optional)",
        choices=Payer.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose who pays"},
    )
    notes = forms.CharField(label="Notes (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    total_days = None  # "Days" above is the total; the service records it as the time commitment's total days

    field_order = [
        "kind",
        "proposed_by",
        "recorded_on",
        "day_rate_pence",
        "days",
        "free_days",
        "total_cost_pence",
        "payer",
    ]

    govuk_fields = {
        **TimeCommitmentForm.govuk_fields,
        "kind": Govuk(size="s"),
        "proposed_by": Govuk(size="s"),
        "recorded_on": Govuk(size="s"),
        "day_rate_pence": Govuk(prefix="£", width="5"),
        "days": Govuk(suffix="days", width="4"),
        "free_days": Govuk(suffix="days", width="4"),
        "total_cost_pence": Govuk(prefix="£", width="10"),
        "payer": Govuk(size="s", small=True),
        "notes": Govuk(size="s"),
    }

    def record_values(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            "proposed_by": data["proposed_by"],
            "recorded_on": data["recorded_on"],
            "day_rate_pence": data.get("day_rate_pence"),
            "days": data.get("days"),
            "free_days": data.get("free_days") or Decimal("0"),
            "total_cost_pence": data.get("total_cost_pence"),
            "payer": data.get("payer") or "",
            "notes": data.get("notes") or "",
            **self.time_commitment(),
        }


# What a teaching school may do to a placement's status from the portal; the other moves come from negotiation.
STATUS_ACTIONS = {
    DeploymentStatus.ACTIVE: "The support has started",
    DeploymentStatus.COMPLETED: "The support is complete",
    DeploymentStatus.CANCELLED: "The placement is cancelled",
}


def status_actions_for(deployment: Deployment) -> list[tuple[str, str]]:
    allowed = STATUS_MOVES.get(DeploymentStatus(deployment.status), set())
    return [(status.value, label) for status, label in STATUS_ACTIONS.items() if status in allowed]


class PlacementStatusForm(PortalForm):
    """Move a placement on: it has started, it is complete (with its outcome), or it is cancelled."""

    to_status = forms.ChoiceField(
        label="What has happened?",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what has happened", "invalid_choice": "Choose what has happened"},
    )
    on = DateInputField(
        name="Date", required_message="Enter the date it happened", label="Date", help_text="For example, 27 3 2025"
    )
    completed_outcome = forms.ChoiceField(
        label="What was the outcome?",
        choices=[(o.value, o.label) for o in move_outcomes(DeploymentStatus.COMPLETED)],
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose the outcome"},
    )
    cancelled_outcome = forms.ChoiceField(
        label="What was the outcome?",
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Choose the outcome"},
    )
    outcome_notes = forms.CharField(
        label="Notes about the outcome (optional)", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    error_fields = {"status": "to_status", "starts_on": "on", "ends_on": "on"}
    field_order = ["to_status", "completed_outcome", "cancelled_outcome", "on", "outcome_notes"]
    govuk_fields = {
        "to_status": Govuk(
            size="m",
            reveals={
                DeploymentStatus.COMPLETED: ("completed_outcome",),
                DeploymentStatus.CANCELLED: ("cancelled_outcome",),
            },
        ),
        "completed_outcome": Govuk(size="s"),
        "cancelled_outcome": Govuk(size="s"),
        "on": Govuk(size="s"),
    }

    def __init__(self, *args, deployment: Deployment, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_status"].choices = status_actions_for(deployment)
        outcomes = move_outcomes(DeploymentStatus.CANCELLED, from_status=deployment.status)
        self.fields["cancelled_outcome"].choices = [(o.value, o.label) for o in outcomes]

    @property
    def outcome(self) -> str:
        to_status = self.cleaned_data.get("to_status")
        return self.cleaned_data.get(f"{to_status}_outcome", "") if to_status in ENDED_STATUSES else ""

    def add_service_errors(self, error: ValidationError) -> None:
        to_status = self.cleaned_data.get("to_status")
        self.error_fields = {
            **type(self).error_fields,
            "outcome": f"{to_status}_outcome" if to_status in ENDED_STATUSES else "to_status",
        }
        super().add_service_errors(error)


# ---------------------------------------------------------------------------------------------------------------------
# Capacity


class CapacityForm(PortalForm):
    """An SLE's or LLE's days free for support this term and next. A term already recorded must keep a number (0 for
    none); a term not recorded yet may be left blank."""

    def __init__(self, *args, terms, **kwargs):
        """`terms` are the TermCapacity rows of portal.selectors.capacity_terms()."""
        super().__init__(*args, **kwargs)
        self.terms = terms
        for number, row in enumerate(terms):
            if not row.may_change:
                continue  # another teaching school records that term's
            recorded = row.days_free is not None
            field = days_field(
                f"Days free in the {row.term.label.lower()}",
                required=recorded,
                allow_zero=True,
                most=MAX_DAYS_FREE,
                help_text=f"From 0 to {MAX_DAYS_FREE}; part days like 2.5"
                + ("" if recorded else ". Leave blank if you do not know yet"),
            )
            field.error_messages["required"] = "Enter the days free, or 0 if there are none"
            field.initial = row.days_free
            self.fields[f"term_{number}"] = field
        self.govuk_fields = {name: Govuk(size="s", suffix="days", width="4") for name in self.fields}

    def days_by_term(self) -> list[tuple]:
        """(term, days free) for each term given a number."""
        return [
            (row.term, self.cleaned_data[f"term_{number}"])
            for number, row in enumerate(self.terms)
            if row.may_change and self.cleaned_data.get(f"term_{number}") is not None
        ]


class EnquiryResponseForm(RespondForm):
    """A teaching school's response to an enquiry it received, in its own words. Only the responses that can follow
    the current one are shown; the current one is still accepted (sent again, a double submit, it changes nothing)."""

    CHOICES = [
        (ResponseStatus.REPLIED.value, "We have replied"),
        (ResponseStatus.AGREED.value, "We have agreed to help"),
        (ResponseStatus.DECLINED.value, "We cannot help"),
    ]
    govuk_fields = {"response": Govuk(size="s"), "decline_reason": Govuk(size="s")}

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        response = self.fields["response"]
        response.help_text = ""
        response.choices = self.CHOICES
        response.widget.choices = [choice for choice in self.CHOICES if choice[0] != current]
