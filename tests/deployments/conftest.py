import datetime
from decimal import Decimal

import pytest

from deployments import services
from deployments.models import Deployment, NegotiationRecord
from roles.models import Role
from schools.models import School
from tests.deployments.factories import REQUESTED_ON, kind
from tests.factories import DesignationFactory, SchoolFactory, SLEDesignationFactory, role
from tests.roles.factories import NLGDesignationFactory


@pytest.fixture
def school(db):
    return SchoolFactory(name="Harbour Primary School", urn=131313, ofsted_rating=School.OfstedRating.INADEQUATE)


@pytest.fixture
def nle(db):
    return DesignationFactory(leader__first_name="Amara", leader__last_name="Khan")


@pytest.fixture
def sle(db):
    return SLEDesignationFactory(leader__first_name="Ben", leader__last_name="Osei")


@pytest.fixture
def reviewer(db):
    return DesignationFactory(role=role(Role.Code.PUPIL_PREMIUM_REVIEWER))


@pytest.fixture
def nlg(db):
    return NLGDesignationFactory()


def request_support(*, lead, code="nle-alongside-own-staff", school=None, requested_on=REQUESTED_ON, **values):
    return services.deployment_request(
        kind=kind(code),
        lead=lead,
        supported_school=school or SchoolFactory(ofsted_rating=School.OfstedRating.REQUIRES_IMPROVEMENT),
        requested_on=requested_on,
        **values,
    )


def agreement(deployment, *, on=datetime.date(2024, 2, 1), days="20", day_rate_pence=45_000, **values):
    values = {"proposed_by": NegotiationRecord.Party.SUPPORTED_SCHOOL, "payer": "supported_school", **values}
    return services.negotiation_record_add(
        deployment=deployment,
        kind=NegotiationRecord.Kind.AGREEMENT,
        recorded_on=on,
        days=Decimal(days),
        day_rate_pence=day_rate_pence,
        **values,
    )


def deployment_in(status: str, *, lead) -> Deployment:
    """A deployment brought to a status the way people do it: through the services."""
    deployment = request_support(lead=lead)
    if status == Deployment.Status.REQUESTED:
        return deployment
    if status == Deployment.Status.CANCELLED:
        return services.deployment_move(deployment=deployment, to_status=status, on=datetime.date(2024, 1, 20))
    services.negotiation_record_add(
        deployment=deployment,
        kind=NegotiationRecord.Kind.PROPOSAL,
        proposed_by=NegotiationRecord.Party.SYSTEM_LEADER,
        recorded_on=datetime.date(2024, 1, 20),
        days=Decimal("20"),
        day_rate_pence=50_000,
    )
    if status == Deployment.Status.NEGOTIATING:
        return Deployment.objects.get(pk=deployment.pk)
    agreement(deployment)
    if status == Deployment.Status.AGREED:
        return Deployment.objects.get(pk=deployment.pk)
    deployment = services.deployment_move(deployment=deployment, to_status="active", on=datetime.date(2024, 2, 5))
    if status == Deployment.Status.ACTIVE:
        return deployment
    return services.deployment_move(
        deployment=deployment, to_status="completed", on=datetime.date(2024, 7, 19), outcome="improved"
    )
