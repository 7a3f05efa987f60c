"""The guidance's rules in the curators' admin (issue #15): an external review of governance only by an NLG with DfE's
training, recorded on their designation; no NLG support requested from 5 April 2023; a pupil premium review of 2 to 4
days; an SLE's one-to-one or group support. Each refused with the service's words and nothing saved."""

import datetime

import pytest
from django.urls import reverse

from deployments.models import Deployment
from roles.models import Designation, Role
from tests.deployments.factories import kind
from tests.factories import DesignationFactory, SchoolFactory, SLEDesignationFactory, role
from tests.roles.factories import NLGDesignationFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:deployments_deployment_add")


def request_form(kind_code, lead, requested_on="2022-03-01", **values):
    return {
        "kind": kind(kind_code).pk,
        "lead": lead.pk,
        "requested_on": requested_on,
        "supported_school": SchoolFactory().pk,
        "supported_trust": "",
        "national_support_school_staff": "",
        "sle_support": "",
        "pattern": "",
        "time_notes": "",
        "total_days": "",
        **values,
    }


def refused(response, words):
    assert response.status_code == 200
    assert words in response.content.decode()
    assert not Deployment.objects.exists()


def test_an_external_review_of_governance_needs_an_nlg_who_completed_dfe_training(curator_client):
    nlg = NLGDesignationFactory()
    refused(
        curator_client.post(ADD, request_form("nlg-governance-review", nlg)),
        "external reviews of governance are done by NLGs who have completed Department for Education (DfE) training",
    )

    # The curator records the training on the NLG's designation, then the review is accepted.
    response = curator_client.post(
        reverse("admin:roles_designation_change", args=[nlg.pk]),
        {
            "role": Role.Code.NLG,
            "leader": nlg.leader.pk,
            "designated_on": "2018-09-01",
            "review_due": "2021-09-01",
            "governance_review_training_on": "2019-01-15",
            "paused_on": "",
            "pause_reason": "",
            "ended_on": "",
            "end_reason": "",
            "council_seat": "",
            "version": nlg.version,
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    nlg.refresh_from_db()
    assert nlg.governance_review_training_on == datetime.date(2019, 1, 15)
    assert curator_client.post(ADD, request_form("nlg-governance-review", nlg)).status_code == 302


def test_only_an_nlgs_designation_records_the_training(curator_client):
    nle = DesignationFactory()
    response = curator_client.post(
        reverse("admin:roles_designation_change", args=[nle.pk]),
        {
            "role": Role.Code.NLE,
            "leader": nle.leader.pk,
            "designated_on": "2022-09-01",
            "review_due": "2027-09-01",
            "governance_review_training_on": "2023-01-15",
            "ended_on": "",
            "end_reason": "",
            "council_seat": "",
            "version": nle.version,
        },
    )
    assert response.status_code == 200
    assert "Only an NLG completes DfE training for external reviews of governance" in response.content.decode()
    assert Designation.objects.get(pk=nle.pk).governance_review_training_on is None


def test_no_nlg_support_from_5_april_2023(curator_client):
    refused(
        curator_client.post(ADD, request_form("nlg-mentoring", NLGDesignationFactory(), requested_on="2023-04-05")),
        "The NLG programme closed for new commissions on 5 April 2023",
    )


def test_a_five_day_pupil_premium_review_is_refused(curator_client):
    reviewer = DesignationFactory(role=role(Role.Code.PUPIL_PREMIUM_REVIEWER))
    refused(
        curator_client.post(
            ADD, request_form("pupil-premium-review", reviewer, requested_on="2024-01-15", total_days="5")
        ),
        "A pupil premium review takes 2 to 4 days",
    )


def test_an_sles_support_is_one_to_one_or_group(curator_client):
    sle = SLEDesignationFactory()
    response = curator_client.post(
        ADD, request_form("sle-coaching", sle, requested_on="2024-01-15", sle_support="one_to_one")
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Deployment.objects.get().sle_support == Deployment.SleSupport.ONE_TO_ONE
    Deployment.objects.all().delete()
    refused(
        curator_client.post(
            ADD, request_form("nle-alone", DesignationFactory(), requested_on="2024-01-15", sle_support="group")
        ),
        "Only an SLE&#x27;s support is recorded as one-to-one or group support",
    )
