"""Reads for matching: the shortlist of system leaders and teaching schools for a school's need, and the schools
eligible for DfE's improvement offer. A shortlist is a handful of queries whatever the data's size: listings near
the school (by the indexed grid box), their current roles and specialisms, their capacity this term and their
experience, then ranking in Python (matching.ranking)."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from core.text import is_ascii_number
from deployments.models import DeploymentLeader, DeploymentStatus
from directory.models import Listing, ListingRole, ListingSpecialism
from directory.selectors import distance_miles, listing_url
from postcodes.distance import miles_to_metres, within_radius
from postcodes.lookup import InvalidPostcode, PostcodeError, check_in_england, locate, normalise_postcode
from roles.models import Capacity, Designation, Role, RoleCode, Specialism, SystemLeader
from schools.models import IMPROVEMENT_OFFER_RATINGS, School

from . import ranking
from .models import DFE_MATCH_NEEDS, DfeMatchRequest, Need

SHORTLIST_SIZE = 10
# Search this far first; widen while the shortlist is short.
SEARCH_RADII_MILES = (25, 50, 100)
# Deployments that count as experience: support given or being given.
EXPERIENCE_STATUSES = (DeploymentStatus.ACTIVE, DeploymentStatus.COMPLETED)


@dataclass
class ShortlistEntry:
    match: ranking.Match
    listing: Listing
    url: str
    role_name: str
    days_free: object = None

    @property
    def reasons(self) -> list[str]:
        """Why they are on the list."""
        return self.match.reasons

    @property
    def considerations(self) -> list[str]:
        """Things to consider: what counts against them, or is not known."""
        return self.match.considerations


@dataclass
class Shortlist:
    school: School
    need: str
    specialism: Specialism | None
    entries: list[ShortlistEntry] = field(default_factory=list)
    searched_miles: int | None = None
    closed_roles: list[Role] = field(default_factory=list)
    order_in_words: list[str] = field(default_factory=list)  # the rules of the list's order (ranking.order)

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
    """The best `size` candidates for the school's need, in the order of matching.ranking. `roles` narrows the
    roles considered (e.g. only NLEs for DfE's matching)."""
    today = today or timezone.localdate()
    need = Need(need)
    fit_roles = set(ranking.ROLE_FIT[need])
    if roles is not None:
        fit_roles &= set(roles)
    fitting = list(Role.objects.filter(code__in=fit_roles).order_by("position"))
    closed = [role for role in fitting if role.programme == Role.Programme.CLOSED]
    fit_roles -= {role.code for role in closed}
    result = Shortlist(school=school, need=need, specialism=specialism, closed_roles=closed)
    if not fit_roles:
        return result
    result.order_in_words = ranking.order_in_words(
        need=need,
        school_phase=school.phase,
        roles=fit_roles,
        role_plurals={role.code: role.plural_name[:1].lower() + role.plural_name[1:] for role in fitting},
    )

    specialism_slug = specialism.slug if specialism else ranking.NEED_SPECIALISM.get(need, "")
    listings = (
        Listing.objects.filter(_can_help(fit_roles, specialism_slug, today))
        .exclude(pk__in=list(exclude_listing_ids))
        .exclude(school=school)
        .select_related("local_authority")
        # Invented for the demonstration (a fictional person, or a real school in a role only the demo gives it):
        # tagged Demo on the list, as everywhere else.
        .annotate(is_demo=Exists(ListingRole.objects.filter(listing=OuterRef("pk"), designation__is_demo=True)))
    )
    located = school.easting is not None and school.northing is not None
    candidates: list[Listing] = []
    if located:
        for radius in SEARCH_RADII_MILES:
            reach = miles_to_metres(radius)
            candidates = list(within_radius(listings, school.easting, school.northing, reach))
            result.searched_miles = radius
            if len(candidates) >= size * 2:
                break
    else:
        candidates = list(listings.filter(local_authority_id=school.local_authority_id))

    matches = ranking.rank(
        _candidates(candidates, school=school, roles=fit_roles, today=today, specialism_slug=specialism_slug),
        need=need,
        specialism_slug=specialism_slug,
        school_phase=school.phase,
        size=size,
    )
    by_pk = {listing.pk: listing for listing in candidates}
    role_names = {role.code: role.name for role in fitting}
    result.entries = [
        ShortlistEntry(
            match=match,
            listing=by_pk[match.candidate.key],
            url=listing_url(by_pk[match.candidate.key], match.candidate.roles),
            role_name=role_names.get(match.role, ""),
            days_free=match.candidate.days_free,
        )
        for match in matches
    ]
    return result


def _can_help(fit_roles: set, specialism_slug: str, today: datetime.date) -> Q:
    """Listings holding a current role that fits, where a role that helps only through a specialism
    (ranking.HELP_THROUGH_SPECIALISM) counts only with that specialism: so that the radius widens until there are
    enough candidates who can actually help, not just enough SLEs."""
    current_role = ListingRole.objects.current(today).filter(listing=OuterRef("pk"))
    direct = fit_roles - ranking.HELP_THROUGH_SPECIALISM if specialism_slug else fit_roles
    through = fit_roles - direct
    condition = Q(Exists(current_role.filter(role__in=direct)))
    if through:
        offers = ListingSpecialism.objects.current(today).filter(
            listing=OuterRef("pk"), specialism__slug=specialism_slug
        )
        condition |= Q(Exists(current_role.filter(role__in=through)), Exists(offers))
    return condition


def _candidates(
    listings: list[Listing], *, school: School, roles, today: datetime.date, specialism_slug: str = ""
) -> list[ranking.Candidate]:
    """What the ranking needs of each listing. A teaching school's days free are its current SLEs' (those offering
    the specialism, when one is asked for): it arranges their support, and has no days of its own."""
    ids = [listing.pk for listing in listings]
    current_roles = defaultdict(set)
    for listing_id, role_id in (
        ListingRole.objects.current(today).filter(listing_id__in=ids).values_list("listing_id", "role_id")
    ):
        current_roles[listing_id].add(role_id)
    specialisms = defaultdict(set)
    for listing_id, slug in (
        ListingSpecialism.objects.current(today)
        .filter(listing_id__in=ids)
        .values_list("listing_id", "specialism__slug")
    ):
        specialisms[listing_id].add(slug)
    leader_ids = {listing.leader_id for listing in listings if listing.leader_id}
    sles = defaultdict(set)
    teaching_school_ids = [listing.holder_school_id for listing in listings if listing.holder_school_id]
    if teaching_school_ids:
        designated = (
            Designation.objects.current(today).of_role(RoleCode.SLE).filter(teaching_school_id__in=teaching_school_ids)
        )
        if specialism_slug:
            designated = designated.filter(specialisms__slug=specialism_slug)
        for teaching_school_id, leader_id in designated.values_list("teaching_school_id", "leader_id").distinct():
            sles[teaching_school_id].add(leader_id)
            leader_ids.add(leader_id)
    days_free = dict(
        Capacity.objects.this_term(today).filter(leader_id__in=leader_ids).values_list("leader_id", "days_free")
    )

    def listing_days_free(listing):
        if listing.leader_id:
            return days_free.get(listing.leader_id)
        return ranking.pooled_days_free(days_free.get(leader_id) for leader_id in sles[listing.holder_school_id])

    supported, supported_here = _experience(listings, school=school)
    return [
        ranking.Candidate(
            key=listing.pk,
            name=listing.name,
            roles=frozenset(current_roles[listing.pk] & set(roles)),
            specialism_slugs=frozenset(specialisms[listing.pk]),
            phase=listing.phase,
            is_school=listing.kind == Listing.Kind.SCHOOL,
            distance_miles=distance_miles(listing),
            same_local_authority=listing.local_authority_id == school.local_authority_id,
            days_free=listing_days_free(listing),
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


# The improvement offer


@dataclass
class DfeMatchOffer:
    """An eligible school may ask DfE to match it with an NLE; open_request is the request it has already made."""

    school: School
    need: str
    open_request: DfeMatchRequest | None = None

    @property
    def rated_for_the_offer(self) -> bool:
        """Eligible by its Ofsted rating (else a curator flagged it)."""
        return self.school.ofsted_rating in IMPROVEMENT_OFFER_RATINGS


def dfe_match_offer(*, school: School, need: str) -> DfeMatchOffer | None:
    """The offer of a DfE match for the school's need: for governance and leadership, to a school eligible for the
    improvement offer; None otherwise. Two queries at most."""
    if need not in DFE_MATCH_NEEDS or not School.objects.needing_support().filter(pk=school.pk).exists():
        return None
    return DfeMatchOffer(
        school=school, need=need, open_request=DfeMatchRequest.objects.open().filter(school=school).first()
    )


# Asking for support


SCHOOL_SEARCH_LIMIT = 20
NEARBY_SCHOOLS_MILES = 1


@dataclass
class SchoolSearch:
    schools: list[School]
    more: bool = False  # more schools matched than are listed: the person should say more
    postcode_problem: str = ""  # a postcode-shaped query that could not be placed


def asking_school(urn) -> School | None:
    """The open school with the URN, or None: only an open school can ask for support."""
    urn = str(urn or "").strip()
    if not is_ascii_number(urn) or len(urn) > 9:
        return None
    return School.objects.open().select_related("local_authority").filter(urn=int(urn)).first()


def school_search(query: str, *, limit: int = SCHOOL_SEARCH_LIMIT) -> SchoolSearch:
    """Open schools for what a person typed: a URN, a postcode (the schools there, or else the nearest within a
    mile), an outward code, or words of the name. At most `limit`, by name. One or two queries."""
    query = " ".join(query.split())
    schools = School.objects.open().select_related("local_authority").order_by("name", "urn")
    if is_ascii_number(query):
        return _bounded(schools.filter(urn=int(query)) if len(query) <= 9 else schools.none(), limit)
    try:
        postcode = normalise_postcode(query)
    except InvalidPostcode:
        postcode = ""
    if postcode and " " not in postcode:
        try:
            check_in_england(postcode, query=query)
        except PostcodeError as error:
            return SchoolSearch(schools=[], postcode_problem=error.message)
        return _bounded(schools.filter(postcode__istartswith=f"{postcode} "), limit)
    if postcode:
        found = _bounded(schools.filter(postcode__iexact=postcode), limit)
        if found.schools:
            return found
        try:
            location = locate(postcode)
        except PostcodeError as error:
            return SchoolSearch(schools=[], postcode_problem=error.message)
        reach = miles_to_metres(NEARBY_SCHOOLS_MILES)
        nearby = within_radius(schools, location.easting, location.northing, reach).order_by("distance_squared", "name")
        return _bounded(nearby, limit)
    words = query.split()[:8]
    name_matches = schools
    for word in words:
        name_matches = name_matches.filter(name__icontains=word)
    return _bounded(name_matches if words else schools.none(), limit)


def _bounded(queryset, limit: int) -> SchoolSearch:
    found = list(queryset[: limit + 1])
    return SchoolSearch(schools=found[:limit], more=len(found) > limit)


def school_suggestions(query: str, *, limit: int = 10) -> list[dict]:
    """For the autocomplete: a few open schools for what has been typed so far, as {urn, name, label}."""
    query = " ".join(query.split())[:100]
    if len(query) < 2 and not is_ascii_number(query):
        return []
    return [
        {"urn": school.urn, "name": school.name, "label": school_label(school)}
        for school in school_search(query, limit=limit).schools
    ]


def school_label(school: School) -> str:
    """How a school is named in lists: "Brudenell Primary School, Leeds, LS6 1EN (URN 107885)"."""
    place = ", ".join(part for part in (school.town, school.postcode) if part)
    return f"{school.name}{', ' + place if place else ''} (URN {school.urn})"


@dataclass
class Recipient:
    """Who an enquiry goes to: one system leader or one school (a teaching school, a hub), as shortlisted."""

    entry: ShortlistEntry
    leader: SystemLeader | None = None
    teaching_school: School | None = None

    @property
    def name(self) -> str:
        return self.entry.listing.name


def enquiry_recipient(
    *,
    school: School,
    need: str,
    specialism: Specialism | None = None,
    leader_id=None,
    teaching_school_urn=None,
    today: datetime.date | None = None,
) -> Recipient | None:
    """The leader or school, if they can help with the need today (as the shortlist would judge them), with their
    shortlist entry; None otherwise. Recipients are named by leader id or by school URN."""
    today = today or timezone.localdate()
    need = Need(need)
    listings = Listing.objects.select_related("local_authority", "leader", "holder_school")
    ident = str(leader_id if leader_id is not None else teaching_school_urn or "").strip()
    if not is_ascii_number(ident) or len(ident) > 12:
        return None
    if leader_id is not None:
        listing = listings.filter(kind=Listing.Kind.LEADER, leader_id=int(ident)).first()
    else:
        listing = listings.filter(kind=Listing.Kind.SCHOOL, holder_school__urn=int(ident)).first()
    if listing is None or listing.school_id == school.pk:
        return None
    fit_roles = set(ranking.ROLE_FIT[need]) - set(
        Role.objects.filter(programme=Role.Programme.CLOSED).values_list("code", flat=True)
    )
    if school.easting is not None and school.northing is not None and listing.easting is not None:
        listing.distance_squared = (listing.easting - school.easting) ** 2 + (listing.northing - school.northing) ** 2
    (candidate,) = _candidates([listing], school=school, roles=fit_roles, today=today)
    match = ranking.fit(
        candidate,
        need=need,
        specialism_slug=specialism.slug if specialism else "",
        school_phase=school.phase,
    )
    if match is None:
        return None
    entry = ShortlistEntry(
        match=match,
        listing=listing,
        url=listing_url(listing, candidate.roles),
        role_name=Role.objects.filter(code=match.role).values_list("name", flat=True).first() or "",
        days_free=candidate.days_free,
    )
    return Recipient(entry=entry, leader=listing.leader, teaching_school=listing.holder_school)
