"""The range of dates people may enter for designations, placements and deployments: from 1 January 2000 (before
any of these programmes began) to 5 years from today. A date like 31/12/9999 is a slip, never a plan.

One rule: the models' date fields carry `in_range` as a validator, so full_clean() (the services, the admin, the
import) refuses a date outside it, and the portal's date inputs word it for a person with `range_message`. The
database holds the fixed part (`database_range`): today's bound moves, so a constraint can only hold a far one."""

import datetime

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone

EARLIEST = datetime.date(2000, 1, 1)
YEARS_AHEAD = 5
# The constraint's bound: beyond any date today's rule allows for decades.
DATABASE_LATEST = datetime.date(2100, 1, 1)


def latest(today: datetime.date | None = None) -> datetime.date:
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        return today.replace(year=today.year + YEARS_AHEAD, day=28)


def long_date(day: datetime.date) -> str:
    """A date as GOV.UK writes it: 5 December 2026. A moment (an aware datetime) is dated where the service runs."""
    day = _local(day)
    return f"{day.day} {day:%B %Y}"


def _local(day: datetime.date) -> datetime.date:
    """The day, or a moment (an aware datetime) where the service runs."""
    if isinstance(day, datetime.datetime) and timezone.is_aware(day):
        return timezone.localtime(day)
    return day


# Months as tables abbreviate them (Django's "M"), named here so that no locale changes them.
_SHORT_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def short_date(day: datetime.date) -> str:
    """A date in a table's narrow column: 5 Dec 2026."""
    day = _local(day)
    return f"{day.day} {_SHORT_MONTHS[day.month - 1]} {day.year}"


def long_date_time(moment: datetime.datetime) -> str:
    """A moment as GOV.UK writes it, in the service's time zone: 5 December 2026, 3:04pm."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return f"{long_date(moment)}, {moment.hour % 12 or 12}:{moment:%M}{'am' if moment.hour < 12 else 'pm'}"


def range_message(name: str = "The date") -> str:
    return f"{name} must be between {long_date(EARLIEST)} and {long_date(latest())}"


def in_range(value: datetime.date | None) -> None:
    """A model field validator: the date lies in the range people may enter."""
    if value is not None and not EARLIEST <= value <= latest():
        raise ValidationError(range_message(), code="out_of_range")


def database_range(*fields: str) -> Q:
    """A constraint's condition: each of the (nullable) date fields is empty or within the fixed bounds."""
    condition = Q()
    for name in fields:
        condition &= Q(**{f"{name}__isnull": True}) | Q(**{f"{name}__gte": EARLIEST, f"{name}__lt": DATABASE_LATEST})
    return condition
