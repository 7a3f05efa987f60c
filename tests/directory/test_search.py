import math

import pytest

from directory.models import Listing
from directory.services import listing_rebuild
from postcodes.distance import METRES_PER_MILE
from roles.models import Role
from tests.directory.conftest import result_names
from tests.factories import DesignationFactory, SchoolFactory, SystemLeaderFactory

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


def test_unfiltered_search_lists_current_holders_by_name(client, world):
    response = client.get(SEARCH)
    assert response.status_code == 200
    # The NLG's designation ended when the programme closed, so they are not current.
    assert result_names(response) == ["Ada Lovelace", "Nadia Okafor", "Samir Patel", "Spring Bank Primary School"]
    assert response.context["result_count"] == 4


def test_listing_follows_designations_through_signals_and_rebuild(world):
    before = sorted(Listing.objects.values_list("name", flat=True))
    assert listing_rebuild() == 5
    assert sorted(Listing.objects.values_list("name", flat=True)) == before


def test_ended_designations_and_closed_programmes_on_request(client, world):
    response = client.get(SEARCH, {"status": "all"})
    assert "Gwen Hughes" in result_names(response)
    assert "National leader of governance: programme closed" in response.content.decode()


def test_role_filter_takes_several_roles(client, world):
    response = client.get(SEARCH, {"role": [Role.Code.NLE, Role.Code.PUPIL_PREMIUM_REVIEWER]})
    assert result_names(response) == ["Ada Lovelace", "Nadia Okafor"]


def test_specialism_filter_finds_the_sle_and_their_teaching_school(client, world):
    response = client.get(SEARCH, {"specialism": "phonics"})
    assert result_names(response) == ["Samir Patel", "Spring Bank Primary School"]
    assert client.get(SEARCH, {"specialism": "drama"}).context["result_count"] == 0


def test_area_filters(client, world):
    assert result_names(client.get(SEARCH, {"la": "201"})) == ["Ada Lovelace"]
    assert len(result_names(client.get(SEARCH, {"la": ["201", "383"]}))) == 4
    assert result_names(client.get(SEARCH, {"region": "E12000007"})) == ["Ada Lovelace"]


def test_phase_filter(client, world):
    response = client.get(SEARCH, {"phase": "secondary", "status": "all"})
    assert result_names(response) == ["Gwen Hughes"]


def test_free_text_over_person_school_and_urn(client, world):
    assert result_names(client.get(SEARCH, {"q": "okafor"})) == ["Nadia Okafor"]
    assert result_names(client.get(SEARCH, {"q": "quarry mount"})) == ["Samir Patel"]
    assert result_names(client.get(SEARCH, {"q": "100000"})) == ["Ada Lovelace"]


def test_postcode_search_from_a_schools_own_postcode_lists_its_leaders_first(client, world):
    response = client.get(SEARCH, {"postcode": "ls6 1en", "radius": "5"})
    rows = response.context["rows"]
    assert rows[0].name == "Nadia Okafor"
    assert 0.0 <= rows[0].distance_miles <= 0.1
    assert "Ada Lovelace" not in result_names(response)  # London is not within 5 miles of Leeds


def test_distance_order_matches_straight_line_distance_on_the_national_grid(client, world):
    response = client.get(SEARCH, {"postcode": "LS6 2JP", "radius": "50"})
    location = response.context["location"]
    distances = [row.distance_miles for row in response.context["rows"]]
    assert distances == sorted(distances)
    for row in response.context["rows"]:
        expected = math.hypot(row.listing.easting - location.easting, row.listing.northing - location.northing)
        assert row.distance_miles == pytest.approx(expected / METRES_PER_MILE)
    assert "1.0 miles" in response.content.decode() or "0." in response.content.decode()


def test_outward_code_alone_searches_from_its_centre(client, world):
    response = client.get(SEARCH, {"postcode": "LS6"})
    assert response.status_code == 200
    assert response.context["location"].is_outward_code
    assert set(result_names(response)) == {"Nadia Okafor", "Samir Patel", "Spring Bank Primary School"}


def test_sorts(client, world):
    recent = result_names(client.get(SEARCH, {"sort": "recent"}))
    assert recent[0] == "Ada Lovelace"  # designated 2024
    assert result_names(client.get(SEARCH, {"sort": "name"}))[0] == "Ada Lovelace"


def test_selected_filters_are_tags_with_remove_links(client, world):
    response = client.get(SEARCH, {"role": [Role.Code.NLE, Role.Code.SLE], "la": "383"})
    categories = {c["heading"]: c["items"] for c in response.context["selected_filters"]}
    assert [item["label"] for item in categories["Role"]] == [
        "National leaders of education",
        "Specialist leaders of education",
    ]
    remove_nle = categories["Role"][0]["remove_url"]
    assert "role=nle" not in remove_nle and "role=sle" in remove_nle and "la=383" in remove_nle
    assert "Clear filters" in response.content.decode()


def test_removing_the_location_takes_its_radius_and_distance_order_with_it_and_keeps_the_rest(client, world):
    query = "q=Primary&postcode=LS6+1EN&radius=5&role=nle&sort=distance&page=1&la=383"
    response = client.get(f"{SEARCH}?{query}")
    categories = {c["heading"]: c["items"] for c in response.context["selected_filters"]}

    assert categories["Location"][0]["label"] == "Within 5 miles of LS6 1EN"
    assert categories["Location"][0]["remove_url"] == f"{SEARCH}?q=Primary&role=nle&la=383"
    assert categories["Role"][0]["remove_url"] == f"{SEARCH}?q=Primary&postcode=LS6+1EN&radius=5&sort=distance&la=383"
    name_removed = categories["Name, school or URN"][0]["remove_url"]
    assert name_removed == f"{SEARCH}?postcode=LS6+1EN&radius=5&role=nle&sort=distance&la=383"


