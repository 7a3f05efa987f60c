"""The 9 English regions and the upper-tier local authorities, from DfE's geography lists.

Sources (in SHARED_DATA_DIR):
- dfe_geog_regions.csv: region codes and names; only the E12 regions are kept (the E13 Inner/Outer London
  statistical areas are not regions of ours: London is E12000007).
- dfe_geog_las.csv: every authority, live or terminated, with its ONS (GSS) code, its DfE 3-digit code and its
  region (parent_geography_code). We load the live ones, leaving out the rows that combine two authorities
  ("E06000061 / E06000062") and the British Forces row (no region). We also load each terminated authority that the
  schools file still names (Cumbria, 909, which the 2022 extract uses for its schools; it was replaced on
  1 April 2023 by Cumberland, 942, and Westmorland and Furness, 943), with its termination date.

dfe_geog_region_la_hierarchy.csv and la_lookup_2022_clarelgibson.csv hold nothing for these authorities that
dfe_geog_las.csv lacks (the latter also splits London into E13 areas), so they are not read.
"""

import datetime
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from core.text import is_ascii_number

from ..models import LocalAuthority, Region
from .csv_files import open_csv
from .gias import detect_layout
from .report import LoadSummary, ProblemList, refuse
from .saving import current_rows, save_differences

REGIONS_FILE = "dfe_geog_regions.csv"
LOCAL_AUTHORITIES_FILE = "dfe_geog_las.csv"

REGION_COLUMNS = ("region_code", "region_name")
REGION_FIELDS = ("code", "name")
LOCAL_AUTHORITY_FIELDS = ("dfe_code", "gss_code", "name", "region_id", "terminated_on")
LOCAL_AUTHORITY_COLUMNS = (
    "new_la_code",
    "la_name",
    "date_of_termination",
    "parent_geography_code",
    "status",
    "old_la_code",
)


def geography_load(
    *, data_dir: Path, schools_path: Path, log: Callable[[str], None] = lambda message: None
) -> list[LoadSummary]:
    """Load the regions and local authorities (in one transaction). `schools_path` is the schools file that will be
    loaded next: terminated authorities it still names are loaded too."""
    regions_path = Path(data_dir) / REGIONS_FILE
    authorities_path = Path(data_dir) / LOCAL_AUTHORITIES_FILE
    log(f"Reading {REGIONS_FILE}, {LOCAL_AUTHORITIES_FILE} and the authorities {Path(schools_path).name} names")
    region_rows, region_summary = _read_regions(regions_path)
    named_codes = local_authority_codes_named_in(schools_path)
    authority_rows, authority_summary = _read_local_authorities(
        authorities_path, region_codes=set(region_rows), named_codes=named_codes
    )
    with transaction.atomic():
        save_differences(
            Region,
            existing=current_rows(Region.objects.all(), key="code", fields=REGION_FIELDS),
            wanted=region_rows,
            summary=region_summary,
        )
        region_ids = dict(Region.objects.values_list("code", "id"))
        wanted = {
            dfe_code: {name: value for name, value in values.items() if name != "region_code"}
            | {"region_id": region_ids[values["region_code"]]}
            for dfe_code, values in authority_rows.items()
        }
        save_differences(
            LocalAuthority,
            existing=current_rows(LocalAuthority.objects.all(), key="dfe_code", fields=LOCAL_AUTHORITY_FIELDS),
            wanted=wanted,
            summary=authority_summary,
        )
    not_named = sorted(set(named_codes) - set(LocalAuthority.objects.values_list("dfe_code", flat=True)))
    authority_summary.notes.append(
        f"{len(named_codes)} authorities are named by {Path(schools_path).name}"
        + (f"; not found in {LOCAL_AUTHORITIES_FILE}: {', '.join(not_named)}" if not_named else "")
    )
    return [region_summary, authority_summary]


