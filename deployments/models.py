"""Deployments: the support system leaders give to other schools, with its time commitment and the negotiation
of its cost and time, as the GOV.UK guidance describes them."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from audit.versioning import Versioned
from core import dates
from roles.models import Designation, FocusArea, Role, Specialism
from schools.models import School


class DeploymentKind(models.Model):
    """A kind of deployment a role offers, as the guidance lists them. Reference data, loaded by a migration."""

    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="deployment_kinds")
    code = models.SlugField(max_length=60, unique=True)
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    needs_governance_review_training = models.BooleanField(
        default=False, help_text="Only NLGs who completed DfE training may carry out external reviews of governance."
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["role", "name"], name="deployment_kind_unique_name_per_role"),
        ]

    def __str__(self):
        return self.name


class TimePattern(models.TextChoices):
    BLOCK = "block", "A block of consecutive days"
    DAYS_PER_WEEK = "days_per_week", "Days per week over a period"
    PART_DAYS = "part_days", "Part days"
    EVENINGS_WEEKENDS = "evenings_weekends", "Evenings or weekends"
    FLEXIBLE = "flexible", "Spread as agreed"


class TimeCommitment(models.Model):
    """How much time support takes and how it is spread, so that "3 to 4 days a week for 2 years" and "a 2-day
    diagnostic" can both be recorded exactly. Shared by deployments and negotiation records."""

    Pattern = TimePattern

    total_days = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    pattern = models.CharField(max_length=20, choices=TimePattern.choices, blank=True)
    days_per_week_min = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    days_per_week_max = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    period_weeks = models.PositiveSmallIntegerField(null=True, blank=True, help_text="For days per week: how long.")
    by_phone = models.BooleanField(default=False)
    by_email = models.BooleanField(default=False)
    face_to_face = models.BooleanField(default=False)
    time_notes = models.CharField(max_length=300, blank=True)

    class Meta:
        abstract = True

    @classmethod
    def time_constraints(cls, prefix: str) -> list:
        return [
            models.CheckConstraint(
                condition=Q(total_days__isnull=True) | Q(total_days__gt=0), name=f"{prefix}_days_positive"
            ),
            models.CheckConstraint(
                condition=Q(pattern="") | Q(pattern__in=TimePattern.values), name=f"{prefix}_pattern_valid"
            ),
            models.CheckConstraint(
                condition=(Q(days_per_week_min__isnull=True) | Q(days_per_week_min__gt=0, days_per_week_min__lte=7))
                & (Q(days_per_week_max__isnull=True) | Q(days_per_week_max__gt=0, days_per_week_max__lte=7)),
                name=f"{prefix}_days_per_week_in_a_week",
            ),
            models.CheckConstraint(
                condition=Q(days_per_week_min__isnull=True)
                | Q(days_per_week_max__isnull=True)
                | Q(days_per_week_max__gte=F("days_per_week_min")),
                name=f"{prefix}_days_per_week_range_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(pattern=TimePattern.DAYS_PER_WEEK)
                | Q(days_per_week_min__isnull=False, period_weeks__isnull=False),
                name=f"{prefix}_days_per_week_has_rate_and_period",
            ),
        ]

    def clean(self):
        errors = self.time_commitment_errors()
        if errors:
            raise ValidationError(errors)

    def time_commitment_errors(self) -> dict[str, str]:
        """The time_constraints() in words, keyed by field. Subclasses add these to their own clean()."""
        errors = {}
        if self.total_days is not None and self.total_days <= 0:
            errors["total_days"] = "Total days must be more than 0"
        for name, label in (("days_per_week_min", "Fewest days a week"), ("days_per_week_max", "Most days a week")):
            value = getattr(self, name)
            if value is not None and not 0 < value <= 7:
                errors[name] = f"{label} must be more than 0 and no more than 7"
        low, high = self.days_per_week_min, self.days_per_week_max
        if low is not None and high is not None and high < low and "days_per_week_max" not in errors:
            errors["days_per_week_max"] = "Most days a week must be the same as or more than the fewest"
        if self.pattern == TimePattern.DAYS_PER_WEEK:
            if low is None and "days_per_week_min" not in errors:
                errors["days_per_week_min"] = "Enter the fewest days a week"
            if self.period_weeks is None:
                errors["period_weeks"] = "Enter for how many weeks"
        return errors

    @property
    def time_commitment_summary(self) -> str:
        parts = []
        if self.pattern == TimePattern.DAYS_PER_WEEK and self.days_per_week_min:
            low, high = (
                self.days_per_week_min.normalize(),
                (self.days_per_week_max or self.days_per_week_min).normalize(),
            )
            rate = f"{low:f}" if low == high else f"{low:f} to {high:f}"
            parts.append(f"{rate} days a week for {self.period_weeks} weeks")
        elif self.pattern:
            parts.append(self.get_pattern_display().lower())
        if self.total_days:
            parts.insert(0, f"{self.total_days.normalize():f} days in all")
        channels = [
            name
            for flag, name in [(self.by_phone, "phone"), (self.by_email, "email"), (self.face_to_face, "face to face")]
            if flag
        ]
        if channels:
            parts.append("by " + ", ".join(channels))
        return "; ".join(parts)


