"""The 87 teaching school hub areas, the districts each covers, and the hub area of every school.

Sources (in SHARED_DATA_DIR): tsh_areas_districts.csv (areas and their districts, in DfE's order) and
tsh_lead_schools_by_area.csv (each area's lead school URN and hub name). Districts are matched to their upper-tier
local authority through the ward/LAD/LA hierarchy (see districts.py).

A school's hub area comes from its GIAS administrative district:
1. the hub areas covering a district of that name (DfE names a few districts its own way: see HUB_DISTRICT_LADS);
2. failing that, those covering the district that took it over (the 2022 extract still names Allerdale, Harrogate,
   Mendip ... which became Cumberland, North Yorkshire, Somerset in 2023);
3. failing that, those covering any district of the school's local authority.
Where more than one area covers the district, we choose deterministically:
- Birmingham North/South and East Suffolk N/S.: the school goes to the northern area if its northing is at or
  above the median northing of the district's schools, else to the southern one (the two halves hold about as many
  schools each; the nearest lead school would give Birmingham North, led from Sutton Coldfield, only 28 of 383).
- North Yorkshire E./S./W. and Cornwall (SW8 and SW11): the school goes to the candidate area whose lead school is
  nearest (straight-line distance on the British National Grid), which sends Scarborough and Ryedale east, Selby
  south, Craven, Harrogate and Richmondshire west. An area whose lead school has no grid reference in our data (it
  opened after the 2022 extract, or is a special school) is placed at the mean grid reference of the schools it
  alone covers.
Ties, and schools without a grid reference, go to the first area code in order, so the result never depends on
the order of rows.
"""

import math
import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from core.text import is_ascii_number
from schools.signals import schools_bulk_changed

from ..models import HubAreaDistrict, LocalAuthority, Region, School, TeachingSchoolHubArea
from .csv_files import open_csv
from .districts import DistrictGeography, district_key, read_district_geography
from .report import LoadSummary, ProblemList
from .saving import current_rows, save_differences, update_rows

AREAS_FILE = "tsh_areas_districts.csv"
LEAD_SCHOOLS_FILE = "tsh_lead_schools_by_area.csv"
AREA_COLUMNS = ("tsh_region_code", "dfe_region_group", "district_order", "district_name")
LEAD_SCHOOL_COLUMNS = ("tsh_region_code", "lead_school_urn", "hub_name_in_source")
AREA_CODE_PATTERN = re.compile(r"(EE|EM|L|NE|NW|SE|SW|WM|YH)[0-9]{1,2}")
AREA_FIELDS = ("code", "hub_name", "lead_school_urn", "region_id", "lead_school_id")
DISTRICT_FIELDS = ("hub_area_id", "position", "name", "local_authority_id")

# The district names DfE's hub area list gives that are not ONS district (LAD) names, and the LAD each lies in.
# Birmingham, East Suffolk and North Yorkshire are split between hub areas; the rest are short names.
HUB_DISTRICT_LADS = {
    "Birmingham North": "Birmingham",
    "Birmingham South": "Birmingham",
    "East Suffolk N": "East Suffolk",
    "East Suffolk S.": "East Suffolk",
    "North Yorkshire E.": "North Yorkshire",
    "North Yorkshire S.": "North Yorkshire",
    "North Yorkshire W.": "North Yorkshire",
    "Bristol": "Bristol, City of",
    "Herefordshire": "Herefordshire, County of",
    "Kingston upon Hull": "Kingston upon Hull, City of",
}
# The split districts whose parts are a northern and a southern half (North Yorkshire's E./S./W. parts and Cornwall's
# two areas go by the nearest lead school, which follows their shape better).
HUB_DISTRICT_HALVES = {
    "Birmingham North": "north",
    "Birmingham South": "south",
    "East Suffolk N": "north",
    "East Suffolk S.": "south",
}


def hub_area_district_lad(name: str) -> str:
    """The ONS district (LAD) name of a district as DfE's hub area list names it."""
    return HUB_DISTRICT_LADS.get(name, name)


