"""The demo deployments, made by load_demo_data on a small world of factory-made schools: every row obeys the
constraints and the service rules, and each deployment's status follows from its records and dates."""

import datetime
import itertools
from collections import Counter
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo import deployments as demo
from deployments import services
from deployments.models import (
    Deployment,
    DeploymentKind,
    DeploymentLeader,
    DeploymentStatus,
    NegotiationKind,
    NegotiationRecord,
    PupilPremiumReviewStage,
    ReviewStage,
)
from roles.models import Designation, Role
from schools.models import School
from tests.factories import LocalAuthorityFactory, RegionFactory, SchoolFactory

pytestmark = pytest.mark.django_db

RATINGS = [
    School.OfstedRating.OUTSTANDING,
    School.OfstedRating.GOOD,
    School.OfstedRating.GOOD,
    School.OfstedRating.REQUIRES_IMPROVEMENT,
    School.OfstedRating.NOT_REPORTED,
    School.OfstedRating.GOOD,
    School.OfstedRating.INADEQUATE,
]
STARTED = (DeploymentStatus.ACTIVE, DeploymentStatus.COMPLETED)
AGREED = (DeploymentStatus.AGREED, *STARTED)


@pytest.fixture
def schools(db):
    """60 schools in 3 local authorities and 2 regions, as in tests/demo/test_leaders.py."""
    yorkshire = RegionFactory(code="E12000003", name="Yorkshire and the Humber")
    london = RegionFactory(code="E12000007", name="London")
    authorities = [
        LocalAuthorityFactory(dfe_code="383", gss_code="E08000035", name="Leeds", region=yorkshire),
        LocalAuthorityFactory(dfe_code="373", gss_code="E08000019", name="Sheffield", region=yorkshire),
        LocalAuthorityFactory(dfe_code="202", gss_code="E09000007", name="Camden", region=london),
    ]
    ratings = itertools.cycle(RATINGS)
    return [
        SchoolFactory(
            urn=140000 + index,
            local_authority=authority,
            region=authority.region,
            ofsted_rating=next(ratings),
            easting=400000 + 1000 * (index // 20) + 37 * (index % 20),
            northing=400000 + 53 * (index % 20),
        )
        for index, authority in enumerate(authority for authority in authorities for _ in range(20))
    ]


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo_data", *args, stdout=out)
    return out.getvalue()


def problems_with(deployment: Deployment, today: datetime.date) -> list[str]:
    """Everything wrong with one deployment, its leaders, records and stages; [] if nothing. Runs the model
    validation and the services' own checks, then the timeline the services would have written."""
    problems = []

    def check(label, validate):
        try:
            validate()
        except Exception as error:  # noqa: BLE001 - every problem is reported, not just the first
            problems.append(f"{label}: {error}")

    leaders = list(deployment.leaders.all())
    records = list(deployment.negotiation_records.all())
    stages = list(deployment.review_stages.all())
    check("deployment", deployment.full_clean)
    for row in [*leaders, *records, *stages]:
        check(type(row).__name__, row.full_clean)
    lead = next((leader.designation for leader in leaders if leader.is_lead), None)
    others = [leader.designation for leader in leaders if not leader.is_lead]
    check(
        "service rules",
        lambda: services.deployment_validate(deployment=deployment, lead=lead, other_designations=others),
    )
    for record in records:
        check(f"{record}", lambda record=record: services.negotiation_record_validate(record=record, new=False))
        if record.recorded_on < deployment.requested_on or record.recorded_on > today:
            problems.append(f"{record} is dated outside the deployment")
    for stage in stages:
        check(f"{stage}", lambda stage=stage: services.review_stage_validate(review_stage=stage, new=False))

    status = deployment.status
    kinds = [record.kind for record in records]
    agreements = [record for record in records if record.kind == NegotiationKind.AGREEMENT]
    withdrawn = NegotiationKind.WITHDRAWAL in kinds
    if status == DeploymentStatus.REQUESTED and records:
        problems.append("a requested deployment has negotiation records")
    if status == DeploymentStatus.NEGOTIATING and (not records or agreements or withdrawn):
        problems.append(f"negotiating, with records {kinds}")
    if status in AGREED:
        if len(agreements) != 1 or withdrawn:
            problems.append(f"{status}, with records {kinds}")
        else:
            agreed = agreements[0]
            for name in services.TIME_COMMITMENT_FIELDS:
                if getattr(deployment, name) != getattr(agreed, name):
                    problems.append(f"the time commitment ({name}) is not the agreed one")
            if deployment.starts_on and deployment.starts_on < agreed.recorded_on:
                problems.append("it started before it was agreed")
    if status == DeploymentStatus.CANCELLED:
        if records and kinds[-1] != NegotiationKind.WITHDRAWAL:
            problems.append(f"cancelled, with records {kinds}")
        expected = Deployment.Outcome.WITHDRAWN if deployment.starts_on else Deployment.Outcome.NOT_STARTED
        if deployment.outcome != expected:
            problems.append(f"cancelled with the outcome {deployment.outcome}")
    if (status in STARTED) != bool(deployment.starts_on) and status != DeploymentStatus.CANCELLED:
        problems.append("the start date does not match the status")
    for day in (deployment.requested_on, deployment.starts_on, deployment.ends_on):
        if day and day > today:
            problems.append(f"{day} is in the future")
    if deployment.starts_on and lead and lead.status_on(deployment.starts_on) not in ("current", "review_due"):
        problems.append("the lead's designation was not current when the support started")
    if lead and lead.role_id == Role.Code.NLG:
        if status not in (DeploymentStatus.COMPLETED, DeploymentStatus.CANCELLED):
            problems.append("an NLG deployment is still open after the programme closed")
        if (deployment.ends_on or deployment.requested_on) >= datetime.date(2023, 11, 6):
            problems.append("an NLG deployment ran after the programme closed")
    if deployment.kind.role_id == Role.Code.PUPIL_PREMIUM_REVIEWER and status in AGREED:
        have = {stage.stage for stage in stages}
        if have != set(ReviewStage.values):
            problems.append(f"a review has the stages {sorted(have)}")
        if status == DeploymentStatus.COMPLETED:
            if any(stage.completed_on is None for stage in stages):
                problems.append("a completed review has stages not completed")
            total = sum((stage.days or Decimal(0) for stage in stages), Decimal(0))
            if total != agreements[0].days:
                problems.append(f"the stages take {total} days, not the {agreements[0].days} agreed")
    return problems


def demo_deployments():
    return (
        Deployment.objects.filter(is_demo=True)
        .select_related("kind")
        .prefetch_related(
            "negotiation_records", "review_stages", "leaders__designation__role", "leaders__designation__leader"
        )
    )


def test_the_demo_has_deployments_that_obey_every_rule(schools):
    output = load("--scale", "40")
    today = timezone.localdate()

    assert "Deployments by role" in output
    deployments = list(demo_deployments())
    assert len(deployments) >= 60
    problems = {str(d.pk): found for d in deployments if (found := problems_with(d, today))}
    assert problems == {}

    # Spread over every role's kinds and every status, with a negotiation timeline and a few unusual day rates.
    by_role = Counter(deployment.kind.role_id for deployment in deployments)
    assert set(by_role) == set(demo.DEPLOYMENT_COUNTS)
    assert set(Counter(deployment.status for deployment in deployments)) == set(DeploymentStatus.values)
    records = NegotiationRecord.objects.filter(deployment__is_demo=True)
    assert set(records.values_list("kind", flat=True)) == set(NegotiationKind.values)
    rates = [rate for rate in records.values_list("day_rate_pence", flat=True) if rate is not None]
    typical = [rate for rate in rates if 30_000 <= rate <= 50_000]
    assert len(typical) > 0.8 * len(rates)
    assert PupilPremiumReviewStage.objects.filter(deployment__is_demo=True).exists()


def test_each_kind_of_support_looks_as_the_guidance_says(schools):
    load("--scale", "40")
    nle = Deployment.objects.filter(is_demo=True, kind__role_id=Role.Code.NLE, supported_school__isnull=False)
    ratings = Counter(nle.values_list("supported_school__ofsted_rating", flat=True))
    struggling = ratings[School.OfstedRating.REQUIRES_IMPROVEMENT] + ratings[School.OfstedRating.INADEQUATE]
    assert struggling > sum(ratings.values()) / 2
    for deployment in nle:
        assert 2 <= deployment.days_per_week_min <= deployment.days_per_week_max <= 4
        assert 6 <= deployment.period_weeks <= 104
    for deployment in Deployment.objects.filter(is_demo=True, kind__role_id=Role.Code.SLE):
        assert deployment.pattern in ("block", "part_days")
        assert Decimal(2) <= deployment.total_days <= Decimal(30)
        assert deployment.focus_specialism_id is not None
    for record in NegotiationRecord.objects.filter(deployment__is_demo=True, deployment__kind__role_id=Role.Code.NLG):
        if record.days is not None:
            assert record.free_days == min(Decimal(5), record.days)
    for record in NegotiationRecord.objects.filter(
        deployment__is_demo=True, deployment__kind__role_id=Role.Code.PUPIL_PREMIUM_REVIEWER, days__isnull=False
    ):
        assert Decimal(2) <= record.days <= Decimal(4)


def test_a_rerun_says_when_governance_reviews_come_from_before_the_training_rule(schools):
    """An older demo made external reviews of governance for NLGs with no DfE training recorded: a rerun says so."""
    load("--scale", "40")
    assert not demo.demo_untrained_governance_reviews().exists()
    for sle in Deployment.objects.filter(is_demo=True, kind__role_id=Role.Code.SLE):
        assert sle.sle_support in Deployment.SleSupport.values  # "SLEs can provide one-to-one or group support"

    # As an older demo made it: an NLG's support turned into a review by an NLG with no training recorded.
    older = Deployment.objects.filter(is_demo=True, kind__role_id=Role.Code.NLG).first()
    Deployment.objects.filter(pk=older.pk).update(kind=DeploymentKind.objects.get(code="nlg-governance-review"))
    Designation.objects.filter(deployment_roles__deployment=older).update(governance_review_training_on=None)
    output = load("--scale", "40")
    assert "demo external reviews of governance are led by NLGs with no DfE training" in output
    assert older in demo.demo_untrained_governance_reviews()


def test_replace_deletes_the_demo_deployments_first(schools):
    load()
    first = set(Deployment.objects.values_list("pk", flat=True))
    assert first
    # A curator's real deployment through a demo designation goes with the fictional people it depends on.
    lead = Designation.objects.demo().of_role(Role.Code.NLE).current().first()
    real = services.deployment_request(
        kind=DeploymentKind.objects.get(code="nle-alone"),
        lead=lead,
        supported_trust="Northern Lights Academy Trust",
        requested_on=timezone.localdate(),
    )
    services.negotiation_record_add(
        deployment=real, kind="proposal", proposed_by="system_leader", recorded_on=timezone.localdate()
    )

    output = load("--scale", "2", "--replace")

    assert f"{len(first) + 1:,} deployments" in output
    assert not first & set(Deployment.objects.values_list("pk", flat=True))
    assert not Deployment.objects.filter(pk=real.pk).exists()
    assert Deployment.objects.filter(is_demo=True).exists()
    assert DeploymentLeader.objects.filter(designation__is_demo=False).count() == 0


def test_deployments_are_added_to_demo_people_loaded_before_them(schools):
    load()
    NegotiationRecord.objects.all().delete()
    Deployment.objects.all().delete()  # as if loaded before deployments were demo data

    output = load()

    assert "Added" in output and "demo deployments" in output
    assert Deployment.objects.filter(is_demo=True).exists()
    assert "already loaded: nothing changed" in load()


def test_the_same_designations_and_date_give_the_same_deployments(schools):
    load()

    def build():
        counts = demo.demo_deployment_counts(school_count=len(schools), scale=30)
        built = demo.DemoDeploymentBuilder(today=datetime.date(2025, 6, 1), counts=counts, scale=30).build()
        return [
            (d.kind.code, d.supported_school_id, d.requested_on, d.status, d.starts_on, d.ends_on)
            for d in built.deployments
        ]

    assert build() == build()


def test_counts_follow_the_share_of_schools_loaded():
    assert sum(demo.demo_deployment_counts(school_count=20_000, scale=1).values()) == 600
    assert sum(demo.demo_deployment_counts(school_count=20_000, scale=3).values()) == 1800
    assert demo.demo_deployment_counts(school_count=60, scale=1) == dict.fromkeys(demo.DEPLOYMENT_COUNTS, 1)
