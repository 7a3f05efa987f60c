"""Reads for the directory's pages. Each page's reads are a fixed, small number of queries."""

import dataclasses
import datetime
import math
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Count, Exists, F, Func, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from core.expressions import JSONList
from core.page_cache import per_data_version
from core.prepared import Ids, PreparedRead, custom_plans, prepared_read
from core.terms import term_containing
from core.text import is_ascii_number
from core.urls import reverse_once
from deployments.models import Deployment, DeploymentLeader
from postcodes.distance import Circle, miles, miles_to_metres, squared_distance_from, within_box, within_circle
from roles import dated
from roles.dated import current_q
from roles.models import (
    ASKABLE_ROLES,
    AlliancePartnership,
    Capacity,
    Designation,
    FocusArea,
    Role,
    Specialism,
    SystemLeader,
    designation_status_on,
    full_name,
)
from schools.models import LocalAuthority, Region, School, TeachingSchoolHubArea

from .models import Listing, ListingRole, ListingSpecialism, listing_current_q

# What a results row and the downloads show of the listing itself; then its roles and its current specialisms.
RESULT_FIELDS = [
    "kind",
    "leader_id",
    "name",
    "urn",
    "school_name",
    "easting",
    "northing",
    "local_authority_id",
    "leader__is_demo",
    "leader__job_title",
    "leader__job_title_is_public",
    "leader__email",
    "leader__email_is_public",
    "leader__telephone",
    "leader__telephone_is_public",
]


RESULTS_PER_PAGE = 20


def listing_queryset():
    """The listings a search looks through (it reads their ids; listings_with_ids() the rows of a page)."""
    return Listing.objects.all()


@dataclass(frozen=True, slots=True)
class ListedLeader:
    """What a results row and the downloads show of a listed leader (each contact detail with whether it is public)."""

    is_demo: bool
    job_title: str
    job_title_is_public: bool
    email: str
    email_is_public: bool
    telephone: str
    telephone_is_public: bool


@dataclass(frozen=True, slots=True)
class NamedPlace:
    name: str


@dataclass(slots=True, eq=False)
class ResultListing:
    """A listing as a results row and the downloads read it, under a Listing's names: the columns shown, read as
    values (twenty model instances, with their leaders and local authorities, cost a results page three times as
    much), with its roles and current specialisms; a search near a place adds its distance."""

    Kind = Listing.Kind

    pk: int
    kind: str
    leader_id: int | None
    name: str
    urn: int
    school_name: str
    easting: int | None
    northing: int | None
    local_authority: NamedPlace
    leader: ListedLeader | None
    listed_roles: list = field(default_factory=list)
    current_specialisms: list = field(default_factory=list)
    distance_squared: int | float | None = None

    def get_kind_display(self) -> str:
        return Listing.Kind(self.kind).label


def listings_with_ids(ids, today: datetime.date, specialisms: list) -> list[ResultListing]:
    """The listings with these ids (in no order), as results show them: each with its roles (listing.listed_roles, by
    role then most recent first) and the names of its current specialisms (listing.current_specialisms, in the order
    of `specialisms`, the filter's option list). One query, its roles and specialisms as lists in each row: reading
    them in queries of their own cost a results page two more round trips."""
    roles = _roles_by_code()
    position = {option.pk: index for index, option in enumerate(specialisms)}
    listings = []
    for pk, kind, leader_id, name, urn, school_name, easting, northing, authority_id, *more in _listed(ids, today):
        *leader_values, listed_roles, specialism_ids = more
        listings.append(
            ResultListing(
                pk,
                kind,
                leader_id,
                name,
                urn,
                school_name,
                easting,
                northing,
                NamedPlace(_local_authority(authority_id).name),  # kept per version of the data, not joined
                ListedLeader(*leader_values) if leader_id else None,
                # Most recent first from the database, then by role here (a stable sort): ordering by the roles'
                # positions there took a join in every row's roles.
                listed_roles=sorted(
                    (
                        ListedRole(
                            _role(roles, code),
                            _date(designated_on),
                            _date(ended_on),
                            _date(paused_on),
                            bool(is_demo),
                            nss_name,
                            nss_urn,
                        )
                        for code, designated_on, ended_on, paused_on, is_demo, nss_name, nss_urn in listed_roles
                    ),
                    key=_by_role_position,
                ),
                current_specialisms=[
                    specialisms[index].label
                    for index in sorted({position[offered] for offered in specialism_ids if offered in position})
                ],
            )
        )
    return listings


