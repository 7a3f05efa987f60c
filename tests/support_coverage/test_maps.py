"""The coverage map's layout, by hand: kilometre units, a shaded square per cell, a dot or a cross per school."""

from types import SimpleNamespace

from support_coverage.maps import MARGIN_KM, MIN_SPAN_KM, coverage_map, describe
from support_coverage.selectors import NeedingSupportSchool


def report(needing, name="England", reach=25):
    return SimpleNamespace(needing_schools=needing, total=SimpleNamespace(name=name), reach_miles=reach)


def school(easting, northing, within):
    return NeedingSupportSchool(authority_id=1, easting=easting, northing=northing, nle_within_reach=within)


def test_the_map_is_in_kilometres_with_north_at_the_top():
    # Two 5 km cells 100 km apart east-west and 200 km north-south.
    cells = [(20, 20), (40, 60)]  # (100-105 km, 100-105 km) and (200-205 km, 300-305 km)
    drawn = coverage_map(report([]), cells, 5000)
    assert drawn.width == 105 + 2 * MARGIN_KM
    assert drawn.height == 205 + 2 * MARGIN_KM
    # The northern cell's top-left corner is at the margin; the southern one's 200 km further down.
    assert drawn.outline_path == f"M{100 + MARGIN_KM} {MARGIN_KM}h5v5h-5zM{MARGIN_KM} {200 + MARGIN_KM}h5v5h-5z"


def test_squares_side_by_side_are_drawn_as_one_rectangle():
    cells = [(3, 10), (1, 10), (2, 10), (5, 10), (1, 9), (14, 22)]
    drawn = coverage_map(report([]), cells, 5000)
    left, top = 5 - MARGIN_KM, 115 + MARGIN_KM
    assert drawn.outline_path == (
        f"M{70 - left} {top - 115}h5v5h-5z"  # row 22, the northernmost
        f"M{5 - left} {top - 55}h15v5h-15z"  # columns 1 to 3 of row 10
        f"M{25 - left} {top - 55}h5v5h-5z"  # column 5
        f"M{5 - left} {top - 50}h5v5h-5z"  # row 9
    )


def test_schools_are_dots_when_an_nle_is_within_reach_and_crosses_when_not():
    cells = [(0, 0), (40, 40)]
    needing = [school(10_000, 10_000, True), school(150_000, 150_000, False), school(None, None, None)]
    drawn = coverage_map(report(needing), cells, 5000)
    left, top = -MARGIN_KM, 205 + MARGIN_KM
    assert drawn.within_reach_path == f"M{10 - left} {top - 10}h0"
    assert drawn.out_of_reach_path.startswith(f"M{150 - left} {top - 150}m-")
    assert drawn.out_of_reach_path.count("l") == 2  # one cross: two strokes
    assert (drawn.within_reach, drawn.out_of_reach, drawn.not_placed) == (1, 1, 1)


def test_schools_in_the_same_square_kilometre_with_the_same_answer_share_a_mark():
    needing = [school(10_100, 10_200, True), school(10_300, 9_800, True), school(10_200, 10_000, False)]
    drawn = coverage_map(report(needing), [(2, 2)], 5000)
    assert drawn.within_reach_path.count("M") == 1
    assert drawn.out_of_reach_path.count("M") == 1
    assert (drawn.within_reach, drawn.out_of_reach) == (2, 1)


def test_a_small_area_is_drawn_at_least_the_smallest_span():
    drawn = coverage_map(report([school(100_000, 100_000, True)]), [], 5000)
    assert drawn.width == drawn.height == MIN_SPAN_KM + 2 * MARGIN_KM
    assert drawn.within_reach_path == f"M{MIN_SPAN_KM // 2 + MARGIN_KM} {MIN_SPAN_KM // 2 + MARGIN_KM}h0"


def test_nothing_to_place_draws_no_map():
    assert coverage_map(report([school(None, None, None)]), [], 5000) is None


def test_the_text_alternative_gives_the_counts():
    assert describe("England", 25, 3, 2, 1) == (
        "Of 6 schools needing support in England, 3 have a national leader of education within 25 miles (dots on the "
        "map) and 2 have none (crosses). 1 school has no grid reference, so it is not on the map."
    )
    assert describe("North East", 10, 1, 1, 0) == (
        "Of 2 schools needing support in North East, 1 has a national leader of education within 10 miles (dots on "
        "the map) and 1 has none (crosses)."
    )
    assert describe("London", 25, 0, 0, 0).startswith("No schools in London need support")
