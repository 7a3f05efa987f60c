"""Reads for the directory's pages. Each page's reads are a fixed, small number of queries."""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone

from deployments.models import Deployment
from postcodes.distance import miles, miles_to_metres, squared_distance_from, within_box
from roles import dated
from roles.models import (
    ASKABLE_ROLES,
    AlliancePartnership,
    Capacity,
    Designation,
    FocusArea,
    Role,
    Specialism,
    SystemLeader,
)
from schools.models import Region, School

from .models import Listing, ListingRole, ListingSpecialism


def listing_queryset(today: datetime.date | None = None):
    """Listings with what a results row shows: its roles, its current specialisms and its local authority."""
    today = today or timezone.localdate()
    return Listing.objects.select_related("local_authority", "leader").prefetch_related(
        Prefetch(
            "roles",
            queryset=ListingRole.objects.select_related("role")
            .annotate(
                is_demo=F("designation__is_demo"),
                national_support_school_name=F("designation__national_support_school__name"),
                national_support_school_urn=F("designation__national_support_school__urn"),
            )
            .order_by("role__position", "-designated_on"),
        ),
        Prefetch(
            "specialisms",
            queryset=ListingSpecialism.objects.current(today)
            .select_related("specialism")
            .order_by("specialism__focus_area__position", "specialism__position"),
            to_attr="current_specialisms",
        ),
    )


def count_up_to(queryset, limit: int) -> int:
    """How many results `queryset` gives, counting no further than `limit` + 1: enough to say "more than `limit`"
    without counting every row of a large search."""
    return queryset.order_by().values("pk")[: limit + 1].count()


@dataclass(frozen=True)
class ResultRole:
    role: Role
    is_current: bool


def result_roles(listing: Listing, today: datetime.date) -> list[ResultRole]:
    """One entry per role the holder holds or held: current if any designation in it is current."""
    by_code: dict[str, ResultRole] = {}
    for row in listing.roles.all():
        is_current = dated.is_current(row, today)
        known = by_code.get(row.role_id)
        if known is None or (is_current and not known.is_current):
            by_code[row.role_id] = ResultRole(row.role, is_current)
    return sorted(by_code.values(), key=lambda entry: entry.role.position)


@dataclass(frozen=True)
class NationalSupportSchool:
    name: str
    urn: int


def result_national_support_schools(listing: Listing, today: datetime.date) -> list[NationalSupportSchool]:
    """The schools whose staff work with a listed NLE in a current designation (listing_queryset annotates them)."""
    schools = {
        NationalSupportSchool(row.national_support_school_name, row.national_support_school_urn)
        for row in listing.roles.all()
        if getattr(row, "national_support_school_urn", None) and dated.is_current(row, today)
    }
    return sorted(schools, key=lambda school: school.name)


def is_demo_listing(listing: Listing) -> bool:
    """Whether the listed holder is invented for the demonstration: a fictional person, or a school shown in a role it
    holds only in the demo data (listing_queryset annotates each role row)."""
    if listing.leader_id:
        return listing.leader.is_demo
    return any(getattr(row, "is_demo", False) for row in listing.roles.all())


def result_specialisms(listing: Listing) -> list:
    seen, unique = set(), []
    for row in listing.current_specialisms:
        if row.specialism_id not in seen:
            seen.add(row.specialism_id)
            unique.append(row.specialism)
    return unique


def listing_url(listing: Listing, current_role_codes) -> str:
    """The page of a listed holder: a leader's page, a teaching school's page, or the page of another school."""
    if listing.kind == Listing.Kind.LEADER:
        return reverse("directory:leader", args=[listing.leader_id])
    if Role.Code.TEACHING_SCHOOL in current_role_codes:
        return reverse("directory:teaching_school", args=[listing.urn])
    return reverse("directory:school", args=[listing.urn])


def ask_url(listing: Listing, current_role_codes) -> str:
    """Where a school asks the listed holder for support: a leader in a current role the shortlist offers, or a
    current teaching school. "" for anyone else."""
    if listing.kind == Listing.Kind.LEADER:
        if ASKABLE_ROLES & set(current_role_codes):
            return reverse("matching:ask_leader", args=[listing.leader_id])
        return ""
    if Role.Code.TEACHING_SCHOOL in current_role_codes:
        return reverse("matching:ask_teaching_school", args=[listing.urn])
    return ""


def distance_miles(listing: Listing) -> float | None:
    squared = getattr(listing, "distance_squared", None)
    return None if squared is None else miles(math.sqrt(squared))


def radius_counts(queryset, location, radii: list[int]) -> dict[int, int]:
    """How many results each radius would give, in one query. `queryset` is filtered by everything but distance."""
    widest = miles_to_metres(max(radii))
    counted = queryset.filter(within_box(location.easting, location.northing, widest)).annotate(
        distance_squared=squared_distance_from(location.easting, location.northing)
    )
    totals = counted.aggregate(
        **{
            f"within_{radius}": Count("pk", filter=Q(distance_squared__lte=math.floor(miles_to_metres(radius) ** 2)))
            for radius in radii
        }
    )
    return {radius: totals[f"within_{radius}"] for radius in radii}


