"""What a results page weighs as sent (issue #14): at most 40 KB of HTML, with only the chosen local authorities and
SLE specialisms in its filter panel (each list has a page of its own) and hub areas for the chosen region only; the
page without the templates' indentation; and public pages gzip-compressed for clients that accept it, but not a page
that sets a cookie (a form's CSRF token) nor one asked with a session (BREACH: core/compression.py)."""

import gzip

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from tests.factories import (
    LocalAuthorityFactory,
    RegionFactory,
    SchoolFactory,
    SLEDesignationFactory,
    SystemLeaderFactory,
)

pytestmark = pytest.mark.django_db

SEARCH = "/search/"
# Issue #14: a results page is at most 40 KB of HTML as first sent (kilobytes of 1,024 bytes).
RESULTS_PAGE_BYTES = 40 * 1024
GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.fixture
def many_authorities(world):
    """Nine regions of 17 local authorities each, every one with a school, as England has about 150."""
    for number in range(9):
        region = RegionFactory(code=f"E1200009{number}", name=f"Region {number}")
        for index in range(17):
            SchoolFactory(
                local_authority=LocalAuthorityFactory(
                    dfe_code=f"{number + 1}{index:02d}", gss_code=f"E0600{number}{index:02d}", region=region
                ),
                region=region,
            )


def test_the_panel_lists_no_local_authority_nor_specialism_but_those_chosen(client, many_authorities):
    html = client.get(SEARCH, {"region": "E12000094"}).content.decode()
    assert 'name="la"' not in html and 'name="specialism"' not in html
    assert 'formaction="/search/local-authorities/"' in html and 'formaction="/search/specialisms/"' in html


def test_a_chosen_local_authority_stays_in_the_panel_so_it_can_be_unticked(client, many_authorities):
    html = client.get(SEARCH, {"region": "E12000094", "la": "383"}).content.decode()
    assert 'id="id_la_383" name="la" type="checkbox" value="383" checked>' in html
    assert html.count('name="la"') == 1


def test_a_chosen_specialism_stays_in_the_panel_so_it_can_be_unticked(client, world):
    html = client.get(SEARCH, {"specialism": "phonics"}).content.decode()
    assert 'name="specialism" type="checkbox" value="phonics" checked>' in html
    assert html.count('name="specialism"') == 1


def test_a_wrong_local_authority_is_an_error_at_its_field(client, many_authorities):
    html = client.get(SEARCH, {"la": "999999"}).content.decode()
    assert 'id="id_la"' in html and "Select local authorities from the list" in html


def test_the_panel_is_a_fraction_of_one_with_every_authority(client, many_authorities):
    for params in ({}, {"region": "E12000094", "role": "sle"}):
        panel = client.get(SEARCH, params).context["filter_panel"]
        # 153 authorities as checkboxes were about 260 bytes each: 40 KB; a region's 17 and the 27 specialisms, 14 KB.
        assert len(panel.encode()) < 12_000


