"""deployments.services: requests, status moves, the negotiation rules from the guidance and review stages."""

import datetime
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from deployments import services
from deployments.models import (
    STATUS_MOVES,
    Deployment,
    DeploymentStatus,
    NegotiationRecord,
    PupilPremiumReviewStage,
    TimePattern,
)
from roles.models import Designation, FocusArea, Role, Specialism
from tests.deployments.conftest import agreement, deployment_in, request_support
from tests.deployments.factories import REQUESTED_ON, kind
from tests.factories import DesignationFactory, SLEDesignationFactory, TeachingSchoolDesignationFactory, role
from tests.roles.factories import NLGDesignationFactory

pytestmark = pytest.mark.django_db

Status = DeploymentStatus


def messages_of(raised) -> dict[str, list[str]]:
    return raised.value.message_dict


# ---------------------------------------------------------------------------------------------------------------------
# deployment_request


def test_a_request_records_the_support_its_leaders_and_time(nle, sle, school):
    other_nle = DesignationFactory()
    deployment = request_support(
        lead=nle,
        school=school,
        other_designations=[other_nle, sle],
        focus_area=FocusArea.objects.get(slug="leadership-and-management"),
        national_support_school_staff="Deputy headteacher and the English lead",
        involves_ofsted=True,
        involves_local_authority=True,
        pattern=TimePattern.DAYS_PER_WEEK,
        days_per_week_min=Decimal("3"),
        days_per_week_max=Decimal("4"),
        period_weeks=104,
    )

    deployment.refresh_from_db()
    assert deployment.status == Status.REQUESTED
    assert deployment.supported_school == school
    assert deployment.time_commitment_summary == "3 to 4 days a week for 104 weeks"
    assert deployment.organisations_concerned == ["Ofsted", "local authority"]
    leaders = {leader.designation: leader.is_lead for leader in deployment.leaders.all()}
    assert leaders == {nle: True, other_nle: False, sle: False}
    assert services.deployment_lead(deployment) == nle


def test_a_trust_may_be_supported_instead_of_a_school(nle):
    deployment = services.deployment_request(
        kind=kind("nle-alone"), lead=nle, supported_trust="  Northern Lights Academy Trust ", requested_on=REQUESTED_ON
    )
    assert deployment.supported_name == "Northern Lights Academy Trust"


def test_a_request_needs_a_school_or_trust(nle):
    with pytest.raises(ValidationError) as raised:
        services.deployment_request(kind=kind("nle-alone"), lead=nle, requested_on=REQUESTED_ON)
    assert messages_of(raised)["supported_school"] == ["Choose the supported school, or enter the supported trust"]


def test_the_lead_must_hold_the_kinds_role(sle):
    with pytest.raises(ValidationError) as raised:
        request_support(lead=sle, code="pupil-premium-review")
    assert messages_of(raised)["lead"] == [
        f"{sle} cannot lead this deployment: “Pupil premium review” is support from pupil premium reviewers"
    ]
    assert not Deployment.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"ended_on": datetime.date(2023, 12, 31), "end_reason": Designation.EndReason.STEPPED_DOWN},
            "the designation ended on 31 December 2023, before this request",
        ),
        (
            {"designated_on": datetime.date(2024, 9, 1)},
            "the designation starts on 1 September 2024, after this request",
        ),
        (
            {"paused_on": datetime.date(2024, 1, 1), "pause_reason": "Under review"},
            "the designation was paused on 1 January 2024",
        ),
    ],
    ids=["ended", "starts-later", "paused"],
)
def test_the_lead_must_be_current_on_the_day_of_the_request(changes, message):
    lead = DesignationFactory(**changes)
    with pytest.raises(ValidationError) as raised:
        request_support(lead=lead)
    assert messages_of(raised)["lead"] == [f"{lead}: {message}"]


@pytest.mark.parametrize(
    ("code", "lead_role", "other_role", "allowed"),
    [
        ("nle-alone", Role.Code.NLE, Role.Code.NLE, True),
        ("nle-staff-under-direction", Role.Code.NLE, Role.Code.SLE, True),
        ("pupil-premium-review", Role.Code.PUPIL_PREMIUM_REVIEWER, Role.Code.SLE, True),
        ("pupil-premium-review", Role.Code.PUPIL_PREMIUM_REVIEWER, Role.Code.NLE, False),
        ("sle-coaching", Role.Code.SLE, Role.Code.NLE, False),
        ("nlg-mentoring", Role.Code.NLG, Role.Code.SLE, False),
    ],
)
def test_who_else_may_take_part(code, lead_role, other_role, allowed):
    def designation(code_):
        if code_ == Role.Code.SLE:
            return SLEDesignationFactory()
        if code_ == Role.Code.NLG:
            return NLGDesignationFactory()
        return DesignationFactory(role=role(code_))

    lead, other = designation(lead_role), designation(other_role)
    requested_on = datetime.date(2022, 10, 3)
    if allowed:
        deployment = request_support(lead=lead, code=code, other_designations=[other], requested_on=requested_on)
        assert deployment.leaders.count() == 2
    else:
        with pytest.raises(ValidationError) as raised:
            request_support(lead=lead, code=code, other_designations=[other], requested_on=requested_on)
        assert "cannot take part in this deployment" in messages_of(raised)["other_designations"][0]


