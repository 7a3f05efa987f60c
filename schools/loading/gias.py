"""The two layouts of GIAS establishment files we read, and how their values map to ours.

- The 2022 extract (gias_2022_state_funded_mainstream_schools.csv.gz): lower_snake headers, ISO dates, UTF-8.
- A real GIAS download (edubasealldata*.csv, from "Download data" on get-information-schools.service.gov.uk):
  the GIAS headers ("URN", "LA (code)", "PhaseOfEducation (name)", ...), dd-mm-yyyy dates, Windows-1252.

Which rows we keep (the directory covers state-funded schools in England, open or proposed to open):
- Welsh establishments are skipped ("in Wales").
- Independent schools, non-maintained and independent special schools are skipped ("independent school").
- Colleges, universities and "other types" (secure units, offshore and online providers, ...) are skipped
  ("college, university or other provider").
- Closed establishments are skipped ("closed"), unless the school is already in the directory: then it is updated
  (its GIAS status becomes closed, with its close date), so a refresh from a national download records closures.
Skipped rows are counted in the summary; they are not errors. Every other row must be well formed.
"""

import re
from dataclasses import dataclass

from ..models import School


@dataclass(frozen=True)
class GiasLayout:
    name: str
    date_pattern: re.Pattern  # with groups named year, month and day
    date_example: str
    columns: dict[str, str]  # our name -> the file's header

    @property
    def key_column(self) -> str:
        return self.columns["urn"]


EXTRACT_2022 = GiasLayout(
    name="2022 GIAS extract",
    date_pattern=re.compile(r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"),
    date_example="yyyy-mm-dd",
    columns={
        "urn": "urn",
        "la_code": "la_code",
        "name": "establishment_name",
        "establishment_type": "establishment_type",
        "establishment_type_group": "establishment_type_group",
        "gias_status": "establishment_status",
        "opened_on": "open_date",
        "closed_on": "close_date",
        "phase": "education_phase",
        "statutory_low_age": "statutory_low_age",
        "statutory_high_age": "statutory_high_age",
        "ofsted_rating": "ofsted_rating",
        "ofsted_inspected_on": "ofsted_last_insp",
        "street": "street",
        "locality": "locality",
        "address3": "address3",
        "town": "town",
        "county": "county",
        "postcode": "postcode",
        "website": "school_website",
        "telephone": "telephone_num",
        "region_name": "gor",
        "district_name": "administrative_district",
        "easting": "easting",
        "northing": "northing",
    },
)

GIAS_DOWNLOAD = GiasLayout(
    name="GIAS download",
    date_pattern=re.compile(r"(?P<day>[0-9]{2})-(?P<month>[0-9]{2})-(?P<year>[0-9]{4})"),
    date_example="dd-mm-yyyy",
    columns={
        "urn": "URN",
        "la_code": "LA (code)",
        "name": "EstablishmentName",
        "establishment_type": "TypeOfEstablishment (name)",
        "establishment_type_group": "EstablishmentTypeGroup (name)",
        "gias_status": "EstablishmentStatus (name)",
        "opened_on": "OpenDate",
        "closed_on": "CloseDate",
        "phase": "PhaseOfEducation (name)",
        "statutory_low_age": "StatutoryLowAge",
        "statutory_high_age": "StatutoryHighAge",
        "ofsted_rating": "OfstedRating (name)",
        "ofsted_inspected_on": "OfstedLastInsp",
        "street": "Street",
        "locality": "Locality",
        "address3": "Address3",
        "town": "Town",
        "county": "County (name)",
        "postcode": "Postcode",
        "website": "SchoolWebsite",
        "telephone": "TelephoneNum",
        "region_name": "GOR (name)",
        "district_name": "DistrictAdministrative (name)",
        "easting": "Easting",
        "northing": "Northing",
    },
)

LAYOUTS = (EXTRACT_2022, GIAS_DOWNLOAD)


def detect_layout(header: list[str]) -> GiasLayout | None:
    """The layout whose URN column the header has (the columns it lacks are reported by the loader)."""
    for layout in LAYOUTS:
        if layout.key_column in header:
            return layout
    return None


# GIAS values, compared case-insensitively.
PHASES = {
    "primary": School.Phase.PRIMARY,
    "middle deemed primary": School.Phase.MIDDLE_DEEMED_PRIMARY,
    "middle deemed secondary": School.Phase.MIDDLE_DEEMED_SECONDARY,
    "secondary": School.Phase.SECONDARY,
    "all-through": School.Phase.ALL_THROUGH,
    "nursery": School.Phase.NURSERY,
    "16 plus": School.Phase.SIXTEEN_PLUS,
    "not applicable": School.Phase.NOT_APPLICABLE,
}

OFSTED_RATINGS = {
    "outstanding": School.OfstedRating.OUTSTANDING,
    "good": School.OfstedRating.GOOD,
    "requires improvement": School.OfstedRating.REQUIRES_IMPROVEMENT,
    "inadequate": School.OfstedRating.INADEQUATE,
    # GIAS names the two inadequate categories rather than the grade.
    "serious weaknesses": School.OfstedRating.INADEQUATE,
    "special measures": School.OfstedRating.INADEQUATE,
    "not reported": School.OfstedRating.NOT_REPORTED,
    "": School.OfstedRating.NOT_REPORTED,
}

GIAS_STATUSES = {
    "open": School.GiasStatus.OPEN,
    "open, but proposed to close": School.GiasStatus.PROPOSED_TO_CLOSE,
    "closed": School.GiasStatus.CLOSED,
    "proposed to open": School.GiasStatus.PROPOSED_TO_OPEN,
}

# Establishment type groups (GIAS code list), and why a row outside the directory is skipped.
COVERED_TYPE_GROUPS = {
    "local authority maintained schools",
    "academies",
    "free schools",
    "special schools",
}
SKIPPED_TYPE_GROUPS = {
    "welsh schools": "in Wales",
    "independent schools": "independent school",
    "colleges": "college, university or other provider",
    "universities": "college, university or other provider",
    "other types": "college, university or other provider",
    "online provider": "college, university or other provider",
}
# Special schools that are not state-funded.
SKIPPED_TYPES = {
    "non-maintained special school": "independent school",
    "other independent special school": "independent school",
}
WALES_REGION_NAMES = {"wales (pseudo)", "wales"}


def reason_to_skip(*, type_group: str, establishment_type: str, region_name: str) -> str | None:
    """Why the directory leaves this establishment out, or None if it covers it. Raises KeyError for a type group
    GIAS does not have."""
    group = type_group.casefold()
    if region_name.casefold() in WALES_REGION_NAMES:
        return SKIPPED_TYPE_GROUPS["welsh schools"]
    if group in SKIPPED_TYPE_GROUPS:
        return SKIPPED_TYPE_GROUPS[group]
    if group not in COVERED_TYPE_GROUPS:
        raise KeyError(type_group)
    return SKIPPED_TYPES.get(establishment_type.casefold())
