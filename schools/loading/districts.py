"""Local authority districts (LADs): which upper-tier authority each lies in, and which district took over from one
that was abolished (Allerdale became part of Cumberland in 2023, Hambleton part of North Yorkshire, ...).

Both come from DfE's ward/LAD/LA hierarchy (dfe_geog_ward_lad_la_pcon_hierarchy.csv, 2017 to 2024), with the
abolished districts named by dfe_geog_lads.csv (status "terminated"). A ward keeps its code when its district is
merged into a new one, so the district that took over an abolished one is the district most of its wards moved to.
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from core.text import is_ascii_number

from .csv_files import open_csv
from .report import ProblemList

WARDS_FILE = "dfe_geog_ward_lad_la_pcon_hierarchy.csv"
LADS_FILE = "dfe_geog_lads.csv"
LOCAL_AUTHORITIES_FILE = "dfe_geog_las.csv"
WARD_COLUMNS = (
    "first_available_year_included",
    "most_recent_year_included",
    "lad_name",
    "ward_code",
    "lad_code",
    "new_la_code",
)
MAX_SUCCESSIONS = 5  # Taunton Deane -> Somerset West and Taunton -> Somerset takes two


def district_key(name: str) -> str:
    return " ".join(name.casefold().split())


@dataclass
class DistrictGeography:
    # All keyed by district_key(LAD name).
    upper_tier_gss_code: dict[str, str] = field(default_factory=dict)  # in the latest year the district appears
    successor: dict[str, str] = field(default_factory=dict)  # abolished district -> the one that took it over
    # Every DfE 3-digit code by GSS code, terminated authorities included (Barnsley was E08000016 until 2025).
    dfe_code_of_gss_code: dict[str, str] = field(default_factory=dict)

    def names_over_time(self, name: str) -> list[str]:
        """The district's key, then the keys of the districts that took it over, in order."""
        keys = [district_key(name)]
        while keys[-1] in self.successor and len(keys) <= MAX_SUCCESSIONS:
            following = self.successor[keys[-1]]
            if following in keys:
                break
            keys.append(following)
        return keys

    def dfe_code_of_district(self, name: str) -> str | None:
        """The DfE code of the upper-tier authority the district lies in (now, if it was abolished)."""
        for key in reversed(self.names_over_time(name)):
            gss_code = self.upper_tier_gss_code.get(key)
            if gss_code in self.dfe_code_of_gss_code:
                return self.dfe_code_of_gss_code[gss_code]
        return None


def read_district_geography(data_dir: Path) -> DistrictGeography:
    data_dir = Path(data_dir)
    geography = DistrictGeography()

    lads_path = data_dir / LADS_FILE
    problems = ProblemList(lads_path)
    abolished = {
        district_key(row["lad_name"])
        for _line, row in open_csv(lads_path, required=("lad_name", "status")).rows(problems)
        if row["status"] == "terminated"
    }
    problems.raise_if_any()

    wards_path = data_dir / WARDS_FILE
    problems = ProblemList(wards_path)
    latest_year: dict[str, int] = {}
    ward_history: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for line, row in open_csv(wards_path, required=WARD_COLUMNS).rows(problems):
        if not row["lad_code"].startswith("E"):
            continue  # Scotland and Wales
        try:
            first_year = int(row["first_available_year_included"])
            last_year = int(row["most_recent_year_included"])
        except ValueError:
            problems.add(line, "the years are not numbers")
            continue
        key = district_key(row["lad_name"])
        if last_year >= latest_year.get(key, 0):
            latest_year[key] = last_year
            geography.upper_tier_gss_code[key] = row["new_la_code"]
        ward_history[row["ward_code"]].append((first_year, key))
    problems.raise_if_any()

    moves: dict[str, Counter] = defaultdict(Counter)
    for history in ward_history.values():
        history.sort()
        for (_year, before), (_later, after) in zip(history, history[1:], strict=False):
            if before != after and before in abolished:
                moves[before][after] += 1
    for before, counts in moves.items():
        # Most wards first; ties by name, so the choice never depends on file order.
        geography.successor[before] = min(counts, key=lambda after: (-counts[after], after))

    authorities_path = data_dir / LOCAL_AUTHORITIES_FILE
    problems = ProblemList(authorities_path)
    for _line, row in open_csv(authorities_path, required=("new_la_code", "old_la_code")).rows(problems):
        if is_ascii_number(row["old_la_code"]) and "/" not in row["new_la_code"]:
            geography.dfe_code_of_gss_code[row["new_la_code"]] = row["old_la_code"]
    problems.raise_if_any()
    return geography