def test_no_one_takes_part_twice(nle):
    with pytest.raises(ValidationError) as raised:
        request_support(lead=nle, other_designations=[nle])
    assert messages_of(raised)["other_designations"] == [f"{nle} is already taking part"]


def test_other_leaders_must_be_current_too(nle):
    ended = DesignationFactory(ended_on=datetime.date(2023, 1, 1), end_reason=Designation.EndReason.LAPSED)
    with pytest.raises(ValidationError) as raised:
        request_support(lead=nle, other_designations=[ended])
    assert "ended on 1 January 2023" in messages_of(raised)["other_designations"][0]


def test_a_specialism_is_the_focus_only_of_an_sle(nle, sle):
    maths = Specialism.objects.get(slug="maths")
    with pytest.raises(ValidationError) as raised:
        request_support(lead=nle, focus_specialism=maths)
    assert "Only an SLE's support has a specialism as its focus" in messages_of(raised)["focus_specialism"][0]

    deployment = request_support(lead=sle, code="sle-coaching", focus_specialism=maths)
    assert deployment.focus_specialism == maths


def test_one_focus_only(sle):
    with pytest.raises(ValidationError) as raised:
        request_support(
            lead=sle,
            code="sle-coaching",
            focus_specialism=Specialism.objects.get(slug="maths"),
            focus_area=FocusArea.objects.get(slug="pupil-achievement"),
        )
    assert "not both" in messages_of(raised)["focus_area"][0]


def test_national_support_school_staff_only_for_an_nle(sle):
    with pytest.raises(ValidationError) as raised:
        request_support(lead=sle, code="sle-data-analysis", national_support_school_staff="Maths lead")
    assert messages_of(raised)["national_support_school_staff"] == [
        "Only an NLE's support involves a national support school"
    ]


def test_a_leader_does_not_support_their_own_school(nle):
    with pytest.raises(ValidationError) as raised:
        request_support(lead=nle, school=nle.leader.school)
    assert "not their own" in messages_of(raised)["supported_school"][0]

    teaching_school = TeachingSchoolDesignationFactory(designated_on=datetime.date(2016, 9, 1))
    with pytest.raises(ValidationError):
        request_support(lead=teaching_school, code="teaching-school-support", school=teaching_school.school)


def test_external_reviews_of_governance_are_by_nlgs_who_completed_dfe_training(nlg):
    """ "external reviews of governance (NLGs who have completed Department for Education (DfE) training)"."""
    rule = "external reviews of governance are done by NLGs who have completed Department for Education (DfE) training"
    with pytest.raises(ValidationError) as raised:
        request_support(lead=nlg, code="nlg-governance-review", requested_on=datetime.date(2022, 3, 1))
    assert messages_of(raised) == {
        "lead": [f"{nlg}: {rule}: record the date this NLG completed it on their designation first"]
    }

    nlg.governance_review_training_on = datetime.date(2022, 3, 2)
    nlg.save()
    with pytest.raises(ValidationError) as raised:
        request_support(lead=nlg, code="nlg-governance-review", requested_on=datetime.date(2022, 3, 1))
    assert messages_of(raised) == {
        "lead": [f"{nlg}: {rule}; this NLG completed it on 2 March 2022, after this request"]
    }

    # Mentoring needs no training; a review on or after the day of the training is fine.
    assert request_support(lead=nlg, code="nlg-mentoring", requested_on=datetime.date(2022, 3, 1)).pk
    deployment = request_support(lead=nlg, code="nlg-governance-review", requested_on=datetime.date(2022, 3, 2))
    assert deployment.kind.needs_governance_review_training
    assert Deployment.objects.count() == 2


