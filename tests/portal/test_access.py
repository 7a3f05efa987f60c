"""Who may use the portal, and that a teaching school sees and changes nothing of another, however the URL or the
form is altered. Teaching school A's user is signed in; B's SLEs and placements must stay out of reach."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from deployments.models import Deployment, DeploymentKind, NegotiationRecord
from roles.models import Designation, Role
from tests.factories import DesignationFactory, SchoolFactory, SLEDesignationFactory, role
from tests.portal.conftest import database_state, specialism
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()

END_ON_NEW_YEAR_2025 = {"ended_on_day": "1", "ended_on_month": "1", "ended_on_year": "2025"}
# Every page about one SLE or placement, with a POST that would change it if it were allowed.
OBJECT_PAGES = [
    ("portal:sle_detail", "sle", {}),
    ("portal:sle_detail", "lle", {}),
    (
        "portal:sle_end",
        "sle",
        {"ended_on_day": "1", "ended_on_month": "1", "ended_on_year": "2025", "reason": "stepped_down"},
    ),
    (
        "portal:sle_end",
        "lle",
        {"ended_on_day": "1", "ended_on_month": "1", "ended_on_year": "2025", "reason": "lapsed"},
    ),
    ("portal:sle_specialisms", "sle", {"specialisms": "SCIENCE"}),
    ("portal:placement_detail", "placement", {}),
    ("portal:placement_detail", "agreed", {}),
    (
        "portal:negotiation_create",
        "placement",
        {
            "kind": "proposal",
            "proposed_by": "teaching_school",
            "recorded_on_day": "20",
            "recorded_on_month": "1",
            "recorded_on_year": "2024",
            "day_rate_pence": "350",
            "days": "4",
            "free_days": "0",
        },
    ),
    (
        "portal:placement_status",
        "placement",
        {"to_status": "cancelled", "on_day": "1", "on_month": "2", "on_year": "2024", "cancelled_outcome": "withdrawn"},
    ),
    ("portal:placement_status", "agreed", {"to_status": "active", "on_day": "1", "on_month": "2", "on_year": "2024"}),
]
# Pages about no one object: lists and the forms that create.
SCHOOL_PAGES = [
    "portal:dashboard",
    "portal:sle_list",
    "portal:sle_create",
    "portal:lle_create",
    "portal:placement_list",
    "portal:placement_create",
]


def post_data(data: dict) -> dict:
    return {key: (str(specialism("science").pk) if value == "SCIENCE" else value) for key, value in data.items()}


def school_state(world) -> dict:
    """One teaching school's designations, their specialisms, its placements and their negotiation records."""
    designations = Designation.objects.filter(teaching_school=world.school)
    placements = Deployment.objects.filter(leaders__designation__in=designations)
    return {
        "designations": list(designations.order_by("pk").values()),
        "specialisms": list(
            Designation.specialisms.through.objects.filter(designation__in=designations).order_by("pk").values()
        ),
        "placements": list(placements.order_by("pk").values()),
        "negotiation_records": list(
            NegotiationRecord.objects.filter(deployment__in=placements).order_by("pk").values()
        ),
    }


def every_url(world) -> list[str]:
    return [reverse(name) for name in SCHOOL_PAGES] + [
        reverse(name, args=[getattr(world, attribute).pk]) for name, attribute, _ in OBJECT_PAGES
    ]


@pytest.mark.parametrize(("name", "attribute", "data"), OBJECT_PAGES)
def test_another_teaching_schools_pages_are_not_found(client_a, a, b, name, attribute, data):
    url = reverse(name, args=[getattr(b, attribute).pk])
    before = database_state()

    assert client_a.get(url).status_code == 404
    assert client_a.post(url, post_data(data)).status_code == 404

    assert database_state() == before


@pytest.mark.parametrize(("name", "attribute", "data"), [page for page in OBJECT_PAGES if page[2]])
def test_the_same_actions_work_on_the_schools_own_records(client_a, a, b, name, attribute, data):
    """The 404s above are about whose records they are, not about the data posted."""
    url = reverse(name, args=[getattr(a, attribute).pk])
    a_before, b_before = school_state(a), school_state(b)

    response = client_a.post(url, post_data(data))

    assert response.status_code == 302, response.context["form"].errors
    assert school_state(a) != a_before
    assert school_state(b) == b_before


def test_ids_that_do_not_exist_are_not_found(client_a):
    for name, _, _ in OBJECT_PAGES:
        assert client_a.get(reverse(name, args=[999_999])).status_code == 404


def test_anonymous_people_are_sent_to_sign_in(a, b):
    client = Client()
    before = database_state()
    for url in every_url(a):
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code == 302, url
            assert response["Location"].startswith("/portal/sign-in/?next="), url
    assert database_state() == before


@pytest.mark.parametrize(
    "user_kind",
    ["staff_user_without_membership", "superuser_without_membership", "user_without_membership"],
)
def test_users_without_a_teaching_school_are_refused(a, b, user_kind):
    user = UserFactory(
        username=f"{user_kind}@example.org",
        is_staff=user_kind != "user_without_membership",
        is_superuser=user_kind == "superuser_without_membership",
    )
    client = Client()
    client.force_login(user)
    before = database_state()
    for url in every_url(a) + every_url(b):
        for response in (client.get(url), client.post(url, {})):
            assert response.status_code == 403, url
    assert database_state() == before
    page = client.get(reverse("portal:dashboard")).content.decode()
    assert "Your account is not linked to a teaching school" in page
    assert a.sle.leader.last_name not in page


