"""What a results page weighs as sent (issue #14): local authorities and hub areas listed for the chosen region only,
SLE specialisms once SLEs are chosen, the page without the templates' indentation, and public pages gzip-compressed
for clients that accept it, but not a page that sets a cookie (a form's CSRF token) nor one asked with a session
(BREACH: core/compression.py)."""

import gzip

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from tests.factories import LocalAuthorityFactory, RegionFactory, SchoolFactory

pytestmark = pytest.mark.django_db

SEARCH = "/search/"
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


def test_local_authorities_are_listed_for_the_chosen_region_only(client, many_authorities):
    everywhere = client.get(SEARCH).content.decode()
    assert 'name="la"' not in everywhere and 'name="hub_area"' not in everywhere
    assert "Choose a region and apply the filters" in everywhere

    in_region = client.get(SEARCH, {"region": "E12000094"}).content.decode()
    assert in_region.count('type="checkbox" name="la"') + in_region.count('name="la" type="checkbox"') == 17
    assert 'value="500"' in in_region and 'value="600"' not in in_region and 'value="383"' not in in_region


def test_a_local_authority_chosen_elsewhere_stays_shown_so_it_can_be_unticked(client, many_authorities):
    html = client.get(SEARCH, {"region": "E12000094", "la": "383"}).content.decode()
    assert 'id="id_la_383" name="la" type="checkbox" value="383" checked>' in html
    assert 'value="600"' not in html


def test_sle_specialisms_are_listed_once_sles_are_chosen(client, world):
    everywhere = client.get(SEARCH).content.decode()
    assert 'name="specialism"' not in everywhere
    assert "To filter by SLE specialism, choose specialist leaders of education and apply the filters" in everywhere

    sles = client.get(SEARCH, {"role": "sle"}).content.decode()
    assert 'name="specialism"' in sles and "To filter by SLE specialism" not in sles


def test_a_specialism_chosen_without_sles_stays_shown_so_it_can_be_unticked(client, world):
    html = client.get(SEARCH, {"specialism": "phonics"}).content.decode()
    assert 'name="specialism" type="checkbox" value="phonics" checked>' in html


def test_a_wrong_local_authority_is_an_error_at_its_field(client, many_authorities):
    html = client.get(SEARCH, {"la": "999999"}).content.decode()
    assert 'id="id_la"' in html and "Select local authorities from the list" in html


def test_the_panel_without_a_region_is_a_fraction_of_one_with_every_authority(client, many_authorities):
    panel = client.get(SEARCH).context["filter_panel"]
    # 153 authorities as checkboxes were about 260 bytes each: 40 KB.
    assert len(panel.encode()) < 20_000


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
