"""Small things seen (issue #15): "Within 1 miles", postcodes outside England, and a coverage chart with nothing in
it."""

import re

import pytest

from directory import options
from schools.models import School

pytestmark = pytest.mark.django_db

SEARCH = "/search/"


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_a_one_mile_radius_is_one_mile_everywhere(client, world):
    response = client.get(SEARCH, {"postcode": "LS6 1EN", "radius": "1"})
    page = text_of(response.content.decode())
    assert "Within 1 mile of LS6 1EN" in page  # the selected-filter tag
    assert "within 1 mile of LS6 1EN" in page  # the results heading
    assert '<option value="1" selected>Within 1 mile</option>' in response.content.decode()
    assert "1 miles" not in page
    assert "Within 3 miles of LS6 1EN" in text_of(
        client.get(SEARCH, {"postcode": "LS6 1EN", "radius": "3"}).content.decode()
    )
    assert [options.miles_text(miles) for miles in (1, 3)] == ["1 mile", "3 miles"]


@pytest.mark.parametrize(
    ("postcode", "country"),
    [("EH1 1YZ", "Scotland"), ("CF10 1EP", "Wales"), ("eh1", "Scotland"), ("TD1 1AA", "Scotland")],
)
def test_a_postcode_outside_england_is_told_the_service_covers_england(client, world, postcode, country):
    response = client.get(SEARCH, {"postcode": postcode, "radius": "50"})
    html = response.content.decode()
    assert "There is a problem" in html
    shown = postcode.upper() if " " in postcode else postcode.upper()
    assert (
        f"Enter a postcode in England: {shown} is in {country}, and this service covers schools in England only" in html
    )
    assert not response.context.get("rows")


@pytest.mark.parametrize("query", ["EH1 1YZ", "CF10 1EP", "EH1", "cf10"])
def test_the_ask_for_support_school_search_says_england_only(client, world, query):
    html = client.get("/ask-for-support/school/", {"q": query}).content.decode()
    assert "There is a problem" in html
    assert "this service covers schools in England only" in html
    assert "No open school matches" not in html


def test_an_english_postcode_in_a_border_district_is_searched_as_usual(client, world):
    # TD15 is Berwick-upon-Tweed, in England; its postcodes are not in this test's data, so the usual message.
    html = client.get(SEARCH, {"postcode": "TD15 1AA"}).content.decode()
    assert "England only" not in html and "We could not find the postcode TD15 1AA" in html


def test_the_coverage_chart_says_why_it_is_empty_when_every_school_has_an_nle_within_reach(client, world):
    School.objects.filter(pk=world.quarry_mount.pk).update(ofsted_rating=School.OfstedRating.REQUIRES_IMPROVEMENT)
    html = client.get("/coverage/").content.decode()
    assert "Every school needing support in England has an NLE within 25 miles" in text_of(html)
    assert "Choose a shorter distance above" in html
    assert 'aria-labelledby="chart-gaps-title chart-gaps-desc"' not in html

    School.objects.filter(pk=world.aldgate.pk).update(ofsted_rating=School.OfstedRating.INADEQUATE)
    html = client.get("/coverage/").content.decode()
    assert 'aria-labelledby="chart-gaps-title chart-gaps-desc"' in html
    assert "Every school needing support" not in html