def test_no_nlg_support_is_requested_once_the_programme_closed_to_new_commissions(nlg):
    """ "The NLG programme is closed for new commissions" (5 April 2023), and closed entirely on 6 November 2023."""
    with pytest.raises(ValidationError) as raised:
        request_support(lead=nlg, code="nlg-mentoring", requested_on=datetime.date(2023, 4, 5))
    assert messages_of(raised) == {
        "requested_on": [
            "The NLG programme closed for new commissions on 5 April 2023: "
            "no NLG support can be requested from that date"
        ]
    }
    assert request_support(lead=nlg, code="nlg-mentoring", requested_on=datetime.date(2023, 4, 4)).pk

    closed = NLGDesignationFactory(
        ended_on=datetime.date(2023, 11, 6), end_reason=Designation.EndReason.PROGRAMME_CLOSED
    )
    with pytest.raises(ValidationError) as raised:
        request_support(lead=closed, code="nlg-mentoring", requested_on=datetime.date(2024, 1, 8))
    assert "ended on 6 November 2023" in messages_of(raised)["lead"][0]
    assert messages_of(raised)["requested_on"] == [
        "The national leader of governance programme closed on 6 November 2023: "
        "no support can be requested from it after that"
    ]


@pytest.mark.parametrize(("days", "accepted"), [("1.5", False), ("2", True), ("4", True), ("5", False)])
def test_a_pupil_premium_review_deployment_takes_2_to_4_days(reviewer, days, accepted):
    """ "An effective pupil premium review will usually take between two and four days": on the deployment itself."""
    if accepted:
        assert request_support(lead=reviewer, code="pupil-premium-review", total_days=Decimal(days)).pk
        return
    with pytest.raises(ValidationError) as raised:
        request_support(lead=reviewer, code="pupil-premium-review", total_days=Decimal(days))
    assert messages_of(raised) == {
        "total_days": [
            "A pupil premium review takes 2 to 4 days, including a day of self-evaluation by the school "
            "and a half-day follow-up visit"
        ]
    }
    assert not Deployment.objects.exists()


def test_one_to_one_or_group_support_is_recorded_for_an_sle_only(sle, nle):
    """ "SLEs can provide one-to-one or group support"."""
    deployment = request_support(lead=sle, code="sle-coaching", sle_support=Deployment.SleSupport.GROUP)
    assert deployment.get_sle_support_display() == "Group support"
    with pytest.raises(ValidationError) as raised:
        request_support(lead=nle, sle_support=Deployment.SleSupport.ONE_TO_ONE)
    assert messages_of(raised) == {"sle_support": ["Only an SLE's support is recorded as one-to-one or group support"]}


def test_why_no_trust_can_support_a_school_only_for_an_nle(sle):
    with pytest.raises(ValidationError) as raised:
        request_support(lead=sle, code="sle-coaching", no_trust_match_reason="No trust nearby")
    assert messages_of(raised) == {
        "no_trust_match_reason": ["Only DfE's match with an NLE records why no trust can support a school"]
    }


def test_the_time_commitment_is_checked(nle):
    with pytest.raises(ValidationError) as raised:
        request_support(
            lead=nle, pattern=TimePattern.DAYS_PER_WEEK, days_per_week_min=Decimal("4"), days_per_week_max=Decimal("3")
        )
    assert set(messages_of(raised)) == {"days_per_week_max", "period_weeks"}


def test_unknown_arguments_and_floats_are_refused(nle):
    with pytest.raises(TypeError, match="hours_per_week"):
        request_support(lead=nle, hours_per_week=3)
    with pytest.raises(TypeError, match="float"):
        request_support(lead=nle, total_days=2.5)


# ---------------------------------------------------------------------------------------------------------------------
# deployment_move


MOVE_WORDS = {
    Status.REQUESTED: "requested again",
    Status.NEGOTIATING: "moved to negotiating",
    Status.AGREED: "marked agreed",
    Status.ACTIVE: "marked active",
    Status.COMPLETED: "marked completed",
    Status.CANCELLED: "cancelled",
}
MOVE_ON = datetime.date(2024, 8, 1)


@pytest.mark.parametrize(("from_status", "to_status"), list(itertools.product(Status, Status)))
def test_only_the_legal_moves_are_allowed(nle, from_status, to_status):
    deployment = deployment_in(from_status, lead=nle)
    assert deployment.status == from_status
    outcome = "improved" if to_status == Status.COMPLETED else ""
    if from_status == Status.ACTIVE and to_status == Status.CANCELLED:
        outcome = "withdrawn"
    if to_status in STATUS_MOVES[from_status]:
        if to_status == Status.AGREED:
            agreement(deployment)
            deployment.refresh_from_db()
            assert deployment.status == Status.AGREED  # the agreement record makes the move itself
            return
        moved = services.deployment_move(deployment=deployment, to_status=to_status, on=MOVE_ON, outcome=outcome)
        assert Deployment.objects.get(pk=deployment.pk).status == moved.status == to_status
    else:
        with pytest.raises(ValidationError) as raised:
            services.deployment_move(deployment=deployment, to_status=to_status, on=MOVE_ON, outcome=outcome)
        expected = (
            f"This deployment is already {from_status.label.lower()}"
            if from_status == to_status
            else f"A deployment that is {from_status.label.lower()} cannot be {MOVE_WORDS[to_status]}"
        )
        assert messages_of(raised) == {"status": [expected]}
        assert Deployment.objects.get(pk=deployment.pk).status == from_status