class DeploymentStatus(models.TextChoices):
    REQUESTED = "requested", "Requested"
    NEGOTIATING = "negotiating", "Negotiating"
    AGREED = "agreed", "Agreed"
    ACTIVE = "active", "Active"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


# The only moves a deployment's status may make. deployments.services.deployment_move enforces them.
STATUS_MOVES = {
    DeploymentStatus.REQUESTED: {DeploymentStatus.NEGOTIATING, DeploymentStatus.CANCELLED},
    DeploymentStatus.NEGOTIATING: {DeploymentStatus.AGREED, DeploymentStatus.CANCELLED},
    DeploymentStatus.AGREED: {DeploymentStatus.ACTIVE, DeploymentStatus.CANCELLED},
    DeploymentStatus.ACTIVE: {DeploymentStatus.COMPLETED, DeploymentStatus.CANCELLED},
    DeploymentStatus.COMPLETED: set(),
    DeploymentStatus.CANCELLED: set(),
}


class DeploymentOutcome(models.TextChoices):
    IMPROVED = "improved", "Improvement secured"
    PARTLY_IMPROVED = "partly_improved", "Some improvement"
    NO_CHANGE = "no_change", "No measurable change"
    WITHDRAWN = "withdrawn", "Support withdrawn"
    NOT_STARTED = "not_started", "Cancelled before it started"


# A completed or cancelled deployment has ended: it has an outcome and moves no further.
ENDED_STATUSES = (DeploymentStatus.COMPLETED, DeploymentStatus.CANCELLED)


def move_outcomes(to_status: str, *, from_status: str | None = None) -> tuple[DeploymentOutcome, ...]:
    """The outcomes a deployment may end with when it moves to to_status (none unless the move ends it): completed
    support improved things or did not; support cancelled before it started was cancelled then, or withdrawn; support
    cancelled after it started was withdrawn, or improved things partly or not at all. Without from_status: every
    outcome of a move to to_status from any status (a bulk move of deployments in different states)."""
    if to_status == DeploymentStatus.COMPLETED:
        return (DeploymentOutcome.IMPROVED, DeploymentOutcome.PARTLY_IMPROVED, DeploymentOutcome.NO_CHANGE)
    if to_status != DeploymentStatus.CANCELLED:
        return ()
    before_start = (DeploymentOutcome.NOT_STARTED, DeploymentOutcome.WITHDRAWN)
    after_start = (DeploymentOutcome.WITHDRAWN, DeploymentOutcome.PARTLY_IMPROVED, DeploymentOutcome.NO_CHANGE)
    if from_status is None:
        return tuple(outcome for outcome in DeploymentOutcome if outcome in before_start + after_start)
    return after_start if from_status == DeploymentStatus.ACTIVE else before_start


class SleSupport(models.TextChoices):
    """ "SLEs can provide one-to-one or group support" (the GOV.UK guidance)."""

    ONE_TO_ONE = "one_to_one", "One-to-one support"
    GROUP = "group", "Group support"


class DeploymentQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(status__in=ENDED_STATUSES)

    def ended(self):
        return self.filter(status__in=ENDED_STATUSES)


