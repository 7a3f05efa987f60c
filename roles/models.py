"""System leaders, their roles and designations, and SLE specialisms (from the GOV.UK guidance)."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from audit.versioning import Versioned
from core import dates
from core.dates import long_date
from core.terms import term_containing
from core.text import in_sentence
from schools.models import Region, School

from .dated import DatedQuerySet
from .reference import REMOVED_FROM_GUIDANCE_IN_2023


class RoleCode(models.TextChoices):
    TEACHING_SCHOOL = "teaching_school", "Teaching school"
    NLE = "nle", "National leader of education"
    NLG = "nlg", "National leader of governance"
    LLE = "lle", "Local leader of education"
    SLE = "sle", "Specialist leader of education"
    PUPIL_PREMIUM_REVIEWER = "pupil_premium_reviewer", "Pupil premium reviewer"
    TSC_REPRESENTATIVE = "tsc_representative", "Teaching Schools Council representative"
    TEACHING_SCHOOL_HUB = "teaching_school_hub", "Teaching school hub"


# The roles a school can ask for support through this service (an enquiry reaches them). Teaching school hubs and
# council representatives are not among them: hubs run professional development, representatives a network.
# matching.ranking.ROLE_FIT says which of these suits which need, and offers no other role.
ASKABLE_ROLES = frozenset(
    {
        RoleCode.NLE,
        RoleCode.NLG,
        RoleCode.LLE,
        RoleCode.SLE,
        RoleCode.PUPIL_PREMIUM_REVIEWER,
        RoleCode.TEACHING_SCHOOL,
    }
)


class RoleHolder(models.TextChoices):
    PERSON = "person", "A person"
    SCHOOL = "school", "A school"


class RoleDesignatedBy(models.TextChoices):
    DFE = "dfe", "Department for Education"
    TEACHING_SCHOOL = "teaching_school", "A teaching school"


class RoleProgramme(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED_TO_NEW = "closed_to_new", "Closed to new designations"
    CLOSED = "closed", "Closed"


@dataclass(frozen=True)
class ProgrammeStatus:
    """How a role's programme stands, as a GOV.UK tag: said in the same words and colour wherever a role is shown."""

    text: str
    colour: str


PROGRAMME_CLOSED = ProgrammeStatus("Programme closed", "grey")
NO_NEW_DFE_DESIGNATIONS = ProgrammeStatus("No new designations by DfE", "yellow")
REMOVED_FROM_GUIDANCE = ProgrammeStatus("Removed from DfE guidance in 2023", "yellow")


def programme_status(code: str, programme: str) -> ProgrammeStatus | None:
    """None for a programme DfE's current guidance describes as running (NLEs) or that it does not cover (hubs)."""
    if programme == RoleProgramme.CLOSED:
        return PROGRAMME_CLOSED
    if programme == RoleProgramme.CLOSED_TO_NEW:
        return NO_NEW_DFE_DESIGNATIONS
    if code in REMOVED_FROM_GUIDANCE_IN_2023:
        return REMOVED_FROM_GUIDANCE
    return None


