"""PostgreSQL plans a page's statements once per connection (support_directory/settings/database.py): a second
leader's page runs the same prepared statements with new values; a search is planned for its values
(core.prepared.custom_plans), its rows by key like any page's (issue #14)."""

import datetime

import pytest
from django.db import connection
from django.db.backends.utils import CursorWrapper

from core.prepared import custom_plans
from directory import selectors
from directory.filters import ListingFilter
from roles.models import Role
from tests.concurrency import requires_postgresql
from tests.factories import DesignationFactory

pytestmark = [pytest.mark.django_db, requires_postgresql]


def prepared_statements() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM pg_prepared_statements WHERE statement NOT LIKE '%pg_prepared_statements%'"
        )
        return cursor.fetchone()[0]


def test_a_second_page_of_a_kind_reuses_the_statements_of_the_first(client, world):
    leaders = [DesignationFactory().leader for _ in range(4)]
    for leader in leaders[:3]:
        assert client.get(f"/leaders/{leader.pk}/").status_code == 200
    prepared = prepared_statements()

    assert client.get(f"/leaders/{leaders[3].pk}/").status_code == 200

    assert prepared > 0
    assert prepared_statements() == prepared


def plan_cache_mode() -> str:
    """ "custom" while psycopg prepares nothing (each statement planned for its values), else "prepared"."""
    connection.ensure_connection()
    return "custom" if connection.connection.prepare_threshold is None else "prepared"


def record_planning(monkeypatch, owner, name: str, seen: list) -> None:
    """Record, as (name, plan mode), how PostgreSQL plans each statement owner.name sends."""
    real = getattr(owner, name)
    real_execute = CursorWrapper.execute

    def execute(cursor, sql, params=None):
        seen.append((name, plan_cache_mode()))
        return real_execute(cursor, sql, params)

    def recorded(*args, **kwargs):
        with monkeypatch.context() as inside:
            inside.setattr(CursorWrapper, "execute", execute)
            return real(*args, **kwargs)

    monkeypatch.setattr(owner, name, recorded)


def test_a_search_plans_its_ids_for_their_values_and_its_rows_once(client, world, monkeypatch):
    """Which rows match a search depends on its values; a page's rows are read by key, and a generic plan (prepared
    once per connection) is right for every page of every search."""
    seen = []
    for name in ("first_ids", "listings_with_ids"):
        record_planning(monkeypatch, selectors, name, seen)

    assert client.get("/search/", {"role": "nle"}).status_code == 200

    assert set(seen) == {("first_ids", "custom"), ("listings_with_ids", "prepared")}
    assert plan_cache_mode() == "prepared"


def test_the_searches_offered_when_one_finds_nothing_are_counted_for_their_values(client, world, monkeypatch):
    seen = []
    record_planning(monkeypatch, selectors, "counts_up_to", seen)
    record_planning(monkeypatch, selectors, "radius_counts", seen)

    search = {"postcode": "LS6 4QE", "radius": "1", "role": Role.Code.NLE}  # a wider radius, other filters
    assert client.get("/search/", search).context["alternatives"]

    assert set(seen) == {("counts_up_to", "custom"), ("radius_counts", "custom")}
    assert plan_cache_mode() == "prepared"


def test_a_download_plans_its_ids_for_their_values_and_its_rows_once(client, world, monkeypatch):
    seen = []
    record_planning(monkeypatch, selectors, "listings_with_ids", seen)
    real_every_result = ListingFilter.every_result

    def every_result(self, *args):
        seen.append(("every_result", plan_cache_mode()))
        yield from real_every_result(self, *args)

    monkeypatch.setattr(ListingFilter, "every_result", every_result)
    response = client.get("/search/results.csv", {"role": "nle"})
    assert b"".join(response.streaming_content)

    assert ("listings_with_ids", "prepared") in seen
    assert plan_cache_mode() == "prepared"


def test_a_statement_run_again_inside_is_not_prepared():
    sql = "SELECT COUNT(*) FROM roles_role WHERE code <> %s"
    with custom_plans(), connection.cursor() as cursor:
        for _ in range(3):
            cursor.execute(sql, ["nle"])
    assert not [row for row in prepared_statement_texts() if "roles_role" in row]


def prepared_statement_texts() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_custom_plans_are_left_even_when_the_work_fails():
    with pytest.raises(RuntimeError), custom_plans():
        assert plan_cache_mode() == "custom"
        raise RuntimeError("the search failed")
    assert plan_cache_mode() == "prepared"


def test_a_page_of_ids_small_and_large_is_one_prepared_statement():
    """psycopg prepares a statement per query and parameter types, and sends a whole number as the smallest type
    that holds it: a page's ids above and below 32,768, in a new mix each time, made a new statement each time (at
    ten times the demo data, nearly every results page was planned afresh)."""
    pages = [[1, 2], [70_000, 3], [5, 80_000, 6], [90_000, 100_000]]
    for ids in pages:
        selectors.listings_with_ids(ids, datetime.date(2026, 1, 5), [])

    listing_reads = [text for text in prepared_statement_texts() if '"directory_listing"."kind"' in text]
    assert len(listing_reads) == 1
