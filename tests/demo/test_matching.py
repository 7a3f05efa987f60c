"""The demo matching data made by load_demo_data: deterministic, valid, and replaced or kept as the command says."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.terms import term_containing
from demo import matching as demo
from matching.enquiries import enquiry_routes
from matching.models import DeliveryStatus, Enquiry, EnquiryRecipient
from roles.models import Capacity, Designation, Role
from schools.models import SupportFlag
from tests.demo.test_deployments import schools  # noqa: F401  (fixture)

pytestmark = pytest.mark.django_db


def load(*args) -> str:
    out = StringIO()
    call_command("load_demo_data", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict:
    return {
        "capacities": sorted(
            Capacity.objects.values_list("leader__first_name", "leader__last_name", "term_starts_on", "days_free")
        ),
        "flags": sorted(SupportFlag.objects.values_list("school__urn", "reason", "flagged_on")),
        "enquiries": sorted(
            EnquiryRecipient.objects.values_list(
                "enquiry__reference",
                "enquiry__school__urn",
                "enquiry__need",
                "leader__last_name",
                "teaching_school__urn",
            )
        ),
    }


def test_the_demo_matching_data_is_valid_and_deterministic(schools):  # noqa: F811
    load()
    this_term = term_containing(timezone.localdate())
    capacities = list(Capacity.objects.select_related("leader"))
    assert capacities and all(capacity.leader.is_demo for capacity in capacities)
    assert Capacity.objects.this_term().filter(days_free=0).exists()
    assert Capacity.objects.this_term().filter(days_free__gt=0).exists()
    assert {capacity.term_starts_on for capacity in capacities} <= {this_term.starts_on, this_term.next().starts_on}
    flags = list(SupportFlag.objects.raised())
    assert flags and all(flag.reason.startswith(demo.DEMO_FLAG_REASON_PREFIX) for flag in flags)
    enquiries = list(Enquiry.objects.all())
    recipients = list(EnquiryRecipient.objects.all())
    assert len(recipients) == len(enquiries) > 0
    assert all(r.delivery_status in (DeliveryStatus.SENT, DeliveryStatus.NO_ADDRESS) for r in recipients)
    assert any(r.delivery_status == DeliveryStatus.SENT for r in recipients)
    # Every enquiry to an SLE or LLE was received by the teaching school that designates them.
    assert all(r.teaching_school_id for r in recipients if r.leader_id is None)
    for row in [*capacities, *flags, *enquiries, *recipients]:
        row.full_clean()
    first = snapshot()

    out = load()
    assert "nothing changed" in out and snapshot() == first
    load("--replace")
    assert snapshot() == first


def test_matching_rows_are_added_to_demo_data_loaded_before_them(schools):  # noqa: F811
    load()
    first = snapshot()
    demo.demo_matching_delete()
    assert not demo.demo_matching_present()
    assert "Added the demo matching data" in load()
    assert snapshot() == first


def test_replace_deletes_enquiries_to_demo_leaders_first(schools):  # noqa: F811
    load()
    leader = Capacity.objects.first().leader
    made = Enquiry.objects.create(
        reference="ENQ-REALONE2",
        school=SupportFlag.objects.first().school,
        need="leadership",
        contact_name="A visitor",
        contact_email="visitor@school.example",
        message="Hello",
    )
    EnquiryRecipient.objects.create(enquiry=made, leader=leader, name=leader.full_name)
    load("--replace")
    assert not Enquiry.objects.filter(reference="ENQ-REALONE2").exists()


def test_enquiries_to_demo_teaching_schools_and_their_leaders_reach_fictional_staff(schools):  # noqa: F811
    """Issue 11, item 3: every demo teaching school has portal users, so an enquiry to it or to one of its SLEs or
    LLEs reaches someone, and only ever a reserved example address."""
    load()
    today = timezone.localdate()
    current = Designation.objects.demo().current(today)
    teaching_schools = [d.school for d in current.of_role(Role.Code.TEACHING_SCHOOL).select_related("school")]
    designated = [d.leader for d in current.of_role(Role.Code.SLE, Role.Code.LLE).exclude(teaching_school=None)]
    others = [d.leader for d in current.of_role(Role.Code.NLE, Role.Code.PUPIL_PREMIUM_REVIEWER)]
    assert teaching_schools and designated and others
    routes = enquiry_routes(leaders=[*designated, *others], schools=teaching_schools, today=today)
    for school in teaching_schools:
        assert routes["school", school.urn].can_receive
    for leader in designated:
        route = routes["leader", leader.pk]
        assert route.teaching_school is not None and route.can_receive
    for route in routes.values():
        assert all(re.fullmatch(r"[a-z0-9.]+@example\.(org|com|net)", email) for email in route.emails), route
    # The demo enquiries made through a teaching school were all received.
    through_schools = EnquiryRecipient.objects.exclude(teaching_school=None)
    assert through_schools and all(r.delivery_status == DeliveryStatus.SENT for r in through_schools)