class Role(models.Model):
    """A kind of system leadership. Rows are reference data, loaded by a migration."""

    Code = RoleCode
    Holder = RoleHolder
    DesignatedBy = RoleDesignatedBy
    Programme = RoleProgramme

    code = models.CharField(max_length=30, primary_key=True, choices=Code.choices)
    name = models.CharField(max_length=100, unique=True)
    short_name = models.CharField(max_length=30, help_text="The name used where space is short, e.g. NLE.")
    plural_name = models.CharField(max_length=100)
    holder = models.CharField(max_length=10, choices=Holder.choices)
    designated_by = models.CharField(max_length=20, choices=DesignatedBy.choices)
    programme = models.CharField(max_length=20, choices=Programme.choices, default=Programme.OPEN)
    programme_changed_on = models.DateField(null=True, blank=True)
    programme_note = models.TextField(blank=True)
    summary = models.TextField(help_text="One or two plain-English sentences: what they do.")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.CheckConstraint(condition=Q(code__in=RoleCode.values), name="role_code_valid"),
            models.CheckConstraint(condition=Q(holder__in=RoleHolder.values), name="role_holder_valid"),
            models.CheckConstraint(
                condition=Q(designated_by__in=RoleDesignatedBy.values), name="role_designated_by_valid"
            ),
            models.CheckConstraint(condition=Q(programme__in=RoleProgramme.values), name="role_programme_valid"),
            models.CheckConstraint(
                condition=Q(programme="open") | Q(programme_changed_on__isnull=False),
                name="role_closed_programme_has_date",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def is_programme_closed(self) -> bool:
        return self.programme == self.Programme.CLOSED

    @property
    def programme_status(self) -> ProgrammeStatus | None:
        return programme_status(self.code, self.programme)

    @property
    def plural_name_in_sentence(self) -> str:
        """The plural name inside a sentence: "national leaders of education", but "Teaching Schools Council
        representatives" keeps the council's proper name."""
        return in_sentence(self.plural_name)

    def clean(self):
        if self.programme != self.Programme.OPEN and not self.programme_changed_on:
            raise ValidationError(
                {"programme_changed_on": "Enter the date the programme closed or stopped new designations"}
            )


# "The NLG programme is closed for new commissions" (System leadership: school-to-school support, 5 April 2023); the
# programme closed entirely on 6 November 2023 (the NLG role's programme_changed_on).
NLG_COMMISSIONS_CLOSED_ON = datetime.date(2023, 4, 5)

# Roles held by a school rather than a person; a database constraint on Designation relies on this list.
SCHOOL_ROLES = [RoleCode.TEACHING_SCHOOL, RoleCode.TEACHING_SCHOOL_HUB]
PERSON_ROLES = [code for code in RoleCode.values if code not in SCHOOL_ROLES]


class FocusArea(models.Model):
    """One of the four Ofsted focus areas that SLE specialisms are grouped under."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    position = models.PositiveSmallIntegerField(unique=True)

    class Meta:
        ordering = ["position"]

    def __str__(self):
        return self.name


class Specialism(models.Model):
    """An SLE area of expertise, as listed in the guidance."""

    focus_area = models.ForeignKey(FocusArea, on_delete=models.PROTECT, related_name="specialisms")
    name = models.CharField(max_length=150, unique=True)
    slug = models.SlugField(max_length=150, unique=True)
    position = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["focus_area__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["focus_area", "position"], name="specialism_unique_position_in_focus_area"),
        ]

    def __str__(self):
        return self.name


def full_name(first_name: str, last_name: str) -> str:
    """A person's name as the service writes it (SystemLeader.full_name, and where only the names were read)."""
    return f"{first_name} {last_name}"


class SystemLeaderQuerySet(models.QuerySet):
    def demo(self):
        return self.filter(is_demo=True)


class SystemLeader(Versioned):
    """A person who holds (or held) one or more system-leader designations."""

    title = models.CharField(max_length=20, blank=True)
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    job_title = models.CharField(max_length=150, blank=True)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="system_leaders")
    email = models.EmailField(blank=True)
    email_is_public = models.BooleanField("show email publicly", default=False)
    telephone = models.CharField(max_length=30, blank=True)
    telephone_is_public = models.BooleanField("show telephone publicly", default=False)
    job_title_is_public = models.BooleanField("show job title publicly", default=True)
    is_demo = models.BooleanField(default=False, help_text="A fictional person created by the demo data command.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SystemLeaderQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["last_name", "first_name"], name="system_leader_name")]
        constraints = [
            models.CheckConstraint(condition=~Q(first_name="") & ~Q(last_name=""), name="system_leader_has_name"),
            models.CheckConstraint(
                condition=Q(email_is_public=False) | ~Q(email=""), name="system_leader_public_email_present"
            ),
            models.CheckConstraint(
                condition=Q(telephone_is_public=False) | ~Q(telephone=""),
                name="system_leader_public_telephone_present",
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return full_name(self.first_name, self.last_name)

    def clean(self):
        errors = {}
        if self.email_is_public and not self.email:
            errors["email"] = "Enter an email address, or do not show it publicly"
        if self.telephone_is_public and not self.telephone:
            errors["telephone"] = "Enter a telephone number, or do not show it publicly"
        if errors:
            raise ValidationError(errors)


class TeachingSchoolAllianceQuerySet(models.QuerySet):
    def demo(self):
        return self.filter(is_demo=True)


class TeachingSchoolAlliance(Versioned):
    """A teaching school and the partner schools it works with."""

    name = models.CharField(max_length=200)
    teaching_school = models.OneToOneField(School, on_delete=models.PROTECT, related_name="led_alliance")
    partner_schools = models.ManyToManyField(School, through="AlliancePartnership", related_name="alliances")
    is_demo = models.BooleanField(default=False, help_text="Created by the demo data command.")

    objects = TeachingSchoolAllianceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class AlliancePartnership(models.Model):
    alliance = models.ForeignKey(TeachingSchoolAlliance, on_delete=models.CASCADE, related_name="partnerships")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="alliance_partnerships")
    joined_on = models.DateField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["alliance", "school"], name="alliance_partnership_unique_school"),
        ]

    def __str__(self):
        return f"{self.school} in {self.alliance}"

    def clean(self):
        if self.alliance_id and self.school_id and self.alliance.teaching_school_id == self.school_id:
            raise ValidationError({"school": "A teaching school cannot be a partner in its own alliance"})


