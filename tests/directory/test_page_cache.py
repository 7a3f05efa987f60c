"""Whole public pages from the shared cache (core.page_cache): served without the database, answered with
304 when the visitor has them, and never stale after a change is saved."""

from io import StringIO

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.test import override_settings

from directory import views
from tests.directory.conftest import result_names

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

SEARCH = "/search/"


@pytest.fixture
def empty_cache():
    cache.clear()
    with override_settings(DIRECTORY_PAGE_CACHE=True):
        yield
    cache.clear()


def test_a_second_visitor_gets_the_page_from_the_cache(client, world, django_assert_num_queries):
    first = client.get(SEARCH, {"role": "sle"})
    assert first.status_code == 200
    with django_assert_num_queries(0):
        second = client.get(SEARCH, {"role": "sle"})
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "no-cache" in second["Cache-Control"]


def test_a_visitor_who_has_the_page_gets_not_modified(client, world, django_assert_num_queries):
    etag = client.get(SEARCH)["ETag"]
    with django_assert_num_queries(0):
        response = client.get(SEARCH, headers={"if-none-match": etag})
    assert response.status_code == 304
    assert response["ETag"] == etag


def test_a_saved_change_is_on_the_next_page_served(client, world, django_capture_on_commit_callbacks):
    before = client.get(SEARCH)
    leader_page = client.get(f"/leaders/{world.nle.leader_id}/")
    assert "Nadia Okafor" in result_names(before)
    leader = world.nle.leader
    leader.last_name = "Okonkwo"
    with django_capture_on_commit_callbacks(execute=True):
        leader.save()

    after = client.get(SEARCH)
    assert "Nadia Okonkwo" in result_names(after)
    assert after["ETag"] != before["ETag"]
    assert client.get(SEARCH, headers={"if-none-match": before["ETag"]}).status_code == 200
    assert "Okonkwo" in client.get(f"/leaders/{world.nle.leader_id}/").content.decode()
    assert leader_page.status_code == 200


def test_the_count_and_filter_panel_are_shared_by_every_page_of_a_search(client, world):
    first = client.get(SEARCH, {"sort": "name"})
    again = client.get(SEARCH, {"sort": "name", "page": "1"})
    assert again.context["result_count"] == first.context["result_count"] == 4


def test_another_page_of_a_search_reads_only_its_rows(client, world, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr(views, "RESULTS_PER_PAGE", 2)
    first = client.get(SEARCH, {"sort": "name"})
    with django_assert_num_queries(1):  # the rows, with their roles and specialisms: the ordered ids are kept
        second = client.get(SEARCH, {"sort": "name", "page": "2"})
    names = result_names(first) + result_names(second)
    assert len(names) == len(set(names)) == 4


def test_signed_in_curators_always_get_fresh_pages(client, world):
    client.get(SEARCH)
    client.cookies["sessionid"] = "not-a-real-session"
    response = client.get(SEARCH)
    assert response.status_code == 200
    assert not response.has_header("ETag")


def test_errors_and_missing_pages_are_not_cached(client, world):
    assert client.get(SEARCH, {"page": "99"}).status_code == 404
    assert not client.get(SEARCH, {"page": "99"}).has_header("ETag")
    assert client.get("/leaders/999999/").status_code == 404


def test_downloads_are_cached_once_streamed(client, world, django_assert_num_queries):
    first = client.get("/search/results.csv", {"role": "sle"})
    content = b"".join(first.streaming_content)
    with django_assert_num_queries(0):
        second = client.get("/search/results.csv", {"role": "sle"})
    assert second.content == content
    assert second["Content-Disposition"] == first["Content-Disposition"]
    assert second["Content-Type"] == first["Content-Type"]


DATABASE_CACHE = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "test_cache"}}


def test_a_page_from_the_database_cache_costs_one_query(client, world, django_assert_num_queries):
    """Production's default cache is a PostgreSQL table: the data version and the page are read together."""
    with override_settings(CACHES=DATABASE_CACHE):
        call_command("createcachetable", verbosity=0)
        first = client.get(f"/leaders/{world.nle.leader_id}/")
        with django_assert_num_queries(1):
            second = client.get(f"/leaders/{world.nle.leader_id}/")
        assert second.content == first.content
        etag = client.get(SEARCH)["ETag"]
        with django_assert_num_queries(1):
            assert client.get(SEARCH, headers={"if-none-match": etag}).status_code == 304