@prepared_read(Ids(RESULTS_PER_PAGE), datetime.date)
def _listed(ids, today):
    roles = (
        ListingRole.objects.filter(listing_id=OuterRef("pk"))
        .order_by("-designated_on")
        .values(
            listed_role_id=F("role_id"),
            listed_designated_on=F("designated_on"),
            listed_ended_on=F("ended_on"),
            listed_paused_on=F("paused_on"),
            listed_is_demo=F("designation__is_demo"),
            listed_nss_name=F("designation__national_support_school__name"),
            listed_nss_urn=F("designation__national_support_school__urn"),
        )
    )
    specialisms = (
        ListingSpecialism.objects.current(today)
        .filter(listing_id=OuterRef("pk"))
        .order_by()
        .values(listed_specialism_id=F("specialism_id"))
    )
    return (
        Listing.objects.filter(pk__in=ids)
        .annotate(listed_roles=JSONList(roles), listed_specialisms=JSONList(specialisms))
        .order_by()  # put in the ids' order by the caller
        .values_list("pk", *RESULT_FIELDS, "listed_roles", "listed_specialisms")
    )


def _roles_by_code() -> dict[str, Role]:
    """Every role, kept in this process per version of the directory's data."""
    return per_data_version("directory-roles", lambda: {role.code: role for role in Role.objects.all()})


def _role(roles: dict[str, Role], code: str) -> Role:
    # A role added within this version of the data is read on its own (roles are added by migrations).
    return roles.get(code) or Role.objects.get(code=code)


def _by_role_position(listed: "ListedRole") -> int:
    return listed.role.position


# The search


@dataclass(frozen=True)
class SearchTerms:
    """A search as the database compares it: the chosen options' ids and codes, today (whether a designation is
    current), the term (days free), the words typed, the circle searched and the order (ListingFilter.terms)."""

    today: datetime.date
    only_current: bool = True
    role_codes: tuple[str, ...] = ()
    specialism_ids: tuple[int, ...] = ()
    region_id: int | None = None
    la_ids: tuple[int, ...] = ()
    hub_area_id: int | None = None
    phases: tuple[str, ...] = ()
    days_free_term: datetime.date | None = None
    text: str = ""
    circle: Circle | None = None
    sort: str = "name"


# The order of a search whose results are only counted.
UNORDERED = "unordered"


