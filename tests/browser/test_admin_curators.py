"""The curators' admin as a browser shows it: the deployment page fits the screen (the negotiation is a timeline and
a page per step, not a 17-column grid), the add form offers only the lead's role's kinds once the lead is chosen, and
the invitation page works at phone width. Screenshots at 1280 and 375 px for a person to look at."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.deployments.conftest import agreement, deployment_in
from tests.factories import DesignationFactory, SLEDesignationFactory

from .conftest import axe_violations, screenshot
from .test_admin_stale_form import signed_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def curator_page(browser, live_server):
    user = get_user_model().objects.create_superuser("casey.curator", "casey@education.gov.uk")
    return signed_in(browser, live_server, user)


def test_the_deployment_page_fits_the_screen_and_reads_the_negotiation_as_a_timeline(curator_page, live_server):
    deployment = deployment_in("negotiating", lead=DesignationFactory())
    agreement(deployment, day_rate_pence=65_000, notes="Agreed at the governors' meeting")
    page = curator_page
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + reverse("admin:deployments_deployment_change", args=[deployment.pk]))
        timeline = page.locator(".negotiation-timeline li")
        assert timeline.count() == 2
        assert "Day rate outside £300 to £500" in timeline.nth(1).inner_text()
        screenshot(page, f"admin-deployment-{width}")
        if width == 1280:
            # The 17-column inline made this page about 4,000 px wide.
            assert page.evaluate("document.documentElement.scrollWidth") <= 1280

    page.set_viewport_size({"width": 1280, "height": 900})
    page.click("text=Record a withdrawal")
    assert page.locator("h1").inner_text() == "Record a withdrawal"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    screenshot(page, "admin-negotiation-step-1280")


def test_a_pupil_premium_review_with_its_stages_fits_the_screen(curator_page, live_server):
    import datetime

    from deployments import services
    from roles.models import Role
    from tests.deployments.conftest import request_support
    from tests.factories import role

    deployment = request_support(
        lead=DesignationFactory(role=role(Role.Code.PUPIL_PREMIUM_REVIEWER)), code="pupil-premium-review"
    )
    for stage, day in [("initial_discussion", 29), ("self_evaluation", 30)]:
        services.review_stage_record(
            deployment=deployment, stage=stage, scheduled_on=datetime.date(2024, 1, day), notes="With the head"
        )
    curator_page.goto(live_server.url + reverse("admin:deployments_deployment_change", args=[deployment.pk]))
    assert curator_page.locator(".field-notes textarea").count() >= 2
    screenshot(curator_page, "admin-pupil-premium-review-1280")
    assert curator_page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_a_proposal_recorded_in_the_browser_lands_on_the_timeline(curator_page, live_server):
    deployment = deployment_in("requested", lead=DesignationFactory())
    page = curator_page
    page.set_viewport_size({"width": 375, "height": 900})
    page.goto(live_server.url + reverse("admin:deployments_deployment_change", args=[deployment.pk]))
    page.click("text=Record a proposal")
    page.fill("#id_recorded_on", "2024-01-22")
    page.select_option("#id_proposed_by", "system_leader")
    page.fill("#id_day_rate_pounds", "450")
    page.fill("#id_days", "10")
    screenshot(page, "admin-negotiation-step-375")
    page.click("input[type=submit]")
    page.wait_for_url("**/change/**")
    assert "Proposal recorded." in page.locator(".messagelist").inner_text()
    assert "10 days, at £450.00 a day, total £4,500.00" in page.locator(".negotiation-timeline").inner_text()


def test_choosing_the_lead_offers_only_their_roles_kinds(curator_page, live_server):
    sle = SLEDesignationFactory(leader__first_name="Hannah", leader__last_name="Carter")
    page = curator_page
    blocked = []  # the site's Content Security Policy allows no inline script: kind_filter.js is a file
    page.on("console", lambda message: "Content Security Policy" in message.text and blocked.append(message.text))
    page.goto(live_server.url + reverse("admin:deployments_deployment_add"))
    assert page.locator("#id_kind optgroup").count() > 3
    page.click(".field-lead .select2-selection")
    page.fill(".select2-search__field", "Carter")
    choice = page.locator(".select2-results__option", has_text="Hannah Carter")
    choice.wait_for()
    assert f"{sle.leader.school.name}" in choice.inner_text() and "current roles: SLE" in choice.inner_text()
    choice.click()
    visible = page.evaluate(
        "[...document.querySelectorAll('#id_kind option[data-role]')].filter(o => !o.hidden).map(o => o.dataset.role)"
    )
    assert visible and set(visible) == {"sle"}
    assert blocked == []
    screenshot(page, "admin-deployment-add-1280")


def test_the_invitation_page_at_phone_width(page_at, live_server):
    from django.core import mail

    from portal import services
    from tests.portal.factories import TeachingSchoolFactory

    curator = get_user_model().objects.create_superuser("casey.curator", "casey@education.gov.uk")
    tokens = []
    services.invitation_create(
        email="sam@school.example",
        school=TeachingSchoolFactory(name="Harbour Teaching School"),
        invited_by=curator,
        accept_url=lambda token: tokens.append(token) or token,
    )
    assert mail.outbox
    page = page_at(375)
    page.goto(live_server.url + reverse("portal_invitation_accept", args=[tokens[0]]))
    page.fill("#id_password", "short")
    page.fill("#id_password_again", "short")
    page.click("button[type=submit]")
    assert "This password is too short" in page.locator(".govuk-error-summary").inner_text()
    assert axe_violations(page) == []
    screenshot(page, "portal-invitation-375")
    page.fill("#id_password", "a-long-and-unusual-passphrase")
    page.fill("#id_password_again", "a-long-and-unusual-passphrase")
    page.click("button[type=submit]")
    page.wait_for_url("**/portal/sign-in/**")
    assert get_user_model().objects.get(username="sam@school.example").teaching_school_membership
