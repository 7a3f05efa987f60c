"""Every leader, teaching school and school page, and every result for a leader or teaching school, leads into
asking for support; a school DfE's improvement offer may cover says so, and how to ask DfE (issue 11, item 2)."""

import pytest
from django.core.cache import cache
from django.test import override_settings

from schools.models import School
from schools.services import support_flag_raise

pytestmark = pytest.mark.django_db


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_current_leader_page_asks_that_leader(client, world):
    html = page(client, f"/leaders/{world.nle.leader_id}/")
    assert f'href="/ask-for-support/leaders/{world.nle.leader_id}/"' in html
    assert "Ask Nadia for support" in html


def test_an_sle_page_asks_the_sle_and_names_the_teaching_school_that_arranges_placements(client, world):
    html = page(client, f"/leaders/{world.sle.leader_id}/")
    assert f'href="/ask-for-support/leaders/{world.sle.leader_id}/"' in html
    assert "Spring Bank Primary School" in html and "arranges Samir's placements" in html


def test_a_leader_with_no_current_designation_is_not_offered_but_the_way_on_is(client, world):
    html = page(client, f"/leaders/{world.nlg.leader_id}/")
    assert "/ask-for-support/leaders/" not in html
    assert "holds no current designation" in html
    assert 'href="/ask-for-support/"' in html


def test_a_teaching_school_page_asks_the_teaching_school_and_shows_a_real_ones_contact(client, world):
    world.spring_bank.telephone = "0113 2345678"
    world.spring_bank.save()
    html = page(client, f"/teaching-schools/{world.spring_bank.urn}/")
    assert f'href="/ask-for-support/teaching-schools/{world.spring_bank.urn}/"' in html
    assert "Ask this teaching school for support" in html
    assert "0113 2345678" in html  # a real teaching school (not demo data): its own telephone
    assert "Demo" not in html


def test_every_school_page_offers_support_for_that_school(client, world):
    html = page(client, f"/schools/{world.brudenell.urn}/")
    assert "Get support for this school" in html
    assert f'href="/ask-for-support/need/?urn={world.brudenell.urn}"' in html
    assert "improvement offer" not in html  # rated Good, not flagged


@pytest.mark.parametrize(
    "rating", [School.OfstedRating.REQUIRES_IMPROVEMENT, School.OfstedRating.INADEQUATE], ids=["ri", "inadequate"]
)
def test_a_school_rated_below_good_is_told_about_the_improvement_offer(client, world, rating):
    school = world.heenan
    school.ofsted_rating = rating
    school.save()
    html = page(client, f"/schools/{school.urn}/")
    rating = school.get_ofsted_rating_display().lower()
    assert f"Ofsted rated this school &lsquo;{rating}&rsquo;, so it may be eligible" in html
    assert f'href="/ask-for-support/dfe-match/?urn={school.urn}"' in html
    assert f'href="/ask-for-support/need/?urn={school.urn}"' in html


def test_a_requires_improvement_school_with_no_leaders_does_not_end_in_a_dead_end(client, world):
    school = world.aldgate
    world.reviewer.leader.school = world.brudenell
    world.reviewer.leader.save()
    school.ofsted_rating = School.OfstedRating.REQUIRES_IMPROVEMENT
    school.save()
    html = page(client, f"/schools/{school.urn}/")
    main = html[html.index("<main") : html.index("</main>")]
    last_paragraph = main[main.rindex('<p class="govuk-body">') :]
    assert "No system leaders are based at this school." in last_paragraph
    assert 'href="#get-support"' in last_paragraph
    assert f'href="/ask-for-support/dfe-match/?urn={school.urn}"' in main


def test_a_flagged_school_is_eligible_too_and_the_cached_page_follows_the_flag(
    client, world, django_capture_on_commit_callbacks
):
    cache.clear()
    with override_settings(DIRECTORY_PAGE_CACHE=True):
        url = f"/schools/{world.brudenell.urn}/"
        assert "improvement offer" not in page(client, url)
        with django_capture_on_commit_callbacks(execute=True):
            support_flag_raise(school=world.brudenell, reason="The local authority asked DfE for support")
        html = page(client, url)
    cache.clear()
    assert "This school may be eligible for DfE's trust and school improvement offer" in html
    assert "local authority asked" not in html  # the curator's reason is not published


def test_a_closed_school_is_not_offered_support(client, world):
    world.heenan.later_status = School.LaterStatus.CLOSED
    world.heenan.save()
    html = page(client, f"/schools/{world.heenan.urn}/")
    assert "/ask-for-support/need/" not in html


def test_results_for_leaders_and_teaching_schools_lead_to_asking_them(client, world):
    html = page(client, "/search/?status=all")
    assert f'href="/ask-for-support/leaders/{world.nle.leader_id}/"' in html
    assert f'href="/ask-for-support/leaders/{world.sle.leader_id}/"' in html
    assert f'href="/ask-for-support/teaching-schools/{world.spring_bank.urn}/"' in html
    assert f'href="/ask-for-support/leaders/{world.nlg.leader_id}/"' not in html  # the programme closed


def test_detail_pages_still_read_the_database_a_few_times(
    client, world, django_assert_max_num_queries, django_assert_num_queries
):
    client.get("/")
    urls = (
        f"/leaders/{world.sle.leader_id}/",
        f"/teaching-schools/{world.spring_bank.urn}/",
        f"/schools/{world.brudenell.urn}/",
    )
    # The first page of a version of the data also reads, once for the process, the roles, the specialisms and the
    # local authorities, regions and hub areas it names; then each page is its one query.
    with django_assert_max_num_queries(6):
        assert client.get(urls[0]).status_code == 200
    for url in urls:
        with django_assert_num_queries(1):
            assert client.get(f"{url}?again").status_code == 200