class DesignationStatus(models.TextChoices):
    CURRENT = "current", "Current"
    REVIEW_DUE = "review_due", "Current, review due"
    STARTS_LATER = "starts_later", "Starts later"
    PAUSED = "paused", "Paused"
    ENDED = "ended", "Ended"


def designation_status_on(designation, on: datetime.date) -> str:
    """A designation's status on a date, from its dates (a Designation, or a row of them read as values); the
    database's twin is DesignationQuerySet.with_status."""
    if designation.ended_on and designation.ended_on <= on:
        return DesignationStatus.ENDED
    if designation.designated_on > on:
        return DesignationStatus.STARTS_LATER
    if designation.paused_on and designation.paused_on <= on:
        return DesignationStatus.PAUSED
    if designation.review_due and designation.review_due <= on:
        return DesignationStatus.REVIEW_DUE
    return DesignationStatus.CURRENT


class DesignationEndReason(models.TextChoices):
    DE_DESIGNATED = "de_designated", "De-designated"
    STEPPED_DOWN = "stepped_down", "Stepped down"
    LAPSED = "lapsed", "Lapsed"
    PROGRAMME_CLOSED = "programme_closed", "Programme closed"


class DesignationCouncilSeat(models.TextChoices):
    REGIONAL = "regional", "Regional representative"
    PEER = "peer", "Peer representative"