def test_the_readable_refusal_the_portal_shows(nle):
    deployment = deployment_in(Status.REQUESTED, lead=nle)
    with pytest.raises(ValidationError) as raised:
        services.deployment_move(deployment=deployment, to_status="completed", on=MOVE_ON, outcome="improved")
    assert raised.value.messages == ["A deployment that is requested cannot be marked completed"]


def test_agreed_needs_an_agreement_record(nle):
    deployment = services.deployment_move(
        deployment=deployment_in(Status.REQUESTED, lead=nle), to_status="negotiating", on=REQUESTED_ON
    )
    with pytest.raises(ValidationError) as raised:
        services.deployment_move(deployment=deployment, to_status="agreed", on=MOVE_ON)
    assert "Record the agreed terms first" in messages_of(raised)["status"][0]


def test_active_sets_the_start_and_completed_the_end(nle):
    deployment = deployment_in(Status.AGREED, lead=nle)
    deployment = services.deployment_move(deployment=deployment, to_status="active", on=datetime.date(2024, 2, 12))
    assert deployment.starts_on == datetime.date(2024, 2, 12)

    with pytest.raises(ValidationError) as raised:
        services.deployment_move(deployment=deployment, to_status="completed", on=datetime.date(2024, 7, 1))
    assert messages_of(raised) == {"outcome": ["Choose the outcome of the support"]}
    with pytest.raises(ValidationError) as raised:
        services.deployment_move(
            deployment=deployment, to_status="completed", on=datetime.date(2024, 2, 1), outcome="improved"
        )
    assert messages_of(raised) == {"ends_on": ["The support started on 12 February 2024: it cannot end before"]}
    with pytest.raises(ValidationError) as raised:
        services.deployment_move(
            deployment=deployment, to_status="completed", on=datetime.date(2024, 7, 1), outcome="not_started"
        )
    assert "is not an outcome of completed support" in messages_of(raised)["outcome"][0]

    deployment = services.deployment_move(
        deployment=deployment,
        to_status="completed",
        on=datetime.date(2024, 7, 19),
        outcome="partly_improved",
        outcome_notes=" Reading improved; maths still a concern. ",
    )
    deployment.refresh_from_db()
    assert (deployment.starts_on, deployment.ends_on) == (datetime.date(2024, 2, 12), datetime.date(2024, 7, 19))
    assert deployment.outcome == Deployment.Outcome.PARTLY_IMPROVED
    assert deployment.outcome_notes == "Reading improved; maths still a concern."


def test_a_move_is_not_dated_before_the_request(nle):
    deployment = deployment_in(Status.REQUESTED, lead=nle)
    with pytest.raises(ValidationError) as raised:
        services.deployment_move(deployment=deployment, to_status="negotiating", on=REQUESTED_ON.replace(day=1))
    assert "on or after 15 January 2024" in messages_of(raised)["status"][0]


def test_support_does_not_start_before_its_terms_were_agreed(nle):
    deployment = deployment_in(Status.AGREED, lead=nle)
    with pytest.raises(ValidationError) as raised:
        services.deployment_move(deployment=deployment, to_status="active", on=datetime.date(2024, 1, 31))
    assert messages_of(raised)["starts_on"] == ["The terms were agreed on 1 February 2024: it cannot start before"]


def test_support_does_not_start_once_the_leads_designation_has_ended(nle):
    deployment = deployment_in(Status.AGREED, lead=nle)
    nle.ended_on, nle.end_reason = datetime.date(2024, 3, 1), Designation.EndReason.STEPPED_DOWN
    nle.save()
    with pytest.raises(ValidationError) as raised:
        services.deployment_move(deployment=deployment, to_status="active", on=datetime.date(2024, 3, 4))
    assert "was not a current designation on 4 March 2024" in messages_of(raised)["starts_on"][0]


def test_cancelling_before_the_start_defaults_the_outcome(nle):
    deployment = services.deployment_move(
        deployment=deployment_in(Status.NEGOTIATING, lead=nle), to_status="cancelled", on=MOVE_ON
    )
    assert (deployment.outcome, deployment.ends_on) == (Deployment.Outcome.NOT_STARTED, None)

    another = deployment_in(Status.AGREED, lead=nle)
    with pytest.raises(ValidationError) as raised:
        services.deployment_move(deployment=another, to_status="cancelled", on=MOVE_ON, outcome="improved")
    assert "never started" in messages_of(raised)["outcome"][0]


