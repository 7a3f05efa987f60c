"""Help, privacy, cookies and the accessibility statement: linked from every page's footer, fixed words, cacheable."""

import pytest
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

CONTENT_PAGES = {
    "pages:help": "Help using this service",
    "pages:privacy": "Privacy notice",
    "pages:cookies": "Cookies",
    "pages:accessibility": "Accessibility statement for Find school-to-school support",
}


def test_the_footer_links_to_each_service_page(client):
    html = client.get(reverse("pages:home")).content.decode()
    for name, text in [
        ("pages:help", "Help"),
        ("pages:privacy", "Privacy"),
        ("pages:cookies", "Cookies"),
        ("pages:accessibility", "Accessibility statement"),
    ]:
        assert f'<a class="govuk-footer__link" href="{reverse(name)}">{text}</a>' in html


def test_the_phase_banner_asks_for_feedback_on_the_service_itself(client):
    html = client.get(reverse("pages:home")).content.decode()
    assert f'<a class="govuk-link" href="{reverse("pages:feedback")}">give your feedback</a>' in html
    assert 'https://www.gov.uk/contact-dfe">give your feedback' not in html


@pytest.mark.parametrize("name", CONTENT_PAGES)
def test_each_service_page_is_cacheable_and_sets_no_cookie(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert f'<h1 class="govuk-heading-xl">{CONTENT_PAGES[name]}</h1>' in response.content.decode()
    assert "public" in response["Cache-Control"] and "max-age=3600" in response["Cache-Control"]
    assert not response.cookies


@override_settings(ENQUIRY_CONTACT_RETENTION_DAYS=200)
def test_the_privacy_notice_says_how_long_contact_details_are_kept_from_the_setting(client):
    html = client.get(reverse("pages:privacy")).content.decode()
    assert "and your message for\n        200 days after you send your request" in html
    for collected in ["your name and your role", "your email address", "your telephone number", "your message"]:
        assert collected in html
    assert "Article 6(1)(e)" in html
    assert "https://ico.org.uk/make-a-complaint/" in html


def test_the_privacy_notice_keeps_contact_details_365_days_by_default(client, settings):
    if hasattr(settings, "ENQUIRY_CONTACT_RETENTION_DAYS"):
        del settings.ENQUIRY_CONTACT_RETENTION_DAYS
    html = client.get(reverse("pages:privacy")).content.decode()
    assert "365 days after you send your request" in " ".join(html.split())


@override_settings(SESSION_COOKIE_AGE=45 * 60, CSRF_COOKIE_AGE=10 * 24 * 60 * 60)
def test_the_cookies_page_names_the_cookies_set_with_their_durations_from_the_settings(client):
    html = " ".join(client.get(reverse("pages:cookies")).content.decode().split())
    assert "<code>sessionid</code>" in html and "<code>csrftoken</code>" in html
    assert "After 45 minutes without using the service" in html
    assert "10 days" in html
    assert "We do not use analytics cookies" in html


def test_the_cookies_page_lists_every_cookie_a_public_form_sets(client):
    """The cookies an enquiry's first form and the feedback form set are the ones the page names."""
    named = {"csrftoken", "sessionid"}
    response = client.get(reverse("pages:feedback"))
    assert set(response.cookies) <= named
    assert "csrftoken" in response.cookies
    for path in ["/", "/search/", "/coverage/", reverse("pages:help")]:
        assert not client.get(path).cookies, path


def test_the_accessibility_statement_names_the_standard_and_how_it_was_tested(client):
    html = " ".join(client.get(reverse("pages:accessibility")).content.decode().split())
    assert "Web Content Accessibility Guidelines version 2.2</a> AA" in html
    assert "partially compliant" in html
    assert "axe-core" in html and "320 pixels" in html and "JavaScript on and off" in html
    assert "Non-accessible content" in html
