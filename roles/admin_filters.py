"""List filters for the designation admin. Each one reads its choices with one small query and filters through the
QuerySet methods on DesignationQuerySet, so a filter and the directory never disagree about what "current" means."""

import datetime

from django.contrib import admin
from django.db.models import Q
from django.utils import timezone

from core.text import is_ascii_number
from roles.dated import not_ended_q
from roles.models import RoleProgramme
from schools.models import LocalAuthority, Region, School


def _today() -> datetime.date:
    return timezone.localdate()


class StatusFilter(admin.SimpleListFilter):
    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("current", "Current (in force)"),
            ("review_due", "Current, review due"),
            ("paused", "Paused"),
            ("starts_later", "Starts later"),
            ("ended", "Ended"),
        ]

    def queryset(self, request, queryset):
        method = {
            "current": queryset.current,
            "review_due": queryset.review_due,
            "paused": queryset.paused,
            "starts_later": queryset.starts_later,
            "ended": queryset.ended,
        }.get(self.value())
        return method() if method else queryset


class ReviewDueFilter(admin.SimpleListFilter):
    title = "review"
    parameter_name = "review"
    SOON_DAYS = 90

    def lookups(self, request, model_admin):
        return [
            ("overdue", "Overdue"),
            ("soon", f"Due in the next {self.SOON_DAYS} days"),
            ("none", "No review date"),
        ]

    def queryset(self, request, queryset):
        today = _today()
        not_ended = not_ended_q(today)
        if self.value() == "overdue":
            return queryset.filter(not_ended, review_due__lte=today)
        if self.value() == "soon":
            return queryset.filter(
                not_ended, review_due__gt=today, review_due__lte=today + datetime.timedelta(days=self.SOON_DAYS)
            )
        if self.value() == "none":
            return queryset.filter(not_ended, review_due__isnull=True)
        return queryset


class _PlaceFilter(admin.SimpleListFilter):
    """Where the holder is: the school of the person, or the school that holds the role."""

    place_field = ""  # "region" or "local_authority"

    def value_as_pk(self) -> int | None:
        value = self.value()
        return int(value) if value and is_ascii_number(value) else None

    def queryset(self, request, queryset):
        pk = self.value_as_pk()
        if self.value() and pk is None:
            return queryset.none()
        if pk is None:
            return queryset
        return queryset.filter(
            Q(**{f"leader__school__{self.place_field}": pk}) | Q(**{f"school__{self.place_field}": pk})
        )


class RegionFilter(_PlaceFilter):
    title = "region"
    parameter_name = "region"
    place_field = "region"

    def lookups(self, request, model_admin):
        return [(str(pk), name) for pk, name in Region.objects.order_by("name").values_list("pk", "name")]


class LocalAuthorityFilter(_PlaceFilter):
    """Only the local authorities where someone holds or held a designation, so the list stays short."""

    title = "local authority"
    parameter_name = "local_authority"
    place_field = "local_authority"

    def lookups(self, request, model_admin):
        leader_schools = School.objects.filter(system_leaders__designations__isnull=False).values("local_authority")
        holder_schools = School.objects.filter(designations__isnull=False).values("local_authority")
        authorities = LocalAuthority.objects.filter(Q(pk__in=leader_schools) | Q(pk__in=holder_schools))
        return [(str(pk), name) for pk, name in authorities.order_by("name").values_list("pk", "name")]


class ProgrammeFilter(admin.SimpleListFilter):
    title = "programme"
    parameter_name = "programme"

    def lookups(self, request, model_admin):
        return RoleProgramme.choices

    def queryset(self, request, queryset):
        if self.value() in RoleProgramme.values:
            return queryset.filter(role__programme=self.value())
        return queryset
