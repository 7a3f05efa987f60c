"""Reads for matching: the shortlist of system leaders and teaching schools for a school's need, and the schools
eligible for DfE's improvement offer. A shortlist is a handful of queries whatever the data's size: listings near
the school (by the indexed grid box), their current roles and specialisms, their capacity this term and their
experience, then ranking in Python (matching.ranking)."""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from deployments.models import DeploymentLeader, DeploymentStatus
from directory.models import Listing, ListingRole, ListingSpecialism, current_on
from postcodes.distance import miles, miles_to_metres, squared_distance_from, within_box
from roles.models import Role, RoleCode, Specialism
from schools.models import School, SchoolOfstedRating

from . import ranking
from .models import Capacity, Need, SupportFlag

SHORTLIST_SIZE = 10
# Search this far first; widen while the shortlist is short.
SEARCH_RADII_MILES = (25, 50, 100)
# Deployments that count as experience: support given or being given.
EXPERIENCE_STATUSES = (DeploymentStatus.ACTIVE, DeploymentStatus.COMPLETED)
IMPROVEMENT_OFFER_RATINGS = (SchoolOfstedRating.REQUIRES_IMPROVEMENT, SchoolOfstedRating.INADEQUATE)


@dataclass
class ShortlistEntry:
    match: ranking.Match
    listing: Listing
    url: str
    role_name: str
    days_free: object = None

    @property
    def reasons(self) -> list[str]:
        return self.match.reasons


@dataclass
class Shortlist:
    school: School
    need: str
    specialism: Specialism | None
    entries: list[ShortlistEntry] = field(default_factory=list)
    searched_miles: int | None = None
    closed_roles: list[Role] = field(default_factory=list)

    @property
    def need_label(self) -> str:
        return self.specialism.name if self.specialism else Need(self.need).label


def shortlist(
    *,
    school: School,
    need: str,
    specialism: Specialism | None = None,
    roles=None,
    size: int = SHORTLIST_SIZE,
    today: datetime.date | None = None,
    exclude_listing_ids=(),
) -> Shortlist:
    """The best `size` candidates for the school's need, nearest first (see matching.ranking). `roles` narrows the
    roles considered (e.g. only NLEs for DfE's matching)."""
    today = today or timezone.localdate()
    need = Need(need)
    fit_roles = set(ranking.ROLE_FIT[need])
    if roles is not None:
        fit_roles &= set(roles)
    closed = list(Role.objects.filter(code__in=fit_roles, programme=Role.Programme.CLOSED).order_by("position"))
    fit_roles -= {role.code for role in closed}
    result = Shortlist(school=school, need=need, specialism=specialism, closed_roles=closed)
    if not fit_roles:
        return result

    listings = (
        Listing.objects.filter(
            Exists(ListingRole.objects.filter(current_on(today), listing=OuterRef("pk"), role__in=fit_roles))
        )
        .exclude(pk__in=list(exclude_listing_ids))
        .exclude(school=school)
        .select_related("local_authority")
    )
    located = school.easting is not None and school.northing is not None
    candidates: list[Listing] = []
    if located:
        for radius in SEARCH_RADII_MILES:
            reach = miles_to_metres(radius)
            candidates = list(
                listings.filter(within_box(school.easting, school.northing, reach))
                .annotate(distance_squared=squared_distance_from(school.easting, school.northing))
                .filter(distance_squared__lte=math.floor(reach**2))
            )
            result.searched_miles = radius
            if len(candidates) >= size * 2:
                break
    else:
        candidates = list(listings.filter(local_authority_id=school.local_authority_id))

    matches = ranking.rank(
        _candidates(candidates, school=school, roles=fit_roles, today=today),
        need=need,
        specialism_slug=specialism.slug if specialism else "",
        school_phase=school.phase,
        size=size,
    )
    by_pk = {listing.pk: listing for listing in candidates}
    role_names = dict(Role.objects.filter(code__in={match.role for match in matches}).values_list("code", "name"))
    result.entries = [
        ShortlistEntry(
            match=match,
            listing=by_pk[match.candidate.key],
            url=_listing_url(by_pk[match.candidate.key], match.candidate.roles),
            role_name=role_names.get(match.role, ""),
            days_free=match.candidate.days_free,
        )
        for match in matches
    ]
    return result


