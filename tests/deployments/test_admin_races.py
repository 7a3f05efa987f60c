"""Two curators recording a negotiation step at the same instant, and one invitation link used twice at once: real
requests to the live server on PostgreSQL. One step is recorded and the other curator is told; one account is made."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from deployments.models import NegotiationRecord
from portal import services as portal_services
from tests.concurrency import Session, at_once, requires_postgresql, signed_in_session
from tests.deployments.conftest import deployment_in
from tests.factories import DesignationFactory
from tests.portal.factories import TeachingSchoolFactory

pytestmark = [pytest.mark.django_db(transaction=True), requires_postgresql]


def test_two_agreements_recorded_at_once_make_one_and_the_other_curator_is_told(live_server):
    deployment = deployment_in("negotiating", lead=DesignationFactory())
    curators = [get_user_model().objects.create_superuser(f"curator{n}", f"c{n}@education.gov.uk") for n in range(2)]
    sessions = [signed_in_session(live_server, user) for user in curators]
    url = reverse("admin:deployments_deployment_negotiation_step", args=[deployment.pk, "agreement"])
    for session in sessions:
        session.get(url)  # the CSRF cookie, as a browser has it once the page is open
    data = {
        "opened_version": deployment.version,
        "recorded_on": "2024-02-01",
        "proposed_by": "supported_school",
        "days": "20",
        "free_days": "0",
        "day_rate_pounds": "450",
        "payer": "supported_school",
    }
    responses = at_once([lambda s=s: s.post(url, data) for s in sessions])

    assert sorted(response.status for response in responses) == [200, 302]
    refused = next(response for response in responses if response.status == 200)
    assert "Someone else changed this deployment" in refused.text
    assert NegotiationRecord.objects.filter(deployment=deployment, kind="agreement").count() == 1


def test_one_invitation_link_used_twice_at_once_makes_one_account(live_server):
    curator = get_user_model().objects.create_superuser("casey.curator", "casey@education.gov.uk")
    tokens = []
    portal_services.invitation_create(
        email="sam@school.example",
        school=TeachingSchoolFactory(),
        invited_by=curator,
        accept_url=lambda token: tokens.append(token) or token,
    )
    url = reverse("portal_invitation_accept", args=[tokens[0]])
    sessions = [Session(live_server.url) for _ in range(4)]
    for session in sessions:
        session.get(url)
    password = "a-long-and-unusual-passphrase"
    responses = at_once([lambda s=s: s.post(url, {"password": password, "password_again": password}) for s in sessions])

    assert [response.status for response in responses].count(302) == 1
    assert all(response.status in (200, 302, 404) for response in responses)
    assert get_user_model().objects.filter(username="sam@school.example").count() == 1
