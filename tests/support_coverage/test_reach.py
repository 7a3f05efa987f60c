import math
import random

from postcodes.distance import miles_to_metres
from support_coverage.reach import out_of_reach


def test_a_supporter_24_miles_away_reaches_and_one_26_miles_away_does_not():
    reach = miles_to_metres(25)
    places = [("near", (400000, 300000)), ("far", (300000, 300000))]
    supporters = [(400000 + round(miles_to_metres(24)), 300000), (300000, 300000 + round(miles_to_metres(26)))]
    assert out_of_reach(places, supporters, reach) == {"far"}


def test_reach_is_inclusive_and_crosses_cell_edges():
    # 10 km reach: the supporter sits exactly 10 km away, diagonally, across cell boundaries.
    places = [("edge", (19_999, 19_999))]
    assert out_of_reach(places, [(19_999 + 6_000, 19_999 + 8_000)], 10_000) == set()
    assert out_of_reach(places, [(19_999 + 6_000, 19_999 + 8_001)], 10_000) == {"edge"}


def test_no_supporters_leaves_every_place_out_of_reach():
    assert out_of_reach([(1, (0, 0)), (2, (5, 5))], [], 1000) == {1, 2}


def test_agrees_with_checking_every_pair():
    generator = random.Random(7)
    places = [(index, (generator.randrange(0, 650_000), generator.randrange(0, 1_200_000))) for index in range(400)]
    supporters = [(generator.randrange(0, 650_000), generator.randrange(0, 1_200_000)) for _ in range(60)]
    reach = miles_to_metres(25)
    expected = {
        key
        for key, (easting, northing) in places
        if all(math.hypot(e - easting, n - northing) > reach for e, n in supporters)
    }
    assert 0 < len(expected) < len(places)
    assert out_of_reach(places, supporters, reach) == expected
