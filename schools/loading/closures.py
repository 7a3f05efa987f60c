"""What has become of each school since the extract it was loaded from (School.later_status).

Sources (in SHARED_DATA_DIR):
- gias_open_state_funded_schools_202507_urn_name_postcode.csv: the URNs of open state-funded schools, July 2025.
- gias_links_edubasealldata20250422.csv: GIAS links between establishments, April 2025 (Windows-1252).

For each school in the database:
- OPEN if its URN is in the 2025 open list;
- REPLACED if not, but GIAS links it to a successor ("Successor", "Successor - merged", ...). When a school has
  several successors, or its successor was itself replaced, we follow the links to a school that is open in 2025
  if there is one (preferring the most recently established link, then the lowest URN), else keep the first;
- UNKNOWN if not, but its only links are ones that do not say which school came after which ("Result of
  Amalgamation", "Merged - ...", "Expansion", "Other");
- CLOSED otherwise.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from core.text import is_ascii_number

from ..models import School
from .csv_files import open_csv
from .report import LoadSummary, ProblemList
from .saving import update_rows

OPEN_SCHOOLS_FILE = "gias_open_state_funded_schools_202507_urn_name_postcode.csv"
LINKS_FILE = "gias_links_edubasealldata20250422.csv"
OPEN_SCHOOL_COLUMNS = ("urn", "name")
LINK_COLUMNS = ("URN", "LinkURN", "LinkName", "LinkType", "LinkEstablishedDate")
UNCLEAR_LINK_TYPES = ("result of amalgamation", "merged", "expansion", "other")
MAX_SUCCESSIONS = 10


@dataclass(frozen=True)
class Successor:
    urn: int
    name: str
    established_on: datetime.date | None

    def order(self) -> tuple:
        """Most recently established first, then the lowest URN."""
        return (-(self.established_on or datetime.date.min).toordinal(), self.urn)


def schools_mark_later_status(
    *, open_schools_path: Path, links_path: Path, log: Callable[[str], None] = lambda message: None
) -> LoadSummary:
    """Set later_status (and successor_urn/successor_name) on every school, in one transaction."""
    summary = LoadSummary("later status")
    open_names = _read_open_schools(Path(open_schools_path), summary, log)
    successors, unclear = _read_links(Path(links_path), summary, log)

    counts = defaultdict(int)
    with transaction.atomic():
        changed = []
        for school_id, urn, *current in School.objects.values_list(
            "id", "urn", "later_status", "successor_urn", "successor_name"
        ):
            later = _later_status(urn, open_names, successors, unclear)
            counts[later[0]] += 1
            if tuple(current) == later:
                summary.unchanged += 1
            else:
                changed.append((school_id, list(later)))
        update_rows(School, changed, ["later_status", "successor_urn", "successor_name"])
        summary.changed = len(changed)
    summary.notes.append(
        "schools now: " + ", ".join(f"{label.lower()} {counts[value]:,}" for value, label in School.LaterStatus.choices)
    )
    return summary


def _later_status(
    urn: int, open_names: dict[int, str], successors: dict[int, list[Successor]], unclear: set[int]
) -> tuple[str, int | None, str]:
    if urn in open_names:
        return School.LaterStatus.OPEN, None, ""
    if successors.get(urn):
        successor = _open_successor(urn, open_names, successors) or min(successors[urn], key=Successor.order)
        name = open_names.get(successor.urn) or successor.name
        return School.LaterStatus.REPLACED, successor.urn, name[: School._meta.get_field("successor_name").max_length]
    if urn in unclear:
        return School.LaterStatus.UNKNOWN, None, ""
    return School.LaterStatus.CLOSED, None, ""


def _open_successor(urn: int, open_names: dict[int, str], successors: dict[int, list[Successor]]) -> Successor | None:
    """The first school open in 2025 reached by following successor links from `urn` (depth first, in order)."""
    seen = {urn}

    def walk(current: int, depth: int) -> Successor | None:
        for successor in sorted(successors.get(current, ()), key=Successor.order):
            if successor.urn in seen:
                continue
            seen.add(successor.urn)
            if successor.urn in open_names:
                return successor
            if depth < MAX_SUCCESSIONS and (found := walk(successor.urn, depth + 1)):
                return found
        return None

    return walk(urn, 1)


def _read_open_schools(path: Path, summary: LoadSummary, log: Callable[[str], None]) -> dict[int, str]:
    problems = ProblemList(path)
    names: dict[int, str] = {}
    for line, row in open_csv(path, required=OPEN_SCHOOL_COLUMNS).rows(problems, progress=log):
        summary.read += 1
        if not is_ascii_number(row["urn"]):
            problems.add(line, f"urn {row['urn']!r} is not a number")
            continue
        names[int(row["urn"])] = _undo_cyrillic_misreading(row["name"])
    problems.raise_if_any()
    return names


def _read_links(
    path: Path, summary: LoadSummary, log: Callable[[str], None]
) -> tuple[dict[int, list[Successor]], set[int]]:
    problems = ProblemList(path)
    successors: dict[int, list[Successor]] = defaultdict(list)
    unclear: set[int] = set()
    for line, row in open_csv(path, required=LINK_COLUMNS).rows(problems, progress=log):
        summary.read += 1
        if not (is_ascii_number(row["URN"]) and is_ascii_number(row["LinkURN"])):
            problems.add(line, f"URN {row['URN']!r} or LinkURN {row['LinkURN']!r} is not a number")
            continue
        established_on = None
        if row["LinkEstablishedDate"]:
            try:
                established_on = datetime.datetime.strptime(row["LinkEstablishedDate"], "%d-%m-%Y").date()
            except ValueError:
                problems.add(line, f"LinkEstablishedDate {row['LinkEstablishedDate']!r} is not a date (dd-mm-yyyy)")
                continue
        urn, link_type = int(row["URN"]), row["LinkType"].casefold()
        if link_type.startswith("successor"):
            successors[urn].append(Successor(int(row["LinkURN"]), row["LinkName"], established_on))
        elif link_type.startswith(UNCLEAR_LINK_TYPES):
            unclear.add(urn)
    problems.raise_if_any()
    return successors, unclear


def _undo_cyrillic_misreading(name: str) -> str:
    """DfE read GIAS as windows-1251 for the 2025 list, so "à" came out as Cyrillic "а": read those bytes back."""
    if not any("\u0400" <= character <= "\u04ff" for character in name):
        return name
    try:
        return name.encode("cp1251").decode("cp1252")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return name
