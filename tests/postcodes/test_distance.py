import math

import pytest

from postcodes.distance import (
    METRES_PER_MILE,
    distance_metres,
    is_within,
    miles,
    miles_to_metres,
    squared_distance_from,
    within_box,
    within_radius,
)
from postcodes.models import Postcode

# Grid references from Code-Point Open.
ALDGATE_SCHOOL = (533502, 181167)  # EC3A 5DE
BUCKINGHAM_PALACE = (529090, 179645)  # SW1A 1AA
LEEDS_LS1_1AZ = (428811, 433420)


def test_distance_is_euclidean_in_metres():
    assert distance_metres(0, 0, 3, 4) == 5
    assert distance_metres(*ALDGATE_SCHOOL, *ALDGATE_SCHOOL) == 0
    assert distance_metres(*ALDGATE_SCHOOL, *BUCKINGHAM_PALACE) == pytest.approx(4667.14, abs=0.01)
    assert distance_metres(*BUCKINGHAM_PALACE, *ALDGATE_SCHOOL) == distance_metres(*ALDGATE_SCHOOL, *BUCKINGHAM_PALACE)


def test_miles():
    assert METRES_PER_MILE == 1609.344
    assert miles(1609.344) == 1
    assert miles(distance_metres(*LEEDS_LS1_1AZ, *BUCKINGHAM_PALACE)) == pytest.approx(169.55, abs=0.01)
    assert miles_to_metres(10) == pytest.approx(16093.44)
    assert miles(miles_to_metres(3.5)) == pytest.approx(3.5)


def test_within_box_uses_the_prefix():
    box = within_box(1000, 2000, 99.5, prefix="school__")
    assert dict(box.children) == {
        "school__easting__gte": 900,
        "school__easting__lte": 1100,
        "school__northing__gte": 1900,
        "school__northing__lte": 2100,
    }


@pytest.mark.slow
@pytest.mark.django_db
def test_radius_search_in_the_database(real_postcodes):
    radius = 150
    easting, northing = ALDGATE_SCHOOL
    nearby = list(
        Postcode.objects.filter(within_box(easting, northing, radius))
        .annotate(distance_squared=squared_distance_from(easting, northing))
        .filter(distance_squared__lte=radius**2)
        .order_by("distance_squared", "postcode")
    )
    assert nearby[0].postcode == "EC3A 5DE"
    assert nearby[0].distance_squared == 0
    assert len(nearby) > 5
    for postcode in nearby:
        exact = distance_metres(easting, northing, postcode.easting, postcode.northing)
        assert math.sqrt(postcode.distance_squared) == pytest.approx(exact)
        assert exact <= radius
    distances = [postcode.distance_squared for postcode in nearby]
    assert distances == sorted(distances)
    # The box holds the corners of the square too, which the exact filter removes.
    assert Postcode.objects.filter(within_box(easting, northing, radius)).count() >= len(nearby)


@pytest.mark.slow
@pytest.mark.django_db
def test_squared_distance_does_not_overflow_over_long_distances(real_postcodes):
    # Leeds to London is about 275 km: its square (7.6e10) does not fit a 32-bit integer.
    leeds = Postcode.objects.annotate(
        distance_squared=squared_distance_from(*BUCKINGHAM_PALACE, easting_field="easting", northing_field="northing")
    ).get(pk="LS1 1AZ")
    assert leeds.distance_squared == (428811 - 529090) ** 2 + (433420 - 179645) ** 2
    assert leeds.distance_squared > 2**31


@pytest.mark.slow
@pytest.mark.django_db
def test_squared_distance_is_null_without_a_position(real_postcodes):
    unlocated = Postcode.objects.annotate(distance_squared=squared_distance_from(*ALDGATE_SCHOOL)).get(pk="TD14 9AH")
    assert unlocated.distance_squared is None


@pytest.mark.django_db
def test_within_radius_keeps_the_edge_drops_the_corners_and_agrees_with_is_within():
    """One radius search for the directory, the shortlist, the school search and the coverage page's reach."""
    centre = (400_000, 300_000)
    places = {
        "AA1 1AA": (400_000, 300_000),
        "AA1 1AB": (400_300, 300_400),  # 500 m away: on the edge
        "AA1 1AD": (400_301, 300_400),  # just beyond it
        "AA1 1AE": (400_450, 300_450),  # inside the box, outside the circle
    }
    for postcode, (easting, northing) in places.items():
        Postcode.objects.create(postcode=postcode, positional_quality=10, easting=easting, northing=northing)
    found = within_radius(Postcode.objects.all(), *centre, 500)
    assert {postcode.postcode: postcode.distance_squared for postcode in found} == {"AA1 1AA": 0, "AA1 1AB": 250_000}
    assert {postcode for postcode, place in places.items() if is_within(*centre, *place, 500)} == {"AA1 1AA", "AA1 1AB"}
