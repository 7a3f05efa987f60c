"""Issue #11's "done when": from "we need help" to support agreed, in Chromium at a phone's and a desktop's width, with
JavaScript on and off. Find an SLE by specialism near a postcode, open the leader, ask for support; the teaching
school's portal user sees the enquiry and marks it agreed; the placement exists with the proposed terms; the
requester's status page says agreed. The emails to the requester and the teaching school are checked in the test
outbox (the live server runs in this process, with the locmem backend). Screenshots: close-the-loop-<width>-<js>-*.png
in test-artifacts/screenshots/."""

import json
import re

import pytest
from django.core import mail

from deployments.models import Deployment
from matching.models import Enquiry, ResponseStatus
from roles.models import TeachingSchoolMembership
from tests.browser.conftest import DESKTOP, PHONE, axe_violations, screenshot
from tests.directory.conftest import postcodes_loaded, world  # noqa: F401  (fixtures)
from tests.matching.test_ask import asking  # noqa: F401  (fixture)
from tests.portal.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

STAFF_EMAIL = "head@springbank.example"
REQUESTER_EMAIL = "priya.shah@littlelondon.example"


@pytest.fixture
def spring_bank_user(world):  # noqa: F811
    """Spring Bank, the teaching school that designates Samir Patel (SLE, phonics), has a portal user."""
    user = UserFactory(username=STAFF_EMAIL)
    TeachingSchoolMembership.objects.create(user=user, school=world.spring_bank)
    return user


class Walk:
    """One walk through the service: each page gets one h1, a screenshot, and axe-core where JavaScript runs (the
    portal's placement pages, which this journey only passes through, are checked by the portal's own tests)."""

    def __init__(self, page, base_url: str, name: str):
        self.page, self.base_url, self.name = page, base_url, name
        self.failures: dict = {}
        self.javascript = name.endswith("-js")

    def check(self, step: str, *, axe: bool = True) -> None:
        assert self.page.locator("h1").count() == 1, step
        if axe and self.javascript and (violations := axe_violations(self.page)):
            self.failures[step] = violations
        screenshot(self.page, f"{self.name}-{step}")

    def goto(self, path: str) -> None:
        self.page.goto(self.base_url + path)

    def click(self, role: str, name: str) -> None:
        self.page.get_by_role(role, name=name).first.click()
        self.page.wait_for_load_state()


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_from_we_need_help_to_support_agreed(
    page_at,
    live_server,
    world,  # noqa: F811
    asking,  # noqa: F811
    spring_bank_user,
    width,
    javascript,
):
    walk = Walk(
        page_at(width, javascript=javascript),
        live_server.url,
        f"close-the-loop-{width}-{'js' if javascript else 'nojs'}",
    )
    page = walk.page

    # A school leader finds an SLE offering phonics near their postcode, and opens the leader's page.
    walk.goto("/search/?postcode=LS7+1HT&radius=10&specialism=phonics")
    walk.check("search")
    page.get_by_role("link", name="Samir Patel").first.click()
    page.wait_for_url("**/leaders/*/")
    walk.check("leader")

    # Ask for support: the school, what it needs (only what Samir can help with), who will read it, the details.
    walk.click("button", "Ask Samir for support")
    assert "Your enquiry will go to the staff of Spring Bank Primary School" in page.content()
    walk.check("ask-school")
    page.get_by_label("Which school is asking for support?").fill("little london")
    walk.click("button", "Search")
    page.get_by_label(re.compile("Little London Primary School")).check()
    walk.click("button", "Continue")
    walk.check("ask-need")
    page.get_by_label("A subject or specialist area").check()
    page.get_by_label("Which subject or specialist area?").select_option("phonics")
    walk.click("button", "Continue")
    page.wait_for_url("**/ask-for-support/enquiry/*")
    main = page.locator("main").inner_text()
    assert "Your enquiry will go to" in main and "Samir Patel" in main
    assert "the staff of Spring Bank Primary School" in main
    walk.check("enquiry")
    page.get_by_label("Your name").fill("Priya Shah")
    page.get_by_label("Your role").fill("Headteacher")
    page.get_by_label("Email address").fill(REQUESTER_EMAIL)
    page.get_by_label("What would you like help with?").fill("Help with phonics in reception, please.")
    page.get_by_label(re.compile("About how many days of support")).fill("4")
    walk.click("button", "Continue")
    page.wait_for_url("**/check/")
    walk.check("check")
    walk.click("button", "Send enquiry")
    page.wait_for_url("**/sent/")
    walk.check("sent")
    reference = page.locator(".govuk-panel__body strong").inner_text()

    # The emails: the teaching school's staff get the enquiry; the requester a copy with the private status link.
    enquiry = Enquiry.objects.get(reference=reference)
    to_staff = [email for email in mail.outbox if email.to == [STAFF_EMAIL]]
    to_requester = [email for email in mail.outbox if email.to == [REQUESTER_EMAIL]]
    assert len(to_staff) == 1 and len(to_requester) == 1 and len(mail.outbox) == 2
    assert reference in to_staff[0].subject and "Help with phonics in reception" in to_staff[0].body
    assert world.sle.leader.email not in str([email.to for email in mail.outbox])  # the SLE's own address: never
    assert reference in to_requester[0].body
    status_link = next(line for line in to_requester[0].body.splitlines() if "/ask-for-support/your-enquiry/" in line)
    status_path = status_link[status_link.index("/ask-for-support/") :].strip()
    walk.goto(status_path)
    assert "Waiting for a response" in page.locator("main").inner_text()
    walk.check("status-waiting")

    # The teaching school's portal user sees the enquiry and marks it agreed.
    walk.goto("/portal/sign-in/")
    page.get_by_label("Email address").fill(STAFF_EMAIL)
    page.get_by_label("Password").fill(PASSWORD)
    walk.click("button", "Sign in")
    walk.goto("/portal/enquiries/")
    walk.check("portal-enquiries")
    page.get_by_role("link", name="Little London Primary School").first.click()
    page.wait_for_url("**/portal/enquiries/*/")
    walk.check("portal-enquiry")
    page.get_by_label("We have agreed to help").check()
    walk.click("button", "Record response")
    assert "Response recorded: agreed to help" in page.content()

    # "Place an SLE", filled in from the enquiry: the school, the SLE, the specialism, the days proposed.
    walk.click("button", "Place an SLE")
    page.wait_for_url("**/portal/placements/new/?enquiry=*")
    walk.check("portal-place", axe=False)
    assert page.get_by_label("URN of the school they will support").input_value() == str(asking.urn)
    assert page.get_by_label("Total days").input_value() == "4"
    page.get_by_label(re.compile("coaching", re.I)).first.check()
    page.get_by_label("One-to-one support").check()
    walk.click("button", "Place SLE")
    assert page.locator(".govuk-error-summary").count() == 0, page.locator(".govuk-error-summary").inner_text()
    page.wait_for_url("**/portal/placements/*/")
    walk.check("portal-placement", axe=False)

    recipient = enquiry.recipients.get()
    assert recipient.response_status == ResponseStatus.AGREED
    placement = recipient.deployment
    assert placement.supported_school == asking and placement.total_days == 4
    assert placement.focus_specialism.slug == "phonics"
    assert placement.leaders.get().designation == world.sle
    assert placement.status == Deployment.Status.NEGOTIATING  # its negotiation starts with the school's request

    # The requester is told by email, and the status page says agreed.
    told = [email for email in mail.outbox if email.to == [REQUESTER_EMAIL] and "responded" in email.subject]
    assert len(told) == 1 and "They agreed to help" in told[0].body
    walk.goto(status_path)
    main = page.locator("main").inner_text()
    assert "Agreed to help" in main and "Samir Patel" in main
    walk.check("status-agreed")
    assert walk.failures == {}, json.dumps(walk.failures, indent=1)


