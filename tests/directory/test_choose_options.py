"""Local authorities and SLE specialisms each on a page of their own (issue #14): the filter panel holds only those
chosen and a button that takes the panel's choices to the page listing them all, which sends them back to the
results with what is ticked there. Without JavaScript the same."""

import re

import pytest

pytestmark = pytest.mark.django_db

SEARCH = "/search/"
SPECIALISMS = "/search/specialisms/"
LOCAL_AUTHORITIES = "/search/local-authorities/"


def hidden_fields(html: str) -> list[tuple[str, str]]:
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', html)


def ticked(html: str, name: str) -> set[str]:
    return set(re.findall(rf'name="{name}" type="checkbox" value="([^"]+)" checked>', html))


def test_the_panel_takes_its_choices_to_each_list(client, world):
    html = client.get(SEARCH, {"role": "sle"}).content.decode()
    form = html[html.index('<form method="get" action="/search/"') :]
    for action, text in ((SPECIALISMS, "Choose SLE specialisms"), (LOCAL_AUTHORITIES, "Choose local authorities")):
        # A submit button of the panel's form: what the person ticked but has not applied goes along.
        assert re.search(rf'<button type="submit" [^>]*formaction="{action}"[^>]*>{text}</button>', form)


def test_the_specialisms_page_lists_them_all_by_focus_area_with_the_chosen_ticked(client, world):
    response = client.get(SPECIALISMS, {"postcode": "LS6 1EN", "role": "sle", "specialism": "phonics", "page": "3"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="govuk-heading-l">Choose SLE specialisms</h1>' in html
    for focus_area in ("Leadership and management", "Pupil achievement", "Quality of teaching", "Behaviour and safety"):
        assert f'<legend class="govuk-fieldset__legend govuk-fieldset__legend--m">{focus_area}' in html
    assert html.count('name="specialism" type="checkbox"') == 27
    assert ticked(html, "specialism") == {"phonics"}
    # The rest of the search comes back as it was, from its first page.
    assert hidden_fields(html) == [("postcode", "LS6 1EN"), ("role", "sle")]
    assert '<form method="get" action="/search/" novalidate>' in html
    assert 'href="/search/?postcode=LS6+1EN&amp;role=sle&amp;specialism=phonics" class="govuk-back-link"' in html


def test_choosing_on_the_page_gives_the_results_it_sends_back(client, world):
    html = client.get(SPECIALISMS, {"role": "sle"}).content.decode()
    query = [*hidden_fields(html), ("specialism", "phonics")]
    response = client.get(SEARCH, query)
    assert [row.name for row in response.context["rows"]] == ["Samir Patel"]


def test_local_authorities_are_grouped_by_region_open_where_chosen(client, world):
    html = client.get(LOCAL_AUTHORITIES, {"la": "201"}).content.decode()
    assert '<h1 class="govuk-heading-l">Choose local authorities</h1>' in html
    london = html.index(">London</span></summary>")
    yorkshire = html.index(">Yorkshire and the Humber</span></summary>")
    assert html.rfind("<details", 0, london) == html.rfind(
        '<details class="govuk-details govuk-!-margin-bottom-3" open>', 0, london
    )
    assert html[html.rfind("<details", 0, yorkshire) :].startswith(
        '<details class="govuk-details govuk-!-margin-bottom-3">'
    )
    assert ticked(html, "la") == {"201"}
    assert 'value="383"' in html


def test_the_chosen_region_starts_open(client, world):
    html = client.get(LOCAL_AUTHORITIES, {"region": "E12000003"}).content.decode()
    yorkshire = html.index(">Yorkshire and the Humber</span></summary>")
    assert html[html.rfind("<details", 0, yorkshire) :].startswith(
        '<details class="govuk-details govuk-!-margin-bottom-3" open>'
    )
    assert hidden_fields(html) == [("region", "E12000003")]


def test_a_page_carries_back_only_the_search_and_nothing_it_does_not_know(client, world):
    response = client.get(
        LOCAL_AUTHORITIES,
        {"la": ["999999", "383"], "q": '"><script>alert(1)</script>', "utm_source": "mail", "page": "2", "phase": ""},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert ticked(html, "la") == {"383"}
    assert hidden_fields(html) == [("q", "&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;")]
    assert "<script>alert(1)" not in html


def test_a_wrong_value_elsewhere_in_the_search_is_still_an_error_on_the_results(client, world):
    html = client.get(SPECIALISMS, {"postcode": "XYZ"}).content.decode()
    assert hidden_fields(html) == [("postcode", "XYZ")]
    results = client.get(SEARCH, {"postcode": "XYZ"}).content.decode()
    assert "Enter a real postcode" in results
