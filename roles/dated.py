"""What the dates of a designation mean, defined once for the designations and for the directory listing's copies
of them (ListingRole, ListingSpecialism), which carry the same designated_on, ended_on and paused_on.

- not ended on a date: no end date, or the end comes after the date;
- in force on a date: designated on or before it and not ended (a paused designation is still in force);
- current on a date: in force and not paused.

The days on which a designation is current run from its designation to the first of its end and its pause
(current_span); a holder's, where any of theirs is (current_runs): what the directory listing keeps so that a search
need not look at each designation.

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
    span = current_span(dated)
    return span is not None and span[0] <= on and (span[1] is None or on < span[1])


Span = tuple[datetime.date, datetime.date | None]


def current_span(dated) -> Span | None:
    """The days on which it is current: from its designation up to, not including, the first of its end and its pause
    (None: no end). None when it is never current (paused or ended on or before the day it starts)."""
    stops = [day for day in (dated.ended_on, dated.paused_on) if day is not None]
    until = min(stops) if stops else None
    if until is not None and until <= dated.designated_on:
        return None
    return (dated.designated_on, until)


def current_runs(dated_items) -> list[Span]:
    """The days on which at least one of them is current, as runs without gaps between them, earliest first."""
    runs: list[list] = []
    for start, until in sorted(filter(None, map(current_span, dated_items)), key=lambda span: span[0]):
        last = runs[-1] if runs else None
        if last is not None and (last[1] is None or start <= last[1]):
            last[1] = None if last[1] is None or until is None else max(last[1], until)
        else:
            runs.append([start, until])
    return [(start, until) for start, until in runs]
