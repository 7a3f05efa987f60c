"""The pages work under their Content-Security-Policy in a real browser: no violation is reported, and GOV.UK
Frontend's inline scripts run (the `js-enabled` class is set and the components are initialised). The browser tests
in tests/browser inject axe-core as an inline script and so bypass the policy; this one does not."""

import os
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.directory.conftest import postcodes_loaded, world  # noqa: F401  (fixtures)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def policy_violations(base_url: str, paths: list[str], admin_paths: list[str]) -> list[str]:
    """Visit each page with JavaScript on and the policy enforced, then sign in to the admin and visit its pages;
    return the violations Chromium reports."""
    from playwright.sync_api import sync_playwright

    violations = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on(
            "console",
            lambda message: (
                violations.append(f"{page.url}: {message.text}") if "Content Security Policy" in message.text else None
            ),
        )
        for path in paths:
            page.goto(base_url + path)
            body_class = page.evaluate("document.body.className")
            if "js-enabled" not in body_class or "govuk-frontend-supported" not in body_class:
                violations.append(f"{path}: the js-enabled script did not run ({body_class!r})")
            if not page.locator("[data-module='govuk-skip-link'][data-govuk-skip-link-init]").count():
                violations.append(f"{path}: GOV.UK Frontend was not initialised")
        page.goto(base_url + "/admin/login/")
        page.get_by_label("Username").fill(CURATOR)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(base_url + "/admin/")
        for path in admin_paths:
            if not page.goto(base_url + path).ok:
                violations.append(f"{path}: the admin page did not load")
        browser.close()
    return violations


CURATOR, PASSWORD = "csp-superuser", "a long password for the browser"


def test_public_and_admin_pages_run_under_the_policy(live_server, world, django_user_model):  # noqa: F811
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI"):
            pytest.fail(f"Chromium is missing at {CHROMIUM}")
        pytest.skip(f"Chromium is not installed at {CHROMIUM} (apt-get install chromium)")
    django_user_model.objects.create_superuser(username=CURATOR, password=PASSWORD, email="csp@example.org")
    paths = [
        "/",
        "/search/?postcode=LS6+1EN&radius=5",
        f"/leaders/{world.nle.leader_id}/",
        "/guidance/",
        "/ask-for-support/school/",  # GOV.UK's accessible autocomplete
        "/coverage/",
    ]
    admin_paths = [
        "/admin/",
        "/admin/roles/designation/",
        "/admin/roles/designation/add/",
        f"/admin/roles/systemleader/{world.nle.leader_id}/change/",
        "/admin/deployments/deployment/add/",
        "/admin/schools/supportflag/improvement-offer/",
    ]
    # Playwright's sync API refuses to start in a thread where another instance (tests/browser's session browser)
    # already runs its event loop, so this browser lives in a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as worker:
        assert worker.submit(policy_violations, live_server.url, paths, admin_paths).result(timeout=300) == []