def test_cancelling_active_support_needs_its_outcome_and_ends_it(nle):
    deployment = deployment_in(Status.ACTIVE, lead=nle)
    with pytest.raises(ValidationError) as raised:
        services.deployment_move(deployment=deployment, to_status="cancelled", on=MOVE_ON)
    assert messages_of(raised) == {"outcome": ["Choose the outcome of the support so far"]}
    with pytest.raises(ValidationError) as raised:
        services.deployment_move(deployment=deployment, to_status="cancelled", on=MOVE_ON, outcome="not_started")
    assert messages_of(raised) == {"outcome": ["The support started on 5 February 2024: choose another outcome"]}

    deployment = services.deployment_move(deployment=deployment, to_status="cancelled", on=MOVE_ON, outcome="withdrawn")
    assert (deployment.status, deployment.ends_on) == (Status.CANCELLED, MOVE_ON)


def test_cancelled_active_support_did_not_secure_improvement(nle):
    """The portal offered a cancelled placement only withdrawn, some improvement or no change, while the service took
    "Improvement secured" too: both ask deployments.models.move_outcomes now."""
    deployment = deployment_in(Status.ACTIVE, lead=nle)
    with pytest.raises(ValidationError) as raised:
        services.deployment_move(deployment=deployment, to_status="cancelled", on=MOVE_ON, outcome="improved")
    assert messages_of(raised) == {
        "outcome": [
            "“Improvement secured” is not an outcome of cancelled support: it was withdrawn, or improved things "
            "partly or not at all"
        ]
    }
    deployment.refresh_from_db()
    assert (deployment.status, deployment.outcome) == (Status.ACTIVE, "")


def test_the_outcomes_of_each_move():
    from deployments.models import ENDED_STATUSES, move_outcomes
    from deployments.models import DeploymentOutcome as Outcome

    assert set(ENDED_STATUSES) == {Status.COMPLETED, Status.CANCELLED}
    assert move_outcomes(Status.COMPLETED) == (Outcome.IMPROVED, Outcome.PARTLY_IMPROVED, Outcome.NO_CHANGE)
    assert move_outcomes(Status.CANCELLED, from_status=Status.AGREED) == (Outcome.NOT_STARTED, Outcome.WITHDRAWN)
    assert move_outcomes(Status.CANCELLED, from_status=Status.ACTIVE) == (
        Outcome.WITHDRAWN,
        Outcome.PARTLY_IMPROVED,
        Outcome.NO_CHANGE,
    )
    assert Outcome.IMPROVED not in move_outcomes(Status.CANCELLED)
    assert move_outcomes(Status.ACTIVE) == ()


def test_an_unknown_status_or_outcome_is_refused(nle):
    deployment = deployment_in(Status.REQUESTED, lead=nle)
    with pytest.raises(ValidationError, match="not a status"):
        services.deployment_move(deployment=deployment, to_status="paused", on=MOVE_ON)
    with pytest.raises(ValidationError, match="not an outcome"):
        services.deployment_move(deployment=deployment, to_status="cancelled", on=MOVE_ON, outcome="great")
    with pytest.raises(ValidationError, match="Only a completed or cancelled"):
        services.deployment_move(deployment=deployment, to_status="negotiating", on=MOVE_ON, outcome="improved")


# ---------------------------------------------------------------------------------------------------------------------
# negotiation_record_add


def propose(deployment, **values):
    values = {
        "kind": NegotiationRecord.Kind.PROPOSAL,
        "proposed_by": NegotiationRecord.Party.SYSTEM_LEADER,
        "recorded_on": datetime.date(2024, 1, 22),
        **values,
    }
    return services.negotiation_record_add(deployment=deployment, **values)


def test_the_negotiation_moves_the_deployment_on(nle):
    deployment = deployment_in(Status.REQUESTED, lead=nle)
    proposal, warnings = propose(deployment, days=Decimal("30"), day_rate_pence=50_000)
    assert warnings == []
    assert proposal.deployment.status == Status.NEGOTIATING
    assert proposal.total_cost_pence == 1_500_000

    counter, _ = propose(
        deployment,
        kind=NegotiationRecord.Kind.COUNTER_PROPOSAL,
        proposed_by=NegotiationRecord.Party.SUPPORTED_SCHOOL,
        recorded_on=datetime.date(2024, 1, 26),
        days=Decimal("24"),
        day_rate_pence=42_500,
    )
    assert counter.deployment.status == Status.NEGOTIATING

    agreed, _ = agreement(
        deployment,
        days="24",
        day_rate_pence=42_500,
        pattern=TimePattern.DAYS_PER_WEEK,
        days_per_week_min=Decimal("2"),
        period_weeks=12,
        face_to_face=True,
    )
    deployment.refresh_from_db()
    assert deployment.status == Status.AGREED
    assert services.deployment_agreed_terms(deployment) == agreed
    assert agreed.total_cost_pence == 1_020_000
    # The agreed time commitment is now the deployment's.
    assert (deployment.pattern, deployment.days_per_week_min, deployment.period_weeks) == ("days_per_week", 2, 12)
    assert deployment.total_days == Decimal("24")
    assert deployment.face_to_face
    assert list(deployment.negotiation_records.values_list("kind", flat=True)) == [
        "proposal",
        "counter_proposal",
        "agreement",
    ]


