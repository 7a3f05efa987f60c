"""Enquiries in the portal: a teaching school reads those sent to it and to its SLEs and LLEs, never another's."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from deployments.models import Deployment, DeploymentKind, NegotiationRecord
from matching.models import DeliveryStatus, Enquiry, EnquiryRecipient, Need, ResponseStatus
from roles.models import Designation, Role, Specialism
from tests.factories import DesignationFactory, SchoolFactory, SLEDesignationFactory, SystemLeaderFactory, role
from tests.portal.conftest import database_state

pytestmark = pytest.mark.django_db

LIST_URL = reverse("portal:enquiry_list")


def enquiry(reference: str, *, to, received_by=None, need=Need.LEADERSHIP, **values) -> EnquiryRecipient:
    """An enquiry with one recipient row: to a leader (received by the teaching school that designates them, or
    `received_by`) or to a school (received by it)."""
    made = Enquiry.objects.create(
        reference=reference,
        school=SchoolFactory(name=f"Asking School {reference}"),
        need=need,
        contact_name="Jo Head",
        contact_email="jo.head@asking.example",
        contact_role="Headteacher",
        message=f"Message {reference}: we need help\nwith our leadership.",
        **values,
    )
    if hasattr(to, "full_name"):
        if received_by is None:
            received_by = Designation.objects.filter(leader=to, teaching_school__isnull=False).first().teaching_school
        row = {"leader": to, "teaching_school": received_by, "name": to.full_name}
    else:
        row = {"teaching_school": to, "name": to.name}
    return EnquiryRecipient.objects.create(enquiry=made, delivery_status=DeliveryStatus.NO_ADDRESS, **row)


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
    return {recipient.enquiry.reference for recipient in response.context["enquiries"]}


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


def test_enquiries_are_scoped_by_who_received_them_not_by_designation_dates(client_a, a, enquiries):
    """An enquiry stays with the school that received it when it was made, whatever happens to designations later."""
    today = timezone.localdate()
    a.lle.ended_on, a.lle.end_reason = today - datetime.timedelta(days=1), a.lle.EndReason.STEPPED_DOWN
    a.lle.save()
    later = enquiry("ENQ-ALLE0002", to=a.lle.leader, received_by=SchoolFactory(name="Their new teaching school"))

    seen = references(client_a.get(LIST_URL))
    assert "ENQ-ALLE0001" in seen  # received while they were the school's LLE
    assert "ENQ-ALLE0002" not in seen
    assert client_a.get(reverse("portal:enquiry_detail", args=[later.pk])).status_code == 404


def test_a_backdated_designation_never_reaches_another_schools_enquiries(client_a, a, b):
    """Issue #12 item 1: a person was A's SLE in 2020-21, then B's LLE from 2022, and an enquiry to them went to B.
    A designates them again as its SLE from 1 January 2022, and must still not see B's enquiry."""
    person = SystemLeaderFactory(first_name="Pat", last_name="Both")
    SLEDesignationFactory(
        leader=person,
        teaching_school=a.school,
        designated_on=datetime.date(2020, 9, 1),
        ended_on=datetime.date(2021, 8, 31),
        end_reason=Designation.EndReason.STEPPED_DOWN,
        specialisms=[Specialism.objects.get(slug="maths")],
    )
    DesignationFactory(
        role=role(Role.Code.LLE), leader=person, teaching_school=b.school, designated_on=datetime.date(2022, 1, 1)
    )
    to_b = enquiry("ENQ-BLLE0002", to=person, received_by=b.school)
    # The attack through the portal (it may be refused as overlapping history) ...
    client_a.post(
        reverse("portal:sle_create"),
        {
            "person": "existing",
            "existing_leader": str(person.pk),
            "designated_on_day": "1",
            "designated_on_month": "1",
            "designated_on_year": "2022",
            "specialisms": [str(Specialism.objects.get(slug="maths").pk)],
        },
    )
    # ... and, whatever the portal allows, a backdated designation made directly.
    SLEDesignationFactory(
        leader=person,
        teaching_school=a.school,
        designated_on=datetime.date(2022, 1, 1),
        specialisms=[Specialism.objects.get(slug="maths")],
    )
    assert "ENQ-BLLE0002" not in references(client_a.get(LIST_URL))
    response = client_a.get(reverse("portal:enquiry_detail", args=[to_b.pk]))
    assert response.status_code == 404
    assert "jo.head@asking.example" not in response.content.decode()
    assert client_a.get(reverse("portal:placement_create"), {"enquiry": to_b.pk}).status_code == 404


def test_portal_pages_are_never_kept_by_browsers(client_a, enquiries):
    response = client_a.get(reverse("portal:enquiry_detail", args=[enquiries["a_sle"].pk]))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_the_received_time_and_a_bad_filter_read_as_govuk_says(client_a, enquiries):
    Enquiry.objects.filter(pk=enquiries["a_sle"].enquiry_id).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 11, 23, 13, 39))
    )
    content = client_a.get(reverse("portal:enquiry_detail", args=[enquiries["a_sle"].pk])).content.decode()
    assert "23 November 2026, 1:39pm" in content
    content = client_a.get(LIST_URL, {"need": "astrology"}).content.decode()
    assert "Select what the enquiry asks help with from the list" in content
    assert "Select a valid choice" not in content


