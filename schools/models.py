"""Places: regions, local authorities, teaching school hub areas and the schools in them (from GIAS)."""

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q

from audit.versioning import Versioned
from core.dates import long_date


class Region(models.Model):
    """One of the 9 English regions (ONS E12 codes)."""

    code = models.CharField(max_length=9, unique=True)
    name = models.CharField(max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(condition=Q(code__startswith="E12"), name="region_code_is_e12"),
        ]

    def __str__(self):
        return self.name


class LocalAuthorityQuerySet(models.QuerySet):
    def current(self):
        return self.filter(terminated_on__isnull=True)


class LocalAuthority(models.Model):
    """An upper-tier local authority, with DfE's 3-digit code and the ONS (GSS) code."""

    dfe_code = models.CharField("DfE code", max_length=3, unique=True)
    gss_code = models.CharField("ONS code", max_length=9, unique=True)
    name = models.CharField(max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="local_authorities")
    terminated_on = models.DateField(
        null=True,
        blank=True,
        help_text="Set for an authority that has since been replaced (e.g. Cumbria in 2023).",
    )

    objects = LocalAuthorityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "local authorities"
        constraints = [
            models.CheckConstraint(
                condition=Q(dfe_code__regex=r"^[0-9]{3}$"), name="local_authority_dfe_code_3_digits"
            ),
        ]

    def __str__(self):
        return self.name


class TeachingSchoolHubArea(models.Model):
    """One of the 87 teaching school hub areas (EE1 to YH10) and its lead school."""

    code = models.CharField(max_length=5, unique=True)
    hub_name = models.CharField(max_length=150)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="hub_areas")
    lead_school_urn = models.PositiveIntegerField("lead school URN")
    # Null when the lead school opened after the 2022 schools extract (its URN is still kept above).
    lead_school = models.ForeignKey(
        "School", on_delete=models.SET_NULL, null=True, blank=True, related_name="hub_areas_led"
    )

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^(EE|EM|L|NE|NW|SE|SW|WM|YH)[0-9]{1,2}$"),
                name="hub_area_code_format",
            ),
        ]

    def __str__(self):
        return f"{self.hub_name} ({self.code})"


class HubAreaDistrict(models.Model):
    """A local authority district (as named by DfE) that a hub area covers."""

    hub_area = models.ForeignKey(TeachingSchoolHubArea, on_delete=models.CASCADE, related_name="districts")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=100)
    # The upper-tier authority the district lies in, where the name maps to one.
    local_authority = models.ForeignKey(
        LocalAuthority, on_delete=models.PROTECT, null=True, blank=True, related_name="hub_area_districts"
    )

    class Meta:
        ordering = ["hub_area", "position"]
        constraints = [
            models.UniqueConstraint(fields=["hub_area", "position"], name="hub_area_district_unique_position"),
            models.UniqueConstraint(fields=["hub_area", "name"], name="hub_area_district_unique_name"),
        ]

    def __str__(self):
        return self.name


class SchoolPhase(models.TextChoices):
    PRIMARY = "primary", "Primary"
    MIDDLE_DEEMED_PRIMARY = "middle_deemed_primary", "Middle deemed primary"
    MIDDLE_DEEMED_SECONDARY = "middle_deemed_secondary", "Middle deemed secondary"
    SECONDARY = "secondary", "Secondary"
    ALL_THROUGH = "all_through", "All-through"
    NURSERY = "nursery", "Nursery"
    SIXTEEN_PLUS = "16_plus", "16 plus"
    NOT_APPLICABLE = "not_applicable", "Not applicable"

    @property
    def group(self) -> "PhaseGroup | None":
        """The stage of education the phase belongs to; None for "not applicable"."""
        return PHASE_GROUPS.get(self)


