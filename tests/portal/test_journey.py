"""A teaching school user's whole journey: sign in, designate an SLE, place them, agree the terms, see it through;
every change is recorded against them with the source "portal". And the list pages stay cheap."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from audit.models import ChangeRecord
from deployments.models import Deployment, DeploymentKind, NegotiationRecord
from roles.models import Designation
from tests.factories import SchoolFactory, SLEDesignationFactory
from tests.portal.conftest import place, specialism
from tests.portal.factories import PASSWORD

pytestmark = pytest.mark.django_db


def follow(client, url, data) -> str:
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    return response["Location"]


def test_a_teaching_school_places_an_sle_and_records_the_agreed_terms(a):
    client = Client()
    assert follow(client, "/portal/sign-in/", {"username": a.user.email, "password": PASSWORD}) == "/portal/"
    supported = SchoolFactory(urn=700001, name="Hill Top Academy")
    leader_school = SchoolFactory(urn=700002)

    detail_url = follow(
        client,
        reverse("portal:sle_create"),
        {
            "person": "new",
            "first_name": "Nia",
            "last_name": "Okafor",
            "email": "nia.okafor@school.example",
            "job_title": "Assistant head",
            "school": str(leader_school.urn),
            "designated_on_day": "1",
            "designated_on_month": "9",
            "designated_on_year": "2023",
            "specialisms": [str(specialism("phonics").pk), str(specialism("early-years").pk)],
        },
    )
    sle = Designation.objects.get(leader__last_name="Okafor")
    assert client.get(detail_url).status_code == 200

    placement_url = follow(
        client,
        reverse("portal:placement_create"),
        {
            "lead": str(sle.pk),
            "kind": str(DeploymentKind.objects.get(code="sle-coaching").pk),
            "sle_support": "group",
            "supported_school": str(supported.urn),
            "focus_specialism": str(specialism("phonics").pk),
            "requested_on_day": "6",
            "requested_on_month": "1",
            "requested_on_year": "2025",
            "total_days": "8",
            "pattern": "days_per_week",
            "days_per_week_min": "1",
            "period_weeks": "8",
        },
    )
    placement = Deployment.objects.get(supported_school=supported)
    negotiation_url = reverse("portal:negotiation_create", args=[placement.pk])
    follow(
        client,
        negotiation_url,
        {
            "kind": "proposal",
            "proposed_by": "teaching_school",
            "recorded_on_day": "10",
            "recorded_on_month": "1",
            "recorded_on_year": "2025",
            "day_rate_pence": "450",
            "days": "8",
        },
    )
    follow(
        client,
        negotiation_url,
        {
            "kind": "agreement",
            "proposed_by": "supported_school",
            "recorded_on_day": "17",
            "recorded_on_month": "1",
            "recorded_on_year": "2025",
            "day_rate_pence": "425.50",
            "days": "8",
            "free_days": "1",
            "payer": "supported_school",
            "pattern": "days_per_week",
            "days_per_week_min": "1",
            "period_weeks": "8",
            "notes": "First visit after half term",
        },
    )
    placement.refresh_from_db()
    assert placement.status == Deployment.Status.AGREED

    page = client.get(placement_url).content.decode()
    assert "Agreed terms" in page
    assert "£425.50" in page  # day rate
    assert "£2,978.50" in page  # 7 charged days at £425.50
    assert "Paid by" in page and "The supported school" in page
    assert "First visit after half term" in page

    status_url = reverse("portal:placement_status", args=[placement.pk])
    follow(client, status_url, {"to_status": "active", "on_day": "3", "on_month": "2", "on_year": "2025"})
    follow(
        client,
        status_url,
        {
            "to_status": "completed",
            "on_day": "28",
            "on_month": "3",
            "on_year": "2025",
            "completed_outcome": "improved",
            "outcome_notes": "Phonics screening results up",
        },
    )
    placement.refresh_from_db()
    assert (placement.status, placement.starts_on, placement.ends_on, placement.outcome) == (
        Deployment.Status.COMPLETED,
        datetime.date(2025, 2, 3),
        datetime.date(2025, 3, 28),
        "improved",
    )
    agreement = placement.negotiation_records.get(kind=NegotiationRecord.Kind.AGREEMENT)
    assert (agreement.day_rate_pence, agreement.free_days, agreement.total_cost_pence) == (
        42_550,
        Decimal("1"),
        297_850,
    )
    assert agreement.recorded_by == a.user

    def records(instance):
        return ChangeRecord.objects.filter(
            content_type=ContentType.objects.get_for_model(instance), object_id=str(instance.pk)
        )

    for instance in (sle, sle.leader, placement, agreement):
        assert records(instance).exists(), instance
        assert set(records(instance).values_list("source", "user")) == {("portal", a.user.pk)}, instance
    status_changes = [r.changes["status"][1] for r in records(placement) if "status" in r.changes]
    assert status_changes == ["completed", "active", "agreed", "negotiating", "requested"]


def test_list_pages_make_a_bounded_number_of_queries(client_a, a, django_assert_max_num_queries):
    for _ in range(28):
        sle = SLEDesignationFactory(teaching_school=a.school, specialisms=[specialism("maths"), specialism("history")])
        place(sle)
    assert Designation.objects.filter(teaching_school=a.school).count() == 30
    assert Deployment.objects.filter(leaders__designation__teaching_school=a.school).count() == 30

    for name, rows in (("portal:sle_list", 30), ("portal:placement_list", 30), ("portal:dashboard", None)):
        with django_assert_max_num_queries(10):
            response = client_a.get(reverse(name))
        assert response.status_code == 200
        if rows:
            assert response.content.decode().count('<tr class="govuk-table__row">') == rows + 1  # and the header
