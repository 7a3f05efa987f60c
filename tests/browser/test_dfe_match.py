"""Asking DfE to match the school with an NLE in a real browser, at a phone's and a desktop's width, with JavaScript
on and off: from the shortlist's offer to the confirmation, every page with one h1 and (with JavaScript) no axe-core
violation. Screenshots go to test-artifacts/screenshots/dfe-match-*.png."""

import pytest
from django.core import mail

from matching.models import DfeMatchRequest
from schools.models import School
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, screenshot
from tests.factories import DesignationFactory, SchoolFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_from_the_offer_to_the_confirmation(page_at, live_server, width, javascript):
    school = SchoolFactory(name="Alder Primary", ofsted_rating=School.OfstedRating.REQUIRES_IMPROVEMENT)
    DesignationFactory(leader__school=SchoolFactory(easting=school.easting + 500, northing=school.northing))
    page = page_at(width, javascript=javascript)
    name, failures = f"dfe-match-{width}-{'js' if javascript else 'no-js'}", {}

    def looked_at(step):
        assert page.locator("h1").count() == 1, step
        if javascript and (violations := axe_violations(page)):
            failures[step] = violations
        screenshot(page, f"{name}-{step}")

    page.goto(f"{live_server.url}/ask-for-support/shortlist/?urn={school.urn}&need=governance")
    looked_at("shortlist")
    page.get_by_role("button", name="Ask DfE to match us with an NLE").click()
    page.wait_for_url("**/ask-for-support/dfe-match/?*")
    looked_at("form")
    page.get_by_role("button", name="Send request to DfE").click()
    assert "Enter what your school needs help with" in page.locator(".govuk-error-summary").inner_text()
    looked_at("form-error")
    page.get_by_label("What does your school need help with?").fill("Our chair of governors has resigned.")
    page.get_by_label("Your name").fill("Jo Bloggs")
    page.get_by_label("Your role").fill("Headteacher")
    page.get_by_label("Email address").fill("jo@example.org")
    page.get_by_role("button", name="Send request to DfE").click()
    page.wait_for_url("**/sent/")
    looked_at("sent")
    reference = page.locator(".govuk-panel__body strong").inner_text()
    assert DfeMatchRequest.objects.get().reference == reference
    assert any(reference in email.subject for email in mail.outbox)
    page.goto(f"{live_server.url}/ask-for-support/dfe-match/?urn={school.urn}&need=governance")
    assert reference in page.content()
    looked_at("already-asked")
    # The page is no wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    assert not failures, failures
