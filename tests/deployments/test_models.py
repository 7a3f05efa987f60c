"""Every named constraint in deployments/models.py, both ways: full_clean() words a message for a person, and a raw
save that skips clean() is refused by the database."""

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction

from deployments.models import (
    Deployment,
    DeploymentKind,
    DeploymentLeader,
    NegotiationRecord,
    PupilPremiumReviewStage,
    TimePattern,
)
from roles.models import FocusArea, Role, Specialism
from tests.constraints import (
    ConstraintCase,
    assert_database_refuses_it,
    assert_full_clean_words_it,
    constraint_names,
)
from tests.deployments.factories import (
    REQUESTED_ON,
    DeploymentFactory,
    NegotiationRecordFactory,
    ReviewStageFactory,
    kind,
)
from tests.factories import DesignationFactory, SchoolFactory, role

pytestmark = pytest.mark.django_db

STARTED = datetime.date(2024, 2, 1)


Case = ConstraintCase


def deployment(**fields):
    values = {
        "kind": kind("nle-alongside-own-staff"),
        "supported_school": SchoolFactory(),
        "requested_on": REQUESTED_ON,
    }
    return Deployment(**{**values, **fields})


def record(**fields):
    values = {
        "deployment": DeploymentFactory(),
        "recorded_on": datetime.date(2024, 1, 20),
        "kind": NegotiationRecord.Kind.PROPOSAL,
        "proposed_by": NegotiationRecord.Party.SUPPORTED_SCHOOL,
    }
    return NegotiationRecord(**{**values, **fields})


def review_stage(**fields):
    values = {"deployment": DeploymentFactory(kind=kind("pupil-premium-review")), "stage": "review"}
    return PupilPremiumReviewStage(**{**values, **fields})


def second_leader(is_lead: bool, same_designation: bool):
    first = DeploymentFactory().leaders.get()
    designation = first.designation if same_designation else DesignationFactory()
    return DeploymentLeader(deployment=first.deployment, designation=designation, is_lead=is_lead)


def second_agreement():
    first = NegotiationRecordFactory(kind=NegotiationRecord.Kind.AGREEMENT)
    return record(
        deployment=first.deployment, kind=NegotiationRecord.Kind.AGREEMENT, days=1, total_cost_pence=1, payer="dfe"
    )


def second_stage():
    first = ReviewStageFactory(stage=PupilPremiumReviewStage.Stage.INITIAL_DISCUSSION)
    return PupilPremiumReviewStage(deployment=first.deployment, stage=PupilPremiumReviewStage.Stage.INITIAL_DISCUSSION)


def time_cases(prefix: str, build: Callable) -> list[Case]:
    """The time_constraints() shared by deployments and negotiation records."""
    return [
        Case(f"{prefix}_days_positive", lambda: build(total_days=Decimal("0")), "total_days", "more than 0"),
        Case(f"{prefix}_pattern_valid", lambda: build(pattern="sometimes"), "pattern", "not a valid choice"),
        Case(
            f"{prefix}_days_per_week_in_a_week",
            lambda: build(days_per_week_min=Decimal("8")),
            "days_per_week_min",
            "no more than 7",
        ),
        Case(
            f"{prefix}_days_per_week_range_in_order",
            lambda: build(days_per_week_min=Decimal("3"), days_per_week_max=Decimal("2")),
            "days_per_week_max",
            "same as or more than the fewest",
        ),
        Case(
            f"{prefix}_days_per_week_has_rate_and_period",
            lambda: build(pattern=TimePattern.DAYS_PER_WEEK, days_per_week_min=Decimal("3")),
            "period_weeks",
            "Enter for how many weeks",
        ),
    ]