def test_the_agreed_terms_come_from_the_agreement_not_the_latest_record(nle):
    deployment = deployment_in(Status.NEGOTIATING, lead=nle)
    agreed, _ = agreement(deployment, days="20", day_rate_pence=45_000)
    later, warnings = propose(
        deployment, recorded_on=datetime.date(2024, 3, 1), days=Decimal("25"), day_rate_pence=48_000
    )
    assert warnings == ["This deployment already has agreed terms: this record does not change them"]
    assert services.deployment_agreed_terms(deployment) == agreed
    assert services.deployment_agreed_terms(deployment_in(Status.NEGOTIATING, lead=nle)) is None
    assert later.deployment.status == Status.AGREED


def test_an_agreement_straight_after_the_request(nle):
    deployment = deployment_in(Status.REQUESTED, lead=nle)
    record, _ = agreement(deployment)
    assert record.deployment.status == Status.AGREED


def test_one_agreement_per_deployment(nle):
    deployment = deployment_in(Status.AGREED, lead=nle)
    with pytest.raises(ValidationError) as raised:
        agreement(deployment, on=datetime.date(2024, 3, 1))
    assert messages_of(raised) == {"kind": ["This deployment already has agreed terms"]}


@pytest.mark.parametrize(
    ("status", "outcome", "ends_on"),
    [
        (Status.REQUESTED, Deployment.Outcome.NOT_STARTED, None),
        (Status.NEGOTIATING, Deployment.Outcome.NOT_STARTED, None),
        (Status.AGREED, Deployment.Outcome.NOT_STARTED, None),
        (Status.ACTIVE, Deployment.Outcome.WITHDRAWN, datetime.date(2024, 3, 8)),
    ],
)
def test_a_withdrawal_by_any_party_cancels(nle, status, outcome, ends_on):
    deployment = deployment_in(status, lead=nle)
    record, _ = propose(
        deployment,
        kind=NegotiationRecord.Kind.WITHDRAWAL,
        proposed_by=NegotiationRecord.Party.SUPPORTED_SCHOOL,
        recorded_on=datetime.date(2024, 3, 8),
        notes="The school joined a trust, which will support it.",
    )
    deployment.refresh_from_db()
    assert (deployment.status, deployment.outcome, deployment.ends_on) == (Status.CANCELLED, outcome, ends_on)
    assert deployment.outcome_notes == "The school joined a trust, which will support it."
    assert record.deployment.status == Status.CANCELLED


@pytest.mark.parametrize("status", [Status.COMPLETED, Status.CANCELLED])
def test_no_records_once_a_deployment_has_ended(nle, status):
    deployment = deployment_in(status, lead=nle)
    with pytest.raises(ValidationError) as raised:
        propose(deployment, recorded_on=datetime.date(2024, 8, 1))
    assert messages_of(raised)["kind"] == [
        f"This deployment is {status.label.lower()}: its negotiation record cannot change"
    ]


def test_a_record_is_not_dated_before_the_request(nle):
    with pytest.raises(ValidationError) as raised:
        propose(deployment_in(Status.REQUESTED, lead=nle), recorded_on=datetime.date(2024, 1, 2))
    assert "on or after 15 January 2024" in messages_of(raised)["recorded_on"][0]


def nlg_deployment():
    return request_support(lead=NLGDesignationFactory(), code="nlg-mentoring", requested_on=datetime.date(2022, 3, 1))


def test_an_nlgs_first_5_days_are_free():
    deployment = nlg_deployment()
    with pytest.raises(ValidationError) as raised:
        propose(deployment, recorded_on=datetime.date(2022, 3, 7), days=Decimal("8"), day_rate_pence=40_000)
    assert messages_of(raised)["free_days"] == ["An NLG's first 5 days of support are free: enter 5 free days or more"]
    with pytest.raises(ValidationError, match="An NLG's first 5 days of support are free: enter 3 free days"):
        propose(deployment, recorded_on=datetime.date(2022, 3, 7), days=Decimal("3"), free_days=Decimal("2"))

    record, warnings = propose(
        deployment,
        recorded_on=datetime.date(2022, 3, 7),
        days=Decimal("8"),
        free_days=Decimal("5"),
        day_rate_pence=40_000,
    )
    assert (record.total_cost_pence, warnings) == (120_000, [])
    all_free, _ = agreement(
        deployment,
        on=datetime.date(2022, 3, 14),
        days="4",
        free_days=Decimal("4"),
        day_rate_pence=None,
        payer="no_charge",
    )
    assert all_free.total_cost_pence == 0


