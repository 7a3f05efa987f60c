"""Loading schools from a GIAS establishment file (the 2022 extract, or a real GIAS download: see gias.py)."""

import datetime
import re
from collections.abc import Callable
from pathlib import Path

from django.db import transaction

from schools.signals import schools_bulk_changed

from ..models import LocalAuthority, School, TeachingSchoolHubArea
from . import gias
from .csv_files import CsvFile, open_csv
from .hub_areas import hub_areas_link_lead_schools
from .report import LoadSummary, ProblemList, refuse
from .saving import current_rows, save_differences

URN_PATTERN = re.compile(r"[0-9]{1,7}")
INTEGER_PATTERN = re.compile(r"[0-9]+")
MAX_EASTING = 700_000
MAX_NORTHING = 1_300_000

# Fields taken from the file as they are (stripped). Required ones must not be blank.
TEXT_FIELDS = (
    "name",
    "establishment_type",
    "establishment_type_group",
    "street",
    "locality",
    "address3",
    "town",
    "county",
    "postcode",
    "district_name",
    "website",
    "telephone",
)
REQUIRED_TEXT_FIELDS = ("name", "establishment_type", "establishment_type_group")
# Every field a GIAS file sets (hub_area and later_status are set by the other loaders).
SCHOOL_FIELDS = (
    "urn",
    "gias_status",
    *TEXT_FIELDS,
    "local_authority_id",
    "region_id",
    "phase",
    "ofsted_rating",
    "opened_on",
    "closed_on",
    "ofsted_inspected_on",
    "statutory_low_age",
    "statutory_high_age",
    "easting",
    "northing",
)


def schools_load(
    *, path: Path, encoding: str | None = None, log: Callable[[str], None] = lambda message: None
) -> LoadSummary:
    """Create or update the schools a GIAS file describes, in one transaction; nothing is written if any row is
    bad. Schools in the database that the file does not name are left as they are. At the end, hub areas whose
    lead school has just been loaded are linked to it."""
    path = Path(path)
    csv_file = open_csv(path, encoding=encoding)
    layout = gias.detect_layout(csv_file.header)
    if layout is None:
        raise refuse(path, "the header has neither 'urn' (2022 extract) nor 'URN' (GIAS download)", line=1)
    missing = [column for column in layout.columns.values() if column not in csv_file.header]
    if missing:
        raise refuse(path, f"the header lacks the column(s) {', '.join(missing)} ({layout.name})", line=1)
    log(f"Reading {path.name}: {layout.name}, {csv_file.encoding}")

    authorities = {
        dfe_code: (authority_id, region_id)
        for dfe_code, authority_id, region_id in LocalAuthority.objects.values_list("dfe_code", "id", "region_id")
    }
    if not authorities:
        raise refuse(path, "there are no local authorities in the database: run load_geography first")

    with transaction.atomic():
        existing = current_rows(School.objects.all(), key="urn", fields=SCHOOL_FIELDS)
        summary = LoadSummary("schools")
        wanted = _read_schools(
            csv_file, layout, authorities=authorities, known_urns=existing.keys(), summary=summary, log=log
        )
        save_differences(School, existing=existing, wanted=wanted, summary=summary)
        linked = hub_areas_link_lead_schools()
        if summary.created or summary.changed:
            transaction.on_commit(lambda: schools_bulk_changed.send(sender=School))
    left_alone = len(existing.keys() - wanted.keys())
    if left_alone:
        summary.notes.append(f"{left_alone:,} schools in the database are not in this file (left as they are)")
    if linked:
        summary.notes.append(f"{linked} hub areas linked to their lead school")
    if summary.created and TeachingSchoolHubArea.objects.exists():
        summary.notes.append("run load_hub_areas to place the new schools in their hub areas")
    return summary


def _read_schools(
    csv_file: CsvFile,
    layout: gias.GiasLayout,
    *,
    authorities: dict[str, tuple[int, int]],
    known_urns,
    summary: LoadSummary,
    log: Callable[[str], None],
) -> dict[int, dict]:
    problems = ProblemList(csv_file.path)
    wanted: dict[int, dict] = {}
    first_line: dict[int, int] = {}
    for line, row in csv_file.rows(problems, columns=layout.columns.values(), progress=log):
        summary.read += 1
        reader = _SchoolRow(layout, line, row, problems)
        urn = reader.urn()
        if urn is None:
            continue
        if urn in first_line:
            problems.add(line, f"URN {urn} appears twice in the file (first on line {first_line[urn]})")
            continue
        first_line[urn] = line
        try:
            skip = gias.reason_to_skip(
                type_group=reader.raw("establishment_type_group"),
                establishment_type=reader.raw("establishment_type"),
                region_name=reader.raw("region_name"),
            )
        except KeyError:
            reader.problem("establishment_type_group", "is not a GIAS establishment type group")
            continue
        if skip:
            summary.skipped[skip] += 1
            continue
        status = reader.choice("gias_status", gias.GIAS_STATUSES)
        if status == School.GiasStatus.CLOSED and urn not in known_urns:
            summary.skipped["closed"] += 1
            continue
        values = reader.school_values(authorities)
        if values is not None and status is not None:
            wanted[urn] = {"urn": urn, "gias_status": status, **values}
    problems.raise_if_any()
    if not summary.read:
        raise refuse(csv_file.path, "the file has a header but no schools")
    return wanted