class Deployment(Versioned, TimeCommitment):
    """Support given by one or more system leaders, through their designations, to a school or trust."""

    Status = DeploymentStatus
    Outcome = DeploymentOutcome
    SleSupport = SleSupport

    kind = models.ForeignKey(DeploymentKind, on_delete=models.PROTECT, related_name="deployments")
    supported_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="support_received"
    )
    supported_trust = models.CharField("supported trust", max_length=200, blank=True)
    focus_specialism = models.ForeignKey(Specialism, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    designations = models.ManyToManyField(Designation, through="DeploymentLeader", related_name="deployments")
    national_support_school_staff = models.CharField(
        max_length=300, blank=True, help_text="For an NLE: the national support school's staff who take part."
    )
    sle_support = models.CharField(
        "one-to-one or group support",
        max_length=20,
        choices=SleSupport.choices,
        blank=True,
        help_text="For an SLE's placement: whether the SLE works with one person or a group.",
    )
    no_trust_match_reason = models.TextField(
        "why no trust can support the school",
        blank=True,
        help_text="For DfE's match with an NLE: why no appropriate high-quality trust can support the school.",
    )
    involves_ofsted = models.BooleanField("Ofsted", default=False)
    involves_local_authority = models.BooleanField("local authority", default=False)
    involves_regional_schools_commissioner = models.BooleanField("regional schools commissioner", default=False)
    involves_diocese = models.BooleanField("diocese", default=False)
    status = models.CharField(max_length=20, choices=DeploymentStatus.choices, default=DeploymentStatus.REQUESTED)
    requested_on = models.DateField(validators=[dates.in_range])
    starts_on = models.DateField(null=True, blank=True, validators=[dates.in_range])
    ends_on = models.DateField(null=True, blank=True, validators=[dates.in_range])
    outcome = models.CharField(max_length=20, choices=DeploymentOutcome.choices, blank=True)
    outcome_notes = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_demo = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DeploymentQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_on", "-pk"]
        indexes = [models.Index(fields=["status", "requested_on"], name="deployment_status_requested")]
        constraints = [
            *TimeCommitment.time_constraints("deployment"),
            models.CheckConstraint(condition=Q(status__in=DeploymentStatus.values), name="deployment_status_valid"),
            models.CheckConstraint(
                condition=Q(sle_support="") | Q(sle_support__in=SleSupport.values), name="deployment_sle_support_valid"
            ),
            models.CheckConstraint(
                condition=Q(outcome="") | Q(outcome__in=DeploymentOutcome.values), name="deployment_outcome_valid"
            ),
            models.CheckConstraint(
                condition=Q(supported_school__isnull=False) | ~Q(supported_trust=""),
                name="deployment_supports_a_school_or_trust",
            ),
            models.CheckConstraint(
                condition=Q(starts_on__isnull=True) | Q(starts_on__gte=F("requested_on")),
                name="deployment_starts_after_request",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | (Q(starts_on__isnull=False) & Q(ends_on__gte=F("starts_on"))),
                name="deployment_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=dates.database_range("requested_on", "starts_on", "ends_on"),
                name="deployment_dates_in_range",
            ),
            models.CheckConstraint(
                condition=Q(focus_specialism__isnull=True) | Q(focus_area__isnull=True),
                name="deployment_one_focus",
            ),
            models.CheckConstraint(
                condition=Q(status__in=ENDED_STATUSES, outcome__gt="")
                | (~Q(status__in=ENDED_STATUSES) & Q(outcome="")),
                name="deployment_outcome_when_ended",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=[DeploymentStatus.ACTIVE, DeploymentStatus.COMPLETED])
                | Q(starts_on__isnull=False),
                name="deployment_started_has_start_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=DeploymentStatus.COMPLETED) | Q(ends_on__isnull=False),
                name="deployment_completed_has_end_date",
            ),
        ]

    def __str__(self):
        return f"{self.kind} for {self.supported_name}"

    def clean(self):
        errors = self.time_commitment_errors()
        if not self.supported_school_id and not self.supported_trust:
            errors["supported_school"] = "Choose the supported school, or enter the supported trust"
        if self.focus_specialism_id and self.focus_area_id:
            errors["focus_area"] = "Choose a specialism or a focus area as the focus, not both"
        if self.requested_on and self.starts_on and self.starts_on < self.requested_on:
            errors["starts_on"] = "The start date must be the same as or after the date the support was requested"
        if self.ends_on and not self.starts_on:
            errors["ends_on"] = "A deployment cannot end without a start date: enter when it started"
        elif self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The end date must be the same as or after the start date"
        if self.is_ended and not self.outcome:
            errors["outcome"] = "Choose the outcome of a deployment that is completed or cancelled"
        if not self.is_ended and self.outcome:
            errors["outcome"] = "Only a completed or cancelled deployment has an outcome"
        if self.status in (DeploymentStatus.ACTIVE, DeploymentStatus.COMPLETED) and not self.starts_on:
            errors.setdefault("starts_on", "Enter the date the support started")
        if self.status == DeploymentStatus.COMPLETED and not self.ends_on:
            errors.setdefault("ends_on", "Enter the date the support was completed")
        if errors:
            raise ValidationError(errors)

    @property
    def is_ended(self) -> bool:
        return self.status in ENDED_STATUSES

    @property
    def supported_name(self) -> str:
        return self.supported_school.name if self.supported_school_id else self.supported_trust

    @property
    def organisations_concerned(self) -> list[str]:
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in (
                "involves_ofsted",
                "involves_local_authority",
                "involves_regional_schools_commissioner",
                "involves_diocese",
            )
            if getattr(self, name)
        ]


