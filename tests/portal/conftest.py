"""Two teaching schools, A and B, each with a portal user, an SLE, an LLE and placements in several states."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.test import Client

from audit.models import ChangeRecord
from deployments.models import Deployment, DeploymentKind, DeploymentLeader, NegotiationRecord
from deployments.services import deployment_request, negotiation_record_add
from roles.models import Designation, Role, Specialism, SystemLeader, TeachingSchoolMembership
from tests.factories import DesignationFactory, SchoolFactory, SLEDesignationFactory, role
from tests.portal.factories import MembershipFactory, TeachingSchoolFactory, UserFactory

DESIGNATED_ON = datetime.date(2022, 9, 1)
REQUESTED_ON = datetime.date(2024, 1, 10)


def specialism(slug: str) -> Specialism:
    return Specialism.objects.get(slug=slug)


def sle_kind(code: str = "sle-coaching") -> DeploymentKind:
    return DeploymentKind.objects.get(code=code)


def place(sle: Designation, **overrides) -> Deployment:
    """A requested placement of the SLE at a new school, about their first specialism."""
    values = {
        "kind": sle_kind(),
        "lead": sle,
        "supported_school": SchoolFactory(),
        "requested_on": REQUESTED_ON,
        "focus_specialism": sle.specialisms.first(),
        "total_days": Decimal("10"),
    }
    return deployment_request(**(values | overrides))


def agree(placement: Deployment) -> Deployment:
    negotiation_record_add(
        deployment=placement,
        kind=NegotiationRecord.Kind.PROPOSAL,
        proposed_by=NegotiationRecord.Party.TEACHING_SCHOOL,
        recorded_on=REQUESTED_ON + datetime.timedelta(days=5),
        day_rate_pence=40_000,
        days=Decimal("10"),
    )
    negotiation_record_add(
        deployment=placement,
        kind=NegotiationRecord.Kind.AGREEMENT,
        proposed_by=NegotiationRecord.Party.SUPPORTED_SCHOOL,
        recorded_on=REQUESTED_ON + datetime.timedelta(days=9),
        day_rate_pence=40_000,
        days=Decimal("10"),
        payer=NegotiationRecord.Payer.SUPPORTED_SCHOOL,
    )
    placement.refresh_from_db()
    return placement


def build_teaching_school(letter: str) -> SimpleNamespace:
    school = TeachingSchoolFactory(name=f"Teaching School {letter}")
    user = UserFactory(username=f"staff-{letter.lower()}@school.example")
    MembershipFactory(user=user, school=school)
    sle = SLEDesignationFactory(
        teaching_school=school,
        designated_on=DESIGNATED_ON,
        leader__first_name=f"Sam{letter}",
        leader__last_name=f"Specialist{letter}",
        specialisms=[specialism("maths"), specialism("english")],
    )
    lle = DesignationFactory(
        role=role(Role.Code.LLE),
        teaching_school=school,
        leader__first_name=f"Lee{letter}",
        leader__last_name=f"Local{letter}",
    )
    requested = place(sle)
    agreed = agree(place(sle, kind=sle_kind("sle-data-analysis")))
    return SimpleNamespace(school=school, user=user, sle=sle, lle=lle, placement=requested, agreed=agreed)


@pytest.fixture
def a(db) -> SimpleNamespace:
    return build_teaching_school("A")


@pytest.fixture
def b(db) -> SimpleNamespace:
    return build_teaching_school("B")


@pytest.fixture
def client_a(a) -> Client:
    client = Client()
    client.force_login(a.user)
    return client


def database_state() -> dict:
    """Everything a portal action could change, to compare before and after."""
    return {
        "leaders": list(SystemLeader.objects.order_by("pk").values()),
        "designations": list(Designation.objects.order_by("pk").values()),
        "specialisms": list(Designation.specialisms.through.objects.order_by("pk").values()),
        "deployments": list(Deployment.objects.order_by("pk").values()),
        "deployment_leaders": list(DeploymentLeader.objects.order_by("pk").values()),
        "negotiation_records": list(NegotiationRecord.objects.order_by("pk").values()),
        "memberships": list(TeachingSchoolMembership.objects.order_by("pk").values()),
        "change_records": ChangeRecord.objects.count(),
    }