def ppr_deployment(reviewer):
    return request_support(lead=reviewer, code="pupil-premium-review")


@pytest.mark.parametrize("days", ["1.5", "4.5", "10"])
def test_a_pupil_premium_review_takes_2_to_4_days(reviewer, days):
    with pytest.raises(ValidationError) as raised:
        propose(ppr_deployment(reviewer), days=Decimal(days), day_rate_pence=45_000)
    assert messages_of(raised)["days"] == [
        "A pupil premium review takes 2 to 4 days, including a day of self-evaluation by the school "
        "and a half-day follow-up visit"
    ]


@pytest.mark.parametrize("days", ["2", "3.5", "4"])
def test_a_pupil_premium_review_of_2_to_4_days_is_fine(reviewer, days):
    record, _ = propose(ppr_deployment(reviewer), days=Decimal(days), day_rate_pence=45_000)
    assert record.total_days == Decimal(days)


@pytest.mark.parametrize(
    ("rate", "warning"),
    [
        (65_000, "A day rate of £650 is outside the typical £300 to £500 for a system leader"),
        (29_950, "A day rate of £299.50 is outside the typical £300 to £500 for a system leader"),
        (30_000, None),
        (50_000, None),
    ],
)
def test_a_day_rate_outside_300_to_500_is_flagged_not_refused(nle, rate, warning):
    record, warnings = propose(deployment_in(Status.REQUESTED, lead=nle), days=Decimal("10"), day_rate_pence=rate)
    assert record.pk is not None
    assert warnings == ([warning] if warning else [])


def test_the_total_is_worked_out_in_whole_pence_with_decimals(nle):
    record, _ = propose(deployment_in(Status.REQUESTED, lead=nle), days=Decimal("2.5"), day_rate_pence=33_333)
    assert record.total_cost_pence == 83_333  # 83,332.5 pence rounds half up
    assert isinstance(record.total_cost_pence, int)
    record.refresh_from_db()
    assert record.total_cost_pence == 83_333


def test_a_total_that_does_not_add_up_is_flagged(nle):
    record, warnings = propose(
        deployment_in(Status.REQUESTED, lead=nle), days=Decimal("10"), day_rate_pence=45_000, total_cost_pence=400_000
    )
    assert record.total_cost_pence == 400_000
    assert warnings == ["The total cost of £4,000 is not 10 charged days at £450 a day (£4,500)"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"total_cost_pence": -100}, "total_cost_pence"),
        ({"day_rate_pence": -45_000}, "day_rate_pence"),
        ({"day_rate_pence": 0}, "day_rate_pence"),
        ({"days": Decimal("-2")}, "days"),
        ({"days": Decimal("2"), "free_days": Decimal("3")}, "free_days"),
        ({"free_days": Decimal("-1")}, "free_days"),
        ({"days_per_week_min": Decimal("3"), "days_per_week_max": Decimal("2")}, "days_per_week_max"),
        ({"total_cost_pence": 1000, "payer": "no_charge"}, "payer"),
        ({"day_rate_pence": Decimal("450.5")}, "day_rate_pence"),
    ],
    ids=str,
)
def test_nonsense_is_refused(nle, values, field):
    deployment = deployment_in(Status.REQUESTED, lead=nle)
    with pytest.raises(ValidationError) as raised:
        propose(deployment, **values)
    assert field in messages_of(raised)
    assert not deployment.negotiation_records.exists()
    assert Deployment.objects.get(pk=deployment.pk).status == Status.REQUESTED


def test_money_as_float_is_refused(nle):
    with pytest.raises(TypeError, match="float"):
        propose(deployment_in(Status.REQUESTED, lead=nle), days=Decimal("2"), day_rate_pence=450.0)


def test_an_agreement_needs_its_terms(nle):
    with pytest.raises(ValidationError) as raised:
        agreement(deployment_in(Status.NEGOTIATING, lead=nle), days="10", day_rate_pence=None, payer="")
    assert set(messages_of(raised)) == {"total_cost_pence", "payer"}


# ---------------------------------------------------------------------------------------------------------------------
# review_stage_record


