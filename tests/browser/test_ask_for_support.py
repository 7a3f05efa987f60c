"""Asking for support in a real browser, with and without JavaScript: from "I need help with phonics" to a sent
enquiry, every page passing axe. Screenshots go to test-artifacts/screenshots/ask-*.png."""

import pytest
from django.core import mail

from matching.models import Enquiry
from tests.browser.conftest import axe_violations, screenshot
from tests.directory.conftest import postcodes_loaded, world  # noqa: F401  (fixtures)
from tests.matching.test_ask import asking  # noqa: F401  (fixture)
from tests.portal.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def spring_bank_staff(world):  # noqa: F811
    """Spring Bank arranges Samir Patel's support: its portal user receives the enquiries."""
    from roles.models import TeachingSchoolMembership

    TeachingSchoolMembership.objects.create(
        user=UserFactory(username="head@springbank.example"), school=world.spring_bank
    )


def check(page, name: str, failures: dict) -> None:
    """One h1 and a screenshot; axe-core too where JavaScript runs (the test with JavaScript visits every page)."""
    assert page.locator("h1").count() == 1, name
    if page.context.javascript and (violations := axe_violations(page)):
        failures[name] = violations
    screenshot(page, name)


def ask_for_phonics_after_choosing_the_school(page, name: str, failures: dict) -> None:
    page.get_by_label("What do you need help with?").count()
    check(page, f"{name}-need", failures)
    page.get_by_role("button", name="Continue").click()
    assert "Select what you need help with" in page.locator(".govuk-error-summary").inner_text()
    check(page, f"{name}-need-error", failures)
    page.get_by_label("A subject or specialist area").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/ask-for-support/specialism/*")
    check(page, f"{name}-specialism", failures)
    page.get_by_label("Which subject or specialist area do you need help with?").select_option("phonics")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/ask-for-support/shortlist/*")
    assert "Who can help with phonics" in page.locator("h1").inner_text()
    check(page, f"{name}-shortlist", failures)


def send_from_the_shortlist(page, name: str, failures: dict) -> str:
    page.get_by_role("button", name="Continue").click()  # nobody ticked
    assert "Choose at least one leader or teaching school" in page.locator(".govuk-error-summary").inner_text()
    check(page, f"{name}-shortlist-error", failures)
    page.get_by_label("Send my enquiry to Samir Patel").check()
    page.get_by_label("Send my enquiry to Spring Bank Primary School").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/ask-for-support/enquiry/*")
    check(page, f"{name}-enquiry", failures)
    page.get_by_role("button", name="Continue").click()
    assert "Enter your name" in page.locator(".govuk-error-summary").inner_text()
    check(page, f"{name}-enquiry-error", failures)
    page.get_by_label("Your name").fill("Priya Shah")
    page.get_by_label("Your role").fill("Headteacher")
    page.get_by_label("Email address").fill("priya.shah@littlelondon.example")
    page.get_by_label("What would you like help with?").fill("Help with phonics in reception, please.")
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/check/")
    check(page, f"{name}-check", failures)
    page.get_by_role("button", name="Send enquiry").click()
    page.wait_for_url("**/sent/")
    check(page, f"{name}-sent", failures)
    return page.locator(".govuk-panel__body strong").inner_text()


def test_phonics_to_a_sent_enquiry_without_javascript(page_without_javascript, live_server, world, asking):  # noqa: F811
    page, failures = page_without_javascript, {}
    page.context.javascript = False
    page.goto(live_server.url + "/ask-for-support/")
    check(page, "ask-start", failures)
    page.get_by_role("button", name="Start now").click()
    page.wait_for_url("**/ask-for-support/school/")
    page.get_by_role("button", name="Search").click()
    assert "Enter your school’s name, URN or postcode" in page.locator(".govuk-error-summary").inner_text()
    check(page, "ask-school-error", failures)
    page.get_by_label("Which school is asking for support?").fill("little london")
    page.get_by_role("button", name="Search").click()
    check(page, "ask-school-results", failures)
    page.get_by_label("Little London Primary School").check()
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/ask-for-support/need/*")
    ask_for_phonics_after_choosing_the_school(page, "ask-nojs", failures)
    reference = send_from_the_shortlist(page, "ask-nojs", failures)

    enquiry = Enquiry.objects.get()
    assert enquiry.reference == reference and enquiry.specialism.slug == "phonics"
    recipients = list(enquiry.recipients.order_by("pk"))
    assert [r.leader for r in recipients] == [world.sle.leader, None]
    assert {r.teaching_school for r in recipients} == {world.spring_bank}
    # One email to Spring Bank's staff for each recipient, and the requester's copy; never the SLE's own address.
    assert sorted(email.to[0] for email in mail.outbox) == [
        "head@springbank.example",
        "head@springbank.example",
        "priya.shah@littlelondon.example",
    ]
    assert failures == {}


def test_phonics_to_a_sent_enquiry_with_the_autocomplete(page, live_server, world, asking):  # noqa: F811
    failures = {}
    page.context.javascript = True
    page.goto(live_server.url + "/ask-for-support/school/")
    combobox = page.get_by_role("combobox", name="Which school is asking for support?")
    combobox.click()
    combobox.press_sequentially("little lon", delay=30)
    option = page.get_by_role("option", name="Little London Primary School, Leeds, LS7 1HT (URN 107900)")
    option.wait_for()
    check(page, "ask-js-autocomplete", failures)
    combobox.press("ArrowDown")
    combobox.page.keyboard.press("Enter")
    page.wait_for_url("**/ask-for-support/need/?urn=107900")
    ask_for_phonics_after_choosing_the_school(page, "ask-js", failures)
    reference = send_from_the_shortlist(page, "ask-js", failures)
    assert Enquiry.objects.get().reference == reference
    # The pages that only a search without the autocomplete shows.
    for name, path in (
        ("ask-js-start", "/ask-for-support/"),
        ("ask-js-school-results", "/ask-for-support/school/?q=little+london"),
        ("ask-js-school-error", "/ask-for-support/school/?q=little+london&answered=1"),
        ("ask-js-governance", "/ask-for-support/shortlist/?urn=107900&need=governance"),
        ("ask-js-nobody", "/ask-for-support/shortlist/?urn=107900&need=specialism&specialism=science"),
        ("ask-js-bad-address", "/ask-for-support/shortlist/?urn=107900"),
    ):
        page.goto(live_server.url + path)
        check(page, name, failures)
    assert failures == {}


def test_the_plain_search_still_works_with_javascript(page, live_server, world, asking):  # noqa: F811
    page.goto(live_server.url + "/ask-for-support/school/")
    combobox = page.get_by_role("combobox", name="Which school is asking for support?")
    combobox.fill("107900")
    combobox.press("Escape")  # close the suggestions, then search as without JavaScript
    page.get_by_role("button", name="Search").click()
    page.wait_for_url("**/ask-for-support/school/?q=107900")
    assert page.get_by_label("Little London Primary School").count() == 1
