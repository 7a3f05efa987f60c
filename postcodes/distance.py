"""Distances on the British National Grid, where eastings and northings are metres and distance is Euclidean.

A radius search (within_radius) narrows with the indexed bounding box first, then filters on the exact distance::

    schools = within_radius(School.objects.all(), location.easting, location.northing, miles_to_metres(10))
    schools.order_by("distance_squared")
"""

import math
from dataclasses import dataclass

from django.db.models import BigIntegerField, ExpressionWrapper, F, Q
from django.db.models.functions import Cast

METRES_PER_MILE = 1609.344


def distance_metres(easting1: float, northing1: float, easting2: float, northing2: float) -> float:
    return math.hypot(easting2 - easting1, northing2 - northing1)


def miles(metres: float) -> float:
    return metres / METRES_PER_MILE


def miles_to_metres(distance_miles: float) -> float:
    return distance_miles * METRES_PER_MILE


def squared_distance_from(
    easting: int,
    northing: int,
    *,
    easting_field: str = "easting",
    northing_field: str = "northing",
) -> ExpressionWrapper:
    """An expression for the squared distance in square metres from (easting, northing) to each row.

    Squared, so no square root is needed in SQL (SQLite has none by default); it orders the same way, and
    sqrt() in Python gives metres. Worked in 64-bit integers: squares of grid distances overflow a 32-bit one.
    Null for rows with no grid reference.
    """
    d_easting = Cast(F(easting_field), BigIntegerField()) - int(easting)
    d_northing = Cast(F(northing_field), BigIntegerField()) - int(northing)
    return ExpressionWrapper(d_easting * d_easting + d_northing * d_northing, output_field=BigIntegerField())


@dataclass(frozen=True)
class Circle:
    """A circle on the grid as a radius search compares with it: its centre, the square around it that an (easting,
    northing) index can narrow to (least and greatest easting, least and greatest northing), and its squared radius
    (square metres, the edge included)."""

    easting: int
    northing: int
    box: tuple[int, int, int, int]
    radius_squared: int

    @classmethod
    def around(cls, easting: int, northing: int, radius_metres: float) -> "Circle":
        reach = math.ceil(radius_metres)
        return cls(
            easting,
            northing,
            (easting - reach, easting + reach, northing - reach, northing + reach),
            math.floor(radius_metres**2),
        )


def within_box(easting: int, northing: int, radius_metres: float, prefix: str = "") -> Q:
    """Rows inside the square around (easting, northing) that holds the circle of radius_metres.

    A cheap first cut that can use an (easting, northing) index; filter on squared_distance_from() for the
    circle. prefix reaches a related model's fields, e.g. prefix="school__".
    """
    return _in_box(Circle.around(easting, northing, radius_metres).box, prefix)


def _in_box(box: tuple[int, int, int, int], prefix: str) -> Q:
    least_easting, greatest_easting, least_northing, greatest_northing = box
    return Q(
        **{
            f"{prefix}easting__gte": least_easting,
            f"{prefix}easting__lte": greatest_easting,
            f"{prefix}northing__gte": least_northing,
            f"{prefix}northing__lte": greatest_northing,
        }
    )


def within_radius(queryset, easting: int, northing: int, radius_metres: float, prefix: str = ""):
    """The rows of queryset within radius_metres of (easting, northing), the edge included, annotated with
    distance_squared (square metres): the indexed box, then the circle."""
    return within_circle(queryset, Circle.around(easting, northing, radius_metres), prefix)


def within_circle(queryset, circle: Circle, prefix: str = ""):
    """within_radius() for a Circle: the rows of queryset inside it, annotated with distance_squared."""
    return (
        queryset.filter(_in_box(circle.box, prefix))
        .annotate(
            distance_squared=squared_distance_from(
                circle.easting, circle.northing, easting_field=f"{prefix}easting", northing_field=f"{prefix}northing"
            )
        )
        .filter(distance_squared__lte=circle.radius_squared)
    )


def is_within(easting1: int, northing1: int, easting2: int, northing2: int, radius_metres: float) -> bool:
    """The single-pair twin of within_radius: the two grid references are radius_metres apart or less."""
    return (easting2 - easting1) ** 2 + (northing2 - northing1) ** 2 <= radius_metres**2
