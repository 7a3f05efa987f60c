"""Factories for the deployments tests. Deterministic: fixed dates and sequences, no module-level randomness.

A deployment made by DeploymentFactory is requested, for a school that requires improvement, led by a current NLE
designation; pass kind=kind("...") and lead__designation=... for other kinds."""

import datetime
from decimal import Decimal

import factory

from deployments.models import Deployment, DeploymentKind, DeploymentLeader, NegotiationRecord, PupilPremiumReviewStage
from schools.models import School
from tests.factories import DesignationFactory, SchoolFactory

REQUESTED_ON = datetime.date(2024, 1, 15)


def kind(code: str) -> DeploymentKind:
    """Deployment kinds are reference data loaded by a migration: look them up, never create them."""
    return DeploymentKind.objects.get(code=code)


class DeploymentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Deployment
        skip_postgeneration_save = True

    kind = factory.LazyFunction(lambda: kind("nle-alongside-own-staff"))
    supported_school = factory.SubFactory(SchoolFactory, ofsted_rating=School.OfstedRating.REQUIRES_IMPROVEMENT)
    requested_on = REQUESTED_ON
    lead = factory.RelatedFactory("tests.deployments.factories.DeploymentLeaderFactory", "deployment")


class DeploymentLeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeploymentLeader

    deployment = factory.SubFactory(DeploymentFactory, lead=None)
    designation = factory.SubFactory(DesignationFactory)
    is_lead = True


class NegotiationRecordFactory(factory.django.DjangoModelFactory):
    """A proposal of 10 days at £450 a day."""

    class Meta:
        model = NegotiationRecord

    deployment = factory.SubFactory(DeploymentFactory)
    recorded_on = datetime.date(2024, 1, 22)
    kind = NegotiationRecord.Kind.PROPOSAL
    proposed_by = NegotiationRecord.Party.SYSTEM_LEADER
    day_rate_pence = 45_000
    days = Decimal("10")
    total_cost_pence = 450_000
    payer = NegotiationRecord.Payer.SUPPORTED_SCHOOL


class ReviewStageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PupilPremiumReviewStage

    deployment = factory.SubFactory(DeploymentFactory, kind=factory.LazyFunction(lambda: kind("pupil-premium-review")))
    stage = PupilPremiumReviewStage.Stage.INITIAL_DISCUSSION
    scheduled_on = datetime.date(2024, 2, 1)