class PhaseGroup(models.TextChoices):
    """Stages of education, as a person means "primary" or "secondary": the directory's phase filter and the
    shortlist's "same phase" both ask SchoolPhase.group."""

    NURSERY = "nursery", "nursery"
    PRIMARY = "primary", "primary"
    SECONDARY = "secondary", "secondary"
    ALL_THROUGH = "all_through", "all-through"
    SIXTEEN_PLUS = "16_plus", "16 to 19"


# Middle schools are grouped as GIAS deems them; nursery and 16 plus are stages of their own.
PHASE_GROUPS = {
    SchoolPhase.NURSERY: PhaseGroup.NURSERY,
    SchoolPhase.PRIMARY: PhaseGroup.PRIMARY,
    SchoolPhase.MIDDLE_DEEMED_PRIMARY: PhaseGroup.PRIMARY,
    SchoolPhase.SECONDARY: PhaseGroup.SECONDARY,
    SchoolPhase.MIDDLE_DEEMED_SECONDARY: PhaseGroup.SECONDARY,
    SchoolPhase.ALL_THROUGH: PhaseGroup.ALL_THROUGH,
    SchoolPhase.SIXTEEN_PLUS: PhaseGroup.SIXTEEN_PLUS,
}


class SchoolOfstedRating(models.TextChoices):
    OUTSTANDING = "outstanding", "Outstanding"
    GOOD = "good", "Good"
    REQUIRES_IMPROVEMENT = "requires_improvement", "Requires improvement"
    INADEQUATE = "inadequate", "Inadequate"
    NOT_REPORTED = "not_reported", "Not reported"


_OFSTED_RATING_LABELS = dict(SchoolOfstedRating.choices)


class SchoolGiasStatus(models.TextChoices):
    OPEN = "open", "Open"
    PROPOSED_TO_CLOSE = "proposed_to_close", "Open, but proposed to close"
    CLOSED = "closed", "Closed"
    PROPOSED_TO_OPEN = "proposed_to_open", "Proposed to open"


class SchoolLaterStatus(models.TextChoices):
    """What later GIAS lists say of the school since the extract it was loaded from."""

    OPEN = "open", "Still open"
    REPLACED = "replaced", "Replaced by a successor school"
    CLOSED = "closed", "Closed"
    UNKNOWN = "unknown", "Not checked"


# The Ofsted ratings that make a school eligible for DfE's improvement offer.
IMPROVEMENT_OFFER_RATINGS = (SchoolOfstedRating.REQUIRES_IMPROVEMENT, SchoolOfstedRating.INADEQUATE)


class SchoolQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(later_status=SchoolLaterStatus.CLOSED)

    def located(self):
        return self.filter(easting__isnull=False, northing__isnull=False)

    def needing_support(self):
        """Open schools that need support: rated requires improvement or inadequate by Ofsted, or flagged by a
        curator. The one answer for DfE's improvement offer (these schools are eligible), the school pages and the
        coverage pages."""
        return self.open().filter(
            Q(ofsted_rating__in=IMPROVEMENT_OFFER_RATINGS)
            | Exists(SupportFlag.objects.raised().filter(school=OuterRef("pk")))
        )


