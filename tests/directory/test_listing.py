"""The listing follows every single change to designations, leaders and schools, and its constraint holds."""

import datetime

import pytest
from django.db import IntegrityError, transaction

from directory.models import Listing
from roles.models import Designation
from roles.services import designation_end
from tests.factories import SchoolFactory

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
