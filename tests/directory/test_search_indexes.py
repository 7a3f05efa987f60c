"""A search reads the listings it looks through from an index alone (PostgreSQL's index-only scan), not the table:
the grid reference's for a search near a postcode, the local authority's and the region's for a search of an area,
and the specialisms' lookup (issue #14). Each index holds what a search asks of a listing
(directory.models.SEARCHED_COLUMNS): a search that came to ask for another column would visit the table for every
listing, and these tests would fail.

The planner is told to use neither the table nor a bitmap, so the plan shows whether the index *can* answer alone,
whatever it would choose for the few rows of a test."""

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


def plan_of_search(query: dict) -> str:
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
    plan = plan_of_search({"postcode": "LS6 1EN", "radius": "25", "sort": sort})
    assert "Index Only Scan using listing_grid_reference on directory_listing" in plan, plan


def test_a_search_of_a_phase_near_a_postcode_reads_listings_from_the_grid_index_alone(world):
    plan = plan_of_search({"postcode": "LS6 1EN", "radius": "25", "phase": "primary"})
    assert "Index Only Scan using listing_grid_reference on directory_listing" in plan, plan


def test_a_search_of_a_local_authority_reads_listings_from_its_index_alone(world):
    plan = plan_of_search({"la": "383"})
    assert "Index Only Scan using listing_in_local_authority on directory_listing" in plan, plan


def test_a_search_of_a_region_reads_listings_from_its_index_alone(world):
    plan = plan_of_search({"region": "E12000003", "status": "all"})
    assert "Index Only Scan using listing_in_region on directory_listing" in plan, plan


def test_which_listings_offer_a_specialism_now_is_read_from_the_lookup_index_alone(world):
    plan = plan_of_search({"la": "383", "role": "sle", "specialism": "maths"})
    assert "Index Only Scan using listing_specialism_lookup on directory_listingspecialism" in plan, plan
