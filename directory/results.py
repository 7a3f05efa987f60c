"""What the results page and the downloads show of each listing, the selected-filter tags, and the
"no results" alternatives."""

import datetime
import urllib.parse
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.http import urlencode

from core import page_cache
from core.urls import reverse_once

from . import options, selectors

# The filters a person can drop from a search that found nothing, in the order we suggest them.
DROPPABLE_FILTERS = {
    "specialism": "SLE specialism",
    "role": "role",
    "phase": "phase",
    "availability": "days free this term",
    "q": "name, school or URN",
    "la": "local authority",
    "hub_area": "teaching school hub area",
    "region": "region",
}
MAX_ALTERNATIVES = 4


@dataclass
class ResultRow:
    listing: object
    name: str
    url: str
    roles: list = field(default_factory=list)
    specialisms: list = field(default_factory=list)
    national_support_schools: list = field(default_factory=list)
    distance_miles: float | None = None
    ask_url: str = ""
    is_demo: bool = False

    @property
    def is_current(self) -> bool:
        return any(entry.is_current for entry in self.roles)

    @classmethod
    def build(cls, listing, today: datetime.date) -> "ResultRow":
        roles = selectors.result_roles(listing, today)
        role_codes = {entry.role.code for entry in roles}
        current_role_codes = {entry.role.code for entry in roles if entry.is_current}
        return cls(
            listing=listing,
            name=listing.name,
            url=selectors.listing_url(listing, role_codes),
            roles=roles,
            specialisms=listing.current_specialisms,
            national_support_schools=selectors.result_national_support_schools(listing, today),
            distance_miles=selectors.distance_miles(listing),
            ask_url=selectors.ask_url(listing, current_role_codes),
            is_demo=selectors.is_demo_listing(listing),
        )


def public_record(row: ResultRow | None) -> dict:
    """The public fields of one result, for CSV and JSON. With None, the empty record (for the CSV header)."""
    listing = row.listing if row else None
    leader = listing.leader if listing and listing.kind == listing.Kind.LEADER else None
    return {
        "name": row.name if row else "",
        "kind": listing.get_kind_display() if listing else "",
        "roles": "; ".join(
            entry.role.name + ("" if entry.is_current else " (ended)") for entry in (row.roles if row else [])
        ),
        "sle_specialisms": "; ".join(row.specialisms if row else []),
        "national_support_school": "; ".join(
            f"{school.name} (URN {school.urn})" for school in (row.national_support_schools if row else [])
        ),
        "job_title": leader.job_title if leader and leader.job_title_is_public else "",
        "school": listing.school_name if listing else "",
        "urn": listing.urn if listing else "",
        "local_authority": listing.local_authority.name if listing else "",
        "email": leader.email if leader and leader.email_is_public else "",
        "telephone": leader.telephone if leader and leader.telephone_is_public else "",
        "distance_miles": round(row.distance_miles, 1) if row and row.distance_miles is not None else "",
        "page": row.url if row else "",
        "demo": ("yes" if row.is_demo else "no") if row else "",  # invented for the demonstration
    }


def _labels(filterset) -> dict[str, dict[str, str]]:
    chosen = filterset.options
    return {
        "region": {o.value: o.label for o in chosen.regions},
        "la": {o.value: o.label for o in chosen.local_authorities},
        "hub_area": {o.value: o.label for o in chosen.hub_areas},
        "role": {o.value: o.label for o in chosen.roles},
        "specialism": {o.value: o.label for o in chosen.specialisms},
        "phase": {value: label for value, (label, _) in options.PHASES.items()},
        "availability": options.AVAILABILITY,
        "status": options.STATUSES,
    }


def _key(query: QueryDict) -> str:
    """The search a query asks for, whatever the order of its parameters."""
    return urlencode(sorted((name, sorted(values)) for name, values in query.lists() if name != "page"), doseq=True)


def _pairs(query: QueryDict) -> list[tuple[str, str]]:
    return [(name, value) for name, values in query.lists() for value in values]


def query_from_first_page(query: QueryDict | list[tuple[str, str]]) -> str:
    """The query string (with its "?", or empty) of this query (a QueryDict or its (name, value) pairs) without its
    page: for the first page of its results, and for their downloads."""
    pairs = _pairs(query) if isinstance(query, QueryDict) else query
    encoded = urllib.parse.urlencode([(name, value) for name, value in pairs if name != "page"])
    return f"?{encoded}" if encoded else ""


