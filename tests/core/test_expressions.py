"""core.expressions.JSONList: a subquery's rows as a list in one column, the same on SQLite and PostgreSQL (where it
is `json`, decoded by psycopg, rather than `jsonb`: issue #14)."""

import datetime

import pytest
from django.db.models import DateField, F, OuterRef, Value
from django.db.models.functions import Cast

from core.expressions import JSONList
from roles.models import FocusArea, Specialism

pytestmark = pytest.mark.django_db


@pytest.fixture
def areas():
    reading = FocusArea.objects.create(name="Probe reading", slug="probe-reading", position=90)
    empty = FocusArea.objects.create(name="Probe empty", slug="probe-empty", position=91)
    for position, name in enumerate(["Phonics ‘early’", 'Fluency "later"', "Comprehension"], start=1):
        Specialism.objects.create(focus_area=reading, name=f"Probe {name}", slug=f"probe-{position}", position=position)
    return reading, empty


def _specialisms(*columns, order="-position"):
    rows = Specialism.objects.filter(focus_area=OuterRef("pk")).order_by(order)
    return rows.values(**{f"listed_{column}": F(column) for column in columns})


def test_each_row_is_a_list_of_its_columns_in_the_subquerys_order_and_no_rows_an_empty_list(areas):
    reading, empty = areas
    listed = dict(
        FocusArea.objects.filter(pk__in=[reading.pk, empty.pk])
        .annotate(rows=JSONList(_specialisms("name", "position")))
        .values_list("slug", "rows")
    )
    assert listed == {
        "probe-reading": [
            ["Probe Comprehension", 3],
            ['Probe Fluency "later"', 2],
            ["Probe Phonics ‘early’", 1],
        ],
        "probe-empty": [],
    }


def test_one_column_gives_its_values_and_a_list_within_a_row_stays_a_list(areas):
    reading, _ = areas
    names = JSONList(_specialisms("name", order="position"))
    outer = FocusArea.objects.filter(pk=OuterRef("pk")).values(listed_area=F("name"), listed_names=names)
    [(mine, nested)] = (
        FocusArea.objects.filter(pk=reading.pk).annotate(nested=JSONList(outer)).values_list("name", "nested")
    )
    assert mine == "Probe reading"
    assert nested == [["Probe reading", ["Probe Phonics ‘early’", 'Probe Fluency "later"', "Probe Comprehension"]]]


def test_dates_come_as_iso_text(areas):
    reading, _ = areas
    dated = (
        Specialism.objects.filter(focus_area=OuterRef("pk"))
        .order_by("-position")
        .values(listed_on=Cast(Value("2026-12-07"), DateField()), listed_position=F("position"))
    )
    [value] = FocusArea.objects.filter(pk=reading.pk).annotate(listed=JSONList(dated)).values_list("listed", flat=True)
    assert value == [["2026-12-07", 3], ["2026-12-07", 2], ["2026-12-07", 1]]
    assert datetime.date.fromisoformat(value[0][0]) == datetime.date(2026, 12, 7)