def search_queryset(queryset, terms: SearchTerms, *, kept: dict | None = None):
    """The listings of `queryset` that match the search, in its order (annotated with distance_squared when it has a
    circle). `kept` keeps the role and specialism subqueries for other searches of the same request."""
    kept = {} if kept is None else kept
    # The conditions are gathered and applied in one filter(): each filter() copies the whole query.
    conditions = []
    if terms.only_current and not terms.role_codes:
        key = ("current", terms.today)
        if key not in kept:
            kept[key] = listing_current_q(terms.today)
        conditions.append(kept[key])
    elif terms.role_codes:
        key = ("roles", terms.today, terms.only_current, terms.role_codes)
        if key not in kept:
            rows = [current_q(terms.today)] if terms.only_current else []
            rows.append(Q(role_id__in=terms.role_codes))
            kept[key] = Exists(ListingRole.objects.filter(*rows, listing=OuterRef("pk")))
        conditions.append(kept[key])
    if terms.specialism_ids:
        key = ("specialisms", terms.today, terms.only_current, terms.specialism_ids)
        if key not in kept:
            rows = [Q(specialism_id__in=terms.specialism_ids)]
            if terms.only_current:
                rows.append(current_q(terms.today))
            kept[key] = Exists(ListingSpecialism.objects.filter(*rows, listing=OuterRef("pk")))
        conditions.append(kept[key])
    if terms.region_id is not None:
        conditions.append(Q(region_id=terms.region_id))
    if terms.la_ids:
        conditions.append(Q(local_authority_id__in=terms.la_ids))
    if terms.hub_area_id is not None:
        conditions.append(Q(hub_area_id=terms.hub_area_id))
    if terms.phases:
        conditions.append(Q(phase__in=terms.phases))
    if terms.days_free_term is not None:
        conditions.append(
            Exists(
                Capacity.objects.in_term(terms.days_free_term).filter(leader_id=OuterRef("leader_id"), days_free__gt=0)
            )
        )
    if terms.text:
        matches = Q(name__icontains=terms.text) | Q(school_name__icontains=terms.text)
        if is_ascii_number(terms.text):
            matches |= Q(urn=int(terms.text))
        conditions.append(matches)
    if conditions:
        queryset = queryset.filter(*conditions)
    if terms.circle is not None:
        queryset = within_circle(queryset, terms.circle)
    if terms.sort == UNORDERED:
        return queryset.order_by()
    if terms.sort == "distance" and terms.circle is not None:
        return queryset.order_by("distance_squared", "sort_name", "pk")
    if terms.sort == "recent":
        return queryset.order_by("-latest_designated_on", "sort_name", "pk")
    return queryset.order_by("sort_name", "pk")


def first_ids(terms: SearchTerms, limit: int) -> list[int]:
    """The ids of the search's first `limit` results, in order. Its SQL is compiled once per process for each shape
    of search (which filters, how many options of each, the order): only the values differ from one search to the
    next. A search for words is not (its values are inside LIKE patterns), nor one of a new shape once
    MAX_SEARCH_SHAPES are kept. Planned for its values (core.prepared.custom_plans): they decide how many rows each
    filter keeps."""
    with custom_plans():
        if connection.vendor == "postgresql":
            # As one array in one row: a thousand rows, each read through psycopg and Django's iterables, cost a
            # search's miss about 0.15 ms more of the app's time (the array about 0.05 ms more of PostgreSQL's).
            # ARRAY() keeps the rows' order.
            sql, params = _ids_sql_with_params(terms, limit)
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT ARRAY({sql})", params)
                return cursor.fetchone()[0]
        prepared = _prepared_search(terms, limit)
        if prepared is None:
            return list(_ids(terms, limit))
        return prepared(*_search_values(terms))


def _ids_sql_with_params(terms: SearchTerms, limit: int) -> tuple[str, tuple]:
    prepared = _prepared_search(terms, limit)
    if prepared is None:
        return _ids(terms, limit).query.sql_with_params()
    return prepared.sql_with_params(*_search_values(terms))


def _prepared_search(terms: SearchTerms, limit: int) -> PreparedRead | None:
    shape = _search_shape(terms, limit)
    if shape is None:
        return None
    if shape not in _searches_by_shape and len(_searches_by_shape) < MAX_SEARCH_SHAPES:
        _searches_by_shape[shape] = PreparedRead(
            lambda *values: _ids(_terms_of(shape, values), limit), kinds=_search_kinds(shape)
        )
    return _searches_by_shape.get(shape)


# Kept per process (each a compiled query; a new shape past these is built each time, as a search for words is).
MAX_SEARCH_SHAPES = 500
# A search that includes ended designations compares no date with today.
_UNUSED_DAY = datetime.date(2000, 1, 1)
_searches_by_shape: dict[tuple, PreparedRead] = {}


def _ids(terms: SearchTerms, limit: int):
    return search_queryset(listing_queryset(), terms).values_list("pk", flat=True)[:limit]