@pytest.fixture
def full_page_of_sles(world):
    """21 current SLEs in Leeds, each with two specialisms of middling length (the demo's SLEs have one to three, 1.7
    on average), and 33 more local authorities in their region (as London has): more than a page of results."""
    from roles.models import Specialism

    by_length = sorted(Specialism.objects.all(), key=lambda specialism: len(specialism.name))
    middling = by_length[len(by_length) // 2 - 1 : len(by_length) // 2 + 1]
    for _ in range(21):
        SLEDesignationFactory(
            leader=SystemLeaderFactory(school=world.quarry_mount),
            teaching_school=world.spring_bank,
            specialisms=middling,
        )
    for index in range(33):
        SchoolFactory(
            local_authority=LocalAuthorityFactory(
                dfe_code=f"8{index:02d}",
                gss_code=f"E080001{index:02d}",
                name=f"Metropolitan Borough {index}",
                region=world.yorkshire,
            ),
            region=world.yorkshire,
        )
    return [specialism.slug for specialism in middling]


def test_a_full_page_of_sles_near_a_postcode_is_at_most_40_kb_of_html(client, full_page_of_sles):
    """A full page of SLEs with their specialisms near a postcode, in a region of 34 local authorities, with
    specialisms and authorities chosen: 38.7 KB; with the 27 specialisms and the region's authorities in its panel
    it was 55.6 KB. (A query's own length counts too: each page link, download link and selected filter repeats it.)"""
    query = [
        ("postcode", "LS6 1EN"),
        ("radius", "25"),
        ("role", "sle"),
        ("region", "E12000003"),
        ("la", "383"),
        ("la", "800"),
        *(("specialism", slug) for slug in full_page_of_sles),
    ]
    response = client.get(SEARCH, query)
    html = response.content.decode()
    assert len(response.context["rows"]) == 20
    assert len(html.encode()) <= RESULTS_PAGE_BYTES, len(html.encode())


@pytest.mark.parametrize("path", [SEARCH, f"{SEARCH}?postcode=LS6+1EN&radius=1&role=pupil_premium_reviewer"])
def test_the_results_page_carries_no_indentation(client, world, path):
    """Its templates are read without their lines' indentation, and the fixed parts kept without theirs: what is
    left between tags is a newline, or two where a part is empty."""
    html = client.get(path).content.decode()
    assert "\n " not in html and "\n\t" not in html and "\n\n\n" not in html


def test_a_detail_page_carries_no_indentation(client, world):
    html = client.get(f"/leaders/{world.nle.leader_id}/").content.decode()
    assert "\n " not in html and "\n\n\n" not in html


def test_a_public_page_is_sent_compressed_to_a_client_that_accepts_it(client, world):
    plain = client.get(SEARCH)
    compressed = client.get(SEARCH, headers=GZIP)
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip" and "Accept-Encoding" in compressed["Vary"]
    assert gzip.decompress(compressed.content) == plain.content
    assert len(compressed.content) < len(plain.content) / 3


def test_a_cached_page_is_sent_as_stored_compressed(client, world, django_assert_num_queries):
    cache.clear()
    with override_settings(DIRECTORY_PAGE_CACHE=True):
        plain = client.get(SEARCH)
        with django_assert_num_queries(0):
            compressed = client.get(SEARCH, headers=GZIP)
            again = client.get(SEARCH)
        assert compressed["Content-Encoding"] == "gzip" and compressed["ETag"].startswith("W/")
        assert gzip.decompress(compressed.content) == plain.content == again.content
        assert "Content-Encoding" not in again
        assert client.get(SEARCH, headers={**GZIP, "If-None-Match": compressed["ETag"]}).status_code == 304
    cache.clear()


def test_a_page_built_on_a_miss_is_sent_compressed_as_it_is_stored(client, world, monkeypatch):
    cache.clear()
    compressing = []
    monkeypatch.setattr("django.middleware.gzip.compress_string", lambda *args: compressing.append(args) or b"")
    with override_settings(DIRECTORY_PAGE_CACHE=True):
        built = client.get(SEARCH, headers=GZIP)
        stored = client.get(SEARCH, headers=GZIP)
    assert not compressing, "compressed again by GZipMiddleware"
    assert built["Content-Encoding"] == "gzip" and "Accept-Encoding" in built["Vary"]
    assert built.content == stored.content and built["ETag"] == stored["ETag"]
    assert b"<h1" in gzip.decompress(built.content)
    cache.clear()


def test_a_page_with_a_form_token_is_not_compressed(client, world):
    response = client.get("/admin/login/", headers=GZIP)
    assert response.status_code == 200 and b"csrfmiddlewaretoken" in response.content
    assert "Content-Encoding" not in response


def test_a_page_asked_with_a_session_is_not_compressed(client, world):
    client.cookies[settings.SESSION_COOKIE_NAME] = "someone-signed-in"
    response = client.get(SEARCH, headers=GZIP)
    assert response.status_code == 200 and "Content-Encoding" not in response
