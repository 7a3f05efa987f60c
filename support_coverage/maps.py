"""A map of the schools needing support, laid out in Python from their grid references and drawn as SVG by
support_coverage/_map.html: no tiles, no outside service, no script.

The drawing's units are kilometres of the British National Grid (x east, y south from the top edge), so the map
keeps its proportions at any width. Behind the marks, the squares holding at least one open school are shaded, which
draws the shape of England (or a region) from the schools themselves. Each school needing support is a filled dot
when a national leader of education is within reach and a cross when none is: two shapes, so the map reads without
colour. Schools within the same square kilometre and with the same answer share one mark, which keeps the page small
however many schools there are. Marks are drawn as path segments, one path per kind, for the same reason."""

import math
from dataclasses import dataclass

# England's shape shows in 5 km squares; a region, drawn larger, in 3 km ones.
ENGLAND_CELL_METRES = 5_000
REGION_CELL_METRES = 3_000
# Room around the schools, and the smallest area drawn (a region with a few schools still looks like a map).
MARGIN_KM = 8
MIN_SPAN_KM = 60
# Marks are sized in hundredths of the map's larger side, so they look the same on England's map and a region's.
DOT_DIAMETER = 1.4
CROSS_HALF = 0.9
CROSS_STROKE = 0.45


@dataclass(frozen=True)
class CoverageMap:
    id: str
    title: str
    description: str
    width: int  # viewBox, in km
    height: int
    outline_path: str
    within_reach_path: str
    out_of_reach_path: str
    dot_diameter: float
    cross_stroke: float
    cell_km: float  # the side of a shaded square
    within_reach: int  # schools, not marks
    out_of_reach: int
    not_placed: int


def _km(metres: int) -> int:
    return round(metres / 1000)


def _plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def _number(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def outline_cell_metres(region) -> int:
    return ENGLAND_CELL_METRES if region is None else REGION_CELL_METRES


def coverage_map(report, outline_cells: list[tuple[int, int]], cell_metres: int):
    """The map of a coverage report (support_coverage.selectors.CoverageReport), over the squares of cell_metres
    (column, row) that hold an open school; None when nothing can be placed."""
    placed = [school for school in report.needing_schools if school.nle_within_reach is not None]
    cell_km = cell_metres / 1000
    xs = [column * cell_km for column, _ in outline_cells] + [school.easting / 1000 for school in placed]
    ys = [row * cell_km for _, row in outline_cells] + [school.northing / 1000 for school in placed]
    if not xs:
        return None
    west, east = min(xs), max(xs) + (cell_km if outline_cells else 0)
    south, north = min(ys), max(ys) + (cell_km if outline_cells else 0)
    # Centre a small area in the smallest span.
    west -= max(0, MIN_SPAN_KM - (east - west)) / 2
    south -= max(0, MIN_SPAN_KM - (north - south)) / 2
    east, north = max(east, west + MIN_SPAN_KM), max(north, south + MIN_SPAN_KM)
    # Whole kilometres at the edges keep the numbers in the drawing short.
    left, top = math.floor(west - MARGIN_KM), math.ceil(north + MARGIN_KM)
    width = math.ceil(east + MARGIN_KM - left)
    height = math.ceil(top - (south - MARGIN_KM))

    def x(km: float) -> str:
        return _number(km - left)

    def y(km: float) -> str:
        return _number(top - km)

    size = max(width, height) / 100
    cell = _number(cell_km)
    # Squares side by side in a row are drawn as one rectangle.
    outline = "".join(
        f"M{x(first * cell_km)} {y((row + 1) * cell_km)}h{_number(count * cell_km)}v{cell}h-{_number(count * cell_km)}z"
        for row, first, count in _runs(outline_cells)
    )
    within = sorted({(_km(s.easting), _km(s.northing)) for s in placed if s.nle_within_reach})
    beyond = sorted({(_km(s.easting), _km(s.northing)) for s in placed if not s.nle_within_reach})
    half = _number(CROSS_HALF * size)
    full = _number(2 * CROSS_HALF * size)
    # A dot is a segment of no length with round caps; a cross is two strokes.
    within_path = "".join(f"M{x(e)} {y(n)}h0" for e, n in within)
    beyond_path = "".join(f"M{x(e)} {y(n)}m-{half} -{half}l{full} {full}m0 -{full}l-{full} {full}" for e, n in beyond)

    within_count = sum(1 for school in placed if school.nle_within_reach)
    out_count = len(placed) - within_count
    not_placed = len(report.needing_schools) - len(placed)
    area, reach = report.total.name, report.reach_miles
    return CoverageMap(
        id="map-reach",
        title=f"Map of schools needing support in {area}, by whether a national leader of education is within "
        f"{reach} miles",
        description=describe(area, reach, within_count, out_count, not_placed),
        width=width,
        height=height,
        outline_path=outline,
        within_reach_path=within_path,
        out_of_reach_path=beyond_path,
        dot_diameter=round(DOT_DIAMETER * size, 2),
        cross_stroke=round(CROSS_STROKE * size, 2),
        cell_km=cell_km,
        within_reach=within_count,
        out_of_reach=out_count,
        not_placed=not_placed,
    )


def _runs(cells: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """(row, first column, how many) for each run of squares side by side in a row, northernmost row first."""
    runs = []
    for column, row in sorted(set(cells), key=lambda cell: (-cell[1], cell[0])):
        if runs and runs[-1][0] == row and runs[-1][1] + runs[-1][2] == column:
            runs[-1][2] += 1
        else:
            runs.append([row, column, 1])
    return [tuple(run) for run in runs]


def describe(area: str, reach: int, within: int, out: int, not_placed: int) -> str:
    """The map in a sentence or two, with its counts: its text alternative."""
    total = within + out + not_placed
    if not total:
        return f"No schools in {area} need support, so the map shows only where the open schools are."
    verb_within = "has" if within == 1 else "have"
    verb_out = "has" if out == 1 else "have"
    sentence = (
        f"Of {_plural(total, 'school', 'schools')} needing support in {area}, {within:,} {verb_within} a national "
        f"leader of education within {reach} miles (dots on the map) and {out:,} {verb_out} none (crosses)."
    )
    if not_placed:
        sentence += (
            f" {_plural(not_placed, 'school has', 'schools have')} no grid reference, so "
            f"{'it is' if not_placed == 1 else 'they are'} not on the map."
        )
    return sentence