def _candidates(listings: list[Listing], *, school: School, roles, today: datetime.date) -> list[ranking.Candidate]:
    ids = [listing.pk for listing in listings]
    current_roles = defaultdict(set)
    for listing_id, role_id in ListingRole.objects.filter(current_on(today), listing_id__in=ids).values_list(
        "listing_id", "role_id"
    ):
        current_roles[listing_id].add(role_id)
    specialisms = defaultdict(set)
    for listing_id, slug in ListingSpecialism.objects.filter(current_on(today), listing_id__in=ids).values_list(
        "listing_id", "specialism__slug"
    ):
        specialisms[listing_id].add(slug)
    leader_ids = [listing.leader_id for listing in listings if listing.leader_id]
    days_free = dict(
        Capacity.objects.this_term(today).filter(leader_id__in=leader_ids).values_list("leader_id", "days_free")
    )
    supported, supported_here = _experience(listings, school=school)
    return [
        ranking.Candidate(
            key=listing.pk,
            name=listing.name,
            roles=frozenset(current_roles[listing.pk]),
            specialism_slugs=frozenset(specialisms[listing.pk]),
            phase=listing.phase,
            is_school=listing.kind == Listing.Kind.SCHOOL,
            distance_miles=_distance_miles(listing),
            same_local_authority=listing.local_authority_id == school.local_authority_id,
            days_free=days_free.get(listing.leader_id) if listing.leader_id else None,
            schools_supported=supported.get(listing.pk, 0),
            schools_supported_in_local_authority=supported_here.get(listing.pk, 0),
        )
        for listing in listings
    ]


def _experience(listings: list[Listing], *, school: School) -> tuple[dict, dict]:
    """Schools each listing's holder has supported (deployments they led, active or completed): anywhere, and in
    the school's local authority. One query."""
    by_leader = {listing.leader_id: listing.pk for listing in listings if listing.leader_id}
    by_school = {listing.holder_school_id: listing.pk for listing in listings if listing.holder_school_id}
    rows = (
        DeploymentLeader.objects.filter(
            Q(designation__leader_id__in=list(by_leader)) | Q(designation__school_id__in=list(by_school)),
            is_lead=True,
            deployment__status__in=EXPERIENCE_STATUSES,
            deployment__supported_school__isnull=False,
        )
        .values("designation__leader_id", "designation__school_id")
        .annotate(
            anywhere=Count("deployment__supported_school", distinct=True),
            here=Count(
                "deployment__supported_school",
                distinct=True,
                filter=Q(deployment__supported_school__local_authority_id=school.local_authority_id),
            ),
        )
    )
    supported, supported_here = defaultdict(int), defaultdict(int)
    for row in rows:
        key = by_leader.get(row["designation__leader_id"]) or by_school.get(row["designation__school_id"])
        if key is not None:
            supported[key] += row["anywhere"]
            supported_here[key] += row["here"]
    return supported, supported_here


def _distance_miles(listing: Listing) -> float | None:
    squared = getattr(listing, "distance_squared", None)
    return None if squared is None else miles(math.sqrt(squared))


def _listing_url(listing: Listing, roles) -> str:
    if listing.kind == Listing.Kind.LEADER:
        return reverse("directory:leader", args=[listing.leader_id])
    if RoleCode.TEACHING_SCHOOL in roles:
        return reverse("directory:teaching_school", args=[listing.urn])
    return reverse("directory:school", args=[listing.urn])


# The improvement offer


def improvement_offer_schools(today: datetime.date | None = None):
    """Open schools eligible for DfE's improvement offer: rated requires improvement or inadequate by Ofsted, or
    flagged by a curator."""
    return School.objects.open().filter(
        Q(ofsted_rating__in=IMPROVEMENT_OFFER_RATINGS)
        | Exists(SupportFlag.objects.raised().filter(school=OuterRef("pk")))
    )