def hub_areas_load(*, data_dir: Path, log: Callable[[str], None] = lambda message: None) -> list[LoadSummary]:
    """Load the hub areas and their districts, then set every school's hub area, in one transaction."""
    data_dir = Path(data_dir)
    log(f"Reading {LEAD_SCHOOLS_FILE}, {AREAS_FILE} and the district geography")
    geography = read_district_geography(data_dir)
    regions = {name.casefold(): region_id for name, region_id in Region.objects.values_list("name", "id")}
    area_summary = LoadSummary("hub areas")
    district_summary = LoadSummary("hub area districts")
    areas, districts = _read_areas(
        data_dir, regions=regions, area_summary=area_summary, district_summary=district_summary
    )
    authorities = dict(LocalAuthority.objects.values_list("dfe_code", "id"))

    with transaction.atomic():
        school_ids = dict(School.objects.values_list("urn", "id"))
        for values in areas.values():
            values["lead_school_id"] = school_ids.get(values["lead_school_urn"])
        save_differences(
            TeachingSchoolHubArea,
            existing=current_rows(TeachingSchoolHubArea.objects.all(), key="code", fields=AREA_FIELDS),
            wanted=areas,
            summary=area_summary,
        )
        area_ids = dict(TeachingSchoolHubArea.objects.filter(code__in=areas).values_list("code", "id"))
        wanted_districts = {}
        unmatched = []
        for (code, position), name in districts.items():
            dfe_code = geography.dfe_code_of_district(hub_area_district_lad(name))
            if dfe_code not in authorities:
                unmatched.append(f"{name} ({code})")
            wanted_districts[(area_ids[code], position)] = {
                "hub_area_id": area_ids[code],
                "position": position,
                "name": name,
                "local_authority_id": authorities.get(dfe_code),
            }
        existing_districts = current_rows(
            HubAreaDistrict.objects.filter(hub_area_id__in=area_ids.values()),
            key=("hub_area_id", "position"),
            fields=DISTRICT_FIELDS,
        )
        stale = [district["id"] for key, district in existing_districts.items() if key not in wanted_districts]
        district_summary.removed, _ = HubAreaDistrict.objects.filter(id__in=stale).delete()
        save_differences(
            HubAreaDistrict, existing=existing_districts, wanted=wanted_districts, summary=district_summary
        )
        if unmatched:
            district_summary.notes.append(f"not matched to a local authority: {', '.join(unmatched)}")
        without_lead = sorted(code for code, values in areas.items() if values["lead_school_id"] is None)
        if without_lead:
            area_summary.notes.append(
                f"{len(without_lead)} lead schools are not among the loaded schools: {', '.join(without_lead)}"
            )
        school_summary = schools_assign_hub_areas(geography=geography)
        if school_summary.changed:
            transaction.on_commit(lambda: schools_bulk_changed.send(sender=School))
    return [area_summary, district_summary, school_summary]


def hub_areas_link_lead_schools() -> int:
    """Point each hub area at its lead school where that URN is a loaded school. Returns how many changed."""
    school_ids = dict(School.objects.values_list("urn", "id"))
    changed = [
        (area_id, [school_ids.get(urn)])
        for area_id, urn, lead_school_id in TeachingSchoolHubArea.objects.values_list(
            "id", "lead_school_urn", "lead_school_id"
        )
        if school_ids.get(urn) != lead_school_id
    ]
    update_rows(TeachingSchoolHubArea, changed, ["lead_school_id"])
    return len(changed)