class DeploymentLeader(models.Model):
    """A system leader taking part in a deployment, through one of their designations."""

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="leaders")
    designation = models.ForeignKey(Designation, on_delete=models.PROTECT, related_name="deployment_roles")
    is_lead = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["deployment", "designation"], name="deployment_leader_unique"),
            models.UniqueConstraint(
                fields=["deployment"], condition=Q(is_lead=True), name="deployment_one_lead_leader"
            ),
        ]

    def __str__(self):
        return f"{self.designation} (lead)" if self.is_lead else str(self.designation)

    def clean(self):
        if not self.deployment_id:
            return
        others = DeploymentLeader.objects.filter(deployment_id=self.deployment_id).exclude(pk=self.pk)
        if self.designation_id and others.filter(designation_id=self.designation_id).exists():
            raise ValidationError({"designation": "This designation already takes part in this deployment"})
        if self.is_lead and others.filter(is_lead=True).exists():
            raise ValidationError({"is_lead": "This deployment already has a lead system leader"})


class NegotiationKind(models.TextChoices):
    PROPOSAL = "proposal", "Proposal"
    COUNTER_PROPOSAL = "counter_proposal", "Counter-proposal"
    AGREEMENT = "agreement", "Agreement"
    WITHDRAWAL = "withdrawal", "Withdrawal"


class NegotiationParty(models.TextChoices):
    SUPPORTED_SCHOOL = "supported_school", "The supported school or trust"
    SYSTEM_LEADER = "system_leader", "The system leader or their school"
    TEACHING_SCHOOL = "teaching_school", "The teaching school"
    DFE = "dfe", "Department for Education"
    LOCAL_AUTHORITY = "local_authority", "The local authority"


class Payer(models.TextChoices):
    SUPPORTED_SCHOOL = "supported_school", "The supported school"
    TRUST = "trust", "The academy trust"
    LOCAL_AUTHORITY = "local_authority", "The local authority"
    DFE = "dfe", "Department for Education"
    NO_CHARGE = "no_charge", "No charge"


