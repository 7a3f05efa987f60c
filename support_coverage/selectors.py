"""The reads behind the coverage pages: for England by region, and for a region by local authority, how many
system leaders hold each role, how many open schools there are for each, and how many schools needing support
have no national leader of education within reach.

Everything is counted per local authority in a few grouped queries and added up into regions, so a region's row is
always the sum of its local authorities' rows. A designation is placed where its holder is: a person's school, or the
school that holds a school role. Only designations in force on the day count; roles whose programme has closed are
listed as closed, not counted (a closed programme is not a gap)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, F, QuerySet
from django.db.models.functions import Coalesce

from postcodes.distance import miles_to_metres
from roles.models import PERSON_ROLES, Designation, FocusArea, ProgrammeStatus, Role, Specialism, programme_status
from schools.models import LocalAuthority, Region, School

from .reach import out_of_reach

# How far a national leader of education can reasonably travel to support a school, and the other distances a
# person may choose to see the gaps at.
NLE_REACH_MILES = 25
NLE_REACH_CHOICES_MILES = [5, 10, 15, 20, NLE_REACH_MILES]
ENGLAND_CODE = "E92000001"


@dataclass(frozen=True)
class NeedingSupportSchool:
    """A school needing support, where it is, and whether a current NLE is within reach of it: None when it has no
    grid reference, so cannot be placed (it is then never counted as out of reach)."""

    authority_id: int
    easting: int | None
    northing: int | None
    nle_within_reach: bool | None


@dataclass(frozen=True)
class RoleCount:
    """A role and how many current designations of it an area has; count is None when its programme closed."""

    code: str
    name: str
    short_name: str
    programme: str
    count: int | None

    @property
    def is_closed(self) -> bool:
        return self.programme == Role.Programme.CLOSED

    @property
    def programme_status(self) -> ProgrammeStatus | None:
        return programme_status(self.code, self.programme)


@dataclass
class AreaCoverage:
    """The figures for one area (a region, a local authority, or England)."""

    code: str  # the ONS (GSS) code
    name: str
    dfe_code: str = ""  # a local authority's 3-digit DfE code
    open_schools: int = 0
    # People with at least one current designation, each counted once however many roles they hold.
    system_leaders: int = 0
    designations: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    needing_support: int = 0
    needing_support_out_of_reach: int = 0
    is_replaced: bool = False

    @property
    def schools_per_leader(self) -> float | None:
        return self.open_schools / self.system_leaders if self.system_leaders else None

    @property
    def out_of_reach_share(self) -> float | None:
        """The fraction of the schools needing support that have no NLE within reach; None when none need it."""
        return self.needing_support_out_of_reach / self.needing_support if self.needing_support else None

    @property
    def out_of_reach_percent(self) -> float | None:
        share = self.out_of_reach_share
        return None if share is None else share * 100

    def designations_of(self, code: str) -> int:
        return self.designations.get(code, 0)

    def add(self, other: "AreaCoverage") -> None:
        self.open_schools += other.open_schools
        self.system_leaders += other.system_leaders
        for code, count in other.designations.items():
            self.designations[code] += count
        self.needing_support += other.needing_support
        self.needing_support_out_of_reach += other.needing_support_out_of_reach


@dataclass(frozen=True)
class SpecialismCount:
    name: str
    slug: str
    count: int


@dataclass(frozen=True)
class FocusAreaCounts:
    name: str
    specialisms: list[SpecialismCount]


@dataclass
class CoverageReport:
    """An area (England or a region), its roles, and one row per region or local authority in it."""

    total: AreaCoverage
    roles: list[RoleCount]
    rows: list[AreaCoverage]
    focus_areas: list[FocusAreaCounts]
    region: Region | None = None
    reach_miles: int = NLE_REACH_MILES
    # The schools needing support in the area, each with whether an NLE is within reach: what the rows count.
    needing_schools: list[NeedingSupportSchool] = field(default_factory=list)

    @property
    def row_kind(self) -> str:
        return "region" if self.region is None else "local authority"

    @property
    def row_kind_plural(self) -> str:
        return "regions" if self.region is None else "local authorities"

    @property
    def counted_roles(self) -> list[RoleCount]:
        return [role for role in self.roles if not role.is_closed]

    @property
    def rows_by_role(self) -> list[tuple[AreaCoverage, list[int]]]:
        """Each row with its current designations of each counted role, in the order of counted_roles."""
        codes = [role.code for role in self.counted_roles]
        return [(row, [row.designations_of(code) for code in codes]) for row in self.rows]

    @property
    def closed_roles(self) -> list[RoleCount]:
        return [role for role in self.roles if role.is_closed]


def england_coverage(on: datetime.date, reach_miles: int = NLE_REACH_MILES) -> CoverageReport:
    rows = {region.pk: AreaCoverage(code=region.code, name=region.name) for region in Region.objects.all()}
    needing = needing_support_reach(on, reach_miles)
    for authority, row in _coverage_by_local_authority(on, needing):
        rows[authority.region_id].add(row)
    return _report(
        AreaCoverage(code=ENGLAND_CODE, name="England"), list(rows.values()), on, reach_miles, needing=needing
    )


def region_coverage(code: str, on: datetime.date, reach_miles: int = NLE_REACH_MILES) -> CoverageReport | None:
    """The report for the region with this ONS code, by local authority; None for an unknown code."""
    region = Region.objects.filter(code=code).first()
    if region is None:
        return None
    needing = needing_support_reach(on, reach_miles)
    in_region = _coverage_by_local_authority(on, needing)
    in_region = [(authority, row) for authority, row in in_region if authority.region_id == region.pk]
    rows = [
        row
        for authority, row in in_region
        # An authority since replaced (Cumbria) stays while schools or leaders are still recorded under it.
        if authority.terminated_on is None or row.open_schools or row.system_leaders or row.needing_support
    ]
    authorities = {authority.pk for authority, _ in in_region}
    return _report(
        AreaCoverage(code=region.code, name=region.name),
        rows,
        on,
        reach_miles,
        region=region,
        needing=[school for school in needing if school.authority_id in authorities],
    )


def _report(
    total: AreaCoverage,
    rows: list[AreaCoverage],
    on,
    reach_miles: int,
    region: Region | None = None,
    needing: list[NeedingSupportSchool] = (),
) -> CoverageReport:
    for row in rows:
        total.add(row)
    roles = [
        RoleCount(
            code=role.code,
            name=role.plural_name,
            short_name=role.short_name,
            programme=role.programme,
            count=None if role.is_programme_closed else total.designations_of(role.code),
        )
        for role in Role.objects.order_by("position")
    ]
    return CoverageReport(
        total=total,
        roles=roles,
        rows=rows,
        focus_areas=_specialism_counts(on, region),
        region=region,
        reach_miles=reach_miles,
        needing_schools=list(needing),
    )


def _counted_designations(on: datetime.date) -> QuerySet[Designation]:
    return Designation.objects.current(on).exclude(role__programme=Role.Programme.CLOSED)


def needing_support_reach(on: datetime.date, reach_miles: int) -> list[NeedingSupportSchool]:
    """Every school needing support, with whether a national leader of education current on the day works within
    reach_miles of it (straight line between the schools), in two queries."""
    needing = list(School.objects.needing_support().values_list("pk", "local_authority_id", "easting", "northing"))
    nles = (
        _counted_designations(on)
        .filter(role_id=Role.Code.NLE, leader__school__easting__isnull=False, leader__school__northing__isnull=False)
        .values_list("leader__school__easting", "leader__school__northing")
    )
    unreached = out_of_reach(
        ((pk, (easting, northing)) for pk, _, easting, northing in needing if easting is not None),
        list(nles),
        miles_to_metres(reach_miles),
    )
    return [
        NeedingSupportSchool(
            authority_id=authority_id,
            easting=easting,
            northing=northing,
            nle_within_reach=None if easting is None else pk not in unreached,
        )
        for pk, authority_id, easting, northing in needing
    ]


def open_school_cells(cell_metres: int, region: Region | None = None) -> list[tuple[int, int]]:
    """The grid squares of cell_metres (as column, row: easting and northing divided by cell_metres) holding at
    least one open school, in England or a region: enough to show the country's shape."""
    schools = School.objects.open().filter(easting__isnull=False, northing__isnull=False)
    if region is not None:
        schools = schools.filter(local_authority__region=region)
    return list(
        schools.annotate(column=F("easting") / cell_metres, row=F("northing") / cell_metres)
        .values_list("column", "row")
        .order_by()
        .distinct()
    )