def local_authority_codes_named_in(schools_path: Path) -> set[str]:
    """The DfE 3-digit LA codes a schools file (either GIAS layout) names, on any row."""
    csv_file = open_csv(schools_path)
    layout = detect_layout(csv_file.header)
    if layout is None:
        raise refuse(schools_path, "the header is neither the 2022 extract's nor a GIAS download's", line=1)
    column = layout.columns["la_code"]
    if column not in csv_file.header:
        raise refuse(schools_path, f"the header lacks the column {column}", line=1)
    problems = ProblemList(schools_path)  # row problems are reported by schools_load, not here
    return {row[column] for _line, row in csv_file.rows(problems, columns=[column]) if is_ascii_number(row[column])}


def _read_regions(path: Path) -> tuple[dict[str, dict], LoadSummary]:
    csv_file = open_csv(path, required=REGION_COLUMNS)
    summary = LoadSummary("regions")
    problems = ProblemList(path)
    regions: dict[str, dict] = {}
    for line, row in csv_file.rows(problems):
        summary.read += 1
        code, name = row["region_code"], row["region_name"]
        if not code.startswith("E12"):
            summary.skipped["not an E12 region"] += 1
        elif not name:
            problems.add(line, f"region {code} has no name")
        elif code in regions:
            problems.add(line, f"region {code} appears twice")
        else:
            regions[code] = {"code": code, "name": name}
    problems.raise_if_any()
    return regions, summary


def _read_local_authorities(
    path: Path, *, region_codes: set[str], named_codes: set[str]
) -> tuple[dict[str, dict], LoadSummary]:
    csv_file = open_csv(path, required=LOCAL_AUTHORITY_COLUMNS)
    summary = LoadSummary("local authorities")
    problems = ProblemList(path)
    live: dict[str, dict] = {}
    live_lines: dict[str, int] = {}
    terminated: list[dict] = []
    for line, row in csv_file.rows(problems):
        summary.read += 1
        dfe_code, gss_code = row["old_la_code"], row["new_la_code"]
        if "/" in dfe_code or "/" in gss_code:
            summary.skipped["a row combining two authorities"] += 1
            continue
        if not (is_ascii_number(dfe_code) and len(dfe_code) == 3):
            summary.skipped["no DfE 3-digit code"] += 1
            continue
        if not row["parent_geography_code"] and not gss_code.startswith("E"):
            summary.skipped["not an English authority"] += 1
            continue
        values = {
            "dfe_code": dfe_code,
            "gss_code": gss_code,
            "name": row["la_name"],
            "region_code": row["parent_geography_code"],
            "terminated_on": None,
        }
        if values["region_code"] not in region_codes:
            problems.add(line, f"{values['name']} ({dfe_code}): unknown region {values['region_code']!r}")
        elif row["status"] == "live":
            if dfe_code in live:
                problems.add(line, f"DfE code {dfe_code} is live twice (also on line {live_lines[dfe_code]})")
            live[dfe_code], live_lines[dfe_code] = values, line
        elif row["status"] == "terminated":
            try:
                values["terminated_on"] = datetime.datetime.strptime(row["date_of_termination"], "%d/%m/%Y").date()
            except ValueError:
                problems.add(line, f"bad date_of_termination {row['date_of_termination']!r} (expected dd/mm/yyyy)")
            terminated.append(values)
        else:
            problems.add(line, f"unknown status {row['status']!r}")
    problems.raise_if_any()

    authorities = dict(live)
    # Newest first: if a code was terminated twice, the authority that held it last is the one schools name.
    for values in sorted(terminated, key=lambda values: values["terminated_on"], reverse=True):
        dfe_code = values["dfe_code"]
        if dfe_code in live:
            summary.skipped["terminated, its code now live"] += 1  # e.g. North Yorkshire, 815, now a unitary
        elif dfe_code not in named_codes:
            summary.skipped["terminated, not named by the schools file"] += 1
        elif dfe_code in authorities:
            summary.skipped["terminated, an earlier holder of the code"] += 1
        else:
            authorities[dfe_code] = values
    return authorities, summary