CASES = [
    # DeploymentKind
    Case(
        "deployment_kind_unique_name_per_role",
        lambda: DeploymentKind(role=role(Role.Code.NLE), code="again", name=kind("nle-alone").name),
        NON_FIELD_ERRORS,
        "already exists",
        named_by_database=False,
    ),
    # Deployment
    *time_cases("deployment", deployment),
    Case("deployment_status_valid", lambda: deployment(status="paused"), "status", "not a valid choice"),
    # "SLEs can provide one-to-one or group support"
    Case("deployment_sle_support_valid", lambda: deployment(sle_support="crowd"), "sle_support", "not a valid choice"),
    Case(
        "deployment_dates_in_range",
        lambda: deployment(requested_on=datetime.date(1999, 12, 31)),
        "requested_on",
        "must be between 1 January 2000 and",
    ),
    Case(
        "deployment_outcome_valid",
        lambda: deployment(status=Deployment.Status.CANCELLED, outcome="marvellous"),
        "outcome",
        "not a valid choice",
    ),
    Case(
        "deployment_supports_a_school_or_trust",
        lambda: deployment(supported_school=None, supported_trust=""),
        "supported_school",
        "Choose the supported school, or enter the supported trust",
    ),
    Case(
        "deployment_starts_after_request",
        lambda: deployment(starts_on=REQUESTED_ON - datetime.timedelta(days=1)),
        "starts_on",
        "must be the same as or after the date the support was requested",
    ),
    Case(
        "deployment_ends_after_it_starts",
        lambda: deployment(starts_on=STARTED, ends_on=STARTED - datetime.timedelta(days=1)),
        "ends_on",
        "The end date must be the same as or after the start date",
    ),
    Case(
        "deployment_one_focus",
        lambda: deployment(
            focus_specialism=Specialism.objects.get(slug="maths"), focus_area=FocusArea.objects.order_by("pk").first()
        ),
        "focus_area",
        "not both",
    ),
    Case(
        "deployment_outcome_when_ended",
        lambda: deployment(status=Deployment.Status.COMPLETED, starts_on=STARTED, ends_on=STARTED),
        "outcome",
        "Choose the outcome",
    ),
    Case(
        "deployment_started_has_start_date",
        lambda: deployment(status=Deployment.Status.ACTIVE),
        "starts_on",
        "Enter the date the support started",
    ),
    Case(
        "deployment_completed_has_end_date",
        lambda: deployment(status=Deployment.Status.COMPLETED, starts_on=STARTED, outcome=Deployment.Outcome.IMPROVED),
        "ends_on",
        "Enter the date the support was completed",
    ),
    # DeploymentLeader
    Case(
        "deployment_leader_unique",
        lambda: second_leader(is_lead=False, same_designation=True),
        "designation",
        "already takes part",
        named_by_database=False,
    ),
    Case(
        "deployment_one_lead_leader",
        lambda: second_leader(is_lead=True, same_designation=False),
        "is_lead",
        "already has a lead system leader",
        named_by_database=False,
    ),
    # NegotiationRecord
    *time_cases("negotiation", record),
    Case("negotiation_kind_valid", lambda: record(kind="ultimatum"), "kind", "not a valid choice"),
    Case(
        "negotiation_date_in_range",
        lambda: record(recorded_on=datetime.date(9999, 12, 31)),
        "recorded_on",
        "must be between 1 January 2000 and",
    ),
    Case("negotiation_proposed_by_valid", lambda: record(proposed_by="ofsted"), "proposed_by", "not a valid choice"),
    Case("negotiation_payer_valid", lambda: record(payer="parents"), "payer", "not a valid choice"),
    Case("negotiation_proposed_days_positive", lambda: record(days=Decimal("0")), "days", "more than 0"),
    Case(
        "negotiation_free_days_not_negative",
        lambda: record(free_days=Decimal("-1")),
        "free_days",
        "cannot be fewer than 0",
    ),
    Case(
        "negotiation_free_days_within_days",
        lambda: record(days=Decimal("3"), free_days=Decimal("5")),
        "free_days",
        "same as or fewer than the days",
    ),
    Case(
        "negotiation_agreement_has_terms",
        lambda: record(kind=NegotiationRecord.Kind.AGREEMENT, days=Decimal("5"), payer="supported_school"),
        "total_cost_pence",
        "Enter the total cost agreed",
    ),
    Case(
        "negotiation_one_agreement_per_deployment",
        second_agreement,
        NON_FIELD_ERRORS,
        "This deployment already has agreed terms.",
        named_by_database=False,
    ),
    # PupilPremiumReviewStage
    Case("review_stage_valid", lambda: review_stage(stage="lunch"), "stage", "not a valid choice"),
    Case("review_stage_days_positive", lambda: review_stage(days=Decimal("0")), "days", "more than 0"),
    # "This includes a day spent by your school undertaking self-evaluation, and a half-day follow-up visit."
    Case(
        "review_stage_self_evaluation_is_a_day",
        lambda: review_stage(stage="self_evaluation", days=Decimal("1.5")),
        "days",
        "A pupil premium review includes a day spent by the school undertaking self-evaluation: enter 1",
    ),
    Case(
        "review_stage_follow_up_is_a_half_day",
        lambda: review_stage(stage="follow_up", days=Decimal("1")),
        "days",
        "A pupil premium review's follow-up visit is a half-day: enter 0.5",
    ),
    Case(
        "review_stage_dates_in_range",
        lambda: review_stage(scheduled_on=datetime.date(9999, 12, 31)),
        "scheduled_on",
        "must be between 1 January 2000 and",
    ),
    Case(
        "review_stage_once_except_follow_up",
        second_stage,
        "stage",
        "already has a stage",
        named_by_database=False,
    ),
]