def _coverage_by_local_authority(
    on: datetime.date, needing: list[NeedingSupportSchool]
) -> list[tuple[LocalAuthority, AreaCoverage]]:
    """Every local authority with its figures, in four queries, and the schools needing support counted."""
    authorities = list(LocalAuthority.objects.all())
    rows = {
        authority.pk: AreaCoverage(
            code=authority.gss_code,
            dfe_code=authority.dfe_code,
            name=authority.name,
            is_replaced=authority.terminated_on is not None,
        )
        for authority in authorities
    }
    schools = School.objects.open().values("local_authority_id").annotate(count=Count("pk")).order_by()
    for entry in schools:
        rows[entry["local_authority_id"]].open_schools = entry["count"]

    designations = (
        _counted_designations(on)
        .annotate(authority_id=Coalesce(F("leader__school__local_authority_id"), F("school__local_authority_id")))
        .values("authority_id", "role_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    for entry in designations:
        rows[entry["authority_id"]].designations[entry["role_id"]] = entry["count"]

    people = (
        _counted_designations(on)
        .filter(role_id__in=PERSON_ROLES)
        .values("leader__school__local_authority_id")
        .annotate(count=Count("leader_id", distinct=True))
        .order_by()
    )
    for entry in people:
        rows[entry["leader__school__local_authority_id"]].system_leaders = entry["count"]

    for school in needing:
        rows[school.authority_id].needing_support += 1
        if school.nle_within_reach is False:
            rows[school.authority_id].needing_support_out_of_reach += 1
    return [(authority, rows[authority.pk]) for authority in authorities]


def _specialism_counts(on: datetime.date, region: Region | None) -> list[FocusAreaCounts]:
    """Current SLE designations offering each specialism (an SLE with two specialisms counts under both)."""
    designations = _counted_designations(on).filter(role_id=Role.Code.SLE)
    if region is not None:
        designations = designations.filter(leader__school__local_authority__region=region)
    counts = dict(
        Designation.specialisms.through.objects.filter(designation__in=designations)
        .values("specialism_id")
        .annotate(count=Count("pk"))
        .order_by()
        .values_list("specialism_id", "count")
    )
    by_area = defaultdict(list)
    for specialism in Specialism.objects.all():
        by_area[specialism.focus_area_id].append(
            SpecialismCount(name=specialism.name, slug=specialism.slug, count=counts.get(specialism.pk, 0))
        )
    return [FocusAreaCounts(name=area.name, specialisms=by_area[area.pk]) for area in FocusArea.objects.all()]