def _read_areas(
    data_dir: Path, *, regions: dict[str, int], area_summary: LoadSummary, district_summary: LoadSummary
) -> tuple[dict[str, dict], dict[tuple[str, int], str]]:
    """The areas ({code: field values}) and their districts ({(code, position): name}), checked."""
    path = data_dir / LEAD_SCHOOLS_FILE
    problems = ProblemList(path)
    areas: dict[str, dict] = {}
    for line, row in open_csv(path, required=LEAD_SCHOOL_COLUMNS).rows(problems):
        area_summary.read += 1
        code, urn, hub_name = row["tsh_region_code"], row["lead_school_urn"], row["hub_name_in_source"]
        if not AREA_CODE_PATTERN.fullmatch(code):
            problems.add(line, f"{code!r} is not a hub area code")
        elif code in areas:
            problems.add(line, f"{code} appears twice")
        elif not is_ascii_number(urn):
            problems.add(line, f"{code}: lead_school_urn {urn!r} is not a number")
        elif not hub_name or len(hub_name) > TeachingSchoolHubArea._meta.get_field("hub_name").max_length:
            problems.add(line, f"{code}: the hub name is missing or too long")
        else:
            areas[code] = {"code": code, "hub_name": hub_name, "lead_school_urn": int(urn), "region_id": None}
    problems.raise_if_any()

    path = data_dir / AREAS_FILE
    problems = ProblemList(path)
    districts: dict[tuple[str, int], str] = {}
    names_seen: set[tuple[str, str]] = set()
    for line, row in open_csv(path, required=AREA_COLUMNS).rows(problems):
        district_summary.read += 1
        code, name, position = row["tsh_region_code"], row["district_name"], row["district_order"]
        region_id = regions.get(row["dfe_region_group"].casefold())
        if code not in areas:
            problems.add(line, f"hub area {code!r} is not in {LEAD_SCHOOLS_FILE}")
        elif region_id is None:
            problems.add(line, f"{code}: {row['dfe_region_group']!r} is not a region we know (run load_geography)")
        elif areas[code]["region_id"] not in (None, region_id):
            problems.add(line, f"{code} is given two regions")
        elif not is_ascii_number(position):
            problems.add(line, f"{code}: district_order {position!r} is not a number")
        elif not name or len(name) > HubAreaDistrict._meta.get_field("name").max_length:
            problems.add(line, f"{code}: the district name is missing or too long")
        elif (code, int(position)) in districts or (code, name) in names_seen:
            problems.add(line, f"{code}: district {position} {name!r} appears twice")
        else:
            areas[code]["region_id"] = region_id
            districts[(code, int(position))] = name
            names_seen.add((code, name))
    for code, values in areas.items():
        if values["region_id"] is None and not problems:
            problems.add(None, f"hub area {code} has no districts in {AREAS_FILE}")
    problems.raise_if_any()
    return areas, districts


def schools_assign_hub_areas(*, geography: DistrictGeography) -> LoadSummary:
    """Set every school's hub area from its district (see the module docstring). Call inside a transaction."""
    summary = LoadSummary("school hub areas")
    area_codes = dict(TeachingSchoolHubArea.objects.values_list("id", "code"))
    areas_by_district: dict[str, set[int]] = defaultdict(set)
    areas_by_authority: dict[int, set[int]] = defaultdict(set)
    half_of: dict[tuple[str, int], str] = {}  # (district key, area) -> "north" or "south"
    for area_id, name, authority_id in HubAreaDistrict.objects.values_list("hub_area_id", "name", "local_authority_id"):
        key = district_key(hub_area_district_lad(name))
        areas_by_district[key].add(area_id)
        if name in HUB_DISTRICT_HALVES:
            half_of[(key, area_id)] = HUB_DISTRICT_HALVES[name]
        if authority_id:
            areas_by_authority[authority_id].add(area_id)

    schools = list(
        School.objects.order_by("urn").values_list(
            "id", "district_name", "local_authority_id", "easting", "northing", "hub_area_id"
        )
    )
    placed_by = Counter()
    matches: dict[int, tuple[set[int], str | None]] = {}  # school -> (candidate areas, matched district key)
    for school_id, district_name, authority_id, _easting, _northing, _hub_area_id in schools:
        candidates, key, how = _candidate_areas(
            district_name,
            authority_id,
            geography,
            areas_by_district=areas_by_district,
            areas_by_authority=areas_by_authority,
        )
        placed_by[how] += 1
        matches[school_id] = (candidates, key)

    halves = _halves(schools, matches, half_of)
    points = _area_points(schools, matches)
    wanted: dict[int, int | None] = {}
    split = Counter()
    for school_id, _district_name, _authority_id, easting, northing, _hub_area_id in schools:
        candidates, key = matches[school_id]
        if key in halves and northing is not None and candidates == set(halves[key][1].values()):
            median, areas = halves[key]
            wanted[school_id] = areas["north" if northing >= median else "south"]
            split["the half of its district"] += 1
        else:
            wanted[school_id] = _nearest_area(candidates, easting, northing, points, area_codes)
            if len(candidates) > 1:
                split["the nearest lead school"] += 1

    changed = [
        (school_id, [wanted[school_id]])
        for school_id, *_rest, hub_area_id in schools
        if wanted[school_id] != hub_area_id
    ]
    update_rows(School, changed, ["hub_area_id"])
    summary.read = len(schools)
    summary.changed = len(changed)
    summary.unchanged = len(schools) - len(changed)
    summary.notes.append(
        "matched by " + ", ".join(f"{how} {count:,}" for how, count in placed_by.items() if how != "no hub area")
    )
    summary.notes.append(
        f"{sum(split.values()):,} schools in a district split between areas, placed by "
        + ", ".join(f"{how} {count:,}" for how, count in sorted(split.items()))
    )
    summary.notes.append(f"{placed_by['no hub area']:,} schools have no hub area")
    return summary


