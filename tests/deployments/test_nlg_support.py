"""NLGs who supported no school in a year: "NLGs are expected to provide effective support to at least one school per
year", for each school year while the programme ran, on a page under the admin home's curation tasks."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from deployments import services
from deployments.models import Deployment
from deployments.nlg_support import nlg_years
from roles.models import Designation
from tests.deployments.conftest import agreement, request_support
from tests.roles.factories import NLGDesignationFactory

pytestmark = pytest.mark.django_db

URL = reverse("admin:deployments_deployment_nlg_support")
CLOSED = {"ended_on": datetime.date(2023, 11, 6), "end_reason": Designation.EndReason.PROGRAMME_CLOSED}


def support(nlg, *, requested_on, starts_on, ends_on=None, outcome="improved"):
    deployment = request_support(lead=nlg, code="nlg-mentoring", requested_on=requested_on)
    agreement(deployment, on=requested_on, days="5", free_days=Decimal("5"), day_rate_pence=None, payer="no_charge")
    services.deployment_move(deployment=deployment, to_status=Deployment.Status.ACTIVE, on=starts_on)
    if ends_on:
        to_status = Deployment.Status.CANCELLED if outcome == "withdrawn" else Deployment.Status.COMPLETED
        services.deployment_move(deployment=deployment, to_status=to_status, on=ends_on, outcome=outcome)
    return deployment


@pytest.fixture
def nlgs():
    helpful = NLGDesignationFactory(
        leader__first_name="Hana", leader__last_name="Helpful", designated_on=datetime.date(2019, 1, 1), **CLOSED
    )
    idle = NLGDesignationFactory(
        leader__first_name="Ian", leader__last_name="Idle", designated_on=datetime.date(2020, 9, 1), **CLOSED
    )
    withdrawn = NLGDesignationFactory(
        leader__first_name="Wes", leader__last_name="Withdrawn", designated_on=datetime.date(2020, 9, 1), **CLOSED
    )
    # Hana's support ran from November 2020 to June 2021 and from September 2022 (still open): in 2020 to 2021
    # and 2022 to 2023.
    support(
        helpful,
        requested_on=datetime.date(2020, 10, 1),
        starts_on=datetime.date(2020, 11, 2),
        ends_on=datetime.date(2021, 6, 30),
    )
    support(helpful, requested_on=datetime.date(2022, 9, 1), starts_on=datetime.date(2022, 9, 15))
    # Wes's support was withdrawn: it does not count.
    support(
        withdrawn,
        requested_on=datetime.date(2021, 10, 1),
        starts_on=datetime.date(2021, 10, 4),
        ends_on=datetime.date(2021, 10, 20),
        outcome="withdrawn",
    )
    return helpful, idle, withdrawn


def by_year(years):
    return {each.year.label: (len(each.expected), [d.leader.last_name for d in each.without_support]) for each in years}


def test_each_year_of_the_programme_lists_the_nlgs_who_supported_no_school(nlgs):
    assert by_year(nlg_years()) == {
        # The last year: the programme closed to new commissions on 5 April 2023.
        "2022 to 2023": (3, ["Idle", "Withdrawn"]),
        "2021 to 2022": (3, ["Helpful", "Idle", "Withdrawn"]),
        "2020 to 2021": (3, ["Idle", "Withdrawn"]),
        "2019 to 2020": (1, ["Helpful"]),  # Ian and Wes were designated on 1 September 2020
        "2018 to 2019": (0, []),  # Hana was designated in January 2019, not throughout the year
    }


def test_an_nlg_paused_or_ended_during_a_year_is_not_expected_to_support_a_school_that_year(nlgs):
    _, idle, _ = nlgs
    Designation.objects.filter(pk=idle.pk).update(
        ended_on=datetime.date(2022, 3, 31), end_reason=Designation.EndReason.STEPPED_DOWN
    )
    years = by_year(nlg_years())
    assert years["2021 to 2022"] == (2, ["Helpful", "Withdrawn"])
    assert years["2020 to 2021"] == (3, ["Idle", "Withdrawn"])


def test_the_curators_page_under_curation_tasks(curator_client, nlgs):
    home = curator_client.get(reverse("admin:index")).content.decode()
    assert f'href="{URL}"' in home and "NLGs who supported no school in a year" in home

    page = curator_client.get(URL)
    assert page.status_code == 200
    content = page.content.decode()
    assert "NLGs are expected to provide effective support to at least one school per year" in content
    assert "2022 to 2023: 2 NLGs supported no school" in content
    assert "Ian Idle" in content and "Hana Helpful" not in content

    earlier = curator_client.get(URL, {"year": "2021"}).content.decode()
    assert "2021 to 2022: 3 NLGs supported no school" in earlier and "Hana Helpful" in earlier

    unknown = curator_client.get(URL, {"year": "1999'"}).content.decode()
    assert "There is no such year of the NLG programme: showing 2022 to 2023" in unknown


def test_only_curators_see_it(client, nlgs):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