def test_each_filter_of_the_panel_is_rendered_once_for_each_choice_of_its_values(client, world, monkeypatch):
    """A search in a new local authority renders that filter's markup alone; a new postcode, none of them."""
    rendered = []
    real = views.render_block

    def render_block(template_name, block, context):
        rendered.append(block)
        return real(template_name, block, context)

    monkeypatch.setattr(views, "render_block", render_block)

    def filters_rendered_for(params) -> list[str]:
        rendered.clear()
        html = client.get(SEARCH, params).content.decode()
        for code in ("383", "201"):
            ticked = f'name="la" type="checkbox" value="{code}" checked>' in html
            assert ticked == (code in params.get("la", ())), code
        return sorted(rendered)

    assert filters_rendered_for({"la": "383", "role": "nle"}) == sorted(views.OPTION_FILTERS)
    assert filters_rendered_for({"la": "201", "role": "nle"}) == ["la"]
    assert filters_rendered_for({"la": "201", "role": "sle"}) == ["role"]
    assert filters_rendered_for({"la": "383", "role": "sle", "postcode": "LS6 1EN", "radius": "25"}) == []
    assert filters_rendered_for({"la": "383", "role": "sle", "region": "E12000003"}) == ["hub_area", "region"]
    assert filters_rendered_for({"la": ["383", "201"], "role": "sle", "region": "E12000003"}) == ["la"]
    assert filters_rendered_for({"la": "383", "role": "sle", "region": "E12000003", "status": "all"}) == ["status"]


def test_a_renamed_local_authority_is_renamed_in_every_filter_panel(client, world, django_capture_on_commit_callbacks):
    assert 'for="id_la_383">Leeds</label>' in client.get(SEARCH, {"la": "383"}).content.decode()
    world.leeds.name = "Leeds City"
    with django_capture_on_commit_callbacks(execute=True):
        world.leeds.save()
    for path, params in ((SEARCH, {"la": "383"}), ("/search/local-authorities/", {"region": "E12000003"})):
        html = client.get(path, params).content.decode()
        assert 'for="id_la_383">Leeds City</label>' in html
        assert ">Leeds</label>" not in html


def test_the_deploy_command_makes_every_page_be_built_afresh(client, world, django_assert_num_queries):
    client.get(SEARCH)
    with django_assert_num_queries(0):
        client.get(SEARCH)
    call_command("refresh_page_cache", stdout=StringIO())
    response = client.get(SEARCH)
    assert response.status_code == 200 and response.context is not None  # rendered, not read from the cache


def test_a_page_built_on_a_miss_reads_the_data_version_once(client, world, monkeypatch):
    """The option lists, the ids and the filter panel use the version the page was looked up with."""
    from core import page_cache

    client.get(SEARCH)  # the version exists, the option lists are read once
    reads = []

    class Counting:
        def __getattr__(self, name):
            return getattr(cache, name)

        def get(self, key, *args, **kwargs):
            reads.append(key)
            return cache.get(key, *args, **kwargs)

        def get_many(self, keys, *args, **kwargs):
            reads.extend(keys)
            return cache.get_many(keys, *args, **kwargs)

    monkeypatch.setattr(page_cache, "cache", Counting())
    response = client.get(SEARCH, {"role": "nle", "postcode": "LS6 1EN"})
    assert response.status_code == 200
    assert reads.count(page_cache.VERSION_KEY) == 1
    assert page_cache._request_version.get() is None  # not left set for the next request of this thread


def test_a_remembered_part_is_read_once_and_worked_out_and_stored_once_when_missing(cache_calls):
    from core import page_cache

    asked = cache_calls
    reading = page_cache._request_version.set("v1")  # as while a page is built: its version read with the page
    try:
        assert page_cache.remembered("part", lambda: [1, 2], 60) == [1, 2]
        assert asked == ["get", "set"]
        asked.clear()
        assert page_cache.remembered("part", lambda: [3], 60) == [1, 2]
        assert asked == ["get"]
    finally:
        page_cache._request_version.reset(reading)


@pytest.fixture
def cache_calls(monkeypatch):
    """The calls made to the cache (the backend's own calls inside one of them not counted)."""
    asked, depth = [], []
    for name in ("get", "get_many", "set", "set_many", "add", "get_or_set"):
        real = getattr(cache, name)

        def spied(*args, _name=name, _real=real, **kwargs):
            if not depth:  # the backend's own calls inside (the local-memory cache's get_many gets each) not counted
                asked.append(_name)
            depth.append(_name)
            try:
                return _real(*args, **kwargs)
            finally:
                depth.pop()

        monkeypatch.setattr(cache, name, spied)
    return asked