# Detail pages


def leader_detail(pk: int) -> SystemLeader:
    leader = get_object_or_404(
        SystemLeader.objects.select_related("school__local_authority", "school__region", "school__hub_area"), pk=pk
    )
    leader.all_designations = list(
        Designation.objects.filter(leader=leader)
        .select_related("role", "teaching_school", "national_support_school", "council_region")
        .prefetch_related(Prefetch("specialisms", queryset=Specialism.objects.select_related("focus_area")))
        .annotate(
            one_to_one_placements=_placements_giving(Deployment.SleSupport.ONE_TO_ONE),
            group_placements=_placements_giving(Deployment.SleSupport.GROUP),
        )
        .order_by("role__position", "-designated_on")
    )
    leader.capacity_this_term = Capacity.objects.this_term().filter(leader=leader).first()
    return leader


# Placements that happened or are happening: agreed, active or completed (not requests, negotiations or cancelled).
PLACEMENTS_GIVEN = [Deployment.Status.AGREED, Deployment.Status.ACTIVE, Deployment.Status.COMPLETED]


def _placements_giving(sle_support: str) -> Count:
    """How many of a designation's placements gave this kind of SLE support ("SLEs can provide one-to-one or group
    support")."""
    return Count(
        "deployment_roles",
        filter=Q(
            deployment_roles__deployment__sle_support=sle_support,
            deployment_roles__deployment__status__in=PLACEMENTS_GIVEN,
        ),
    )


def school_detail(urn: int, *, improvement_offer=None) -> School:
    """A school with the designations it holds and those of the people based there (3 queries). With
    `improvement_offer` (the schools eligible for DfE's improvement offer), school.improvement_offer_eligible says
    whether it is one of them."""
    schools = School.objects.select_related("local_authority", "region", "hub_area")
    if improvement_offer is not None:
        schools = schools.annotate(improvement_offer_eligible=Exists(improvement_offer.filter(pk=OuterRef("pk"))))
    school = get_object_or_404(schools, urn=urn)
    school.held_designations = []
    school.leader_designations = []
    for designation in (
        Designation.objects.filter(Q(school=school) | Q(leader__school=school))
        .select_related("role", "leader")
        .prefetch_related("specialisms")
        .order_by("role__position", "-designated_on")
    ):
        (school.held_designations if designation.school_id else school.leader_designations).append(designation)
    return school


def teaching_school_detail(urn: int) -> School:
    """A teaching school, its own designations, its SLEs and LLEs, and its alliance partners (4 queries)."""
    held_teaching_school_role = Exists(
        Designation.objects.filter(school=OuterRef("pk"), role_id=Role.Code.TEACHING_SCHOOL)
    )
    school = get_object_or_404(
        School.objects.select_related("local_authority", "region", "hub_area", "led_alliance").filter(
            held_teaching_school_role
        ),
        urn=urn,
    )
    school.held_designations, school.sle_designations = [], []
    for designation in (
        Designation.objects.filter(Q(school=school) | Q(teaching_school=school))
        .select_related("role", "leader")
        .prefetch_related("specialisms")
        .order_by("role__position", "leader__last_name", "leader__first_name", "-designated_on")
    ):
        (school.held_designations if designation.school_id else school.sle_designations).append(designation)
    alliance = getattr(school, "led_alliance", None)
    school.alliance_partners = (
        [p.school for p in AlliancePartnership.objects.filter(alliance=alliance).select_related("school")]
        if alliance
        else []
    )
    return school


def can_be_asked(designations: list[Designation], today: datetime.date) -> bool:
    """Whether a school can ask the holder of these designations for support: one is current, in a role the
    shortlist offers."""
    return any(d.role_id in ASKABLE_ROLES and dated.is_current(d, today) for d in designations)


# Guidance pages


@dataclass(frozen=True)
class RegionalNetwork:
    region: Region
    representatives: list[Designation]


def council_networks(today: datetime.date) -> tuple[list[RegionalNetwork], list[Designation]]:
    """The Teaching Schools Council's regional networks (every region, with its current regional representatives)
    and its current peer representatives (2 queries)."""
    seats = list(
        Designation.objects.current(today)
        .filter(role_id=Role.Code.TSC_REPRESENTATIVE)
        .select_related("leader__school", "council_region")
        .order_by("leader__last_name", "leader__first_name")
    )
    networks = [
        RegionalNetwork(region, [seat for seat in seats if seat.council_region_id == region.pk])
        for region in Region.objects.order_by("name")
    ]
    peers = [seat for seat in seats if seat.council_seat == Designation.CouncilSeat.PEER]
    return networks, peers


def focus_areas_with_specialisms() -> list[FocusArea]:
    """The four Ofsted focus areas with their SLE specialisms, as the guidance's table lists them (2 queries)."""
    return list(FocusArea.objects.prefetch_related("specialisms").order_by("position"))
