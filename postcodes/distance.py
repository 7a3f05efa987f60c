"""Distances on the British National Grid, where eastings and northings are metres and distance is Euclidean.

For a radius search, narrow with the indexed bounding box first, then filter and order on the exact distance::

    radius = miles_to_metres(10)
    schools = (
        School.objects.filter(within_box(location.easting, location.northing, radius))
        .annotate(distance_squared=squared_distance_from(location.easting, location.northing))
        .filter(distance_squared__lte=radius**2)
        .order_by("distance_squared")
    )
"""

import math

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


def within_box(easting: int, northing: int, radius_metres: float, prefix: str = "") -> Q:
    """Rows inside the square around (easting, northing) that holds the circle of radius_metres.

    A cheap first cut that can use an (easting, northing) index; filter on squared_distance_from() for the
    circle. prefix reaches a related model's fields, e.g. prefix="school__".
    """
    reach = math.ceil(radius_metres)
    return Q(
        **{
            f"{prefix}easting__gte": easting - reach,
            f"{prefix}easting__lte": easting + reach,
            f"{prefix}northing__gte": northing - reach,
            f"{prefix}northing__lte": northing + reach,
        }
    )