def _search_shape(terms: SearchTerms, limit: int) -> tuple | None:
    if terms.text:
        return None
    return (
        limit,
        terms.only_current,
        len(terms.role_codes),
        len(terms.specialism_ids),
        terms.region_id is not None,
        len(terms.la_ids),
        terms.hub_area_id is not None,
        len(terms.phases),
        terms.days_free_term is not None,
        terms.circle is not None,
        terms.sort,
    )


def _search_values(terms: SearchTerms) -> list:
    """The search's values in the order _terms_of() reads them back."""
    circle = terms.circle
    return [
        *([terms.today] if terms.only_current else []),  # whether a designation is current is all it is used for
        *terms.role_codes,
        *terms.specialism_ids,
        *([] if terms.region_id is None else [terms.region_id]),
        *terms.la_ids,
        *([] if terms.hub_area_id is None else [terms.hub_area_id]),
        *terms.phases,
        *([] if terms.days_free_term is None else [terms.days_free_term]),
        *([] if circle is None else [circle.easting, circle.northing, *circle.box, circle.radius_squared]),
    ]


def _search_kinds(shape: tuple) -> tuple:
    _, only_current, roles, specialisms, region, las, hub_area, phases, days_free, circle, _ = shape
    return (
        *[datetime.date] * only_current,
        *[str] * roles,
        *[int] * specialisms,
        *[int] * region,
        *[int] * las,
        *[int] * hub_area,
        *[str] * phases,
        *[datetime.date] * days_free,
        *[int] * (7 if circle else 0),
    )


def _terms_of(shape: tuple, values: tuple) -> SearchTerms:
    """The SearchTerms of this shape with these values: the inverse of _search_values()."""
    _, only_current, roles, specialisms, region, las, hub_area, phases, days_free, circle, sort = shape
    values = iter(values)

    def take(count: int) -> tuple:
        return tuple(next(values) for _ in range(count))

    terms = SearchTerms(
        today=next(values) if only_current else _UNUSED_DAY,
        only_current=only_current,
        role_codes=take(roles),
        specialism_ids=take(specialisms),
        region_id=next(values) if region else None,
        la_ids=take(las),
        hub_area_id=next(values) if hub_area else None,
        phases=take(phases),
        days_free_term=next(values) if days_free else None,
        circle=Circle(next(values), next(values), take(4), next(values)) if circle else None,
        sort=sort,
    )
    if next(values, None) is not None:
        raise ValueError("more values than the shape of search takes")
    return terms


@dataclass(frozen=True)
class ListedRole:
    """One designation of a listed holder, as a results row needs it (dated, for roles.dated)."""

    role: Role
    designated_on: datetime.date
    ended_on: datetime.date | None
    paused_on: datetime.date | None
    is_demo: bool
    national_support_school_name: str | None
    national_support_school_urn: int | None


def counts_up_to(searches: list[SearchTerms], limit: int) -> list[int]:
    """How many results each search gives, counting no further than `limit` + 1 (enough to say "more than `limit`"
    without counting every row of a large search), all in one query: one scalar subquery each, each the search's ids
    unordered (compiled once per shape of search, as first_ids is)."""
    if not searches:
        return []
    counts, params = [], []
    for number, terms in enumerate(searches):
        sql, more = _ids_sql_with_params(dataclasses.replace(terms, sort=UNORDERED), limit + 1)
        counts.append(f"(SELECT COUNT(*) FROM ({sql}) counted_{number})")
        params.extend(more)
    with custom_plans(), connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(counts)}", params)
        return list(cursor.fetchone())


@dataclass(frozen=True)
class ResultRole:
    role: Role
    is_current: bool


def result_roles(listing: ResultListing, today: datetime.date) -> list[ResultRole]:
    """One entry per role the holder holds or held: current if any designation in it is current."""
    by_code: dict[str, ResultRole] = {}
    for row in listing.listed_roles:
        is_current = dated.is_current(row, today)
        known = by_code.get(row.role.code)
        if known is None or (is_current and not known.is_current):
            by_code[row.role.code] = ResultRole(row.role, is_current)
    return sorted(by_code.values(), key=lambda entry: entry.role.position)