@pytest.mark.parametrize("case", CASES, ids=str)
def test_full_clean_words_the_constraint_for_a_person(case):
    assert_full_clean_words_it(case)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_database_refuses_a_raw_save(case):
    assert_database_refuses_it(case)


def test_every_named_constraint_has_a_case():
    models = [DeploymentKind, Deployment, DeploymentLeader, NegotiationRecord, PupilPremiumReviewStage]
    assert constraint_names(*models) == {case.constraint for case in CASES}


@pytest.mark.parametrize("field", ["day_rate_pence", "total_cost_pence"])
def test_negative_money_is_refused_both_ways(field):
    instance = record(**{field: -1})
    with pytest.raises(ValidationError) as raised:
        instance.full_clean()
    assert "greater than or equal to 0" in raised.value.message_dict[field][0]
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


@pytest.mark.parametrize(
    "build",
    [
        lambda: deployment(),
        lambda: deployment(supported_school=None, supported_trust="Northern Lights Academy Trust"),
        lambda: deployment(
            pattern=TimePattern.DAYS_PER_WEEK,
            days_per_week_min=Decimal("3"),
            days_per_week_max=Decimal("4"),
            period_weeks=104,
        ),
        lambda: deployment(status=Deployment.Status.ACTIVE, starts_on=STARTED),
        lambda: deployment(
            status=Deployment.Status.COMPLETED, starts_on=STARTED, ends_on=STARTED, outcome=Deployment.Outcome.IMPROVED
        ),
        lambda: deployment(status=Deployment.Status.CANCELLED, outcome=Deployment.Outcome.NOT_STARTED),
        lambda: record(kind=NegotiationRecord.Kind.AGREEMENT, days=Decimal("5"), total_cost_pence=0, payer="no_charge"),
        lambda: review_stage(stage=PupilPremiumReviewStage.Stage.FOLLOW_UP, days=Decimal("0.5")),
    ],
    ids=["requested", "trust", "days-per-week", "active", "completed", "cancelled", "agreement", "follow-up"],
)
def test_valid_rows_pass_both_ways(build):
    instance = build()
    instance.full_clean()
    instance.save()


def test_follow_up_visits_may_repeat():
    first = ReviewStageFactory(stage=PupilPremiumReviewStage.Stage.FOLLOW_UP)
    again = PupilPremiumReviewStage(deployment=first.deployment, stage=PupilPremiumReviewStage.Stage.FOLLOW_UP)
    again.full_clean()
    again.save()


def test_the_time_commitment_reads_as_the_guidance_says_it():
    long_haul = deployment(
        pattern=TimePattern.DAYS_PER_WEEK,
        days_per_week_min=Decimal("3"),
        days_per_week_max=Decimal("4"),
        period_weeks=104,
    )
    assert long_haul.time_commitment_summary == "3 to 4 days a week for 104 weeks"
    diagnostic = deployment(total_days=Decimal("2.0"), pattern=TimePattern.BLOCK)
    assert diagnostic.time_commitment_summary == "2 days in all; a block of consecutive days"
