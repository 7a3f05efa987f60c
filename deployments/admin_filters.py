"""The deployments admin's list filters: the day-rate flag (on agreed deployments and on each negotiation record)
and the kinds named with their role."""

from django.contrib import admin

from deployments.models import DeploymentKind


class AgreedDayRateFilter(admin.SimpleListFilter):
    """The day-rate flag kept on every agreed deployment: agreed at a rate outside the typical £300 to £500."""

    title = "agreed day rate"
    parameter_name = "day_rate"

    def lookups(self, request, model_admin):
        return [("typical", "£300 to £500"), ("outside", "Outside £300 to £500"), ("none", "No agreed day rate")]

    def queryset(self, request, queryset):
        if self.value() == "typical":
            return queryset.filter(agreed_day_rate_pence__isnull=False, agreed_day_rate_outside_typical=False)
        if self.value() == "outside":
            return queryset.filter(agreed_day_rate_outside_typical=True)
        if self.value() == "none":
            return queryset.filter(agreed_day_rate_pence__isnull=True)
        return queryset


class KindFilter(admin.SimpleListFilter):
    """The kinds named with their role ("SLE: Coaching"): several roles offer kinds of similar names."""

    title = "kind"
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return [(str(kind.pk), kind_with_role(kind)) for kind in DeploymentKind.objects.select_related("role")]

    def queryset(self, request, queryset):
        value = self.value()
        return queryset.filter(kind_id=int(value)) if value and value.isdigit() else queryset


def kind_with_role(kind: DeploymentKind) -> str:
    return f"{kind.role.short_name}: {kind.name}"


class DayRateFilter(AgreedDayRateFilter):
    """The same flag on each negotiation record's own day rate."""

    title = "day rate"

    def lookups(self, request, model_admin):
        return [("typical", "£300 to £500"), ("outside", "Outside £300 to £500"), ("none", "No day rate")]

    def queryset(self, request, queryset):
        if self.value() == "typical":
            return queryset.filter(day_rate_pence__isnull=False, day_rate_outside_typical=False)
        if self.value() == "outside":
            return queryset.filter(day_rate_outside_typical=True)
        if self.value() == "none":
            return queryset.filter(day_rate_pence__isnull=True)
        return queryset
