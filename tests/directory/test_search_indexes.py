"""A search reads the listings it looks through from an index alone (PostgreSQL's index-only scan), not the table:
the grid reference's for a search near a postcode, the local authority's and the region's for a search of an area,
and the specialisms' lookup (issue #14). Each index holds what a search asks of a listing
(directory.models.SEARCHED_COLUMNS): a search that came to ask for another column would visit the table for every
listing, and these tests would fail.

The planner is told to use neither the table nor a bitmap, and the table's other indexes are dropped inside the test's
transaction (rolled back with it), so the plan shows whether the index *can* answer alone, whatever a test's few rows
and their statistics would make the planner prefer (with fresh statistics it read four listings in name order rather
than sort them, and a listing's specialisms by listing rather than by specialism)."""

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.http import QueryDict
from django.utils import timezone

from directory import selectors
from directory.filters import ListingFilter

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="index-only scans are PostgreSQL's (DATABASE_URL)"),
]


def plan_of_search(query: dict, *, table: str, index: str) -> str:
    """The plan of a search's ids when `index` is the only index of `table` but its primary key."""
    _drop_indexes_but(table, index)
    return _plan(query)


def _drop_indexes_but(table: str, kept: str) -> None:
    with connection.cursor() as cursor:
        # The rows' deferred foreign-key checks are run first: a table with checks pending cannot be altered.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(
            """
            SELECT ix.relname, con.conname
            FROM pg_index
            JOIN pg_class ix ON ix.oid = pg_index.indexrelid
            LEFT JOIN pg_constraint con ON con.conindid = pg_index.indexrelid
            WHERE pg_index.indrelid = %s::regclass AND NOT pg_index.indisprimary AND ix.relname <> %s
            """,
            [table, kept],
        )
        for name, constraint in cursor.fetchall():
            if constraint:
                cursor.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT "{constraint}"')
            else:
                cursor.execute(f'DROP INDEX "{name}"')


def _plan(query: dict) -> str:
    filterset = ListingFilter(
        QueryDict(urlencode(query)), queryset=selectors.listing_queryset(), today=timezone.localdate()
    )
    assert filterset.is_valid(), filterset.form.errors
    terms = filterset.terms(filterset.form.cleaned_data, location=filterset.location)
    sql, params = selectors._ids_sql_with_params(terms, 1001)
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize("sort", ["distance", "name", "recent"])
def test_a_search_near_a_postcode_reads_listings_from_the_grid_index_alone(world, sort):
    plan = plan_of_search(
        {"postcode": "LS6 1EN", "radius": "25", "sort": sort}, table="directory_listing", index="listing_grid_reference"
    )
    assert "Index Only Scan using listing_grid_reference on directory_listing" in plan, plan


def test_a_search_of_a_phase_near_a_postcode_reads_listings_from_the_grid_index_alone(world):
    plan = plan_of_search(
        {"postcode": "LS6 1EN", "radius": "25", "phase": "primary"},
        table="directory_listing",
        index="listing_grid_reference",
    )
    assert "Index Only Scan using listing_grid_reference on directory_listing" in plan, plan


def test_a_search_of_a_local_authority_reads_listings_from_its_index_alone(world):
    plan = plan_of_search({"la": "383"}, table="directory_listing", index="listing_in_local_authority")
    assert "Index Only Scan using listing_in_local_authority on directory_listing" in plan, plan


def test_a_search_of_a_region_reads_listings_from_its_index_alone(world):
    plan = plan_of_search(
        {"region": "E12000003", "status": "all"}, table="directory_listing", index="listing_in_region"
    )
    assert "Index Only Scan using listing_in_region on directory_listing" in plan, plan


def test_which_listings_offer_a_specialism_now_is_read_from_the_lookup_index_alone(world):
    plan = plan_of_search(
        {"la": "383", "role": "sle", "specialism": "maths"},
        table="directory_listingspecialism",
        index="listing_specialism_lookup",
    )
    assert "Index Only Scan using listing_specialism_lookup on directory_listingspecialism" in plan, plan
