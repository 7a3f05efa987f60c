"""The public directory's search listing: one row per holder of a designation (a person, or a school that holds
a school role), kept in step with the designations by directory.services. It exists so that one search can run
across every kind of system leader with a handful of indexed queries, whatever the filters."""

import datetime

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.db.models.lookups import IsNull

from roles.dated import DatedQuerySet, current_q
from roles.models import Designation, Role, Specialism, SystemLeader
from schools.models import LocalAuthority, Region, School, TeachingSchoolHubArea


class ListingKind(models.TextChoices):
    LEADER = "leader", "System leader"
    SCHOOL = "school", "School"


def listing_current_q(on: datetime.date) -> Q:
    """Listings whose holder has a designation current on the date: read from the listing's own current days, and
    only where those have gaps from its designations' copies."""
    # A first current designation's id rather than EXISTS: PostgreSQL may hash an EXISTS, reading every current
    # designation once, where only the few listings with gaps need to be looked at.
    first_current = ListingRole.objects.filter(current_q(on), listing=OuterRef("pk")).order_by().values("pk")[:1]
    return (
        Q(current_from__lte=on)
        & (Q(current_until__isnull=True) | Q(current_until__gt=on))
        & (Q(current_with_gaps=False) | Q(IsNull(Subquery(first_current), False)))
    )


# What a search reads of each listing it looks at, besides its roles and specialisms: whether it is current, its
# phase, and its place in each order of results.
SEARCHED_COLUMNS = [
    "id",
    "sort_name",
    "latest_designated_on",
    "current_from",
    "current_until",
    "current_with_gaps",
    "phase",
]


class Listing(models.Model):
    Kind = ListingKind

    kind = models.CharField(max_length=10, choices=ListingKind.choices)
    leader = models.OneToOneField(SystemLeader, on_delete=models.CASCADE, null=True, related_name="listing")
    holder_school = models.OneToOneField(School, on_delete=models.CASCADE, null=True, related_name="listing")
    # Where the holder is based: the leader's school, or the school itself.
    school = models.ForeignKey(School, on_delete=models.CASCADE, related_name="listings_based_here")
    name = models.CharField(max_length=200)
    sort_name = models.CharField(max_length=200)
    school_name = models.CharField(max_length=200)
    urn = models.PositiveIntegerField(db_index=True)
    # Indexed by listing_in_local_authority and listing_in_region.
    local_authority = models.ForeignKey(LocalAuthority, on_delete=models.PROTECT, related_name="+", db_index=False)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="+", db_index=False)
    hub_area = models.ForeignKey(TeachingSchoolHubArea, on_delete=models.SET_NULL, null=True, related_name="+")
    phase = models.CharField(max_length=30)
    easting = models.PositiveIntegerField(null=True)
    northing = models.PositiveIntegerField(null=True)
    latest_designated_on = models.DateField()
    # The days on which the holder has a current designation (roles.dated.current_runs): from current_from up to, not
    # including, current_until (null: no end); never, when current_from is null. When those days have gaps, the
    # first run's start and the last run's end, and current_with_gaps: then only the designations can say.
    current_from = models.DateField(null=True)
    current_until = models.DateField(null=True)
    current_with_gaps = models.BooleanField(default=False)

    class Meta:
        ordering = ["sort_name", "pk"]
        indexes = [
            # The results' orders: by name (the default), most recently designated, and nearest (a grid box first).
            models.Index(fields=["sort_name", "id"], name="listing_by_name"),
            models.Index(fields=["-latest_designated_on"], name="listing_recent"),
            # A search near a postcode or in a local authority or region reads its listings from one of these indexes
            # alone (PostgreSQL's index-only scan), not the table: each holds what a search asks of a listing besides
            # its roles and specialisms. Within 25 miles at ten times the demo data that is 3,600 listings on 1,200
            # table pages: the search's SQL took 2.9 ms rather than 5.3.
            models.Index(fields=["easting", "northing"], include=SEARCHED_COLUMNS, name="listing_grid_reference"),
            models.Index(fields=["local_authority"], include=SEARCHED_COLUMNS, name="listing_in_local_authority"),
            models.Index(fields=["region"], include=SEARCHED_COLUMNS, name="listing_in_region"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=ListingKind.LEADER, leader__isnull=False, holder_school__isnull=True)
                | Q(kind=ListingKind.SCHOOL, holder_school__isnull=False, leader__isnull=True),
                name="listing_holder_matches_kind",
            ),
            models.CheckConstraint(
                condition=Q(current_from__isnull=True, current_until__isnull=True, current_with_gaps=False)
                | Q(current_from__isnull=False, current_until__isnull=True)
                | Q(current_from__isnull=False, current_from__lt=models.F("current_until")),
                name="listing_current_days_in_order",
            ),
        ]

    def __str__(self):
        return self.name


class ListingRole(models.Model):
    """A copy of one designation of the listed holder, for filtering by role and status."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="roles")
    designation = models.OneToOneField(Designation, on_delete=models.CASCADE, related_name="+")
    role = models.ForeignKey(Role, on_delete=models.PROTECT, related_name="+")
    designated_on = models.DateField()
    ended_on = models.DateField(null=True)
    paused_on = models.DateField(null=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        ordering = ["role__position", "-designated_on"]
        indexes = [
            models.Index(fields=["role", "listing"], name="listing_role_lookup"),
            # "Is this listing current (in this role)?" for each row of a search, from the index alone: with the role
            # in the index, a search of one local authority for SLEs looks up its own listings (0.7k) rather than
            # reading every current SLE (25k at ten times the demo data).
            models.Index(
                fields=["listing", "designated_on", "ended_on", "paused_on"],
                include=["role"],
                name="listing_role_current",
            ),
        ]

    def __str__(self):
        return f"{self.role_id} for listing {self.listing_id}"


class ListingSpecialism(models.Model):
    """A specialism offered by the listed holder through one SLE designation: their own, or for a teaching school,
    one of its SLEs'."""

    listing = models.ForeignKey(Listing, on_delete=models.CASCADE, related_name="specialisms")
    # Indexed by listing_specialism_lookup (specialism first).
    specialism = models.ForeignKey(Specialism, on_delete=models.PROTECT, related_name="+", db_index=False)
    designation = models.ForeignKey(Designation, on_delete=models.CASCADE, related_name="+")
    designated_on = models.DateField()
    ended_on = models.DateField(null=True)
    paused_on = models.DateField(null=True)

    objects = DatedQuerySet.as_manager()

    class Meta:
        indexes = [
            # Which listings offer a specialism now, from the index alone (a third of the time of reading the rows).
            models.Index(
                fields=["specialism", "listing"],
                include=["designated_on", "ended_on", "paused_on"],
                name="listing_specialism_lookup",
            )
        ]
        constraints = [
            models.UniqueConstraint(fields=["listing", "specialism", "designation"], name="listing_specialism_unique"),
        ]

    def __str__(self):
        return f"{self.specialism_id} for listing {self.listing_id}"
