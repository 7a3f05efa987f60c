"""Browser tests: Playwright driving Debian's Chromium (/usr/bin/chromium). No browser is ever downloaded.

The pages are served by pytest-django's live server; axe-core comes from the npm packages (node_modules).
Screenshots go to test-artifacts/screenshots/ (ignored by git) so that a person can look at them."""

import os
import shutil
from pathlib import Path

import pytest
from django.conf import settings

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"

# Playwright's sync API runs an event loop; Django's async-safety check would refuse ORM calls in the test.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}: .ci/run installs Debian's chromium")
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    if not AXE_SCRIPT.exists():
        pytest.fail(f"axe-core is missing at {AXE_SCRIPT}: run npm ci")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    # The pages' Content-Security-Policy allows only nonced inline scripts; axe-core is injected as an inline script,
    # so this context bypasses the policy (tests/security/test_csp_in_browser.py checks the pages under it).
    context = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def page_without_javascript(browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


# The widths every public page is checked at: a small phone (WCAG's 320 CSS pixels reflow), a phone, a tablet in
# portrait (just below GOV.UK Frontend's desktop breakpoint) and a desktop.
SMALL_PHONE, PHONE, TABLET, DESKTOP = 320, 375, 768, 1280
WIDTHS = (SMALL_PHONE, PHONE, TABLET, DESKTOP)


@pytest.fixture
def page_at(browser):
    """Open a page `width` pixels wide, with or without JavaScript: `page_at(PHONE, javascript=False)`.
    With JavaScript the context bypasses the pages' Content-Security-Policy so that axe-core can be injected."""
    contexts = []

    def open_page(width: int, *, javascript: bool = True):
        context = browser.new_context(
            viewport={"width": width, "height": 900}, java_script_enabled=javascript, bypass_csp=javascript
        )
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def phone_page(page_at):
    return page_at(PHONE)


@pytest.fixture
def phone_page_without_javascript(page_at):
    return page_at(PHONE, javascript=False)


def axe_violations(page) -> list[dict]:
    """Run axe-core on the page for WCAG 2.2 A and AA (and best practice) and return the violations."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate(
        """async () => await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']},
        })"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]} for v in result["violations"]
    ]


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