class _SchoolRow:
    """One row of a GIAS file, read field by field; each bad value is added to `problems`."""

    def __init__(self, layout: gias.GiasLayout, line: int, row: dict, problems: ProblemList):
        self.layout = layout
        self.line = line
        self.row = row
        self.problems = problems
        self.ok = True

    def raw(self, key: str) -> str:
        return self.row[self.layout.columns[key]]

    def problem(self, key: str, reason: str) -> None:
        self.ok = False
        self.problems.add(self.line, f"{self.layout.columns[key]} {self.raw(key)!r} {reason}")

    def urn(self) -> int | None:
        value = self.raw("urn")
        if not value:
            self.ok = False
            self.problems.add(self.line, f"{self.layout.columns['urn']} is missing")
            return None
        if not URN_PATTERN.fullmatch(value):
            self.problem("urn", "is not a URN (up to 7 digits)")
            return None
        return int(value)

    def choice(self, key: str, mapping: dict[str, str]):
        value = self.raw(key)
        if value.casefold() not in mapping:
            self.problem(key, "is not a value we know")
            return None
        return mapping[value.casefold()]

    def date(self, key: str) -> datetime.date | None:
        value = self.raw(key)
        if not value:
            return None
        match = self.layout.date_pattern.fullmatch(value)
        try:
            return datetime.date(int(match["year"]), int(match["month"]), int(match["day"]))
        except (TypeError, ValueError):  # no match, or no such day
            self.problem(key, f"is not a date ({self.layout.date_example})")
            return None

    def integer(self, key: str, *, maximum: int) -> int | None:
        value = self.raw(key)
        if not value:
            return None
        if not INTEGER_PATTERN.fullmatch(value) or int(value) > maximum:
            self.problem(key, f"is not a whole number from 0 to {maximum:,}")
            return None
        return int(value)

    def text(self, key: str, *, required: bool) -> str:
        value = self.raw(key)
        max_length = School._meta.get_field(key).max_length
        if required and not value:
            self.ok = False
            self.problems.add(self.line, f"{self.layout.columns[key]} is missing")
        elif len(value) > max_length:
            self.problem(key, f"is longer than {max_length} characters")
        return value

    def school_values(self, authorities: dict[str, tuple[int, int]]) -> dict | None:
        """The school's fields (apart from URN and GIAS status), or None if any is bad."""
        values = {key: self.text(key, required=key in REQUIRED_TEXT_FIELDS) for key in TEXT_FIELDS}
        la_code = self.raw("la_code")
        if la_code in authorities:
            values["local_authority_id"], values["region_id"] = authorities[la_code]
        elif not la_code:
            self.ok = False
            self.problems.add(self.line, f"{self.layout.columns['la_code']} is missing")
        else:
            self.problem("la_code", "is not a local authority we know (has load_geography been run?)")
        values["phase"] = self.choice("phase", gias.PHASES)
        values["ofsted_rating"] = self.choice("ofsted_rating", gias.OFSTED_RATINGS)
        for key in ("opened_on", "closed_on", "ofsted_inspected_on"):
            values[key] = self.date(key)
        for key in ("statutory_low_age", "statutory_high_age"):
            values[key] = self.integer(key, maximum=99)
        values["easting"] = self.integer("easting", maximum=MAX_EASTING)
        values["northing"] = self.integer("northing", maximum=MAX_NORTHING)
        if not self.ok:
            return None

        if (values["easting"] is None) != (values["northing"] is None):
            self.problems.add(self.line, "has an easting or a northing but not both")
            return None
        if values["opened_on"] and values["closed_on"] and values["closed_on"] < values["opened_on"]:
            self.problems.add(self.line, f"closes ({values['closed_on']}) before it opens ({values['opened_on']})")
            return None
        low, high = values["statutory_low_age"], values["statutory_high_age"]
        if low is not None and high is not None and high < low:
            self.problems.add(self.line, f"statutory high age {high} is below the low age {low}")
            return None
        return values