def _halves(
    schools: list[tuple], matches: dict[int, tuple[set[int], str | None]], half_of: dict[tuple[str, int], str]
) -> dict[str, tuple[float, dict[str, int]]]:
    """For each district split into a north and a south hub area: (the median northing of the district's schools,
    {"north": area, "south": area}), so that each half takes the schools on its side of the median."""
    northings: dict[str, list[int]] = defaultdict(list)
    for school_id, _district_name, _authority_id, _easting, northing, _hub_area_id in schools:
        candidates, key = matches[school_id]
        if northing is not None and len(candidates) == 2 and all((key, area) in half_of for area in candidates):
            northings[key].append(northing)
    halves = {}
    for key, values in northings.items():
        areas = {half: area for (district, area), half in half_of.items() if district == key}
        if set(areas) == {"north", "south"}:
            halves[key] = (statistics.median(values), areas)
    return halves


def _candidate_areas(
    district_name: str,
    authority_id: int,
    geography: DistrictGeography,
    *,
    areas_by_district: dict[str, set[int]],
    areas_by_authority: dict[int, set[int]],
) -> tuple[set[int], str | None, str]:
    """The areas a school may belong to, the district key they were matched by (None if by authority), and how."""
    if district_name:
        for step, key in enumerate(geography.names_over_time(district_name)):
            if key in areas_by_district:
                return areas_by_district[key], key, "district" if step == 0 else "the district that replaced it"
    if authority_id in areas_by_authority:
        return areas_by_authority[authority_id], None, "local authority"
    return set(), None, "no hub area"


def _area_points(
    schools: list[tuple], matches: dict[int, tuple[set[int], str | None]]
) -> dict[int, tuple[float, float]]:
    """Each area's reference point: its lead school's grid reference, else the mean of the schools it alone covers."""
    located = {
        school_id: (easting, northing) for school_id, _d, _a, easting, northing, _h in schools if easting is not None
    }
    points = {}
    for area_id, lead_school_id in TeachingSchoolHubArea.objects.values_list("id", "lead_school_id"):
        if lead_school_id in located:
            points[area_id] = located[lead_school_id]
    sums: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for school_id, (candidates, _key) in matches.items():
        if len(candidates) == 1 and school_id in located:
            (area_id,) = candidates
            total = sums[area_id]
            total[0] += located[school_id][0]
            total[1] += located[school_id][1]
            total[2] += 1
    for area_id, (eastings, northings, count) in sums.items():
        points.setdefault(area_id, (eastings / count, northings / count))
    return points


def _nearest_area(
    candidates: set[int],
    easting: int | None,
    northing: int | None,
    points: dict[int, tuple[float, float]],
    area_codes: dict[int, str],
) -> int | None:
    if not candidates:
        return None

    def distance(area_id: int) -> float:
        if easting is None or area_id not in points:
            return math.inf
        return math.dist((easting, northing), points[area_id])

    return min(candidates, key=lambda area_id: (distance(area_id), _code_order(area_codes[area_id])))


def _code_order(code: str) -> tuple[str, int]:
    """EE2 before EE10."""
    letters = code.rstrip("0123456789")
    return letters, int(code[len(letters) :])