@dataclass(frozen=True)
class NamedSchool:
    """A school as a link to its page shows it."""

    name: str
    urn: int


def result_national_support_schools(listing: ResultListing, today: datetime.date) -> list[NamedSchool]:
    """The schools whose staff work with a listed NLE in a current designation."""
    schools = {
        NamedSchool(row.national_support_school_name, row.national_support_school_urn)
        for row in listing.listed_roles
        if row.national_support_school_urn and dated.is_current(row, today)
    }
    return sorted(schools, key=lambda school: school.name)


def is_demo_listing(listing: ResultListing) -> bool:
    """Whether the listed holder is invented for the demonstration: a fictional person, or a school shown in a role it
    holds only in the demo data."""
    if listing.leader_id:
        return listing.leader.is_demo
    return any(row.is_demo for row in listing.listed_roles)


def _url(name: str, pk: int) -> str:
    return reverse_once(name, int(pk))


def listing_url(listing: Listing | ResultListing, current_role_codes) -> str:
    """The page of a listed holder: a leader's page, a teaching school's page, or the page of another school."""
    if listing.kind == Listing.Kind.LEADER:
        return _url("directory:leader", listing.leader_id)
    if Role.Code.TEACHING_SCHOOL in current_role_codes:
        return _url("directory:teaching_school", listing.urn)
    return _url("directory:school", listing.urn)


def ask_url(listing: ResultListing, current_role_codes) -> str:
    """Where a school asks the listed holder for support: a leader in a current role the shortlist offers, or a
    current teaching school. "" for anyone else."""
    if listing.kind == Listing.Kind.LEADER:
        if ASKABLE_ROLES & set(current_role_codes):
            return _url("matching:ask_leader", listing.leader_id)
        return ""
    if Role.Code.TEACHING_SCHOOL in current_role_codes:
        return _url("matching:ask_teaching_school", listing.urn)
    return ""


def distance_miles(listing: ResultListing) -> float | None:
    squared = getattr(listing, "distance_squared", None)
    return None if squared is None else miles(math.sqrt(squared))


def radius_counts(queryset, location, radii: list[int]) -> dict[int, int]:
    """How many results each radius would give, in one query. `queryset` is filtered by everything but distance."""
    widest = miles_to_metres(max(radii))
    counted = queryset.filter(within_box(location.easting, location.northing, widest)).annotate(
        distance_squared=squared_distance_from(location.easting, location.northing)
    )
    within = {
        f"within_{radius}": Count("pk", filter=Q(distance_squared__lte=math.floor(miles_to_metres(radius) ** 2)))
        for radius in radii
    }
    with custom_plans():
        totals = counted.aggregate(**within)
    return {radius: totals[f"within_{radius}"] for radius in radii}


# Detail pages


def leader_detail(pk: int) -> SystemLeader:
    """A system leader with their school, their days free this term (leader.days_free_this_term, or None), and their
    designations (leader.all_designations) with specialisms, schools and placements (1 query, compiled once per
    process)."""
    leader = _one_or_404(_leader(pk, term_containing(timezone.localdate()).starts_on), "No system leader with that id")
    _name_places(leader.school)
    leader.all_designations = _shown_designations(leader.listed_designations, leader.school)
    return leader


# What a leader's page shows of them and their school.
LEADER_PAGE_FIELDS = [
    "title",
    "first_name",
    "last_name",
    "job_title",
    "job_title_is_public",
    "email",
    "email_is_public",
    "telephone",
    "telephone_is_public",
    "is_demo",
    "school__name",
    "school__urn",
    "school__telephone",
    "school__local_authority",
    "school__region",
    "school__hub_area",
]


