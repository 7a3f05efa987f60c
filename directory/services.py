"""Keeps the directory listing in step with designations, leaders and schools."""

from collections import defaultdict
from collections.abc import Iterable

from django.db import transaction

from core.page_cache import directory_changed
from roles.dated import current_runs
from roles.models import SCHOOL_ROLES, Designation, Role, SystemLeader
from schools.models import School

from .models import Listing, ListingRole, ListingSpecialism

BATCH_SIZE = 2000


def _designations():
    return Designation.objects.select_related(
        "leader__school__local_authority", "school__local_authority"
    ).prefetch_related("specialisms")


def _holder_key(designation: Designation) -> tuple[str, int]:
    if designation.leader_id:
        return (Listing.Kind.LEADER, designation.leader_id)
    return (Listing.Kind.SCHOOL, designation.school_id)


def _listing_for(key, designations: list[Designation]) -> Listing:
    kind, _ = key
    first = designations[0]
    if kind == Listing.Kind.LEADER:
        leader = first.leader
        school = leader.school
        name, sort_name = leader.full_name, f"{leader.last_name} {leader.first_name}".lower()
    else:
        leader = None
        school = first.school
        name, sort_name = school.name, school.name.lower()
    runs = current_runs(designations)
    return Listing(
        kind=kind,
        leader=leader,
        holder_school=school if kind == Listing.Kind.SCHOOL else None,
        school=school,
        name=name,
        sort_name=sort_name,
        school_name=school.name,
        urn=school.urn,
        local_authority_id=school.local_authority_id,
        region_id=school.region_id,
        hub_area_id=school.hub_area_id,
        phase=school.phase,
        easting=school.easting,
        northing=school.northing,
        latest_designated_on=max(d.designated_on for d in designations),
        current_from=runs[0][0] if runs else None,
        current_until=runs[-1][1] if runs else None,
        current_with_gaps=len(runs) > 1,
    )


def _write(grouped: dict, sle_designations_by_teaching_school: dict) -> int:
    listings = {key: _listing_for(key, designations) for key, designations in grouped.items()}
    Listing.objects.bulk_create(listings.values(), batch_size=BATCH_SIZE)
    roles, specialisms = [], []
    for key, designations in grouped.items():
        listing = listings[key]
        for designation in designations:
            roles.append(
                ListingRole(
                    listing=listing,
                    designation=designation,
                    role_id=designation.role_id,
                    designated_on=designation.designated_on,
                    ended_on=designation.ended_on,
                    paused_on=designation.paused_on,
                )
            )
            specialisms.extend(_specialism_rows(listing, designation))
        if key[0] == Listing.Kind.SCHOOL:
            for sle in sle_designations_by_teaching_school.get(key[1], ()):
                specialisms.extend(_specialism_rows(listing, sle))
    ListingRole.objects.bulk_create(roles, batch_size=BATCH_SIZE)
    ListingSpecialism.objects.bulk_create(specialisms, batch_size=BATCH_SIZE)
    return len(listings)


def _specialism_rows(listing: Listing, designation: Designation):
    return [
        ListingSpecialism(
            listing=listing,
            specialism_id=specialism.pk,
            designation_id=designation.pk,
            designated_on=designation.designated_on,
            ended_on=designation.ended_on,
            paused_on=designation.paused_on,
        )
        for specialism in designation.specialisms.all()
    ]


def _sle_designations_by_teaching_school(designations: Iterable[Designation]) -> dict:
    by_school = defaultdict(list)
    for designation in designations:
        if designation.role_id == Role.Code.SLE and designation.teaching_school_id:
            by_school[designation.teaching_school_id].append(designation)
    return by_school


@transaction.atomic
def listing_rebuild() -> int:
    """Rebuild the whole listing from the designations. Returns how many holders are listed."""
    directory_changed()
    ListingSpecialism.objects.all().delete()
    ListingRole.objects.all().delete()
    Listing.objects.all().delete()
    designations = list(_designations())
    grouped = defaultdict(list)
    for designation in designations:
        grouped[_holder_key(designation)].append(designation)
    return _write(grouped, _sle_designations_by_teaching_school(designations))


@transaction.atomic
def listing_refresh(*, leader_ids: Iterable[int] = (), school_ids: Iterable[int] = ()) -> None:
    """Rebuild the listing rows of some holders: people by id, and schools (as holders of school roles) by id."""
    leader_ids, school_ids = set(leader_ids), set(school_ids)
    _lock_holders(leader_ids, school_ids)
    directory_changed()
    Listing.objects.filter(leader_id__in=leader_ids).delete()
    Listing.objects.filter(holder_school_id__in=school_ids).delete()
    designations = list(_designations().filter(leader_id__in=leader_ids)) + list(
        _designations().filter(school_id__in=school_ids, role_id__in=SCHOOL_ROLES)
    )
    grouped = defaultdict(list)
    for designation in designations:
        grouped[_holder_key(designation)].append(designation)
    sles = _designations().filter(role_id=Role.Code.SLE, teaching_school_id__in=school_ids)
    _write(grouped, _sle_designations_by_teaching_school(sles))


def _lock_holders(leader_ids: set[int], school_ids: set[int]) -> None:
    """Refresh one holder's rows at a time. Two refreshes of a holder at once (two new SLEs of one teaching school)
    would each delete the rows they see and insert their own, and the second insert would break the listing's one
    row per holder. Locked in one order (people, then schools, by id) so that refreshes never wait on each other in
    a circle; NO KEY UPDATE, so that inserting a designation that refers to the holder is not held up."""
    list(SystemLeader.objects.select_for_update(no_key=True).filter(pk__in=leader_ids).order_by("pk").values("pk"))
    list(School.objects.select_for_update(no_key=True).filter(pk__in=school_ids).order_by("pk").values("pk"))


def listing_refresh_for_designation(designation: Designation) -> None:
    school_ids = {designation.school_id, designation.teaching_school_id} - {None}
    listing_refresh(leader_ids=[designation.leader_id] if designation.leader_id else [], school_ids=school_ids)


def listing_refresh_for_leader(leader: SystemLeader) -> None:
    listing_refresh(leader_ids=[leader.pk])


def listing_refresh_for_school(school: School) -> None:
    """A school's details changed: refresh it as a holder, and everyone based there."""
    leader_ids = list(SystemLeader.objects.filter(school=school).values_list("pk", flat=True))
    listing_refresh(leader_ids=leader_ids, school_ids=[school.pk])