def test_review_stages_are_recorded_once_and_follow_ups_repeat(reviewer):
    deployment = ppr_deployment(reviewer)
    Stage = PupilPremiumReviewStage.Stage
    discussion = services.review_stage_record(
        deployment=deployment, stage=Stage.INITIAL_DISCUSSION, scheduled_on=datetime.date(2024, 1, 29)
    )
    again = services.review_stage_record(
        deployment=deployment, stage=Stage.INITIAL_DISCUSSION, completed_on=datetime.date(2024, 1, 30), days="0.5"
    )
    assert again.pk == discussion.pk
    assert (again.scheduled_on, again.completed_on, again.days) == (
        datetime.date(2024, 1, 29),
        datetime.date(2024, 1, 30),
        Decimal("0.5"),
    )
    first = services.review_stage_record(
        deployment=deployment, stage=Stage.FOLLOW_UP, scheduled_on=datetime.date(2024, 6, 3)
    )
    done = services.review_stage_record(
        deployment=deployment,
        stage=Stage.FOLLOW_UP,
        scheduled_on=datetime.date(2024, 6, 3),
        completed_on=datetime.date(2024, 6, 3),
    )
    later = services.review_stage_record(
        deployment=deployment, stage=Stage.FOLLOW_UP, scheduled_on=datetime.date(2024, 11, 4)
    )
    assert first.pk == done.pk != later.pk
    assert deployment.review_stages.count() == 3


def test_a_review_includes_a_self_evaluation_day_and_a_half_day_follow_up(reviewer):
    """ "This includes a day spent by your school undertaking self-evaluation, and a half-day follow-up visit"."""
    deployment = ppr_deployment(reviewer)
    Stage = PupilPremiumReviewStage.Stage
    with pytest.raises(ValidationError) as raised:
        services.review_stage_record(deployment=deployment, stage=Stage.SELF_EVALUATION, days="2")
    assert messages_of(raised)["days"] == [
        "A pupil premium review includes a day spent by the school undertaking self-evaluation: enter 1"
    ]
    with pytest.raises(ValidationError) as raised:
        services.review_stage_record(
            deployment=deployment, stage=Stage.FOLLOW_UP, scheduled_on=datetime.date(2024, 6, 3), days="1"
        )
    assert messages_of(raised)["days"] == ["A pupil premium review's follow-up visit is a half-day: enter 0.5"]
    assert not deployment.review_stages.exists()

    services.review_stage_record(deployment=deployment, stage=Stage.SELF_EVALUATION, days="1")
    services.review_stage_record(
        deployment=deployment, stage=Stage.FOLLOW_UP, scheduled_on=datetime.date(2024, 6, 3), days="0.5"
    )
    # A later follow-up visit is beyond the review's days ("the value of further follow-up visits later in the year").
    services.review_stage_record(
        deployment=deployment, stage=Stage.FOLLOW_UP, scheduled_on=datetime.date(2024, 11, 4), days="0.5"
    )
    services.review_stage_record(deployment=deployment, stage=Stage.REVIEW, days="2.5")
    assert deployment.review_stages.count() == 4


def test_the_stages_fit_in_the_reviews_days(reviewer):
    deployment = request_support(lead=reviewer, code="pupil-premium-review", total_days=Decimal("3"))
    Stage = PupilPremiumReviewStage.Stage
    services.review_stage_record(deployment=deployment, stage=Stage.SELF_EVALUATION, days="1")
    services.review_stage_record(
        deployment=deployment, stage=Stage.FOLLOW_UP, scheduled_on=datetime.date(2024, 6, 3), days="0.5"
    )
    with pytest.raises(ValidationError) as raised:
        services.review_stage_record(deployment=deployment, stage=Stage.REVIEW, days="2")
    assert messages_of(raised)["days"] == [
        "The review's stages would take 3.5 days, more than the review's 3: a pupil premium review takes 2 to 4 days, "
        "including a day of self-evaluation by the school and a half-day follow-up visit"
    ]
    assert services.review_stage_record(deployment=deployment, stage=Stage.REVIEW, days="1.5").pk


def test_review_stages_only_for_a_pupil_premium_review(nle, reviewer):
    with pytest.raises(ValidationError) as raised:
        services.review_stage_record(deployment=deployment_in(Status.REQUESTED, lead=nle), stage="review")
    assert messages_of(raised) == {"stage": ["Only a pupil premium review has review stages"]}

    with pytest.raises(ValidationError) as raised:
        services.review_stage_record(
            deployment=ppr_deployment(reviewer), stage="review", scheduled_on=datetime.date(2024, 1, 1)
        )
    assert "on or after 15 January 2024" in messages_of(raised)["scheduled_on"][0]


def test_the_history_records_each_write(nle):
    from audit.models import ChangeRecord

    deployment = deployment_in(Status.ACTIVE, lead=nle)
    changes = ChangeRecord.objects.for_object(deployment).order_by("pk")
    statuses = [record.changes["status"] for record in changes if "status" in record.changes]
    assert statuses == [
        [None, "requested"],
        ["requested", "negotiating"],
        ["negotiating", "agreed"],
        ["agreed", "active"],
    ]
    assert ChangeRecord.objects.filter(content_type__model="negotiationrecord").count() == 2
    assert ChangeRecord.objects.filter(content_type__model="deploymentleader").count() == 1
