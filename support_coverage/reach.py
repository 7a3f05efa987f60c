"""Which places have no supporter within reach: a grid of square cells, each as wide as the reach, so that every
supporter within reach of a place lies in the place's cell or one of the eight around it.

With ~1,700 places and a few hundred supporters this checks a handful of supporters per place instead of all of
them, in Python, after two plain queries."""

from collections import defaultdict
from collections.abc import Iterable

from postcodes.distance import is_within

GridReference = tuple[int, int]


def _cell(easting: int, northing: int, size: float) -> tuple[int, int]:
    return int(easting // size), int(northing // size)


def out_of_reach(
    places: Iterable[tuple[object, GridReference]], supporters: Iterable[GridReference], reach_metres: float
) -> set:
    """The keys of the places with no supporter within reach_metres (inclusive), given (key, (easting, northing))
    pairs for the places and (easting, northing) for the supporters."""
    size = max(reach_metres, 1.0)
    cells: dict[tuple[int, int], list[GridReference]] = defaultdict(list)
    for easting, northing in supporters:
        cells[_cell(easting, northing, size)].append((easting, northing))
    unreached = set()
    for key, (easting, northing) in places:
        column, row = _cell(easting, northing, size)
        nearby = (
            supporter
            for d_column in (-1, 0, 1)
            for d_row in (-1, 0, 1)
            for supporter in cells.get((column + d_column, row + d_row), ())
        )
        if not any(is_within(easting, northing, e, n, reach_metres) for e, n in nearby):
            unreached.add(key)
    return unreached