def test_parts_remembered_together_are_read_in_one_round_trip_and_only_the_missing_worked_out(cache_calls):
    from core import page_cache

    asked, worked_out = cache_calls, []
    squares = {"a": 1, "b": 4, "c": 9}

    def remember(keys):
        def work_out(missing):
            worked_out.append([keys[index] for index in missing])
            return [squares[keys[index]] for index in missing]

        return page_cache.remembered_each(keys, work_out, 60)

    reading = page_cache._request_version.set("v1")
    try:
        assert remember(["a", "b"]) == [1, 4]
        assert (asked, worked_out) == (["get_many", "set_many"], [["a", "b"]])
        asked.clear()
        assert remember(["a", "c", "b"]) == [1, 9, 4]
        assert (asked, worked_out[1:]) == (["get_many", "set"], [["c"]])
        asked.clear()
        assert remember(["c", "a"]) == [9, 1]
        assert asked == ["get_many"] and len(worked_out) == 2
    finally:
        page_cache._request_version.reset(reading)


def test_a_new_search_reads_its_ids_with_its_page_and_stores_them_with_it(client, world, cache_calls):
    client.get(SEARCH)  # the version and the option lists
    cache_calls.clear()

    assert client.get(SEARCH, {"role": "sle", "postcode": "LS6 1EN"}).status_code == 200
    assert cache_calls == ["get_many", "set_many"]  # the version, page and ids; then the page and the ids

    cache_calls.clear()
    assert client.get(SEARCH, {"role": "sle", "postcode": "LS6 1EN", "page": "1"}).status_code == 200
    assert cache_calls == ["get_many", "set"]  # the ids found with the page: only the page stored


def test_a_searchs_ids_are_kept_as_an_array_and_ids_kept_as_a_list_still_serve(client, world, rf):
    from array import array

    from django.utils import timezone

    from core import page_cache

    query = {"role": "sle", "postcode": "LS6 1EN"}
    first = client.get(SEARCH, query)
    slot = page_cache._part_slot(views._ids_key(rf.get(SEARCH, query), timezone.localdate()))
    version, ids = cache.get(slot)
    assert isinstance(ids, array) and ids.typecode == "q"  # unpickled by every page of the search, hit or miss
    rows = first.context["rows"]
    assert rows and list(ids[: len(rows)]) == [row.listing.pk for row in rows]

    # Kept as a list (before the array), as a server still holding them from before a deploy would give them.
    cache.set(slot, (version, list(ids)), 60)
    again = client.get(SEARCH, {**query, "page": "1"})
    assert result_names(again) == result_names(first)


def test_a_part_kept_for_an_older_version_of_the_data_is_worked_out_again(monkeypatch):
    from core import page_cache

    worked_out = []
    for version, expected in [("v1", 1), ("v1", 1), ("v2", 2)]:
        reading = page_cache._request_version.set(version)
        try:
            assert page_cache.remembered("part", lambda: worked_out.append(1) or len(worked_out), 60) == expected
        finally:
            page_cache._request_version.reset(reading)
    assert len(worked_out) == 2


def test_searches_that_find_nothing_share_the_counts_of_the_searches_they_offer(client, world, monkeypatch):
    from directory import selectors

    counted = []
    real = selectors.counts_up_to
    monkeypatch.setattr(
        selectors, "counts_up_to", lambda searches, limit: counted.append(len(searches)) or real(searches, limit)
    )
    nothing = {"role": "pupil_premium_reviewer", "la": world.leeds.dfe_code}

    first = client.get(SEARCH, nothing).context["alternatives"]
    # The same search with its parameters the other way round, and another page of it: nothing counted again.
    again = client.get(SEARCH, {"la": world.leeds.dfe_code, "role": "pupil_premium_reviewer", "page": "1"})

    assert first and again.context["alternatives"] == first
    assert len(counted) == 1
    removing_authority = next(a for a in first if a["text"] == "Remove the local authority filter")
    assert removing_authority["count"] == 1  # the reviewer is in London


def test_a_filter_given_twice_shows_the_value_the_search_used_whatever_the_order(client, world):
    """A single-choice filter given twice is searched by its last value, so the order of the values is part of what
    its markup depends on: the same values in another order must not get the markup kept for the first."""
    for statuses, used in ((["all", "current"], "current"), (["current", "all"], "all")):
        html = client.get(SEARCH, {"status": statuses}).content.decode()
        assert f'name="status" type="radio" value="{used}" checked>' in html, statuses
