"""Help, privacy, cookies, the accessibility statement and the feedback form pass axe-core at a phone's and a
desktop's width, and feedback can be given with JavaScript on or off."""

import re

import pytest
from playwright.sync_api import expect

from pages.models import Feedback
from tests.browser.conftest import axe_violations, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "help": "/help/",
    "privacy": "/privacy/",
    "cookies": "/cookies/",
    "accessibility": "/accessibility/",
    "feedback": "/feedback/",
    "feedback-sent": "/feedback/sent/",
}


@pytest.mark.parametrize("width", [375, 1280])
def test_service_pages_have_no_axe_violations(browser, live_server, width):
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        failures = {}
        for name, path in PAGES.items():
            page.goto(live_server.url + path)
            assert page.locator("h1").count() == 1, name
            assert page.evaluate("document.documentElement.scrollWidth") <= width, name
            violations = axe_violations(page)
            if violations:
                failures[name] = violations
            screenshot(page, f"service-{name}-{width}")
        assert failures == {}
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_feedback_from_the_phase_banner_with_an_error_first(browser, live_server, javascript):
    context = browser.new_context(viewport={"width": 375, "height": 900}, java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.get_by_role("link", name="give your feedback").click()
        page.get_by_role("button", name="Send feedback").click()
        expect(page).to_have_title(re.compile("^Error: "))
        page.get_by_role("link", name="Select how you felt about the service").click()
        page.get_by_label("Satisfied", exact=True).check()
        page.get_by_label("How could we improve this service? (optional)").fill("Show the map first.")
        page.get_by_role("button", name="Send feedback").click()
        expect(page.get_by_role("heading", name="Feedback sent")).to_be_visible()
        feedback = Feedback.objects.get()
        assert (feedback.satisfaction, feedback.comments) == ("satisfied", "Show the map first.")
    finally:
        context.close()
