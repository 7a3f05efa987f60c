"""School terms, for "days free this term".

Term dates differ by local authority and Easter moves, so the directory uses fixed, England-wide approximations:
autumn from 1 September, spring from 1 January, summer from 1 April. A capacity is recorded against the first day
of its term, so it stops counting as "this term" by itself when the next term begins."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    name: str
    starts_on: datetime.date
    ends_on: datetime.date

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return f"{self.name} term {self.starts_on.year}"

    def next(self) -> "Term":
        return term_containing(self.ends_on + datetime.timedelta(days=1))


def term_containing(day: datetime.date) -> Term:
    if day.month >= 9:
        return Term("Autumn", datetime.date(day.year, 9, 1), datetime.date(day.year, 12, 31))
    if day.month >= 4:
        return Term("Summer", datetime.date(day.year, 4, 1), datetime.date(day.year, 8, 31))
    return Term("Spring", datetime.date(day.year, 1, 1), datetime.date(day.year, 3, 31))


def term_starting(starts_on: datetime.date) -> Term | None:
    """The term that starts on the date, or None when no term starts then."""
    term = term_containing(starts_on)
    return term if term.starts_on == starts_on else None
