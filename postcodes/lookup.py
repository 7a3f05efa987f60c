"""Turning what a person typed into a postcode, and a postcode into a place on the British National Grid."""

import re
from dataclasses import dataclass

from core.prepared import prepared_read

from .distance import distance_metres
from .models import OutwardCode, Postcode

# The six UK postcode formats (A9, A99, A9A, AA9, AA99, AA9A, then 9AA), with the letters Royal Mail allows in
# each position. Every one of Code-Point Open's 1.74 million postcodes follows these rules.
_OUTWARD = (
    r"[A-PR-UWYZ][0-9][0-9]?"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][0-9]?"
    r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
    r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY]"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
FULL_POSTCODE = re.compile(rf"({_OUTWARD})({_INWARD})")
OUTWARD_CODE = re.compile(_OUTWARD)
INWARD_CODE = re.compile(_INWARD)


class PostcodeError(Exception):
    """Base for the errors a postcode search can show to a person; str() is the message to show."""

    def __init__(self, message: str, *, query: str):
        super().__init__(message)
        self.message = message
        self.query = query


class InvalidPostcode(PostcodeError, ValueError):
    """What was typed is not shaped like a postcode or an outward code."""


class PostcodeNotFound(PostcodeError, LookupError):
    """A well-formed postcode that Code-Point Open does not hold, or holds without a position."""


class PostcodeOutsideEngland(PostcodeError):
    """A postcode or outward code in Scotland or Wales: Code-Point Open covers Great Britain, this service England."""


# Postcode areas wholly in Scotland or Wales. Areas that cross the border are judged by district: only the districts
# listed as crossing it hold postcodes in England (TD15 is Berwick-upon-Tweed; NP16 and NP25 reach Gloucestershire
# and Herefordshire). CH, LD and SY hold many postcodes on both sides, so are never judged from the code alone.
_COUNTRY_OF_AREA = {
    **dict.fromkeys(
        ["AB", "DD", "DG", "EH", "FK", "G", "HS", "IV", "KA", "KW", "KY", "ML", "PA", "PH", "ZE"], "Scotland"
    ),
    **dict.fromkeys(["CF", "LL", "SA"], "Wales"),
}
_BORDER_AREAS = {
    "TD": ("Scotland", {"TD12", "TD15"}),
    "NP": ("Wales", {"NP7", "NP16", "NP25"}),
}
_AREA = re.compile(r"[A-Z]+")


def country_outside_england(postcode: str) -> str:
    """The country, Scotland or Wales, of a canonical postcode or outward code known to be there from its code
    alone; "" for England or a border district with postcodes on both sides."""
    outward = postcode.split(" ", 1)[0]
    area = _AREA.match(outward)[0]
    if area in _COUNTRY_OF_AREA:
        return _COUNTRY_OF_AREA[area]
    if area in _BORDER_AREAS:
        country, crossing = _BORDER_AREAS[area]
        return "" if outward in crossing else country
    return ""


def check_in_england(postcode: str, *, query: str | None = None) -> None:
    """Raise PostcodeOutsideEngland for a canonical postcode or outward code in Scotland or Wales."""
    if country := country_outside_england(postcode):
        raise PostcodeOutsideEngland(
            f"Enter a postcode in England: {postcode} is in {country}, and this service covers schools in England only",
            query=postcode if query is None else query,
        )


@dataclass(frozen=True)
class Location:
    """Where a search is centred."""

    query: str  # what the person typed
    postcode: str  # as shown back to them: the canonical postcode ("LS1 1AZ") or the outward code alone ("LS6")
    easting: int
    northing: int
    is_outward_code: bool

    def metres_to(self, easting: int, northing: int) -> float:
        return distance_metres(self.easting, self.northing, easting, northing)


def normalise_postcode(text: str | None) -> str:
    """Return the canonical form of a postcode ("SW1A 1AA") or outward code ("LS6"), or raise InvalidPostcode.

    Case and spacing do not matter ("sw1a1aa", " SW1A 1AA ", "sw1a  1aa" all give "SW1A 1AA"), but a space
    must fall between the outward and inward codes: "LS1 1" is refused, not read as LS11.
    """
    query = text or ""
    parts = query.upper().split()
    if not parts:
        raise InvalidPostcode("Enter a postcode", query=query)
    if len(parts) == 1:
        if match := FULL_POSTCODE.fullmatch(parts[0]):
            return f"{match[1]} {match[2]}"
        if OUTWARD_CODE.fullmatch(parts[0]):
            return parts[0]
    elif len(parts) == 2 and OUTWARD_CODE.fullmatch(parts[0]) and INWARD_CODE.fullmatch(parts[1]):
        return f"{parts[0]} {parts[1]}"
    raise InvalidPostcode("Enter a real postcode, like SW1A 1AA", query=query)


@prepared_read(str)
def _postcode_grid_reference(postcode):
    return Postcode.objects.filter(pk=postcode).values_list("easting", "northing")


@prepared_read(str)
def _outward_code_grid_reference(outward_code):
    return OutwardCode.objects.filter(pk=outward_code).values_list("easting", "northing")


def locate(text: str | None) -> Location:
    """The grid reference of a postcode, or of the centre of an outward code ("LS6"). One database query.

    Raises InvalidPostcode for something that is not a postcode, PostcodeOutsideEngland for one in Scotland or
    Wales, PostcodeNotFound for one we cannot place.
    """
    postcode = normalise_postcode(text)
    check_in_england(postcode, query=text or "")
    is_outward_code = " " not in postcode
    found = (_outward_code_grid_reference if is_outward_code else _postcode_grid_reference)(postcode)
    easting, northing = found[0] if found else (None, None)
    if easting is None or northing is None:
        raise PostcodeNotFound(f"We could not find the postcode {postcode}", query=text or "")
    return Location(
        query=text or "",
        postcode=postcode,
        easting=easting,
        northing=northing,
        is_outward_code=is_outward_code,
    )