@prepared_read(int, datetime.date)
def _leader(pk, term_starts_on):
    return (
        SystemLeader.objects.select_related("school")
        .only(*LEADER_PAGE_FIELDS)
        .annotate(
            days_free_this_term=Subquery(
                Capacity.objects.in_term(term_starts_on)
                .filter(leader=OuterRef("pk"))
                .order_by()
                .values("days_free")[:1]
            ),
            listed_designations=_listed_designations(
                Designation.objects.filter(leader_id=OuterRef("pk")), "-designated_on", with_schools_and_placements=True
            ),
        )
        .filter(pk=pk)
    )


def _specialism_ids() -> JSONList:
    """A designation's SLE specialisms' ids (named and put in order by _specialism_names)."""
    return JSONList(
        Designation.specialisms.through.objects.filter(designation=OuterRef("pk"))
        .order_by()
        .values(item=F("specialism_id"))
    )


# Placements that happened or are happening: agreed, active or completed (not requests, negotiations or cancelled).
PLACEMENTS_GIVEN = [Deployment.Status.AGREED, Deployment.Status.ACTIVE, Deployment.Status.COMPLETED]


def _placements_giving(sle_support: str) -> Coalesce:
    """How many of a designation's placements gave this kind of SLE support ("SLEs can provide one-to-one or group
    support")."""
    placements = (
        DeploymentLeader.objects.filter(
            designation=OuterRef("pk"), deployment__sle_support=sle_support, deployment__status__in=PLACEMENTS_GIVEN
        )
        .order_by()
        .values("designation")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(placements), 0)


class AnyOf(Func):
    """`column` is one of the values `subquery` gives. On PostgreSQL `column = ANY(ARRAY(subquery))`: inside an OR
    it can still use the column's index, where `IN (subquery)` (or a join) makes PostgreSQL read the whole table."""

    output_field = BooleanField()

    def __init__(self, column: str, subquery):
        super().__init__(F(column), Subquery(subquery))

    def as_sql(self, compiler, connection, **extra):
        column, subquery = self.source_expressions
        column_sql, column_params = compiler.compile(column)
        subquery_sql, subquery_params = compiler.compile(subquery)
        template = "%s = ANY(ARRAY%s)" if connection.vendor == "postgresql" else "%s IN %s"
        return template % (column_sql, subquery_sql), (*column_params, *subquery_params)


def school_detail(urn: int) -> School:
    """A school with the designations it holds (school.held_designations) and those of the people based there
    (school.leader_designations), and whether it is eligible for DfE's improvement offer
    (school.improvement_offer_eligible) (1 query, compiled once per process)."""
    school = _one_or_404(_school(urn), "No school with that URN")
    _name_places(school)
    school.held_designations, school.leader_designations = _held_and_people(
        _shown_designations(school.listed_designations, school)
    )
    return school


@prepared_read(int)
def _school(urn):
    # What it holds, and the designations of the people based there.
    leaders_here = SystemLeader.objects.filter(school_id=OuterRef(OuterRef("pk"))).order_by().values("pk")
    designations = Designation.objects.filter(Q(school_id=OuterRef("pk")) | AnyOf("leader_id", leaders_here))
    return School.objects.annotate(
        improvement_offer_eligible=Exists(School.objects.needing_support().filter(pk=OuterRef("pk"))),
        listed_designations=_listed_designations(designations, "-designated_on"),
    ).filter(urn=urn)


def teaching_school_detail(urn: int) -> School:
    """A teaching school with its alliance partners (school.alliance_partners, by name), its own designations
    (school.held_designations), and its SLEs and LLEs (school.sle_designations) (1 query, compiled once per
    process)."""
    school = _one_or_404(_teaching_school(urn), "No teaching school with that URN")
    _name_places(school)
    school.held_designations, school.sle_designations = _held_and_people(
        _shown_designations(school.listed_designations, school)
    )
    school.alliance_partners = [NamedSchool(name, urn) for name, urn in school.listed_alliance_partners]
    return school


