import csv
import io
import re

import pytest
from django.urls import reverse

from tests.factories import LocalAuthorityFactory, SchoolFactory


def csv_rows(response) -> list[dict]:
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text[1:])))


def test_urls():
    assert reverse("coverage:index") == "/coverage/"
    assert reverse("coverage:region", args=["E12000001"]) == "/coverage/E12000001/"
    assert reverse("coverage:download") == "/coverage.csv"
    assert reverse("coverage:region_download", args=["E12000001"]) == "/coverage/E12000001.csv"


def test_england_page(client, coverage_world):
    response = client.get("/coverage/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Coverage of system leaders in England" in html
    assert 'href="/coverage/E12000001/"' in html
    assert 'href="/coverage.csv"' in html
    assert "Schools needing support with no NLE within 25 miles" in html
    charts = re.findall(r'<svg class="app-chart__svg"[^>]* role="img" aria-labelledby="([^"]+)"', html)
    assert len(charts) == 3 + 4  # gaps, schools per leader, roles, and one per focus area
    assert 'aria-labelledby="chart-gaps-title chart-gaps-desc"' in html
    assert "50.0% (1 of 2)" in html  # both regions' bars
    assert "No current system leaders" in html  # the South West
    assert "support_coverage/coverage.css" in html
    assert " style=" not in html  # the Content-Security-Policy allows no inline styles


def test_closed_programme_is_shown_as_closed(client, coverage_world):
    html = client.get("/coverage/").content.decode()
    assert "Not counted: programme closed" in html
    assert "National leaders of governance are not counted" in html
    assert '<abbr title="National leaders of governance">' not in html


def test_region_page_lists_its_local_authorities(client, coverage_world):
    response = client.get("/coverage/E12000001/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Coverage of system leaders in North East" in html
    assert "Alpha" in html and "Beta" in html and "Gamma" not in html and "Delta" not in html
    assert 'href="/coverage/E12000001.csv"' in html
    assert "Current SLEs by specialism: Pupil achievement" in html
    assert [text for text, _ in response.context["breadcrumbs"]] == ["Home", "Coverage", "North East"]


@pytest.mark.parametrize("path", ["/coverage/E12999999/", "/coverage/nonsense/", "/coverage/E12999999.csv"])
def test_unknown_region_is_not_found(client, coverage_world, path):
    response = client.get(path)
    assert response.status_code == 404
    if path.endswith("/"):
        assert "Page not found" in response.content.decode()


def test_chosen_reach_changes_the_gaps_and_is_kept_on_links(client, coverage_world):
    html = client.get("/coverage/?reach=20").content.decode()
    assert "with no NLE within 20 miles" in html
    assert 'href="/coverage/E12000001/?reach=20"' in html
    assert 'href="/coverage.csv?reach=20"' in html
    assert "100.0% (2 of 2)" in html  # North East: Near School is 24 miles from the NLE


@pytest.mark.parametrize("reach", ["7", "abc", "25.5", "-1"])
def test_a_wrong_reach_gets_a_message_and_the_default(client, coverage_world, reach):
    response = client.get("/coverage/", {"reach": reach})
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" in html and "Choose one of the distances listed" in html
    assert "<title>Error: " in html
    assert "with no NLE within 25 miles" in html


def test_a_wrong_reach_in_a_download_is_a_clear_400(client, coverage_world):
    response = client.get("/coverage.csv", {"reach": "abc"})
    assert response.status_code == 400
    assert "Choose one of the distances listed" in response.content.decode()


def test_csv_by_region(client, coverage_world):
    response = client.get("/coverage.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="coverage-by-region-')
    rows = csv_rows(response)
    assert [row["name"] for row in rows] == ["North East", "South West", "England"]
    north_east, south_west, england = rows
    assert north_east == {
        "ons_code": "E12000001",
        "name": "North East",
        "open_schools": "5",
        "current_system_leaders": "2",
        "schools_per_system_leader": "2.5",
        "current_teaching_school_designations": "1",
        "current_nle_designations": "1",
        "current_lle_designations": "0",
        "current_sle_designations": "2",
        "current_pupil_premium_reviewer_designations": "0",
        "current_tsc_representative_designations": "0",
        "current_teaching_school_hub_designations": "0",
        "schools_needing_support": "2",
        "of_which_no_nle_within_25_miles": "1",
        "percent_with_no_nle_within_25_miles": "50.0",
    }
    assert south_west["schools_per_system_leader"] == ""  # no leaders: no division by zero
    assert (england["ons_code"], england["open_schools"], england["of_which_no_nle_within_25_miles"]) == (
        "E92000001",
        "8",
        "2",
    )
    assert "current_nlg_designations" not in north_east  # a closed programme is not a gap


def test_csv_by_local_authority_follows_the_reach(client, coverage_world):
    response = client.get("/coverage/E12000001.csv", {"reach": "20"})
    assert 'filename="coverage-north-east-by-local-authority-' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert [(row["dfe_code"], row["name"], row["of_which_no_nle_within_20_miles"]) for row in rows] == [
        ("801", "Alpha", "1"),
        ("802", "Beta", "1"),
        ("", "North East", "2"),
    ]


def test_csv_keeps_spreadsheets_from_running_formulas(client, coverage_world):
    LocalAuthorityFactory(dfe_code="804", name='=HYPERLINK("http://x")', region=coverage_world.north_east)
    SchoolFactory(local_authority=coverage_world.north_east.local_authorities.get(dfe_code="804"))
    rows = csv_rows(client.get("/coverage/E12000001.csv"))
    assert rows[0]["name"] == '\'=HYPERLINK("http://x")'


def test_pages_take_a_bounded_number_of_queries(client, coverage_world, django_assert_max_num_queries):
    for path in ["/coverage/", "/coverage/E12000001/", "/coverage.csv", "/coverage/E12000001.csv"]:
        with django_assert_max_num_queries(13):  # 12, and the map's squares of open schools
            assert client.get(path).status_code == 200


def test_pages_are_served_from_the_page_cache(client, coverage_world, settings, django_assert_num_queries):
    settings.DIRECTORY_PAGE_CACHE = True
    first = client.get("/coverage/")
    with django_assert_num_queries(0):
        second = client.get("/coverage/")
    assert second.content == first.content and second["ETag"] == first["ETag"]


def test_the_england_page_maps_the_schools_needing_support_with_a_key_and_a_text_alternative(client, coverage_world):
    html = client.get("/coverage/").content.decode()
    assert re.search(
        r'<svg class="app-map__svg" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \d+ \d+" role="img" '
        r'aria-labelledby="map-reach-title map-reach-desc">',
        html,
    )
    assert '<title id="map-reach-title">Map of schools needing support in England, by whether a national leader' in html
    sentence = (
        "Of 4 schools needing support in England, 1 has a national leader of education within 25 miles (dots on the "
        "map) and 2 have none (crosses). 1 school has no grid reference, so it is not on the map."
    )
    assert f'<desc id="map-reach-desc">{sentence}</desc>' in html
    assert f'<p class="govuk-body">{sentence}</p>' in html  # shown as well as described
    assert "Key to the map" in html
    assert html.count('class="app-map__within-reach" stroke-width') == 2  # the map and its key
    assert html.count('class="app-map__out-of-reach" stroke-width') == 2
    # The table with the same figures follows the map.
    assert html.index("map-reach-desc") < html.index('id="table-out-of-reach"')


def test_the_map_follows_the_chosen_reach(client, coverage_world):
    html = client.get("/coverage/?reach=5").content.decode()
    assert "1 has a national leader of education within 5 miles" not in html
    assert "0 have a national leader of education within 5 miles (dots on the map) and 3 have none" in html


def test_a_region_page_maps_only_its_own_schools(client, coverage_world):
    html = client.get("/coverage/E12000001/").content.decode()
    assert "Of 2 schools needing support in North East, 1 has a national leader of education within 25 miles" in html
    assert "shaded in 3 km squares" in html


def test_every_table_scrolls_inside_its_own_labelled_focusable_box(client, coverage_world):
    html = client.get("/coverage/").content.decode()
    tables = html.count('<table class="govuk-table')
    boxes = re.findall(r'<div class="app-table-scroll" tabindex="0" role="region" aria-labelledby="([^"]+)">', html)
    assert len(boxes) == tables
    assert len(set(boxes)) == len(boxes)
    for caption in boxes:
        assert f'<caption id="{caption}"' in html
