"""The coverage pages pass axe-core and draw their charts."""

import pytest

from tests.browser.conftest import axe_violations, screenshot
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
