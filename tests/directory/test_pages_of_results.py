"""Pages of a large search: numbered pages stop at views.MAX_PAGES and counting stops at views.MAX_RESULTS, so no
page costs more the more leaders there are; a page past them says so, and each page runs a fixed number of queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from directory import views
from tests.directory.conftest import result_names
from tests.factories import DesignationFactory, SystemLeaderFactory

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


@pytest.fixture
def small_cap(monkeypatch):
    """Pages of 2 results, at most 3 of them: 6 results have pages."""
    monkeypatch.setattr(views, "RESULTS_PER_PAGE", 2)
    monkeypatch.setattr(views, "MAX_PAGES", 3)
    monkeypatch.setattr(views, "MAX_RESULTS", 6)


@pytest.fixture
def many_leaders(world):
    """Ten more current leaders at Brudenell (Leeds), named to sort after the world's own."""
    for index in range(10):
        DesignationFactory(leader=SystemLeaderFactory(first_name=f"Zed{index:02d}", last_name="Zimmer"))


def test_a_search_with_more_results_than_have_pages_says_more_than(client, small_cap, many_leaders):
    response = client.get(SEARCH)
    assert response.context["more_than"] == 6
    html = response.content.decode()
    assert "More than 6 results" in html
    assert "The first 6 are shown" in html
    assert response.context["page_obj"].paginator.num_pages == 3


def test_a_search_within_the_cap_gives_its_exact_count(client, small_cap, world):
    response = client.get(SEARCH)
    assert response.context["result_count"] == 4
    assert response.context["more_than"] is None
    assert "4 results" in response.content.decode()


def test_the_last_numbered_page_shows_the_results_in_order(client, small_cap, many_leaders):
    every = result_names(client.get(SEARCH, {"status": "current"}))
    pages = [result_names(client.get(SEARCH, {"page": str(number)})) for number in (1, 2, 3)]
    assert pages[0] == every
    names = [name for page in pages for name in page]
    assert names == sorted(names, key=lambda name: name.split()[-1] + name)  # sort_name is "last first"
    assert len(names) == len(set(names)) == 6


def test_a_page_past_the_last_numbered_page_says_why_and_offers_the_download(client, small_cap, many_leaders):
    response = client.get(SEARCH, {"role": "nle", "page": "4"})
    assert response.status_code == 404
    html = response.content.decode()
    assert "Only the first 6 results have pages" in html
    assert 'href="/search/results.csv?role=nle"' in html
    assert 'href="/search/?role=nle"' in html


def test_a_page_past_the_end_of_a_small_search_is_no_such_page(client, small_cap, world):
    response = client.get(SEARCH, {"page": "3"})
    assert response.status_code == 404
    assert "There is no such page of results" in response.content.decode()
    for number in ("0", "-1", "abc", "9" * 30, "²", "1.5"):
        assert client.get(SEARCH, {"page": number}).status_code == 404


def test_the_download_is_not_capped(client, small_cap, many_leaders):
    lines = b"".join(client.get("/search/results.csv").streaming_content).decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + 14  # the header, the world's 4 current holders and the 10 leaders


def test_distance_order_holds_across_pages(client, small_cap, many_leaders):
    pages = [client.get(SEARCH, {"postcode": "LS6 2JP", "radius": "50", "page": str(n)}) for n in (1, 2, 3)]
    distances = [row.distance_miles for page in pages for row in page.context["rows"]]
    assert len(distances) == 6
    assert distances == sorted(distances)


def test_no_results_alternatives_count_no_further_than_the_cap(client, small_cap, many_leaders):
    response = client.get(SEARCH, {"q": "nobody by this name"})
    drop_text = next(
        a for a in response.context["alternatives"] if a["text"] == "Remove the name, school or URN filter"
    )
    assert drop_text["more_than"] and drop_text["count"] == 6
    assert "more than 6 results" in response.content.decode()


@pytest.mark.parametrize("params", [{}, {"postcode": "LS6 1EN", "radius": "50"}, {"sort": "recent", "status": "all"}])
def test_the_last_numbered_page_runs_the_same_queries_as_the_first(client, small_cap, many_leaders, params):
    client.get(SEARCH)  # fills the cache of filter options, as any earlier visitor would
    counts = []
    for number in ("1", "3"):
        with CaptureQueriesContext(connection) as queries:
            assert client.get(SEARCH, {**params, "page": number}).status_code == 200
        counts.append(len(queries))
    # The ordered ids (which give the count too) and the page's rows with their roles and specialisms; and the
    # postcode's place.
    assert counts[0] == counts[1] == (3 if "postcode" in params else 2)


def test_odd_page_numbers_on_a_large_search_are_no_such_page(client, small_cap, many_leaders):
    for number in ("²", "abc", "0", "9" * 5000, "7", "9" * 30):
        response = client.get(SEARCH, {"page": number})
        assert response.status_code == 404
        beyond = "Only the first 6 results have pages" in response.content.decode()
        assert beyond == (number in ("7", "9" * 30))
