import pytest
from django.test import Client
from django.urls import reverse

from .urls import SECRET_DETAIL

LEAKS = (SECRET_DETAIL, "Traceback", "SECRET_KEY", "test-key-not-secret", "DATABASES", "CSRF verification failed")


def assert_govuk_page_that_leaks_nothing(response, heading: str):
    html = response.content.decode()
    assert '<html lang="en" class="govuk-template">' in html
    assert f'<h1 class="govuk-heading-l">{heading}</h1>' in html
    assert "Find school-to-school support" in html
    for leak in LEAKS:
        assert leak not in html, leak


@pytest.mark.django_db
@pytest.mark.urls("tests.security.urls")
def test_a_suspicious_request_gets_the_govuk_400_page(client):
    response = client.get("/test-errors/suspicious/")
    assert response.status_code == 400
    assert_govuk_page_that_leaks_nothing(response, "Sorry, there is a problem with your request")


@pytest.mark.django_db
@pytest.mark.urls("tests.security.urls")
def test_a_refused_permission_gets_the_govuk_403_page(client):
    response = client.get("/test-errors/forbidden/")
    assert response.status_code == 403
    assert_govuk_page_that_leaks_nothing(response, "You do not have permission to view this page")


@pytest.mark.django_db
def test_a_form_posted_without_its_csrf_token_gets_the_govuk_403_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("portal:sign_in"), {"username": "someone@school.example", "password": "x"})
    assert response.status_code == 403
    assert_govuk_page_that_leaks_nothing(response, "You do not have permission to view this page")
    assert "Forbidden (CSRF" not in response.content.decode()


@pytest.mark.django_db
def test_an_unknown_address_gets_the_govuk_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_govuk_page_that_leaks_nothing(response, "Page not found")