@prepared_read(int)
def _teaching_school(urn):
    held_teaching_school_role = Exists(
        Designation.objects.filter(school=OuterRef("pk"), role_id=Role.Code.TEACHING_SCHOOL)
    )
    partners = (
        AlliancePartnership.objects.filter(alliance__teaching_school=OuterRef("pk"))
        .order_by("school__name")
        .values(partner_name=F("school__name"), partner_urn=F("school__urn"))
    )
    # What it holds, and the designations it made (its SLEs).
    designations = Designation.objects.filter(Q(school_id=OuterRef("pk")) | Q(teaching_school_id=OuterRef("pk")))
    order = ("leader__last_name", "leader__first_name", "-designated_on")
    return (
        School.objects.select_related("led_alliance")
        .annotate(
            listed_alliance_partners=JSONList(partners),
            listed_designations=_listed_designations(designations, *order),
        )
        .filter(held_teaching_school_role)
        .filter(urn=urn)
    )


@dataclass(frozen=True, slots=True)
class ShownDesignation:
    """A designation as a leader's, school's or teaching school's page shows it: read as values in the page's one
    query, not as model instances (three or more for each designation, with its role, holder and schools: half of a
    teaching school's reading, issue #14). Its status and whether it is current follow the designation's own rules.
    Its schools and placements are read for a leader's page only."""

    role: Role
    designated_on: datetime.date
    review_due: datetime.date | None
    ended_on: datetime.date | None
    end_reason: str
    paused_on: datetime.date | None
    is_demo: bool
    leader_id: int | None
    school_id: int | None
    holder_name: str
    leader_is_demo: bool
    specialism_names: list[str]
    teaching_school: NamedSchool | None = None
    national_support_school: NamedSchool | None = None
    one_to_one_placements: int = 0
    group_placements: int = 0

    @property
    def role_id(self) -> str:
        return self.role.code

    def status_on(self, on: datetime.date) -> str:
        return designation_status_on(self, on)


# The columns of a ShownDesignation in its page's row, in the order _shown_designations reads them; then its
# specialisms' ids, and on a leader's page its schools and placements.
SHOWN_DESIGNATION_COLUMNS = (
    "role_id",
    "designated_on",
    "review_due",
    "ended_on",
    "end_reason",
    "paused_on",
    "is_demo",
    "leader_id",
    "school_id",
    "leader__first_name",
    "leader__last_name",
    "leader__is_demo",
)
SCHOOL_COLUMNS = (
    "teaching_school__name",
    "teaching_school__urn",
    "national_support_school__name",
    "national_support_school__urn",
)
_COMMON_COLUMNS = len(SHOWN_DESIGNATION_COLUMNS) + 1  # with the specialisms' ids


def _listed_designations(designations, *order, with_schools_and_placements: bool = False) -> JSONList:
    """Designations, in this order within each role, as a column of their page's row (read by _shown_designations,
    which puts the roles in their order)."""
    columns = {f"shown_{column.replace('__', '_')}": F(column) for column in SHOWN_DESIGNATION_COLUMNS}
    columns["shown_specialism_ids"] = _specialism_ids()
    if with_schools_and_placements:
        columns |= {f"shown_{column.replace('__', '_')}": F(column) for column in SCHOOL_COLUMNS}
        columns["shown_one_to_one_placements"] = _placements_giving(Deployment.SleSupport.ONE_TO_ONE)
        columns["shown_group_placements"] = _placements_giving(Deployment.SleSupport.GROUP)
    return JSONList(designations.order_by(*order).values(**columns))