class DesignationQuerySet(DatedQuerySet):
    def paused(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.not_ended(on).filter(paused_on__lte=on)

    def ended(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(ended_on__lte=on)

    def starts_later(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.filter(designated_on__gt=on)

    def review_due(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.current(on).filter(review_due__lte=on)

    def demo(self):
        return self.filter(is_demo=True)

    def of_role(self, *codes):
        return self.filter(role_id__in=codes)

    def with_status(self, on: datetime.date | None = None):
        on = on or timezone.localdate()
        return self.annotate(
            status=Case(
                When(ended_on__lte=on, then=Value(DesignationStatus.ENDED)),
                When(designated_on__gt=on, then=Value(DesignationStatus.STARTS_LATER)),
                When(paused_on__lte=on, then=Value(DesignationStatus.PAUSED)),
                When(review_due__lte=on, then=Value(DesignationStatus.REVIEW_DUE)),
                default=Value(DesignationStatus.CURRENT),
                output_field=models.CharField(),
            )
        )


class Designation(Versioned):
    """A role held by a person or a school from one date, perhaps until another. Never deleted: ending keeps it."""

    Status = DesignationStatus
    EndReason = DesignationEndReason
    CouncilSeat = DesignationCouncilSeat

    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="designations")
    leader = models.ForeignKey(
        SystemLeader, on_delete=models.PROTECT, null=True, blank=True, related_name="designations"
    )
    school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="designations",
        help_text="For roles held by a school: teaching schools and teaching school hubs.",
    )
    teaching_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="designations_made",
        help_text="The teaching school that designated this SLE or LLE and manages their placements.",
    )
    national_support_school = models.ForeignKey(
        School,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="national_support_designations",
        help_text="For an NLE: the school whose staff work with them.",
    )
    governance_review_training_on = models.DateField(
        "completed DfE training on",
        null=True,
        blank=True,
        validators=[dates.in_range],
        help_text="For an NLG: the date they completed DfE's training for external reviews of governance.",
    )
    council_seat = models.CharField(max_length=10, choices=CouncilSeat.choices, blank=True)
    council_region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="council_designations"
    )
    specialisms = models.ManyToManyField(Specialism, blank=True, related_name="designations")
    designated_on = models.DateField(validators=[dates.in_range])
    review_due = models.DateField(null=True, blank=True, validators=[dates.in_range])
    ended_on = models.DateField(null=True, blank=True, validators=[dates.in_range])
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    paused_on = models.DateField(
        null=True, blank=True, validators=[dates.in_range], help_text="Paused from this date until resumed."
    )
    pause_reason = models.CharField(max_length=200, blank=True)
    is_demo = models.BooleanField(
        default=False, help_text="Part of the fictional population created by the demo data command."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DesignationQuerySet.as_manager()

    class Meta:
        ordering = ["-designated_on", "pk"]
        indexes = [
            models.Index(fields=["role", "ended_on"], name="designation_role_ended"),
            models.Index(fields=["designated_on"], name="designation_designated_on"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(role_id__in=PERSON_ROLES, leader__isnull=False, school__isnull=True)
                | Q(role_id__in=SCHOOL_ROLES, school__isnull=False, leader__isnull=True),
                name="designation_holder_matches_role",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("designated_on")),
                name="designation_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=dates.database_range("designated_on", "review_due", "ended_on", "paused_on"),
                name="designation_dates_in_range",
            ),
            models.CheckConstraint(
                condition=Q(review_due__isnull=True) | Q(review_due__gt=F("designated_on")),
                name="designation_review_after_start",
            ),
            models.CheckConstraint(
                condition=Q(paused_on__isnull=True)
                | Q(paused_on__gte=F("designated_on"), ended_on__isnull=True)
                | Q(paused_on__gte=F("designated_on"), paused_on__lte=F("ended_on")),
                name="designation_paused_while_in_force",
            ),
            models.CheckConstraint(
                condition=Q(paused_on__isnull=False) | Q(pause_reason=""),
                name="designation_pause_reason_only_when_paused",
            ),
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True, end_reason="")
                | Q(ended_on__isnull=False, end_reason__in=DesignationEndReason.values),
                name="designation_end_reason_with_end_date",
            ),
            models.CheckConstraint(
                condition=~Q(role_id=RoleCode.SLE) | Q(teaching_school__isnull=False),
                name="designation_sle_has_teaching_school",
            ),
            models.CheckConstraint(
                condition=Q(role_id__in=[RoleCode.SLE, RoleCode.LLE]) | Q(teaching_school__isnull=True),
                name="designation_teaching_school_only_for_sle_lle",
            ),
            models.CheckConstraint(
                condition=Q(role_id=RoleCode.NLE) | Q(national_support_school__isnull=True),
                name="designation_support_school_only_for_nle",
            ),
            models.CheckConstraint(
                condition=Q(role_id=RoleCode.NLG) | Q(governance_review_training_on__isnull=True),
                name="designation_governance_review_training_only_for_nlg",
            ),
            models.CheckConstraint(
                condition=dates.database_range("governance_review_training_on"),
                name="designation_training_date_in_range",
            ),
            models.CheckConstraint(
                condition=Q(role_id=RoleCode.TSC_REPRESENTATIVE, council_seat__in=DesignationCouncilSeat.values)
                | (~Q(role_id=RoleCode.TSC_REPRESENTATIVE) & Q(council_seat="", council_region__isnull=True)),
                name="designation_council_seat_only_for_tsc",
            ),
            models.CheckConstraint(
                condition=~Q(council_seat=DesignationCouncilSeat.REGIONAL) | Q(council_region__isnull=False),
                name="designation_regional_seat_has_region",
            ),
            models.UniqueConstraint(
                fields=["leader", "role"],
                condition=Q(ended_on__isnull=True),
                name="designation_one_open_per_leader_and_role",
                violation_error_message="This person already holds this role: end that designation first.",
            ),
            models.UniqueConstraint(
                fields=["school", "role"],
                condition=Q(ended_on__isnull=True),
                name="designation_one_open_per_school_and_role",
                violation_error_message="This school already holds this role: end that designation first.",
            ),
        ]

    def __str__(self):
        return f"{self.role.short_name if self.role_id else 'Designation'}: {self.holder_name}"

    @property
    def holder_name(self) -> str:
        if self.leader_id:
            return self.leader.full_name
        if self.school_id:
            return self.school.name
        return ""

    @property
    def designated_by_name(self) -> str:
        if self.teaching_school_id:
            return self.teaching_school.name
        return Role.DesignatedBy.DFE.label

    def status_on(self, on: datetime.date | None = None) -> str:
        return designation_status_on(self, on or timezone.localdate())

    @property
    def status(self) -> str:
        """The status annotated by DesignationQuerySet.with_status(on), or else the status today."""
        return self.__dict__.get("_annotated_status") or self.status_on()

    @status.setter
    def status(self, value: str) -> None:
        # with_status() annotates "status"; Django sets annotations as attributes on each instance.
        self.__dict__["_annotated_status"] = value

    def clean(self):
        errors = {}
        if self.role_id:
            is_school_role = self.role_id in SCHOOL_ROLES
            if is_school_role and not self.school_id:
                errors["school"] = "Choose the school that holds this role"
            if is_school_role and self.leader_id:
                errors["leader"] = "This role is held by a school, not a person"
            if not is_school_role and not self.leader_id:
                errors["leader"] = "Choose the person who holds this role"
            if not is_school_role and self.school_id:
                errors["school"] = "This role is held by a person: leave the school blank"
            if self.role_id == RoleCode.SLE and not self.teaching_school_id:
                errors["teaching_school"] = "Choose the teaching school that designated this SLE"
            if self.role_id not in (RoleCode.SLE, RoleCode.LLE) and self.teaching_school_id:
                errors["teaching_school"] = "Only SLEs and LLEs are designated by a teaching school"
            if self.role_id != RoleCode.NLE and self.national_support_school_id:
                errors["national_support_school"] = "Only an NLE has a national support school"
            if self.role_id != RoleCode.NLG and self.governance_review_training_on:
                errors["governance_review_training_on"] = (
                    "Only an NLG completes DfE training for external reviews of governance"
                )
            if self.role_id == RoleCode.TSC_REPRESENTATIVE and not self.council_seat:
                errors["council_seat"] = "Choose the council seat"
            if self.role_id != RoleCode.TSC_REPRESENTATIVE and (self.council_seat or self.council_region_id):
                errors["council_seat"] = "Only a Teaching Schools Council representative has a council seat"
        if self.council_seat == self.CouncilSeat.REGIONAL and not self.council_region_id:
            errors["council_region"] = "Choose the region this representative covers"
        if self.designated_on and self.ended_on and self.ended_on < self.designated_on:
            errors["ended_on"] = "The end date must be the same as or after the designation date"
        if self.designated_on and self.review_due and self.review_due <= self.designated_on:
            errors["review_due"] = "The review date must be after the designation date"
        if self.paused_on and self.designated_on and self.paused_on < self.designated_on:
            errors["paused_on"] = "A designation cannot be paused before it starts"
        if self.paused_on and self.ended_on and self.paused_on > self.ended_on:
            errors["paused_on"] = "A designation cannot be paused after it ended"
        if self.pause_reason and not self.paused_on:
            errors["paused_on"] = "Enter the date the designation was paused"
        if self.ended_on and not self.end_reason:
            errors["end_reason"] = "Choose why the designation ended"
        if self.end_reason and not self.ended_on:
            errors["ended_on"] = "Enter the date the designation ended"
        if errors:
            raise ValidationError(errors)


