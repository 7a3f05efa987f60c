"""The search across every kind of system leader: one FilterSet over the directory listing."""

import copy
import datetime

import django_filters
from django import forms
from django.http import QueryDict
from django.utils import timezone

from core.prepared import custom_plans
from core.terms import term_containing
from postcodes.distance import Circle, distance_metres, miles_to_metres
from postcodes.lookup import PostcodeError, locate

from . import options, selectors
from .models import Listing


def _choices(name):
    # Each search sets its filters' choices from one read of the option lists (ListingFilter.__init__).
    return lambda: [(option.value, option.label) for option in getattr(options.filter_options(), name)]


# The filters whose choices are the cached option lists (directory.options): filter name -> list name.
OPTION_LISTS = {
    "region": "regions",
    "la": "local_authorities",
    "hub_area": "hub_areas",
    "role": "roles",
    "specialism": "specialisms",
}


def _invalid(what: str) -> dict:
    return {
        "invalid_choice": f"Select {what} from the list",
        "invalid_list": f"Select {what} from the list",
    }


class ListingSearchForm(forms.Form):
    """Words every problem for the person, and resolves the postcode once, so the filters can rely on it."""

    location = None

    def clean(self):
        cleaned = super().clean()
        postcode = (cleaned.get("postcode") or "").strip()
        if postcode and "postcode" not in self.errors:
            try:
                self.location = locate(postcode)
            except PostcodeError as error:
                self.add_error("postcode", error.message)
        if cleaned.get("radius") and not postcode and "postcode" not in self.errors:
            self.add_error("postcode", "Enter a postcode to search within a distance")
        if cleaned.get("sort") == "distance" and not postcode and "postcode" not in self.errors:
            self.add_error("sort", "Enter a postcode to sort by distance")
        return cleaned

    @property
    def radius_miles(self) -> int:
        return int(self.cleaned_data.get("radius") or options.DEFAULT_RADIUS_MILES)


class _FieldsCopiedLightly(dict):
    """A form's fields, copied for each form as Django copies them (each field, its widget, its attributes, error
    messages and validators) but for its choices, which the copies share: Django copies those too, one tuple at a
    time, and that was nine-tenths of copying the twelve fields for every search (0.19 ms). Choices are only ever
    replaced (ListingFilter sets each search's from the option lists), never changed in place."""

    def __deepcopy__(self, memo):
        return {name: _field_copy(field) for name, field in self.items()}


def _field_copy(field: forms.Field) -> forms.Field:
    copied = copy.copy(field)
    copied.widget = copy.copy(field.widget)
    copied.widget.attrs = field.widget.attrs.copy()
    copied.error_messages = field.error_messages.copy()
    copied.validators = field.validators[:]
    return copied


class ListingFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label="Name, school or URN",
        method="filter_nothing",
        max_length=100,
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    postcode = django_filters.CharFilter(label="Postcode", method="filter_nothing", max_length=20)
    radius = django_filters.ChoiceFilter(
        label="Distance",
        method="filter_nothing",
        choices=[(str(miles), f"Within {options.miles_text(miles)}") for miles in options.RADIUS_MILES],
        empty_label=None,
        error_messages=_invalid("a distance"),
    )
    region = django_filters.ChoiceFilter(
        label="Region", method="filter_nothing", choices=_choices("regions"), error_messages=_invalid("a region")
    )
    la = django_filters.MultipleChoiceFilter(
        label="Local authority",
        method="filter_nothing",
        choices=_choices("local_authorities"),
        error_messages=_invalid("local authorities"),
    )
    hub_area = django_filters.ChoiceFilter(
        label="Teaching school hub area",
        method="filter_nothing",
        choices=_choices("hub_areas"),
        error_messages=_invalid("a teaching school hub area"),
    )
    role = django_filters.MultipleChoiceFilter(
        label="Role", method="filter_nothing", choices=_choices("roles"), error_messages=_invalid("roles")
    )
    specialism = django_filters.MultipleChoiceFilter(
        label="SLE specialism",
        method="filter_nothing",
        choices=_choices("specialisms"),
        error_messages=_invalid("specialisms"),
    )
    phase = django_filters.MultipleChoiceFilter(
        label="Phase",
        method="filter_nothing",
        choices=[(value, label) for value, (label, _) in options.PHASES.items()],
        error_messages=_invalid("phases"),
    )
    availability = django_filters.MultipleChoiceFilter(
        label="Capacity",
        method="filter_nothing",
        choices=list(options.AVAILABILITY.items()),
        error_messages=_invalid("capacity"),
    )
    status = django_filters.ChoiceFilter(
        label="Designation status",
        method="filter_nothing",
        choices=list(options.STATUSES.items()),
        empty_label=None,
        error_messages=_invalid("a designation status"),
    )
    sort = django_filters.ChoiceFilter(
        label="Sort by",
        method="filter_nothing",
        choices=list(options.SORTS.items()),
        empty_label=None,
        error_messages=_invalid("a sort order"),
    )

    class Meta:
        model = Listing
        form = ListingSearchForm
        fields = [
            "q",
            "postcode",
            "radius",
            "region",
            "la",
            "hub_area",
            "role",
            "specialism",
            "phase",
            "availability",
            "status",
            "sort",
        ]

    def __init__(self, data=None, queryset=None, *, today: datetime.date | None = None, request=None, prefix=None):
        # What django-filter's FilterSet.__init__ does but one thing: it deep-copies the twelve filters for every
        # search, to give each this FilterSet as its parent (a tenth of a search's work). This FilterSet applies its
        # filters itself (filter_queryset) and builds its form class once per process, so its filters are read only
        # to build that class, and are shared.
        self.is_bound = data is not None
        self.data = data or QueryDict()
        self.queryset = queryset if queryset is not None else Listing.objects.all()
        self.request = request
        self.form_prefix = prefix
        self.filters = self.base_filters
        self.today = today or timezone.localdate()
        # Read the option lists once for this search: each validation would otherwise read them again. Only the
        # filters the search uses are validated, so only they are given their choices (about 280 options, a
        # noticeable part of a search's work when every filter was given them).
        self.options = options.filter_options()
        for name, list_name in OPTION_LISTS.items():
            if self.data is not None and name in self.data:
                self.form.fields[name].choices = [(o.value, o.label) for o in getattr(self.options, list_name)]

    @classmethod
    def _form_class_once(cls, build):
        if "_built_form_class" not in cls.__dict__:
            form_class = build()
            form_class.base_fields = _FieldsCopiedLightly(form_class.base_fields)
            cls._built_form_class = form_class
        return cls._built_form_class

    def get_form_class(self):
        # The form's fields are the same for every search (their choices are set on each form's own copies, or read
        # when validated), so the form class is built once per process rather than twelve fields and a class per
        # search.
        return self._form_class_once(super().get_form_class)

    def filter_nothing(self, queryset, name, value):
        # Filters depend on one another (status on role and specialism, radius on postcode), so
        # filter_queryset applies them together.
        return queryset

    @property
    def location(self):
        return self.form.location if self.is_bound and self.form.is_valid() else None

    @property
    def sort_order(self) -> str:
        chosen = self.form.cleaned_data.get("sort") if self.form.is_valid() else ""
        return chosen or ("distance" if self.location else "name")

    def filter_queryset(self, queryset):
        data = self.form.cleaned_data
        return self.apply(queryset, data, location=self.location)

    def apply(self, queryset, data: dict, *, location=None, radius_miles: int | None = None):
        """The filters in `data` (cleaned form data) applied to `queryset`. Also used to count alternatives."""
        return selectors.search_queryset(
            queryset, self.terms(data, location=location, radius_miles=radius_miles), kept=self._kept
        )

    def terms(self, data: dict, *, location=None, radius_miles: int | None = None) -> selectors.SearchTerms:
        """What the database compares for the filters in `data`: the chosen options' ids and codes, today, this term
        and the circle searched."""
        choice = self.options.by_value
        circle = None
        if location is not None:
            radius = miles_to_metres(radius_miles or int(data.get("radius") or options.DEFAULT_RADIUS_MILES))
            circle = Circle.around(location.easting, location.northing, radius)
        return selectors.SearchTerms(
            today=self.today,
            only_current=(data.get("status") or "current") == "current",
            role_codes=tuple(data.get("role") or ()),
            specialism_ids=tuple(choice("specialisms")[slug].pk for slug in data.get("specialism") or ()),
            region_id=choice("regions")[data["region"]].pk if data.get("region") else None,
            la_ids=tuple(choice("local_authorities")[code].pk for code in data.get("la") or ()),
            hub_area_id=choice("hub_areas")[data["hub_area"]].pk if data.get("hub_area") else None,
            phases=tuple(sorted({phase for value in data.get("phase") or () for phase in options.PHASES[value][1]})),
            days_free_term=(
                term_containing(self.today).starts_on if "days_free" in (data.get("availability") or []) else None
            ),
            text=(data.get("q") or "").strip(),
            circle=circle,
            sort=self.sort_order,
        )

    @property
    def _kept(self) -> dict:
        # The search's subqueries, kept for the alternatives to a search that finds nothing, which apply the same
        # filters four more times, each leaving one out.
        return self.__dict__.setdefault("_kept_subqueries", {})

    def first_ids(self, limit: int) -> list[int]:
        """The ids of the first `limit` results, in order, in one query: how many there are is the search's count (up
        to `limit`), and each page is a slice of them. The database sorts only ids; the rows are read by `rows()`."""
        return selectors.first_ids(self.terms(self.form.cleaned_data, location=self.location), limit)

    def rows(self, ids: list[int]) -> list:
        """The results with these ids, in the ids' order, with their roles and specialisms: one query."""
        by_pk = {row.pk: row for row in selectors.listings_with_ids(ids, self.today, self.options.specialisms)}
        return self._with_distance([by_pk[pk] for pk in ids if pk in by_pk])

    def every_result(self, chunk_size: int = 500):
        """Every result in order, for the downloads: the ordered ids in one query, then the rows `chunk_size` at a
        time. (Iterating the results directly would use a server-side cursor, which PostgreSQL plans for fetching
        the first rows fast: a scan of the whole listing in name order, however few rows match.)"""
        with custom_plans():  # as first_ids: the search's values decide its plan
            ids = list(self.qs.values_list("pk", flat=True))
        for start in range(0, len(ids), chunk_size):
            yield from self.rows(ids[start : start + chunk_size])

    def _with_distance(self, listings: list) -> list:
        """Each listing's squared distance from the searched place (distance_squared, as within_radius annotates the
        ids' query), worked out here from its grid reference rather than by the database: the expression cost the
        rows' query a third of its time."""
        place = self.location
        if place is not None:
            for listing in listings:
                if listing.easting is not None and listing.northing is not None:
                    metres = distance_metres(place.easting, place.northing, listing.easting, listing.northing)
                    listing.distance_squared = metres**2
        return listings
