import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from roles.models import Role
from tests.factories import SchoolFactory, SystemLeaderFactory

DEMO_NOTICE = "The people in this directory are fictional. They were made up to demonstrate the service."


@pytest.fixture
def home_page(client):
    def get():
        response = client.get(reverse("pages:home"))
        assert response.status_code == 200
        return response.content.decode()

    return get


@pytest.mark.django_db
def test_home_page_is_a_govuk_page(home_page):
    html = home_page()

    assert '<html lang="en" class="govuk-template">' in html
    assert "<title>Find school-to-school support – GOV.UK</title>" in html
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert '<a href="/" class="govuk-service-navigation__link">Find school-to-school support</a>' in html
    assert '<strong class="govuk-tag govuk-phase-banner__content__tag">Beta</strong>' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert "Open Government Licence v3.0" in html
    assert "&copy; Crown copyright" in html
    assert '<h1 class="govuk-heading-xl">Find school-to-school support</h1>' in html
    assert "initAll()" in html


@pytest.mark.django_db
def test_home_page_is_a_start_page_leading_to_the_search(home_page):
    html = home_page()
    assert 'class="govuk-button govuk-button--start"' in html
    assert 'href="/search/"' in html


@pytest.mark.django_db
def test_search_page_marks_find_support_as_current(client):
    html = client.get("/search/").content.decode()
    assert '<a class="govuk-service-navigation__link" href="/search/" aria-current="page">' in html


@pytest.mark.django_db
def test_home_page_lists_every_role_and_flags_closed_programmes(home_page):
    html = home_page()

    for role in Role.objects.all():
        assert role.plural_name in html
    assert html.count("Programme closed") == Role.objects.filter(programme=Role.Programme.CLOSED).count()
    assert html.count("No new designations") == Role.objects.filter(programme=Role.Programme.CLOSED_TO_NEW).count()


@pytest.mark.django_db
def test_home_page_counts_what_the_directory_holds(home_page):
    SchoolFactory.create_batch(2)

    html = home_page()

    assert "The directory covers 2 state-funded schools in 2" in html


@pytest.mark.django_db
def test_demo_notice_appears_when_demo_people_are_loaded(home_page):
    SystemLeaderFactory(is_demo=True)

    html = home_page()
    assert DEMO_NOTICE in html
    assert "So are the teaching schools, alliances and other roles shown for real schools: each is tagged Demo." in html


@pytest.mark.django_db
def test_demo_notice_is_absent_for_real_people(home_page):
    SystemLeaderFactory(is_demo=False)

    assert DEMO_NOTICE not in home_page()


@pytest.mark.django_db
def test_home_page_query_count(client, django_assert_max_num_queries):
    SchoolFactory()
    with django_assert_max_num_queries(4):
        client.get(reverse("pages:home"))


@pytest.mark.django_db
def test_unknown_page_is_a_govuk_404(client):
    response = client.get("/does-not-exist")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found – Find school-to-school support – GOV.UK</title>" in html
    assert 'class="govuk-template"' in html
    assert '<h1 class="govuk-heading-l">Page not found</h1>' in html


def test_server_error_page_needs_no_request_or_database():
    """Django renders 500.html with an empty context. Without the django_db mark, any query here would fail the test:
    the page must not touch the database, which may be what went wrong."""
    html = render_to_string("500.html")

    assert "Sorry, there is a problem with the service" in html
    assert "Find school-to-school support</a>" in html
    assert DEMO_NOTICE not in html


@pytest.mark.django_db
def test_the_benchmark_floor_is_off_unless_turned_on(client, settings, django_assert_num_queries):
    assert client.get("/bench/floor/").status_code == 404
    settings.BENCH_FLOOR_VIEW = True
    with django_assert_num_queries(0):
        response = client.get("/bench/floor/")
    assert response.status_code == 200
    assert response.content.decode().count("Find school-to-school support") == 2