# Responding


def respond(client, recipient, **data):
    return client.post(reverse("portal:enquiry_detail", args=[recipient.pk]), data)


def test_declining_needs_a_reason_the_school_will_see(client_a, enquiries):
    recipient = enquiries["a_sle"]
    response = respond(client_a, recipient, response="declined", decline_reason=" ")
    assert response.status_code == 200
    assert "Enter why you cannot help, for the school to read" in response.content.decode()
    recipient.refresh_from_db()
    assert recipient.response_status == ResponseStatus.AWAITING
    response = respond(client_a, recipient, response="declined", decline_reason="No days free until summer")
    assert response.status_code == 302
    recipient.refresh_from_db()
    assert (recipient.response_status, recipient.decline_reason) == (
        ResponseStatus.DECLINED,
        "No days free until summer",
    )
    assert recipient.responded_by is not None and recipient.responded_at is not None
    # A decline is final: the form is gone, and a forged POST changes nothing.
    page = client_a.get(reverse("portal:enquiry_detail", args=[recipient.pk])).content.decode()
    assert "Record response" not in page and "No days free until summer" in page
    assert respond(client_a, recipient, response="agreed").status_code == 200
    recipient.refresh_from_db()
    assert recipient.response_status == ResponseStatus.DECLINED


@pytest.mark.parametrize("response", ["", "magic", "awaiting"])
def test_a_bad_response_is_explained(client_a, enquiries, response):
    page = respond(client_a, enquiries["a_school"], response=response)
    assert page.status_code == 200 and "Select your response" in page.content.decode()


def test_another_schools_enquiry_cannot_be_answered(client_a, enquiries):
    before = database_state()
    assert respond(client_a, enquiries["b_sle"], response="replied").status_code == 404
    assert database_state() == before
    assert EnquiryRecipient.objects.get(pk=enquiries["b_sle"].pk).response_status == ResponseStatus.AWAITING


def test_agreed_offers_place_an_sle_prefilled_and_the_placement_is_linked(client_a, a, enquiries):
    recipient = enquiries["a_sle"]
    Enquiry.objects.filter(pk=recipient.enquiry_id).update(proposed_days=6)
    assert respond(client_a, recipient, response="replied").status_code == 302
    assert respond(client_a, recipient, response="agreed").status_code == 302
    page = client_a.get(reverse("portal:enquiry_detail", args=[recipient.pk])).content.decode()
    place_url = f"{reverse('portal:placement_create')}?enquiry={recipient.pk}"
    assert place_url in page and "Place an SLE" in page

    form = client_a.get(place_url).context["form"]
    assert form.initial["lead"] == a.sle.pk
    assert form.initial["supported_school"] == recipient.enquiry.school.urn
    assert form.initial["focus_specialism"] == Specialism.objects.get(slug="maths").pk
    assert form.initial["total_days"] == "6"
    made_on = timezone.localtime(recipient.enquiry.created_at).date()
    response = client_a.post(
        place_url,
        {
            "submission_token": form["submission_token"].value(),
            "lead": str(a.sle.pk),
            "kind": str(DeploymentKind.objects.get(code="sle-coaching").pk),
            "sle_support": "one_to_one",
            "supported_school": str(recipient.enquiry.school.urn),
            "focus_specialism": str(Specialism.objects.get(slug="maths").pk),
            "requested_on_day": str(made_on.day),
            "requested_on_month": str(made_on.month),
            "requested_on_year": str(made_on.year),
            "total_days": "6",
            "pattern": "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    recipient.refresh_from_db()
    placement = recipient.deployment
    assert placement is not None and placement.supported_school == recipient.enquiry.school
    assert placement.total_days == 6 and placement.status == Deployment.Status.NEGOTIATING
    (proposal,) = placement.negotiation_records.all()
    assert proposal.kind == NegotiationRecord.Kind.PROPOSAL and recipient.enquiry.reference in proposal.notes
    # Once placed, the enquiry links to the placement and offers no second one.
    page = client_a.get(reverse("portal:enquiry_detail", args=[recipient.pk])).content.decode()
    assert reverse("portal:placement_detail", args=[placement.pk]) in page and place_url not in page
    assert client_a.get(place_url).status_code == 404


def test_place_an_sle_from_an_enquiry_not_agreed_is_not_found(client_a, enquiries):
    url = reverse("portal:placement_create")
    assert client_a.get(url, {"enquiry": enquiries["a_sle"].pk}).status_code == 404
    assert client_a.get(url, {"enquiry": "abc"}).status_code == 404


def test_the_list_filters_by_response(client_a, enquiries):
    enquiries["a_school"].response_status = ResponseStatus.REPLIED
    enquiries["a_school"].responded_at = timezone.now()
    enquiries["a_school"].save()
    assert references(client_a.get(LIST_URL, {"response": "replied"})) == {"ENQ-ASCHOOL1"}
    assert references(client_a.get(LIST_URL, {"response": "awaiting"})) == {"ENQ-ASLE0001", "ENQ-ALLE0001"}
    content = client_a.get(LIST_URL, {"response": "maybe"}).content.decode()
    assert "Select a response from the list" in content
