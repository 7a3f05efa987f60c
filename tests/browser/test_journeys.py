"""Every public page passes axe-core; a whole journey works by keyboard alone and without JavaScript."""

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.directory.conftest import postcodes_loaded, world  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def public_pages(world):  # noqa: F811
    return {
        "start": "/",
        "search": "/search/",
        "search-postcode": "/search/?postcode=LS6+1EN&radius=5",
        "search-filtered": "/search/?role=sle&specialism=phonics&la=383&status=all",
        "search-no-results": "/search/?postcode=LS6+1EN&radius=1&role=pupil_premium_reviewer",
        "search-error": "/search/?postcode=not+a+postcode&la=999",
        "leader": f"/leaders/{world.nle.leader_id}/",
        "leader-closed-programme": f"/leaders/{world.nlg.leader_id}/",
        "teaching-school": f"/teaching-schools/{world.spring_bank.urn}/",
        "school": f"/schools/{world.brudenell.urn}/",
        "guidance-index": "/guidance/",
        "guidance-sle": "/guidance/sle/",
        "guidance-nlg": "/guidance/nlg/",
        "not-found": "/no-such-page/",
        "page-out-of-range": "/search/?page=99",
        "choose-specialisms": "/search/specialisms/?role=sle&specialism=phonics",
        "choose-local-authorities": "/search/local-authorities/?region=E12000003&la=383",
    }


def test_every_public_page_has_no_axe_violations(page, live_server, world):  # noqa: F811
    failures = {}
    for name, path in public_pages(world).items():
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, name
        violations = axe_violations(page)
        if violations:
            failures[name] = violations
        if name in {"start", "search-postcode", "leader", "teaching-school", "search-error"}:
            screenshot(page, name)
    assert failures == {}


def test_keyboard_only_journey_from_start_to_contact_details(page, live_server, world):  # noqa: F811
    page.goto(live_server.url + "/")

    def tab_to(predicate, limit=200):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(predicate):
                return
        raise AssertionError(f"Tab never reached: {predicate}")

    tab_to("document.activeElement.textContent.trim().startsWith('Start now')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/")
    tab_to("document.activeElement.id === 'id_postcode'")
    page.keyboard.type("LS6 1EN")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search/?*postcode=LS6*")
    assert "Nadia Okafor" in page.locator(".app-results").inner_text()
    tab_to("document.activeElement.textContent.trim() === 'Nadia Okafor'")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/leaders/{world.nle.leader_id}/")
    assert "0113 496 0001" in page.locator("main").inner_text()


def test_search_by_local_authority_and_specialism_without_javascript(page_without_javascript, live_server, world):  # noqa: F811
    page = page_without_javascript
    page.goto(live_server.url + "/search/")
    page.get_by_label("Specialist leaders of education").check()
    choose_specialism(page, "Phonics")
    assert page.get_by_label("Specialist leaders of education").is_checked(), "ticked before, carried through"
    choose_local_authority(page, "Yorkshire and the Humber", "Leeds")
    assert "specialism=phonics" in page.url and "role=sle" in page.url
    assert "Samir Patel" in page.locator(".app-results").inner_text()
    page.locator(".app-results").get_by_role("link", name="Samir Patel", exact=True).click()
    page.get_by_role("link", name="Spring Bank Primary School", exact=True).click()
    assert "Samir Patel" in page.locator("main").inner_text()
    screenshot(page, "no-javascript-teaching-school")


def test_postcode_error_without_javascript_shows_the_error_summary(page_without_javascript, live_server, world):  # noqa: F811
    page = page_without_javascript
    page.goto(live_server.url + "/search/")
    page.get_by_label("Postcode").fill("XYZ")
    page.get_by_role("button", name="Apply filters").first.click()
    assert "There is a problem" in page.locator(".govuk-error-summary").inner_text()
    assert "Enter a real postcode, like SW1A 1AA" in page.locator(".govuk-error-summary").inner_text()
    assert page.title().startswith("Error: ")


@pytest.mark.parametrize("javascript", [True, False], ids=["with-javascript", "without-javascript"])
@pytest.mark.parametrize("route", ["postcode", "local-authority", "specialism"])
def test_from_the_start_page_to_contact_details(browser, live_server, world, route, javascript):  # noqa: F811
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        page.get_by_role("button", name="Start now").click()
        page.wait_for_url("**/search/")
        if route == "postcode":
            page.get_by_label("Postcode").fill("LS6 1EN")
            person, contact = "Nadia Okafor", "0113 496 0001"
        elif route == "local-authority":
            choose_local_authority(page, "Yorkshire and the Humber", "Leeds")
            person, contact = "Nadia Okafor", "0113 496 0001"
        else:
            choose_specialism(page, "Phonics")
            person, contact = "Samir Patel", "Spring Bank Primary School"
        page.get_by_role("button", name="Apply filters").first.click()
        page.wait_for_url("**/search/?*")
        page.locator(".app-results").get_by_role("link", name=person, exact=True).click()
        page.wait_for_url("**/leaders/*/")
        main = page.locator("main").inner_text()
        assert "Contact" in main and contact in main
    finally:
        context.close()


def choose_specialism(page, specialism: str) -> None:
    """SLE specialisms have a page of their own: go to it from the filter panel, tick one, apply, as a person would."""
    page.get_by_role("button", name="Choose SLE specialisms").click()
    page.wait_for_url("**/search/specialisms/?*")
    page.get_by_label(specialism).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/search/?*specialism=*")


def choose_local_authority(page, region: str, local_authority: str) -> None:
    """Local authorities have a page of their own, by region: go to it, open the region, tick one, apply."""
    page.get_by_role("button", name="Choose local authorities").click()
    page.wait_for_url("**/search/local-authorities/?*")
    page.locator("summary", has_text=region).click()
    page.get_by_label(local_authority).check()
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**/search/?*la=*")
