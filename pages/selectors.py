"""Reads for the service's own pages."""

from django.db.models import Count

from roles.models import Role
from schools.models import Region, School


def directory_counts() -> dict[str, int]:
    """How many regions, local authorities and schools the directory holds, in two queries.

    Every local authority belongs to a region, so counting them through the (small) region join is exact.
    """
    counts = Region.objects.aggregate(
        regions=Count("pk", distinct=True),
        local_authorities=Count("local_authorities", distinct=True),
    )
    counts["schools"] = School.objects.count()
    return counts


def roles_for_home_page() -> list[Role]:
    """Every kind of system leadership, in the guidance's order (reference data, loaded by a migration)."""
    return list(Role.objects.order_by("position"))
