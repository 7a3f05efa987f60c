"""Every Great Britain postcode with its British National Grid reference (Ordnance Survey Code-Point Open)."""

from django.db import models
from django.db.models import Q

# The shape of a canonical postcode: outward code, one space, inward code, upper case ("LS1 1AZ").
CANONICAL_POSTCODE_REGEX = r"^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9][A-Z]{2}$"
OUTWARD_CODE_REGEX = r"^[A-Z]{1,2}[0-9][A-Z0-9]?$"
POSTCODE_AREA_REGEX = r"^[A-Z]{1,2}$"

# The extent of the British National Grid, in metres.
MAX_EASTING = 700_000
MAX_NORTHING = 1_300_000


def grid_reference_complete_and_in_gb(prefix: str) -> models.CheckConstraint:
    """Easting and northing are both set (and on the grid) or both null (Code-Point has no position)."""
    return models.CheckConstraint(
        condition=Q(easting__isnull=True, northing__isnull=True)
        | Q(
            easting__isnull=False,
            northing__isnull=False,
            easting__lte=MAX_EASTING,
            northing__lte=MAX_NORTHING,
        ),
        name=f"{prefix}_grid_reference_complete_and_in_gb",
    )


class PositionalQuality(models.IntegerChoices):
    # Code-Point Open's positional quality indicator (PQI).
    WITHIN_BUILDING = 10, "Within the building of the matched address closest to the postcode mean"
    WITHIN_BUILDING_VISUAL = 20, "As 10, but by visual inspection of GB mapping"
    APPROXIMATE = 30, "Approximate, to within 50 metres"
    POSTCODE_UNIT_MEAN = 40, "Postcode unit mean (mean of matched addresses with the same postcode)"
    ESTIMATED = 50, "Estimated by the ONS from surrounding postcodes"
    SECTOR_MEAN = 60, "Postcode sector mean"
    NO_COORDINATES = 90, "No coordinates available"


class AreaQuerySet(models.QuerySet):
    """For models whose primary key starts with a postcode area ("LS" in "LS6" and "LS6 1AA")."""

    def in_area(self, area: str):
        # A postcode area is followed by a digit, and digits sort before letters in every collation, so
        # [area, area + "A") holds exactly that area ("S1 1AA" but not "SW1A 1AA") and uses the primary key index.
        return self.filter(pk__gte=area, pk__lt=f"{area}A")

    def located(self):
        return self.filter(easting__isnull=False, northing__isnull=False)


class Postcode(models.Model):
    """One postcode and where Code-Point Open puts it (the mean position of its delivery points)."""

    PositionalQuality = PositionalQuality

    postcode = models.CharField(max_length=8, primary_key=True, help_text='Canonical form, such as "LS1 1AZ".')
    positional_quality = models.PositiveSmallIntegerField(choices=PositionalQuality.choices)
    easting = models.PositiveIntegerField(null=True, blank=True)
    northing = models.PositiveIntegerField(null=True, blank=True)

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["postcode"]
        constraints = [
            models.CheckConstraint(
                condition=Q(postcode__regex=CANONICAL_POSTCODE_REGEX), name="postcode_canonical_format"
            ),
            models.CheckConstraint(
                condition=Q(positional_quality__in=PositionalQuality.values),
                name="postcode_positional_quality_valid",
            ),
            grid_reference_complete_and_in_gb("postcode"),
        ]

    def __str__(self):
        return self.postcode

    @property
    def outward_code(self) -> str:
        return self.postcode.split(" ", 1)[0]

    @property
    def is_located(self) -> bool:
        return self.easting is not None


class OutwardCode(models.Model):
    """An outward code (postcode district, "LS6") and the centre of its located postcodes, kept by the loader."""

    code = models.CharField(max_length=4, primary_key=True)
    easting = models.PositiveIntegerField(null=True, blank=True, help_text="Mean of its located postcodes.")
    northing = models.PositiveIntegerField(null=True, blank=True, help_text="Mean of its located postcodes.")
    postcode_count = models.PositiveIntegerField(help_text="All its postcodes, located or not.")

    objects = AreaQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(code__regex=OUTWARD_CODE_REGEX), name="outward_code_format"),
            models.CheckConstraint(condition=Q(postcode_count__gt=0), name="outward_code_has_postcodes"),
            grid_reference_complete_and_in_gb("outward_code"),
        ]

    def __str__(self):
        return self.code


class PostcodeAreaFile(models.Model):
    """The Code-Point Open file last loaded for a postcode area ("LS"), so an unchanged file can be skipped."""

    area = models.CharField(max_length=2, primary_key=True)
    sha256 = models.CharField("SHA-256", max_length=64)
    row_count = models.PositiveIntegerField()
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["area"]
        constraints = [
            models.CheckConstraint(condition=Q(area__regex=POSTCODE_AREA_REGEX), name="postcode_area_file_area_format"),
            models.CheckConstraint(
                condition=Q(sha256__regex=r"^[0-9a-f]{64}$"), name="postcode_area_file_sha256_format"
            ),
        ]

    def __str__(self):
        return f"{self.area} ({self.row_count:,} rows)"