def _shown_designations(listed: list, holder_school: School) -> list[ShownDesignation]:
    """The designations a page's row lists (_listed_designations), by role in the roles' order; those a school holds
    are the holder_school's. The roles and specialisms are named from those kept in the process, rather than joined
    in the page's query for each designation (issue #14)."""
    roles = _roles_by_code()
    shown = []
    for values in listed:
        common, with_schools = values[:_COMMON_COLUMNS], values[_COMMON_COLUMNS:]
        role_id, designated_on, review_due, ended_on, end_reason, paused_on, is_demo, *holder = common
        leader_id, school_id, first_name, last_name, leader_is_demo, specialism_ids = holder
        schools_and_placements = {}
        if with_schools:
            teaching_school, support_school = with_schools[0:2], with_schools[2:4]
            schools_and_placements = {
                "teaching_school": _named_school(*teaching_school),
                "national_support_school": _named_school(*support_school),
                "one_to_one_placements": with_schools[4],
                "group_placements": with_schools[5],
            }
        shown.append(
            ShownDesignation(
                role=_role(roles, role_id),
                designated_on=_date(designated_on),
                review_due=_date(review_due),
                ended_on=_date(ended_on),
                end_reason=end_reason,
                paused_on=_date(paused_on),
                is_demo=bool(is_demo),
                leader_id=leader_id,
                school_id=school_id,
                holder_name=full_name(first_name, last_name) if leader_id else holder_school.name,
                leader_is_demo=bool(leader_is_demo),
                specialism_names=_specialism_names(specialism_ids),
                **schools_and_placements,
            )
        )
    shown.sort(key=lambda designation: designation.role.position)  # stable: each role's rows stay in their order
    return shown


def _specialisms_by_id() -> dict[int, tuple[int, str]]:
    """Every SLE specialism's place in the guidance's order (Specialism's own ordering) and name, kept in this
    process per version of the directory's data."""
    return per_data_version(
        "directory-specialisms",
        lambda: {pk: (index, name) for index, (pk, name) in enumerate(Specialism.objects.values_list("pk", "name"))},
    )


def _specialism_names(ids: list[int]) -> list[str]:
    """The specialisms' names in the guidance's order. One added within this version of the data is read on its own
    and put last."""
    if not ids:
        return []
    known = _specialisms_by_id()
    named = [known.get(pk) or (len(known), Specialism.objects.get(pk=pk).name) for pk in ids]
    return [name for _, name in sorted(named)]


@dataclass(frozen=True)
class _Places:
    local_authorities: dict[int, LocalAuthority]
    regions: dict[int, Region]
    hub_areas: dict[int, TeachingSchoolHubArea]


def _places() -> _Places:
    """Every local authority, region and teaching school hub area, kept in this process per version of the
    directory's data."""
    return per_data_version(
        "directory-places",
        lambda: _Places(
            {authority.pk: authority for authority in LocalAuthority.objects.all()},
            {region.pk: region for region in Region.objects.all()},
            {area.pk: area for area in TeachingSchoolHubArea.objects.all()},
        ),
    )


def _local_authority(pk: int) -> LocalAuthority:
    return _places().local_authorities.get(pk) or LocalAuthority.objects.get(pk=pk)


def _name_places(school: School) -> None:
    """Give a detail page's school its local authority, region and hub area from those kept in the process: joining
    their tables made PostgreSQL hash them on every page (issue #14). One added within this version of the data is
    read on its own."""
    places = _places()
    school.local_authority = _local_authority(school.local_authority_id)
    school.region = places.regions.get(school.region_id) or Region.objects.get(pk=school.region_id)
    if school.hub_area_id is not None:
        school.hub_area = places.hub_areas.get(school.hub_area_id) or TeachingSchoolHubArea.objects.get(
            pk=school.hub_area_id
        )


def _named_school(name: str | None, urn: int | None) -> NamedSchool | None:
    return NamedSchool(name, urn) if urn else None


def _held_and_people(shown: list[ShownDesignation]) -> tuple[list[ShownDesignation], list[ShownDesignation]]:
    """Those a school holds, and the people's (its leaders', or a teaching school's SLEs')."""
    return [row for row in shown if row.school_id], [row for row in shown if not row.school_id]


def _date(text: str | None) -> datetime.date | None:
    """A date as a JSONList gives it (ISO text)."""
    return datetime.date.fromisoformat(text) if text else None


def _one_or_404(rows: list, message: str):
    if not rows:
        raise Http404(message)
    return rows[0]


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