@pytest.mark.parametrize("width", [PHONE, DESKTOP])
def test_a_leader_answers_through_their_one_time_link(page_at, live_server, world, asking, width):  # noqa: F811
    """An NLE whose address DfE entered is emailed directly, and declines through the link in the email; the
    requester's status page shows the reason."""
    from matching import enquiries
    from matching.models import Need

    found = enquiries.enquiry_routes(leaders=[world.nle.leader])
    sent = enquiries.enquiry_submit(
        school=asking,
        need=Need.LEADERSHIP,
        routes=list(found.values()),
        contact_name="Priya Shah",
        contact_email=REQUESTER_EMAIL,
        message="Our new leadership team would value support this term.",
    )
    enquiries._deliver_stored(sent.enquiry.pk, sent.status_token)
    (email,) = [email for email in mail.outbox if email.to == [world.nle.leader.email]]
    link = next(line.strip() for line in email.body.splitlines() if "/ask-for-support/respond/" in line)
    walk = Walk(page_at(width), live_server.url, f"close-the-loop-{width}-js-leader-link")
    page = walk.page
    walk.goto(link[link.index("/ask-for-support/") :])
    walk.check("respond")
    page.get_by_label("I cannot help").check()
    walk.click("button", "Send your response")
    assert "Enter why you cannot help" in page.locator(".govuk-error-summary").inner_text()
    walk.check("respond-error")
    page.get_by_label("I cannot help").check()
    page.get_by_label("If you cannot help, why not?").fill("No days free until the summer term")
    walk.click("button", "Send your response")
    assert "Response recorded" in page.locator("main").inner_text()
    walk.check("responded")
    walk.goto(enquiries.status_url(sent.status_token))
    assert "No days free until the summer term" in page.locator("main").inner_text()
    walk.check("status-declined")
    assert walk.failures == {}, json.dumps(walk.failures, indent=1)