class School(models.Model):
    """A state-funded school in England, as GIAS describes it."""

    Phase = SchoolPhase
    OfstedRating = SchoolOfstedRating
    GiasStatus = SchoolGiasStatus
    LaterStatus = SchoolLaterStatus

    urn = models.PositiveIntegerField("URN", unique=True)
    name = models.CharField(max_length=200)
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="schools")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="schools")
    hub_area = models.ForeignKey(
        TeachingSchoolHubArea, on_delete=models.SET_NULL, null=True, blank=True, related_name="schools"
    )
    phase = models.CharField(max_length=30, choices=Phase.choices)
    establishment_type = models.CharField(max_length=100)
    establishment_type_group = models.CharField(max_length=100)
    gias_status = models.CharField("GIAS status", max_length=20, choices=GiasStatus.choices, default=GiasStatus.OPEN)
    opened_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    statutory_low_age = models.PositiveSmallIntegerField(null=True, blank=True)
    statutory_high_age = models.PositiveSmallIntegerField(null=True, blank=True)
    ofsted_rating = models.CharField(max_length=25, choices=OfstedRating.choices, default=OfstedRating.NOT_REPORTED)
    ofsted_inspected_on = models.DateField("last Ofsted inspection", null=True, blank=True)
    street = models.CharField(max_length=150, blank=True)
    locality = models.CharField(max_length=150, blank=True)
    address3 = models.CharField(max_length=150, blank=True)
    town = models.CharField(max_length=100, blank=True)
    county = models.CharField(max_length=100, blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    district_name = models.CharField("administrative district", max_length=100, blank=True)
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)
    website = models.CharField(max_length=300, blank=True)
    telephone = models.CharField(max_length=30, blank=True)
    later_status = models.CharField(max_length=10, choices=LaterStatus.choices, default=LaterStatus.UNKNOWN)
    successor_urn = models.PositiveIntegerField("successor URN", null=True, blank=True)
    successor_name = models.CharField(max_length=200, blank=True)

    objects = SchoolQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["easting", "northing"], name="school_grid_reference"),
            models.Index(fields=["local_authority", "phase"], name="school_la_phase"),
            models.Index(fields=["postcode"], name="school_postcode"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(phase__in=SchoolPhase.values), name="school_phase_valid"),
            models.CheckConstraint(
                condition=Q(ofsted_rating__in=SchoolOfstedRating.values), name="school_ofsted_rating_valid"
            ),
            models.CheckConstraint(
                condition=Q(gias_status__in=SchoolGiasStatus.values), name="school_gias_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(later_status__in=SchoolLaterStatus.values), name="school_later_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(easting__isnull=True, northing__isnull=True)
                | Q(
                    easting__isnull=False,
                    northing__isnull=False,
                    easting__lte=700_000,
                    northing__lte=1_300_000,
                ),
                name="school_grid_reference_complete_and_in_gb",
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True)
                | Q(opened_on__isnull=True)
                | Q(closed_on__gte=models.F("opened_on")),
                name="school_closed_after_opened",
            ),
            models.CheckConstraint(
                condition=Q(statutory_low_age__isnull=True)
                | Q(statutory_high_age__isnull=True)
                | Q(statutory_high_age__gte=models.F("statutory_low_age")),
                name="school_age_range_in_order",
            ),
            models.CheckConstraint(
                condition=~Q(later_status="replaced") | Q(successor_urn__isnull=False),
                name="school_replaced_has_successor",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.urn})"

    def get_ofsted_rating_display(self) -> str:
        # Django's builds a map of every choice on each call: a twentieth of a school summary's rendering.
        return _OFSTED_RATING_LABELS.get(self.ofsted_rating, self.ofsted_rating)

    @property
    def address_lines(self) -> list[str]:
        return [
            part for part in (self.street, self.locality, self.address3, self.town, self.county, self.postcode) if part
        ]


# Schools that need support


class SupportFlagQuerySet(models.QuerySet):
    def raised(self):
        return self.filter(cleared_on__isnull=True)


class SupportFlag(Versioned):
    """A curator's note that a school should be offered improvement support, whatever its Ofsted rating says."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="support_flags")
    reason = models.CharField(max_length=300)
    flagged_on = models.DateField()
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cleared_on = models.DateField(null=True, blank=True)

    objects = SupportFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-flagged_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"], condition=Q(cleared_on__isnull=True), name="support_flag_one_raised_per_school"
            ),
            models.CheckConstraint(
                condition=Q(cleared_on__isnull=True) | Q(cleared_on__gte=models.F("flagged_on")),
                name="support_flag_cleared_after_flagged",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="support_flag_reason_given"),
        ]

    def __str__(self):
        return f"{self.school} flagged on {long_date(self.flagged_on)}"