def search_url(query: QueryDict | list[tuple[str, str]]) -> str:
    """The results page for this query, from its first page."""
    return reverse_once("directory:search") + query_from_first_page(query)


def selected_filters(query: QueryDict, filterset) -> list[dict]:
    """The chosen filters as MOJ "selected filters" categories, each value with a link that removes it."""
    labels = _labels(filterset)
    pairs = _pairs(query)
    categories = []
    for name, heading in [
        ("q", "Name, school or URN"),
        ("postcode", "Location"),
        ("region", "Region"),
        ("la", "Local authority"),
        ("hub_area", "Teaching school hub area"),
        ("role", "Role"),
        ("specialism", "SLE specialism"),
        ("phase", "Phase"),
        ("availability", "Capacity"),
        ("status", "Designation status"),
    ]:
        values = [value for value in query.getlist(name) if value.strip()]
        if name == "status":
            values = [value for value in values if value != "current"]
        items = []
        for value in values:
            removed = {(name, value)}
            if name == "postcode":
                removed |= {("radius", radius) for radius in query.getlist("radius")}
                if query.get("sort") == "distance":
                    removed |= {("sort", sort) for sort in query.getlist("sort")}
            remaining = [pair for pair in pairs if pair not in removed]
            if name == "postcode":
                location = filterset.location
                radius = options.miles_text(filterset.form.radius_miles)
                label = f"Within {radius} of {location.postcode if location else value}"
            else:
                label = labels.get(name, {}).get(value, value)
            items.append({"label": label, "remove_url": search_url(remaining)})
        if items:
            categories.append({"heading": heading, "items": items})
    return categories


def alternatives_for_no_results(query: QueryDict, filterset, *, count_up_to: int) -> list[dict]:
    """Searches close to one that found nothing, each with how many results it would give (counted no further than
    `count_up_to`: more is "more than"). At most MAX_ALTERNATIVES are counted, in one query, or two with a wider
    radius to count."""
    data = filterset.form.cleaned_data
    base = filterset.queryset
    location = filterset.location
    alternatives, left = [], MAX_ALTERNATIVES

    def offer(text, count, changed_query):
        if count:
            alternatives.append(
                {
                    "text": text,
                    "count": min(count, count_up_to),
                    "more_than": count > count_up_to,
                    "url": search_url(changed_query),
                }
            )

    if location is not None:
        wider = [radius for radius in options.RADIUS_MILES if radius > filterset.form.radius_miles]
        if wider:
            counts = selectors.radius_counts(filterset.apply(base, data), location, wider)
            left -= 1
            best = next((radius for radius in wider if counts[radius]), None)
            if best:
                widened = query.copy()
                widened["radius"] = str(best)
                offer(f"Search within {options.miles_text(best)}", counts[best], widened)
    candidates = [
        (name, f"Remove the {DROPPABLE_FILTERS[name]} filter") for name in DROPPABLE_FILTERS if data.get(name)
    ]
    if (data.get("status") or "current") == "current":
        candidates.append(("status", "Include ended designations and closed programmes"))
    changes = []
    for name, text in candidates[:left]:
        changed = query.copy()
        if name == "status":
            changed_data = {**data, "status": "all"}
            changed["status"] = "all"
        else:
            changed_data = {**data, name: [] if isinstance(data[name], list) else ""}
            changed.pop(name, None)
        changes.append((text, changed, filterset.terms(changed_data, location=location)))
    # Each count kept per version of the data and day, under the search it counts: many searches that find nothing
    # offer the same one (an SLE specialism anywhere, once a local authority's filter is removed).
    day = filterset.today.isoformat()
    counts = page_cache.remembered_each(
        [f"directory-search-count-{count_up_to}-{day}:{_key(changed)}" for _, changed, _ in changes],
        lambda missing: selectors.counts_up_to([changes[index][2] for index in missing], count_up_to),
        page_cache.PAGE_SECONDS,
    )
    for (text, changed, _), count in zip(changes, counts, strict=True):
        offer(text, count, changed)
    return alternatives
