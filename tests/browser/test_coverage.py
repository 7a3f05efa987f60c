"""The coverage pages pass axe-core and draw their charts."""

import pytest

from tests.browser.conftest import axe_violations, screenshot
from tests.factories import LocalAuthorityFactory, SchoolFactory
from tests.support_coverage.conftest import coverage_world  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_coverage_pages_have_no_axe_violations_and_show_their_charts(page, live_server, coverage_world):  # noqa: F811
    failures = {}
    for name, path in {
        "coverage": "/coverage/",
        "coverage-region": "/coverage/E12000001/",
        "coverage-error": "/coverage/?reach=7",
    }.items():
        page.goto(live_server.url + path)
        assert page.locator("h1").count() == 1, name
        charts = page.get_by_role("img", name="Share of schools needing support with no national leader")
        assert charts.count() == 1, name
        assert charts.locator("rect").count() >= 1, name
        violations = axe_violations(page)
        if violations:
            failures[name] = violations
        screenshot(page, name)
    assert failures == {}


def test_the_chart_takes_its_look_from_the_stylesheet(page_without_javascript, live_server, coverage_world):  # noqa: F811
    # This browser keeps to the pages' Content-Security-Policy, which allows stylesheets but no inline styles.
    page = page_without_javascript
    page.goto(live_server.url + "/coverage/")
    fill = page.locator(".app-chart__bar").first.evaluate("bar => getComputedStyle(bar).fill")
    assert fill == "rgb(29, 112, 184)"  # GOV.UK blue


@pytest.mark.parametrize("width", [375, 1280])
def test_the_map_is_drawn_with_its_key_and_passes_axe(browser, live_server, coverage_world, width):  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        failures = {}
        for name, path in {"coverage-map": "/coverage/", "coverage-region-map": "/coverage/E12000001/"}.items():
            page.goto(live_server.url + path)
            drawing = page.get_by_role("img", name="Map of schools needing support")
            assert drawing.count() == 1, name
            assert drawing.locator("path.app-map__land").count() == 1, name
            # Dots and crosses are drawn in different shapes, and both are on the England map.
            dots = drawing.locator("path.app-map__within-reach")
            assert dots.evaluate("path => getComputedStyle(path).strokeLinecap") == "round", name
            if path == "/coverage/":
                crosses = drawing.locator("path.app-map__out-of-reach")
                assert crosses.count() == 1
                assert crosses.evaluate("path => getComputedStyle(path).stroke") == "rgb(212, 53, 28)"
            # The map fills its box and keeps its proportions.
            box = drawing.bounding_box()
            assert 150 < box["width"] <= 560 and box["height"] > 100, (name, box)
            assert page.get_by_text("Key to the map").is_visible()
            violations = axe_violations(page)
            if violations:
                failures[name] = violations
            screenshot(page, f"{name}-{width}")
        assert failures == {}
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_coverage_pages_do_not_scroll_sideways_at_320_pixels(browser, live_server, coverage_world, javascript):  # noqa: F811
    # An authority with no school needing support: its share is a dash with visually hidden words, which must stay
    # inside the table's box.
    quiet = LocalAuthorityFactory(
        dfe_code="804", gss_code="E06000804", name="Epsilon", region=coverage_world.north_east
    )
    SchoolFactory(local_authority=quiet, region=quiet.region, easting=420000, northing=320000)
    context = browser.new_context(viewport={"width": 320, "height": 800}, java_script_enabled=javascript)
    page = context.new_page()
    try:
        for path in ["/coverage/", "/coverage/E12000001/", "/coverage/?reach=7"]:
            page.goto(live_server.url + path)
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, path
            # A wide table scrolls inside its own box, which a keyboard can reach.
            boxes = page.locator(".app-table-scroll")
            assert boxes.count() >= 5
            assert boxes.first.get_attribute("tabindex") == "0"
    finally:
        context.close()
