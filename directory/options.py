"""The option lists behind the search filters. Every visitor sees the same lists, so they are read once and cached,
under the directory's data version (core.page_cache): any saved change to what the pages show makes them be
read afresh, and the loaders that change regions, authorities, hub areas or specialisms call
`forget_filter_options()`. Each process also keeps the lists of the current version, so a request unpickles them
at most once."""

from dataclasses import dataclass, field

from django.core.cache import cache

from core.page_cache import data_version, directory_changed
from roles.models import FocusArea, Role
from schools.models import LocalAuthority, PhaseGroup, Region, School, TeachingSchoolHubArea

CACHE_KEY = "directory-filter-options-v3"
CACHE_SECONDS = 60 * 60

RADIUS_MILES = [1, 3, 5, 10, 15, 25, 50]
DEFAULT_RADIUS_MILES = 10


def miles_text(miles: int) -> str:
    """A radius in words: "1 mile", "10 miles"."""
    return f"{miles} mile{'' if miles == 1 else 's'}"


# The phases a person searches by, and the GIAS phases each covers (primary and secondary as grouped for everyone
# by schools.models.PHASE_GROUPS).
PHASES = {
    "primary": ("Primary", [phase for phase in School.Phase if phase.group == PhaseGroup.PRIMARY]),
    "secondary": ("Secondary", [phase for phase in School.Phase if phase.group == PhaseGroup.SECONDARY]),
    "middle": ("Middle", [School.Phase.MIDDLE_DEEMED_PRIMARY, School.Phase.MIDDLE_DEEMED_SECONDARY]),
    "all_through": ("All-through", [School.Phase.ALL_THROUGH]),
}

SORTS = {"distance": "Distance", "name": "Name", "recent": "Most recently designated"}
STATUSES = {"current": "Current designations only", "all": "Include ended designations and closed programmes"}


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    pk: int | None = None
    group: str = ""
    tag: str = ""


PHASE_OPTIONS = [Option(value, label) for value, (label, _) in PHASES.items()]

# Capacity: leaders who say they have days free for support this term (roles.models.Capacity).
AVAILABILITY = {"days_free": "Has days free this term"}
AVAILABILITY_OPTIONS = [Option(value, label) for value, label in AVAILABILITY.items()]


@dataclass(frozen=True)
class FilterOptions:
    regions: list[Option] = field(default_factory=list)
    local_authorities: list[Option] = field(default_factory=list)
    hub_areas: list[Option] = field(default_factory=list)
    roles: list[Option] = field(default_factory=list)
    specialisms: list[Option] = field(default_factory=list)

    def by_value(self, name: str) -> dict[str, Option]:
        return {option.value: option for option in getattr(self, name)}

    def grouped(self, name: str) -> list[tuple[str, list[Option]]]:
        groups: dict[str, list[Option]] = {}
        for option in getattr(self, name):
            groups.setdefault(option.group, []).append(option)
        return list(groups.items())


def _read_filter_options() -> FilterOptions:
    return FilterOptions(
        regions=[Option(r.code, r.name, r.pk) for r in Region.objects.order_by("name")],
        local_authorities=[
            Option(la.dfe_code, la.name, la.pk, group=la.region.name)
            for la in LocalAuthority.objects.select_related("region")
            .filter(schools__isnull=False)
            .distinct()
            .order_by("region__name", "name")
        ],
        hub_areas=[
            Option(area.code, f"{area.hub_name} ({area.code})", area.pk, group=area.region.name)
            for area in TeachingSchoolHubArea.objects.select_related("region").order_by("region__name", "hub_name")
        ],
        roles=[
            Option(
                role.code,
                role.plural_name,
                tag=role.programme_status.text if role.programme_status else "",
            )
            for role in Role.objects.order_by("position")
        ],
        specialisms=[
            Option(specialism.slug, specialism.name, specialism.pk, group=area.name)
            for area in FocusArea.objects.prefetch_related("specialisms").order_by("position")
            for specialism in area.specialisms.all()
        ],
    )


_in_process: dict[str, FilterOptions] = {}


def filter_options() -> FilterOptions:
    version = data_version()
    if (known := _in_process.get(version)) is not None:
        return known
    chosen = cache.get_or_set(f"{CACHE_KEY}:{version}", _read_filter_options, CACHE_SECONDS)
    _in_process.clear()
    _in_process[version] = chosen
    return chosen


def forget_filter_options() -> None:
    _in_process.clear()
    directory_changed()