# ---------------------------------------------------------------------------------------------------------------------
# Capacity

MAX_DAYS_FREE = 65  # a school term has about 13 weeks of 5 days


class CapacityQuerySet(models.QuerySet):
    def this_term(self, today: datetime.date | None = None):
        return self.in_term(term_containing(today or timezone.localdate()).starts_on)

    def in_term(self, term_starts_on: datetime.date):
        return self.filter(term_starts_on=term_starts_on)


class Capacity(Versioned):
    """How many days a system leader has free for support in one term, as they or their teaching school say."""

    leader = models.ForeignKey(SystemLeader, on_delete=models.CASCADE, related_name="capacities")
    term_starts_on = models.DateField("term", help_text="The first day of the term (1 September, 1 January, 1 April).")
    days_free = models.DecimalField(max_digits=3, decimal_places=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CapacityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "capacities"
        ordering = ["-term_starts_on", "leader__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "term_starts_on"], name="capacity_one_per_leader_and_term"),
            models.CheckConstraint(
                condition=Q(days_free__gte=0) & Q(days_free__lte=MAX_DAYS_FREE), name="capacity_days_free_in_range"
            ),
            models.CheckConstraint(
                condition=(Q(term_starts_on__month=9) | Q(term_starts_on__month=1) | Q(term_starts_on__month=4))
                & Q(term_starts_on__day=1),
                name="capacity_term_starts_on_a_term_start",
            ),
        ]

    def __str__(self):
        return f"{self.leader}: {self.days_free} days free from {long_date(self.term_starts_on)}"


# ---------------------------------------------------------------------------------------------------------------------
# Teaching schools' staff (who sign in to the portal, and read the enquiries sent to their school)


class TeachingSchoolMembershipQuerySet(models.QuerySet):
    def with_school_is_teaching_school(self):
        """Annotate is_teaching_school: whether the member school holds a teaching school designation today."""
        return self.annotate(
            is_teaching_school=models.Exists(
                Designation.objects.of_role(Role.Code.TEACHING_SCHOOL)
                .current()
                .filter(school=models.OuterRef("school"))
            )
        )


class TeachingSchoolMembership(models.Model):
    """A user who works for a teaching school and manages its SLEs and their placements in the portal.

    A user belongs to at most one teaching school. The school must hold a teaching school designation: a rule
    that needs another table, so clean() and portal.services.membership_create check it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="teaching_school_membership",
        error_messages={"unique": "This user already belongs to a teaching school"},
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="portal_memberships")
    is_demo = models.BooleanField(
        default=False, help_text="A fictional user of a demo teaching school, created by the demo data command."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    access_removed_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When a curator removed this person's portal access: they can no longer sign in.",
    )
    access_removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = TeachingSchoolMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["school__name", "user__username"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(access_removed_at__isnull=True, access_removed_by__isnull=True)
                | models.Q(access_removed_at__isnull=False, access_removed_by__isnull=False),
                name="membership_access_removed_by_someone",
                violation_error_message="Record who removed this person's access, and when",
            ),
        ]

    def __str__(self):
        return f"{self.user} at {self.school}"

    def clean(self):
        if self.school_id and not school_is_teaching_school(self.school):
            raise ValidationError({"school": "This school does not hold a teaching school designation"})


def school_is_teaching_school(school: School) -> bool:
    return Designation.objects.of_role(Role.Code.TEACHING_SCHOOL).current().filter(school=school).exists()
