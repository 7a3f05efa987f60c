"""matching.services: capacity, improvement-offer flags, requeueing an enquiry, and DfE matching a school with an
NLE. Every refusal leaves the database as it was."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from audit.context import acting_as
from audit.models import ChangeRecord
from core.page_cache import data_version
from deployments.models import Deployment, DeploymentLeader, NegotiationRecord
from deployments.services import deployment_move
from matching import services
from matching.models import DeliveryStatus, Enquiry
from roles import services as roles_services
from roles.models import Capacity
from schools import services as school_services
from schools.models import School, SupportFlag
from tests.deployments.factories import kind
from tests.factories import DesignationFactory, SchoolFactory, SLEDesignationFactory, SystemLeaderFactory
from tests.matching.factories import make_enquiry
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=False)

NO_TRUST = "No trust with capacity in the area has a record of improving schools like this one."

TODAY = datetime.date(2025, 11, 20)
AUTUMN = datetime.date(2025, 9, 1)
SPRING = datetime.date(2026, 1, 1)


def state() -> dict:
    return {
        "capacities": list(Capacity.objects.order_by("pk").values()),
        "flags": list(SupportFlag.objects.order_by("pk").values()),
        "deployments": list(Deployment.objects.order_by("pk").values()),
        "leaders": list(DeploymentLeader.objects.order_by("pk").values()),
        "records": list(NegotiationRecord.objects.order_by("pk").values()),
        "enquiries": list(Enquiry.objects.order_by("pk").values()),
        "history": ChangeRecord.objects.count(),
    }


def refused(call, key: str, words: str):
    before = state()
    with pytest.raises(ValidationError) as error:
        call()
    assert words in " ".join(error.value.message_dict[key]), error.value.message_dict
    assert state() == before
    return error.value


@pytest.fixture
def curator_user(db):
    return UserFactory(username="curator@education.gov.uk")


@pytest.fixture
def leader(db):
    return SystemLeaderFactory(first_name="Amara", last_name="Khan")


@pytest.fixture
def nle(db):
    return DesignationFactory(leader__first_name="Nia", leader__last_name="Lewis")


@pytest.fixture
def ri_school(db):
    return SchoolFactory(name="Harbour Primary School", ofsted_rating=School.OfstedRating.REQUIRES_IMPROVEMENT)


# ---------------------------------------------------------------------------------------------------------------------
# Capacity


def test_capacity_is_recorded_then_changed_with_history(leader, curator_user):
    with acting_as(curator_user, source="portal"):
        capacity = roles_services.capacity_record(
            leader=leader, term_starts_on=AUTUMN, days_free="4.5", recorded_by=curator_user
        )
        assert (capacity.days_free, capacity.term_starts_on, capacity.recorded_by) == (
            Decimal("4.5"),
            AUTUMN,
            curator_user,
        )
        again = roles_services.capacity_record(
            leader=leader, term_starts_on=AUTUMN, days_free=0, recorded_by=curator_user
        )
    assert again.pk == capacity.pk and Capacity.objects.get().days_free == Decimal("0")
    actions = list(ChangeRecord.objects.for_object(capacity).order_by("pk").values_list("action", "source", "user"))
    assert actions == [("created", "portal", curator_user.pk), ("changed", "portal", curator_user.pk)]


def test_recording_the_same_days_again_writes_nothing(leader):
    roles_services.capacity_record(leader=leader, term_starts_on=AUTUMN, days_free=3)
    before = state()
    roles_services.capacity_record(leader=leader, term_starts_on=AUTUMN, days_free=Decimal("3.0"))
    assert state() == before


def test_a_leader_has_one_capacity_per_term(leader):
    roles_services.capacity_record(leader=leader, term_starts_on=AUTUMN, days_free=3)
    roles_services.capacity_record(leader=leader, term_starts_on=SPRING, days_free=5)
    assert dict(Capacity.objects.values_list("term_starts_on", "days_free")) == {AUTUMN: 3, SPRING: 5}
    assert list(Capacity.objects.this_term(TODAY).values_list("days_free", flat=True)) == [3]


@pytest.mark.parametrize("days_free", [-1, "-0.5", 66, "65.1", "", None, "four", "NaN", "Infinity", 2.5, True])
def test_days_free_out_of_range_or_not_a_number_is_refused(leader, days_free):
    message = "Enter the days free as a number from 0 to 65"
    refused(
        lambda: roles_services.capacity_record(leader=leader, term_starts_on=AUTUMN, days_free=days_free),
        "days_free",
        message,
    )


def test_days_free_beyond_a_tenth_is_refused(leader):
    refused(
        lambda: roles_services.capacity_record(leader=leader, term_starts_on=AUTUMN, days_free="2.25"),
        "days_free",
        "to a tenth of a day at most",
    )


@pytest.mark.parametrize("days_free", [0, "0", 65, "65.0", "0.5"])
def test_days_free_at_the_limits_are_kept(leader, days_free):
    assert roles_services.capacity_record(
        leader=leader, term_starts_on=AUTUMN, days_free=days_free
    ).days_free == Decimal(str(days_free))


@pytest.mark.parametrize("term", [datetime.date(2025, 9, 2), datetime.date(2025, 2, 1), "2025-09-01", None])
def test_a_term_that_is_not_a_term_start_is_refused(leader, term):
    refused(
        lambda: roles_services.capacity_record(leader=leader, term_starts_on=term, days_free=3),
        "term_starts_on",
        "terms start on 1 September, 1 January and 1 April",
    )


def test_saving_a_capacity_refreshes_the_public_pages(leader, django_capture_on_commit_callbacks):
    before = data_version()
    with django_capture_on_commit_callbacks(execute=True):
        capacity = roles_services.capacity_record(leader=leader, term_starts_on=AUTUMN, days_free=3)
    after_save = data_version()
    assert after_save != before
    with django_capture_on_commit_callbacks(execute=True):
        capacity.delete()
    assert data_version() != after_save


# ---------------------------------------------------------------------------------------------------------------------
# Improvement-offer flags


def test_a_flag_is_raised_and_cleared_with_history(curator_user):
    school = SchoolFactory()
    with acting_as(curator_user, source="admin"):
        flag = school_services.support_flag_raise(
            school=school, reason="  Falling results, new head  ", flagged_by=curator_user, flagged_on=TODAY
        )
        assert (flag.reason, flag.flagged_on, flag.flagged_by, flag.cleared_on) == (
            "Falling results, new head",
            TODAY,
            curator_user,
            None,
        )
        cleared = school_services.support_flag_clear(flag=flag, cleared_on=TODAY + datetime.timedelta(days=30))
    assert cleared.cleared_on == TODAY + datetime.timedelta(days=30)
    assert not SupportFlag.objects.raised().exists()
    actions = list(ChangeRecord.objects.for_object(flag).order_by("pk").values_list("action", "source"))
    assert actions == [("created", "admin"), ("changed", "admin")]
    # Cleared, the school may be flagged again.
    assert school_services.support_flag_raise(school=school, reason="Again", flagged_on=TODAY).pk != flag.pk


@pytest.mark.parametrize("reason", ["", "   ", None])
def test_a_flag_needs_a_reason(reason):
    school = SchoolFactory()
    refused(lambda: school_services.support_flag_raise(school=school, reason=reason), "reason", "Enter why the school")


def test_a_school_is_flagged_once_at_a_time():
    school = SchoolFactory(name="Harbour Primary School")
    school_services.support_flag_raise(school=school, reason="Falling results", flagged_on=datetime.date(2025, 10, 1))
    refused(
        lambda: school_services.support_flag_raise(school=school, reason="Again"),
        "school",
        "Harbour Primary School was already flagged on 1 October 2025: clear that flag first",
    )


def test_a_closed_school_cannot_be_flagged():
    school = SchoolFactory(name="Old School", later_status=School.LaterStatus.CLOSED)
    refused(lambda: school_services.support_flag_raise(school=school, reason="Why"), "school", "Old School has closed")


def test_clearing_twice_is_refused():
    flag = school_services.support_flag_raise(school=SchoolFactory(), reason="Why", flagged_on=TODAY)
    school_services.support_flag_clear(flag=flag, cleared_on=TODAY)
    refused(
        lambda: school_services.support_flag_clear(flag=flag, cleared_on=TODAY),
        "cleared_on",
        "This flag was already cleared on 20 November 2025",
    )


def test_a_flag_cannot_be_cleared_before_it_was_raised():
    flag = school_services.support_flag_raise(school=SchoolFactory(), reason="Why", flagged_on=TODAY)
    refused(
        lambda: school_services.support_flag_clear(flag=flag, cleared_on=TODAY - datetime.timedelta(days=1)),
        "cleared_on",
        "The school was flagged on 20 November 2025",
    )


# ---------------------------------------------------------------------------------------------------------------------
# Matching a school with an NLE


def test_nle_match_by_hand(nle, ri_school, curator_user):
    with acting_as(curator_user, source="admin"):
        deployment = services.nle_match(
            no_trust_match_reason=NO_TRUST,
            school=ri_school,
            designation=nle,
            kind=kind("nle-alone"),
            recorded_by=curator_user,
            today=TODAY,
        )
    deployment.refresh_from_db()
    assert deployment.status == Deployment.Status.NEGOTIATING
    assert (deployment.kind.code, deployment.supported_school, deployment.requested_on, deployment.created_by) == (
        "nle-alone",
        ri_school,
        TODAY,
        curator_user,
    )
    assert list(deployment.leaders.values_list("designation", "is_lead")) == [(nle.pk, True)]
    (record,) = deployment.negotiation_records.all()
    assert (record.kind, record.proposed_by, record.recorded_on, record.recorded_by) == (
        NegotiationRecord.Kind.PROPOSAL,
        NegotiationRecord.Party.DFE,
        TODAY,
        curator_user,
    )
    assert "improvement offer" in record.notes
    assert (record.days, record.day_rate_pence, record.total_cost_pence, record.payer) == (None, None, None, "")
    # The history: the deployment (created, then moved to negotiating), its lead and DfE's proposal, by the curator.
    deployment_history = ChangeRecord.objects.for_object(deployment).order_by("pk")
    assert [(r.action, r.source, r.user_id) for r in deployment_history] == [
        ("created", "admin", curator_user.pk),
        ("changed", "admin", curator_user.pk),
    ]
    assert deployment_history.last().changes["status"] == ["requested", "negotiating"]
    assert ChangeRecord.objects.for_object(record).get().action == "created"
    assert ChangeRecord.objects.for_object(deployment.leaders.get()).get().action == "created"


@pytest.mark.parametrize("reason", ["", "   "])
def test_nle_match_needs_why_no_trust_can_support_the_school(nle, ri_school, reason):
    """DfE matches schools with NLEs if the school "cannot be matched with an appropriate high-quality trust"."""
    refused(
        lambda: services.nle_match(no_trust_match_reason=reason, school=ri_school, designation=nle, today=TODAY),
        "no_trust_match_reason",
        "DfE matches a school with an NLE only if it cannot be matched with an appropriate high-quality trust: "
        "enter why a trust match is not possible",
    )
    deployment = services.nle_match(
        no_trust_match_reason=f"  {NO_TRUST} ", school=ri_school, designation=nle, today=TODAY
    )
    assert deployment.no_trust_match_reason == NO_TRUST


def test_nle_match_defaults_to_the_nle_working_alongside_the_schools_staff(nle, ri_school):
    deployment = services.nle_match(no_trust_match_reason=NO_TRUST, school=ri_school, designation=nle, today=TODAY)
    assert deployment.kind.code == services.DEFAULT_NLE_KIND


def test_a_flagged_school_rated_good_can_be_matched(nle):
    school = SchoolFactory(ofsted_rating=School.OfstedRating.GOOD)
    school_services.support_flag_raise(school=school, reason="Falling results", flagged_on=TODAY)
    assert (
        services.nle_match(no_trust_match_reason=NO_TRUST, school=school, designation=nle, today=TODAY).supported_school
        == school
    )


def test_a_school_not_eligible_is_refused(nle):
    school = SchoolFactory(name="Good School", ofsted_rating=School.OfstedRating.GOOD)
    refused(
        lambda: services.nle_match(no_trust_match_reason=NO_TRUST, school=school, designation=nle, today=TODAY),
        "school",
        "Good School is not eligible for the improvement offer",
    )


def test_a_school_whose_flag_was_cleared_is_no_longer_eligible(nle):
    school = SchoolFactory(ofsted_rating=School.OfstedRating.OUTSTANDING)
    flag = school_services.support_flag_raise(school=school, reason="Why", flagged_on=TODAY)
    school_services.support_flag_clear(flag=flag, cleared_on=TODAY)
    refused(
        lambda: services.nle_match(no_trust_match_reason=NO_TRUST, school=school, designation=nle, today=TODAY),
        "school",
        "not eligible",
    )


def test_a_closed_school_is_not_eligible(nle):
    school = SchoolFactory(ofsted_rating=School.OfstedRating.INADEQUATE, later_status=School.LaterStatus.CLOSED)
    refused(
        lambda: services.nle_match(no_trust_match_reason=NO_TRUST, school=school, designation=nle, today=TODAY),
        "school",
        "not eligible",
    )


def test_a_school_with_open_nle_support_is_refused(nle, ri_school):
    services.nle_match(no_trust_match_reason=NO_TRUST, school=ri_school, designation=nle, today=TODAY)
    other = DesignationFactory()
    refused(
        lambda: services.nle_match(no_trust_match_reason=NO_TRUST, school=ri_school, designation=other, today=TODAY),
        "school",
        "Harbour Primary School already has NLE support that is negotiating (requested on 20 November 2025)",
    )


def test_a_school_whose_nle_support_ended_can_be_matched_again(nle, ri_school):
    first = services.nle_match(no_trust_match_reason=NO_TRUST, school=ri_school, designation=nle, today=TODAY)
    deployment_move(deployment=first, to_status=Deployment.Status.CANCELLED, on=TODAY)
    second = services.nle_match(
        no_trust_match_reason=NO_TRUST, school=ri_school, designation=DesignationFactory(), today=TODAY
    )
    assert second.pk != first.pk and second.status == Deployment.Status.NEGOTIATING


def test_open_support_from_another_role_does_not_stop_a_match(nle, ri_school):
    from deployments.services import deployment_request

    deployment_request(
        kind=kind("sle-coaching"), lead=SLEDesignationFactory(), supported_school=ri_school, requested_on=TODAY
    )
    assert (
        services.nle_match(no_trust_match_reason=NO_TRUST, school=ri_school, designation=nle, today=TODAY).status
        == Deployment.Status.NEGOTIATING
    )


def test_a_designation_that_is_not_an_nle_is_refused(ri_school):
    sle = SLEDesignationFactory(leader__first_name="Ben", leader__last_name="Osei")
    refused(
        lambda: services.nle_match(no_trust_match_reason=NO_TRUST, school=ri_school, designation=sle, today=TODAY),
        "designation",
        "SLE: Ben Osei is not a current national leader of education",
    )


@pytest.mark.parametrize(
    "dates",
    [
        {"ended_on": datetime.date(2025, 8, 31), "end_reason": "stepped_down"},
        {"designated_on": datetime.date(2026, 1, 1)},
        {"paused_on": datetime.date(2025, 10, 1), "pause_reason": "On leave"},
    ],
    ids=["ended", "starts later", "paused"],
)
def test_an_nle_not_current_today_is_refused(ri_school, dates):
    nle = DesignationFactory(**dates)
    refused(
        lambda: services.nle_match(no_trust_match_reason=NO_TRUST, school=ri_school, designation=nle, today=TODAY),
        "designation",
        "not a current",
    )


def test_an_nle_whose_review_is_due_may_be_matched(ri_school):
    nle = DesignationFactory(review_due=datetime.date(2025, 10, 1))
    assert (
        services.nle_match(no_trust_match_reason=NO_TRUST, school=ri_school, designation=nle, today=TODAY).status
        == Deployment.Status.NEGOTIATING
    )


def test_a_kind_that_is_not_nle_support_is_refused(nle, ri_school):
    refused(
        lambda: services.nle_match(
            no_trust_match_reason=NO_TRUST, school=ri_school, designation=nle, kind=kind("sle-coaching"), today=TODAY
        ),
        "kind",
        "is not support from an NLE",
    )


def test_an_nle_cannot_be_matched_with_their_own_school(ri_school):
    nle = DesignationFactory(leader__school=ri_school)
    refused(
        lambda: services.nle_match(no_trust_match_reason=NO_TRUST, school=ri_school, designation=nle, today=TODAY),
        "supported_school",
        "A system leader supports another school, not their own",
    )


# ---------------------------------------------------------------------------------------------------------------------
# Enquiries


def enquiry(status: str, **values):
    return make_enquiry(
        f"ENQ-{status[:8].upper()}",
        status=status,
        recipient={"delivery_attempts": 5 if status == DeliveryStatus.FAILED else 1, **values},
    )


@pytest.mark.parametrize("status", [DeliveryStatus.FAILED, DeliveryStatus.NO_ADDRESS, DeliveryStatus.QUEUED])
def test_an_enquiry_not_sent_is_queued_again_keeping_its_attempts(status):
    item = enquiry(status)
    requeued = services.enquiry_requeue(recipient=item)
    assert (requeued.delivery_status, requeued.delivery_attempts) == (DeliveryStatus.QUEUED, item.delivery_attempts)


def test_a_sent_enquiry_is_not_queued_again():
    from django.utils import timezone

    item = enquiry(DeliveryStatus.SENT, sent_at=timezone.now())
    refused(lambda: services.enquiry_requeue(recipient=item), "enquiry", "was already sent")
