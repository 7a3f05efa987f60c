"""What the dates of a designation mean, defined once for the designations and for the directory listing's copies
of them (ListingRole, ListingSpecialism), which carry the same designated_on, ended_on and paused_on.

- not ended on a date: no end date, or the end comes after the date;
- in force on a date: designated on or before it and not ended (a paused designation is still in force);
- current on a date: in force and not paused.

Statuses come from the dates and are never stored, so nothing goes stale as time passes.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone


def not_ended_q(on: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}ended_on__isnull": True}) | Q(**{f"{prefix}ended_on__gt": on})


def in_force_q(on: datetime.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}designated_on__lte": on}) & not_ended_q(on, prefix)


def current_q(on: datetime.date, prefix: str = "") -> Q:
    return in_force_q(on, prefix) & (Q(**{f"{prefix}paused_on__isnull": True}) | Q(**{f"{prefix}paused_on__gt": on}))


class DatedQuerySet(models.QuerySet):
    """Rows with designated_on, ended_on and paused_on. Each method takes the date, today when left out."""

    def not_ended(self, on: datetime.date | None = None):
        return self.filter(not_ended_q(on or timezone.localdate()))

    def in_force(self, on: datetime.date | None = None):
        return self.filter(in_force_q(on or timezone.localdate()))

    def current(self, on: datetime.date | None = None):
        return self.filter(current_q(on or timezone.localdate()))


def is_not_ended(dated, on: datetime.date) -> bool:
    return dated.ended_on is None or dated.ended_on > on


def is_in_force(dated, on: datetime.date) -> bool:
    """The single-object twin of DatedQuerySet.in_force: designated by the date and not ended."""
    return dated.designated_on <= on and is_not_ended(dated, on)


def is_current(dated, on: datetime.date) -> bool:
    """The single-object twin of DatedQuerySet.current: in force and not paused on the date."""
    return is_in_force(dated, on) and (dated.paused_on is None or dated.paused_on > on)