def test_no_results_offers_a_wider_radius_and_filters_to_drop_with_counts(client, world):
    response = client.get(SEARCH, {"postcode": "LS6 1EN", "radius": "1", "role": Role.Code.PUPIL_PREMIUM_REVIEWER})
    assert response.context["result_count"] == 0
    alternatives = {a["text"]: a for a in response.context["alternatives"]}
    # The only reviewer is in London: no radius up to 50 miles finds them, so no wider radius is offered.
    assert not any(text.startswith("Search within") for text in alternatives)
    drop_role = alternatives["Remove the role filter"]
    assert drop_role["count"] == 3  # the NLE, the SLE and the teaching school are all within a mile
    followed = client.get(drop_role["url"])
    assert followed.context["result_count"] == drop_role["count"]


def test_wider_radius_suggestion_counts_what_it_gives(client, world):
    response = client.get(
        SEARCH, {"postcode": "LS6 4QE", "radius": "1", "role": Role.Code.PUPIL_PREMIUM_REVIEWER, "status": "all"}
    )
    assert response.context["result_count"] == 0
    response = client.get(SEARCH, {"postcode": "LS6 4QE", "radius": "1", "role": Role.Code.NLE})
    assert response.context["result_count"] == 0  # Brudenell is about 1.8 miles from Cardinal Heenan
    wider = [a for a in response.context["alternatives"] if a["text"].startswith("Search within")]
    assert wider[0]["text"] == "Search within 3 miles"
    assert wider[0]["count"] == 1
    # Every suggestion shows the count its link really gives.
    for alternative in response.context["alternatives"]:
        assert client.get(alternative["url"]).context["result_count"] == alternative["count"]


def test_pagination_keeps_filters_and_pages_out_of_range_are_404(client, world):
    school = world.brudenell
    for index in range(25):
        DesignationFactory(leader=SystemLeaderFactory(first_name=f"Zed{index:02d}", last_name="Zimmer", school=school))
    response = client.get(SEARCH, {"la": "383", "page": "2"})
    assert response.status_code == 200
    assert response.context["page_obj"].number == 2
    assert "la=383" in response.content.decode().split('class="govuk-pagination"')[1]
    missing = client.get(SEARCH, {"la": "383", "page": "9"})
    assert missing.status_code == 404
    assert "Go to the first page of results" in missing.content.decode()
    assert client.get(SEARCH, {"page": "abc"}).status_code == 404


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"postcode": "not a postcode"}, "Enter a real postcode, like SW1A 1AA"),
        ({"postcode": "LS6 9ZZ"}, "We could not find"),
        ({"radius": "5"}, "Enter a postcode to search within a distance"),
        ({"postcode": "LS6 1EN", "radius": "7"}, "Select a distance from the list"),
        ({"la": "999"}, "Select local authorities from the list"),
        ({"role": "wizard"}, "Select roles from the list"),
        ({"specialism": "alchemy"}, "Select specialisms from the list"),
        ({"region": "E99999999"}, "Select a region from the list"),
        ({"hub_area": "ZZ1"}, "Select a teaching school hub area from the list"),
        ({"phase": "nursery"}, "Select phases from the list"),
        ({"status": "maybe"}, "Select a designation status from the list"),
        ({"sort": "shoe-size"}, "Select a sort order from the list"),
        ({"sort": "distance"}, "Enter a postcode to sort by distance"),
    ],
)
def test_bad_input_is_reported_on_the_page_never_ignored(client, world, params, message):
    response = client.get(SEARCH, params)
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html
    assert message in html
    assert "<title>Error: " in html
    assert "rows" not in response.context or not response.context.get("rows")


def test_list_page_query_count_is_fixed_whatever_the_filters(client, world, django_assert_num_queries):
    for _ in range(30):
        DesignationFactory(leader=SystemLeaderFactory(school=SchoolFactory(local_authority=world.leeds)))
    client.get(SEARCH)  # fills the cache of filter options, as any earlier visitor would
    # The ordered ids (which give the count too), the page's rows with their roles and specialisms, and the
    # postcode's place; a search that finds nothing counts its alternatives in one query instead of reading rows (and
    # the wider radii in another).
    for params, queries in [
        ({}, 2),
        ({"postcode": "LS6 1EN", "radius": "50", "role": ["nle", "sle"], "specialism": "phonics", "la": "383"}, 3),
        ({"status": "all", "phase": "primary", "q": "a", "sort": "recent", "region": "E12000003"}, 2),
        ({"postcode": "LS6 1EN", "radius": "1", "role": "pupil_premium_reviewer", "phase": "secondary"}, 4),
        ({"role": "pupil_premium_reviewer", "la": "383", "phase": "secondary"}, 2),
    ]:
        with django_assert_num_queries(queries):
            assert client.get(SEARCH, params).status_code == 200


def test_the_filter_panel_shows_what_was_chosen(client, world):
    html = client.get(SEARCH, {"la": "383", "role": ["nle", "sle"], "region": "E12000003"}).content.decode()
    assert 'id="id_la_383" name="la" type="checkbox" value="383" checked>' in html
    assert 'value="201"' not in html, "another region's local authority"
    assert 'value="nle" checked>' in html and 'value="sle" checked>' in html and 'value="nlg">' in html
    assert '<option value="E12000003" selected>Yorkshire and the Humber</option>' in html
    assert '<option value="E12000007">London</option>' in html
    unchosen = client.get(SEARCH).content.decode()
    assert 'value="383" checked>' not in unchosen and " selected>Yorkshire" not in unchosen
