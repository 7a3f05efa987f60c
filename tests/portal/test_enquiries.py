"""Enquiries in the portal: a teaching school reads those sent to it and to its SLEs and LLEs, never another's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from matching.models import DeliveryStatus, Enquiry, Need
from roles.models import Specialism
from tests.factories import SchoolFactory
from tests.portal.conftest import database_state

pytestmark = pytest.mark.django_db

LIST_URL = reverse("portal:enquiry_list")


def enquiry(reference: str, *, to, need=Need.LEADERSHIP, **values) -> Enquiry:
    recipient = {"leader": to} if hasattr(to, "full_name") else {"teaching_school": to}
    return Enquiry.objects.create(
        reference=reference,
        school=SchoolFactory(name=f"Asking School {reference}"),
        need=need,
        contact_name="Jo Head",
        contact_email="jo.head@asking.example",
        contact_role="Headteacher",
        message=f"Message {reference}: we need help\nwith our leadership.",
        delivery_status=DeliveryStatus.NO_ADDRESS,
        **recipient,
        **values,
    )


@pytest.fixture
def enquiries(a, b):
    return {
        "a_school": enquiry("ENQ-ASCHOOL1", to=a.school),
        "a_sle": enquiry(
            "ENQ-ASLE0001", to=a.sle.leader, need=Need.SPECIALISM, specialism=Specialism.objects.get(slug="maths")
        ),
        "a_lle": enquiry("ENQ-ALLE0001", to=a.lle.leader),
        "b_school": enquiry("ENQ-BSCHOOL1", to=b.school),
        "b_sle": enquiry("ENQ-BSLE0001", to=b.sle.leader),
    }


def references(response) -> set[str]:
    return {enquiry.reference for enquiry in response.context["enquiries"]}


def test_the_list_shows_the_teaching_schools_own_enquiries_only(client_a, enquiries):
    response = client_a.get(LIST_URL)
    assert response.status_code == 200
    assert references(response) == {"ENQ-ASCHOOL1", "ENQ-ASLE0001", "ENQ-ALLE0001"}
    content = response.content.decode()
    assert "3 enquiries" in content
    assert "SamA SpecialistA" in content and "Your teaching school" in content
    assert Specialism.objects.get(slug="maths").name in content
    assert "ENQ-BSCHOOL1" not in content and "ENQ-BSLE0001" not in content


def test_the_list_filters_by_need_and_refuses_an_unknown_one(client_a, enquiries):
    assert references(client_a.get(LIST_URL, {"need": "specialism"})) == {"ENQ-ASLE0001"}
    response = client_a.get(LIST_URL, {"need": "astrology"})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_an_enquiry_in_full(client_a, enquiries):
    response = client_a.get(reverse("portal:enquiry_detail", args=[enquiries["a_sle"].pk]))
    assert response.status_code == 200
    content = response.content.decode()
    for text in (
        "ENQ-ASLE0001",
        "Asking School ENQ-ASLE0001",
        "SamA SpecialistA",
        "Jo Head",
        "Headteacher",
        "mailto:jo.head@asking.example",
        "we need help<br>with our leadership.",
    ):
        assert text in content, text


@pytest.mark.parametrize("other", ["b_school", "b_sle"])
def test_another_teaching_schools_enquiry_is_not_found(client_a, enquiries, other):
    before = database_state()
    assert client_a.get(reverse("portal:enquiry_detail", args=[enquiries[other].pk])).status_code == 404
    assert database_state() == before


def test_an_unknown_enquiry_is_not_found(client_a, enquiries):
    assert client_a.get(reverse("portal:enquiry_detail", args=[999999])).status_code == 404


def test_the_navigation_and_dashboard_lead_to_enquiries(client_a, enquiries):
    response = client_a.get(reverse("portal:dashboard"))
    content = response.content.decode()
    assert f'href="{LIST_URL}"' in content
    assert "Schools have sent 3 enquiries" in content


def test_visitors_sign_in_first(client, enquiries):
    for url in (LIST_URL, reverse("portal:enquiry_detail", args=[enquiries["a_school"].pk])):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("portal:sign_in"))


def test_enquiries_to_someone_the_school_no_longer_designates_are_not_its_own(client_a, a, enquiries):
    today = timezone.localdate()
    Enquiry.objects.filter(pk=enquiries["a_lle"].pk).update(created_at=timezone.now() - datetime.timedelta(days=10))
    a.lle.ended_on, a.lle.end_reason = today - datetime.timedelta(days=1), a.lle.EndReason.STEPPED_DOWN
    a.lle.save()
    later = enquiry("ENQ-ALLE0002", to=a.lle.leader)  # made after the designation ended

    seen = references(client_a.get(LIST_URL))
    assert "ENQ-ALLE0001" in seen  # made while they were the school's LLE
    assert "ENQ-ALLE0002" not in seen
    assert client_a.get(reverse("portal:enquiry_detail", args=[later.pk])).status_code == 404


def test_portal_pages_are_never_kept_by_browsers(client_a, enquiries):
    response = client_a.get(reverse("portal:enquiry_detail", args=[enquiries["a_sle"].pk]))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_received_time_and_a_bad_filter_read_as_govuk_says(client_a, enquiries):
    Enquiry.objects.filter(pk=enquiries["a_sle"].pk).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 11, 23, 13, 39))
    )
    content = client_a.get(reverse("portal:enquiry_detail", args=[enquiries["a_sle"].pk])).content.decode()
    assert "23 November 2026, 1:39pm" in content
    content = client_a.get(LIST_URL, {"need": "astrology"}).content.decode()
    assert "Select what the enquiry asks help with from the list" in content
    assert "Select a valid choice" not in content
