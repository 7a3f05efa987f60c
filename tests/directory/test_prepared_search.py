"""A search's ids come from SQL compiled once per shape of search (selectors.first_ids): for every kind of search the
prepared read gives exactly what the queryset built for it gives (on SQLite and, in the PostgreSQL run, PostgreSQL)."""

from decimal import Decimal

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext

from core.terms import term_containing
from directory import selectors
from directory.filters import ListingFilter
from roles.models import Capacity, SystemLeader

pytestmark = pytest.mark.django_db

SEARCHES = [
    "",
    "status=all",
    "role=nle",
    "role=nle&role=sle&role=teaching_school",
    "role=sle&specialism=maths",
    "specialism=maths&specialism=phonics&status=all",
    "la=383",
    "la=383&la=201",
    "region=E12000003",
    "region=E12000007&la=201",
    "phase=primary",
    "phase=primary&phase=secondary&role=nle",
    "availability=days_free",
    "postcode=LS6+1EN",
    "postcode=LS6+1EN&radius=1&sort=name",
    "postcode=LS6&radius=25&role=sle&phase=primary",
    "postcode=LS6+2JP&radius=3&status=all&sort=recent",
    "sort=recent&role=nlg&status=all",
    "q=brudenell",
    "q=107885",
]


def terms_of(query: str):
    filterset = ListingFilter(QueryDict(query), queryset=selectors.listing_queryset())
    assert filterset.is_valid(), filterset.form.errors
    return filterset.terms(filterset.form.cleaned_data, location=filterset.location)


@pytest.mark.parametrize("query", SEARCHES)
def test_a_prepared_search_finds_what_its_queryset_finds(world, query):
    terms = terms_of(query)
    expected = list(selectors._ids(terms, 1001))

    assert selectors.first_ids(terms, 1001) == expected
    assert selectors.first_ids(terms, 1001) == expected  # and again, from the SQL compiled by the first


def test_searches_of_one_shape_share_their_sql_and_words_are_not_prepared(world):
    selectors._searches_by_shape.clear()
    for query in ["role=nle", "role=sle", "role=lle", "role=nle&postcode=LS6", "role=sle&postcode=EC3A"]:
        selectors.first_ids(terms_of(query), 1001)
    selectors.first_ids(terms_of("q=brudenell"), 1001)

    assert len(selectors._searches_by_shape) == 2


def test_a_search_finds_different_results_with_different_values(world):
    near_leeds = selectors.first_ids(terms_of("postcode=LS6+1EN&radius=5"), 1001)
    near_london = selectors.first_ids(terms_of("postcode=EC3A+5DE&radius=5"), 1001)
    assert near_leeds and near_london and not set(near_leeds) & set(near_london)


def test_a_prepared_search_for_days_free_finds_them(world):
    nadia = SystemLeader.objects.get(last_name="Okafor")
    Capacity.objects.create(
        leader=nadia, term_starts_on=term_containing(terms_of("").today).starts_on, days_free=Decimal("2")
    )
    terms = terms_of("availability=days_free")

    assert selectors.first_ids(terms, 1001) == list(selectors._ids(terms, 1001)) != []


def test_a_searchs_ids_are_read_in_one_query_and_on_postgresql_as_one_row(world):
    """A thousand rows read one by one through Django's iterables cost more than the database's array of them."""
    terms = terms_of("status=all")
    with CaptureQueriesContext(connection) as queries:
        ids = selectors.first_ids(terms, 1001)
    assert len(ids) > 1 and len(queries) == 1
    assert queries[0]["sql"].startswith("SELECT ARRAY(") == (connection.vendor == "postgresql")
    assert selectors.first_ids(terms_of("q=nobody+by+this+name"), 1001) == []
