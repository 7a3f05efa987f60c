"""The listing follows every single change to designations, leaders and schools, and its constraint holds."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from directory.models import Listing, ListingRole, listing_current_q
from directory.selectors import SearchTerms, search_queryset
from roles import dated
from roles.models import Designation, Role
from roles.services import designation_end, designation_resume
from tests.factories import DesignationFactory, SchoolFactory, SystemLeaderFactory, role

pytestmark = pytest.mark.django_db


def test_ending_a_designation_takes_the_holder_out_of_current_results(client, world):
    designation_end(
        designation=world.nle, ended_on=datetime.date(2025, 1, 31), reason=Designation.EndReason.STEPPED_DOWN
    )
    assert "Nadia Okafor" not in [row.name for row in client.get("/search/").context["rows"]]
    assert "Nadia Okafor" in [row.name for row in client.get("/search/", {"status": "all"}).context["rows"]]


def test_a_leader_moving_school_moves_their_listing(world):
    leader = world.nle.leader
    leader.school = world.aldgate
    leader.save()
    listing = Listing.objects.get(leader=leader)
    assert (listing.urn, listing.easting, listing.local_authority) == (100000, 533498, world.city)


def test_a_school_edit_reaches_the_listings_based_there(world):
    world.brudenell.name = "Brudenell Primary Academy"
    world.brudenell.save()
    assert Listing.objects.get(leader=world.nle.leader).school_name == "Brudenell Primary Academy"


def test_specialisms_changed_on_an_sle_reach_their_teaching_school(world):
    from roles.models import Specialism

    world.sle.specialisms.set([Specialism.objects.get(slug="drama")])
    teaching_school = Listing.objects.get(holder_school=world.spring_bank)
    assert list(teaching_school.specialisms.values_list("specialism__slug", flat=True)) == ["drama"]


def test_listing_holder_constraint(world):
    listing = Listing.objects.get(leader=world.nle.leader)
    listing.pk = None
    listing.leader = None  # still of kind "leader", but now held by a school
    listing.holder_school = SchoolFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        listing.save()


DAY = datetime.timedelta(days=1)
START = datetime.date(2024, 1, 10)


@pytest.fixture
def returning_leader(world):
    """An NLE who stepped down, came back as a pupil premium reviewer, and paused; and one never current."""
    leader = SystemLeaderFactory(first_name="Rhys", last_name="Evans", school=world.heenan)
    designations = [
        DesignationFactory(
            leader=leader,
            designated_on=START,
            ended_on=START + 5 * DAY,
            end_reason=Designation.EndReason.STEPPED_DOWN,
        ),
        DesignationFactory(
            role=role(Role.Code.PUPIL_PREMIUM_REVIEWER),
            leader=leader,
            designated_on=START + 9 * DAY,
            paused_on=START + 12 * DAY,
            pause_reason="Leave",
        ),
    ]
    never = DesignationFactory(
        leader=SystemLeaderFactory(first_name="Nia", last_name="Jones", school=world.heenan),
        designated_on=START,
        paused_on=START,
        pause_reason="Leave",
    )
    return designations, never


def _current_days(leader):
    listing = Listing.objects.get(leader=leader)  # a refresh writes the holder's listing afresh
    return (listing.current_from, listing.current_until, listing.current_with_gaps)


def test_a_listing_keeps_the_days_its_holder_is_current(returning_leader):
    designations, never = returning_leader
    leader = designations[0].leader
    assert _current_days(leader) == (START, START + 12 * DAY, True)
    assert _current_days(never.leader) == (None, None, False)

    designation_resume(designation=designations[1])
    assert _current_days(leader) == (START, None, True)

    designation_end(designation=designations[1], ended_on=START + 30 * DAY, reason=Designation.EndReason.STEPPED_DOWN)
    assert _current_days(leader) == (START, START + 30 * DAY, True)

    DesignationFactory(role=role(Role.Code.LLE), leader=leader, designated_on=START + 4 * DAY)  # fills the gap
    assert _current_days(leader) == (START, None, False)


def test_current_listings_are_those_with_a_current_designation_on_every_day(returning_leader):
    for offset in range(-2, 16):
        on = START + offset * DAY
        expected = set(
            Listing.objects.filter(roles__in=ListingRole.objects.current(on)).values_list("pk", flat=True).distinct()
        )
        assert set(Listing.objects.filter(listing_current_q(on)).values_list("pk", flat=True)) == expected, on
        searched = search_queryset(Listing.objects.all(), SearchTerms(today=on)).values_list("pk", flat=True)
        assert set(searched) == expected, on
    designations, never = returning_leader
    rhys = Listing.objects.get(leader=designations[0].leader).pk
    assert [
        rhys in Listing.objects.filter(listing_current_q(START + offset * DAY)).values_list("pk", flat=True)
        for offset in (4, 5, 9)
    ] == [
        True,
        False,
        True,
    ]
    assert all(
        dated.is_current(designations[1], START + offset * DAY) for offset in (9, 10, 11)
    ) and not dated.is_current(designations[1], START + 12 * DAY)


@pytest.mark.parametrize(
    ("current_from", "current_until", "current_with_gaps"),
    [
        (None, START, False),  # an end without a start
        (None, None, True),  # gaps in no days
        (START, START, False),  # no days
        (START, START - DAY, False),  # ends before it starts
    ],
)
def test_listing_current_days_constraint(world, current_from, current_until, current_with_gaps):
    listing = Listing.objects.get(leader=world.nle.leader)
    listing.current_from, listing.current_until, listing.current_with_gaps = (
        current_from,
        current_until,
        current_with_gaps,
    )
    with pytest.raises(IntegrityError, match="listing_current_days_in_order"), transaction.atomic():
        listing.save()


def test_the_migration_fills_in_current_days_by_the_same_rule():
    """Migration 0005 carries its own copy of roles.dated.current_runs (a migration runs no live code): the same runs
    for designations that end, pause, overlap, follow on and never start."""
    import importlib
    import itertools

    migration = importlib.import_module("directory.migrations.0005_listing_current_days")
    days = [None, START, START + 2 * DAY, START + 5 * DAY]
    spans = [
        Designation(designated_on=start, ended_on=ended_on, paused_on=paused_on)
        for start, ended_on, paused_on in itertools.product(days[1:], days, days)
    ]
    for count in (0, 1, 2, 3):
        for designations in itertools.combinations(spans, count):
            expected = dated.current_runs(designations)
            assert [tuple(run) for run in migration.current_runs(designations)] == expected, designations