class NegotiationRecord(TimeCommitment):
    """One dated step in agreeing a deployment's cost and time: a proposal, counter-proposal, agreement or
    withdrawal. Money is in whole pence. The deployment's agreed terms are those of its agreement record."""

    Kind = NegotiationKind
    Party = NegotiationParty
    Payer = Payer

    deployment = models.ForeignKey(Deployment, on_delete=models.PROTECT, related_name="negotiation_records")
    recorded_on = models.DateField(validators=[dates.in_range])
    kind = models.CharField(max_length=20, choices=NegotiationKind.choices)
    proposed_by = models.CharField(max_length=20, choices=NegotiationParty.choices)
    day_rate_pence = models.PositiveIntegerField("day rate (pence)", null=True, blank=True)
    days = models.DecimalField(max_digits=6, decimal_places=1, null=True, blank=True)
    free_days = models.DecimalField(max_digits=6, decimal_places=1, default=Decimal("0"))
    total_cost_pence = models.PositiveIntegerField("total cost (pence)", null=True, blank=True)
    payer = models.CharField(max_length=20, choices=Payer.choices, blank=True)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["deployment", "recorded_on", "pk"]
        constraints = [
            *TimeCommitment.time_constraints("negotiation"),
            models.CheckConstraint(condition=dates.database_range("recorded_on"), name="negotiation_date_in_range"),
            models.CheckConstraint(condition=Q(kind__in=NegotiationKind.values), name="negotiation_kind_valid"),
            models.CheckConstraint(
                condition=Q(proposed_by__in=NegotiationParty.values), name="negotiation_proposed_by_valid"
            ),
            models.CheckConstraint(condition=Q(payer="") | Q(payer__in=Payer.values), name="negotiation_payer_valid"),
            models.CheckConstraint(
                condition=Q(days__isnull=True) | Q(days__gt=0), name="negotiation_proposed_days_positive"
            ),
            models.CheckConstraint(condition=Q(free_days__gte=0), name="negotiation_free_days_not_negative"),
            models.CheckConstraint(
                condition=Q(days__isnull=True) | Q(free_days__lte=F("days")), name="negotiation_free_days_within_days"
            ),
            models.CheckConstraint(
                condition=~Q(kind=NegotiationKind.AGREEMENT)
                | Q(days__isnull=False, total_cost_pence__isnull=False) & ~Q(payer=""),
                name="negotiation_agreement_has_terms",
            ),
            models.UniqueConstraint(
                fields=["deployment"],
                condition=Q(kind=NegotiationKind.AGREEMENT),
                name="negotiation_one_agreement_per_deployment",
                violation_error_message="This deployment already has agreed terms.",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} on {self.recorded_on:%d %b %Y}"

    def clean(self):
        errors = self.time_commitment_errors()
        if self.days is not None and self.days <= 0:
            errors["days"] = "Days must be more than 0"
        if self.free_days is not None and self.free_days < 0:
            errors["free_days"] = "Free days cannot be fewer than 0"
        elif self.free_days is not None and self.days is not None and self.free_days > self.days:
            errors["free_days"] = "Free days must be the same as or fewer than the days"
        if self.kind == NegotiationKind.AGREEMENT:
            if self.days is None:
                errors.setdefault("days", "Enter the days agreed")
            if self.total_cost_pence is None:
                errors["total_cost_pence"] = "Enter the total cost agreed, or a day rate to work it out"
            if not self.payer:
                errors["payer"] = "Choose who pays"
        if errors:
            raise ValidationError(errors)


class ReviewStage(models.TextChoices):
    INITIAL_DISCUSSION = "initial_discussion", "Initial discussion with the headteacher"
    SELF_EVALUATION = "self_evaluation", "Self-evaluation by the school"
    REVIEW = "review", "Review"
    FOLLOW_UP = "follow_up", "Follow-up visit"


# "This includes a day spent by your school undertaking self-evaluation, and a half-day follow-up visit."
SELF_EVALUATION_DAYS = Decimal("1")
FOLLOW_UP_DAYS = Decimal("0.5")


class PupilPremiumReviewStage(models.Model):
    """A stage of a pupil premium review deployment. Follow-up visits may be repeated; the other stages happen once."""

    Stage = ReviewStage

    deployment = models.ForeignKey(Deployment, on_delete=models.CASCADE, related_name="review_stages")
    stage = models.CharField(max_length=20, choices=ReviewStage.choices)
    scheduled_on = models.DateField(null=True, blank=True, validators=[dates.in_range])
    completed_on = models.DateField(null=True, blank=True, validators=[dates.in_range])
    days = models.DecimalField(max_digits=3, decimal_places=1, null=True, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["deployment", "scheduled_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(stage__in=ReviewStage.values), name="review_stage_valid"),
            models.CheckConstraint(condition=Q(days__isnull=True) | Q(days__gt=0), name="review_stage_days_positive"),
            models.CheckConstraint(
                condition=~Q(stage=ReviewStage.SELF_EVALUATION) | Q(days__isnull=True) | Q(days=SELF_EVALUATION_DAYS),
                name="review_stage_self_evaluation_is_a_day",
            ),
            models.CheckConstraint(
                condition=~Q(stage=ReviewStage.FOLLOW_UP) | Q(days__isnull=True) | Q(days=FOLLOW_UP_DAYS),
                name="review_stage_follow_up_is_a_half_day",
            ),
            models.CheckConstraint(
                condition=dates.database_range("scheduled_on", "completed_on"), name="review_stage_dates_in_range"
            ),
            models.UniqueConstraint(
                fields=["deployment", "stage"],
                condition=~Q(stage=ReviewStage.FOLLOW_UP),
                name="review_stage_once_except_follow_up",
            ),
        ]

    def __str__(self):
        return self.get_stage_display()

    def clean(self):
        errors = {}
        if self.days is not None and self.days <= 0:
            errors["days"] = "Days must be more than 0"
        elif self.stage == ReviewStage.SELF_EVALUATION and self.days is not None and self.days != SELF_EVALUATION_DAYS:
            errors["days"] = (
                "A pupil premium review includes a day spent by the school undertaking self-evaluation: enter 1"
            )
        elif self.stage == ReviewStage.FOLLOW_UP and self.days is not None and self.days != FOLLOW_UP_DAYS:
            errors["days"] = "A pupil premium review's follow-up visit is a half-day: enter 0.5"
        if self.deployment_id and self.stage and self.stage != ReviewStage.FOLLOW_UP:
            others = PupilPremiumReviewStage.objects.filter(deployment_id=self.deployment_id, stage=self.stage)
            if others.exclude(pk=self.pk).exists():
                errors["stage"] = f'This review already has a stage "{self.get_stage_display()}": change that one'
        if errors:
            raise ValidationError(errors)