def test_members_of_a_school_that_is_no_longer_a_teaching_school_are_refused(a):
    teaching_school_designation = Designation.objects.get(school=a.school, role_id=Role.Code.TEACHING_SCHOOL)
    teaching_school_designation.ended_on = datetime.date(2021, 8, 31)
    teaching_school_designation.end_reason = Designation.EndReason.LAPSED
    teaching_school_designation.save()
    client = Client()
    client.force_login(a.user)

    response = client.get(reverse("portal:sle_list"))

    assert response.status_code == 403
    assert "is not a designated teaching school" in response.content.decode()


def test_lists_and_dashboard_show_only_the_schools_own_records(client_a, a, b):
    pages = "".join(
        client_a.get(reverse(name)).content.decode()
        for name in ("portal:dashboard", "portal:sle_list", "portal:placement_list")
    )
    assert a.sle.leader.last_name in pages and a.lle.leader.last_name in pages
    assert a.placement.supported_school.name in pages
    for outsider in (b.school.name, b.sle.leader.last_name, b.lle.leader.last_name, b.placement.supported_school.name):
        assert outsider not in pages


def placement_form(lead, kind_code="sle-coaching", **overrides) -> dict:
    return {
        "lead": str(lead.pk),
        "kind": str(DeploymentKind.objects.get(code=kind_code).pk),
        "sle_support": "one_to_one",
        "supported_school": str(SchoolFactory().urn),
        "focus_specialism": str(specialism("maths").pk),
        "requested_on_day": "3",
        "requested_on_month": "2",
        "requested_on_year": "2025",
        "pattern": "block",
        "total_days": "3",
    } | overrides


@pytest.mark.parametrize(
    ("lead", "kind_code", "field", "message"),
    [
        ("b_sle", "sle-coaching", "lead", "Choose one of your teaching school's current SLEs"),
        ("a_lle", "sle-coaching", "lead", "Choose one of your teaching school's current SLEs"),
        ("a_ended_sle", "sle-coaching", "lead", "Choose one of your teaching school's current SLEs"),
        ("a_nle", "sle-coaching", "lead", "Choose one of your teaching school's current SLEs"),
        ("a_sle", "nle-alone", "kind", "Choose the kind of support"),
        ("a_sle", "lle-leadership-support", "kind", "Choose the kind of support"),
    ],
)
def test_the_placement_form_cannot_be_tricked_into_a_lead_or_kind(client_a, a, b, lead, kind_code, field, message):
    leads = {
        "b_sle": b.sle,
        "a_lle": a.lle,
        "a_sle": a.sle,
        "a_ended_sle": SLEDesignationFactory(
            teaching_school=a.school, ended_on=datetime.date(2023, 7, 31), end_reason="stepped_down"
        ),
        # Someone at A's school, but an NLE designated by DfE, not one of A's SLEs.
        "a_nle": DesignationFactory(role=role(Role.Code.NLE)),
    }
    data = placement_form(leads[lead], kind_code)
    before = database_state()

    response = client_a.post(reverse("portal:placement_create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert database_state() == before


def test_the_placement_form_offers_only_the_schools_current_sles(client_a, a, b):
    form = client_a.get(reverse("portal:placement_create")).context["form"]
    assert list(form.fields["lead"].queryset) == [a.sle]
    assert {kind.role_id for kind in form.fields["kind"].queryset} == {Role.Code.SLE}


def test_the_designate_form_cannot_reuse_another_schools_person(client_a, a, b):
    data = {
        "person": "existing",
        "existing_leader": str(b.lle.leader.pk),
        "designated_on_day": "1",
        "designated_on_month": "9",
        "designated_on_year": "2024",
        "specialisms": [str(specialism("maths").pk)],
    }
    before = database_state()

    response = client_a.post(reverse("portal:sle_create"), data)

    assert response.status_code == 200
    assert response.context["form"].errors["existing_leader"] == [
        "Choose someone your teaching school has designated before"
    ]
    assert database_state() == before


def test_the_designate_form_offers_only_people_the_school_designated(client_a, a, b):
    form = client_a.get(reverse("portal:sle_create")).context["form"]
    # A's SLE already holds an open SLE designation; A's LLE may become an SLE; B's people are not offered.
    assert list(form.fields["existing_leader"].queryset) == [a.lle.leader]


def test_changes_need_a_csrf_token(a):
    client = Client(enforce_csrf_checks=True)
    client.force_login(a.user)
    before = database_state()

    response = client.post(reverse("portal:sle_end", args=[a.sle.pk]), OBJECT_PAGES[2][2])

    assert response.status_code == 403
    assert database_state() == before


def test_nothing_changes_on_get(client_a, a):
    before = database_state()
    for url in every_url(a):
        client_a.get(url, {"to_status": "cancelled", "reason": "lapsed"})
    assert database_state() == before
