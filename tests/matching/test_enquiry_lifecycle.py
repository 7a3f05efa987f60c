"""An enquiry after it is sent: the requester's private status page, a leader's one-time response link, the
constraints that hold each recipient row, and deleting contact details after the retention period."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from matching import enquiries
from matching.models import Enquiry, EnquiryRecipient, Need, ResponseStatus
from roles.models import Specialism
from tests.directory.conftest import postcodes_loaded, world  # noqa: F401  (fixtures)
from tests.matching.factories import make_enquiry
from tests.matching.test_ask import DETAILS, asking, spring_bank_staff, text  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db


def send(world, asking, routes=None):  # noqa: F811
    """An enquiry about phonics to Samir Patel (SLE, through Spring Bank) and Nadia Okafor (NLE, emailed directly),
    as the journey sends it; returns it with the requester's status token."""
    found = enquiries.enquiry_routes(leaders=[world.sle.leader, world.nle.leader])
    sent = enquiries.enquiry_submit(
        school=asking,
        need=Need.SPECIALISM,
        specialism=Specialism.objects.get(slug="phonics"),
        routes=routes or list(found.values()),
        contact_name=DETAILS["contact_name"],
        contact_email=DETAILS["contact_email"],
        message="Phonics, please.",
    )
    enquiries._deliver_stored(sent.enquiry.pk, sent.status_token)
    return sent


def link_in(email, prefix) -> str:
    (line,) = [line for line in email.body.splitlines() if prefix in line]
    return line[line.index(prefix) :].strip()


def test_the_requester_follows_each_response_on_a_private_page(
    client,
    world,  # noqa: F811
    asking,  # noqa: F811
    django_capture_on_commit_callbacks,
):  # noqa: F811
    sent = send(world, asking)
    copy = next(email for email in mail.outbox if email.to == [DETAILS["contact_email"]])
    status = link_in(copy, "/ask-for-support/your-enquiry/")
    assert status == enquiries.status_url(sent.status_token)
    assert len(sent.status_token) >= 40 and sent.status_token not in str(list(Enquiry.objects.values()))

    response = Client().get(status)
    page = text(response)
    assert response.status_code == 200 and "Samir Patel" in page and "Nadia Okafor" in page
    assert page.count("Waiting for a response") == 2
    assert "The link works until" in page
    assert response["Referrer-Policy"] == "no-referrer" and "no-store" in response["Cache-Control"]
    assert "priya.shah" not in page  # nothing beyond the enquiry's progress

    samir = sent.enquiry.recipients.get(leader=world.sle.leader)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        enquiries.enquiry_respond(recipient=samir, response=ResponseStatus.DECLINED, decline_reason="No days free")
    page = text(Client().get(status))
    assert "They cannot help: “No days free”" in page and "Declined" in page
    # And they are told by email, without the link (only its hash is kept).
    (told,) = mail.outbox
    assert told.to == [DETAILS["contact_email"]] and "Samir Patel responded" in told.subject
    assert 'They cannot help: "No days free"' in told.body and "/ask-for-support/your-enquiry/" not in told.body


@pytest.mark.parametrize("token", ["x", "a" * 43, "a" * 200, "ENQ-AAAA2222"])
def test_a_wrong_status_link_says_so_and_gives_nothing_away(world, asking, token):  # noqa: F811
    send(world, asking)
    response = Client().get(f"/ask-for-support/your-enquiry/{token}/")
    assert response.status_code == 404
    assert "This link does not work" in text(response) and "ENQ-" not in text(response)


def test_an_expired_status_link_is_gone(world, asking):  # noqa: F811
    sent = send(world, asking)
    Enquiry.objects.update(status_expires_at=timezone.now() - datetime.timedelta(seconds=1))
    response = Client().get(enquiries.status_url(sent.status_token))
    assert response.status_code == 410 and "This link has expired" in text(response)


def test_a_leader_emailed_directly_responds_once_through_their_link(world, asking, spring_bank_staff):  # noqa: F811
    sent = send(world, asking)
    nadia = sent.enquiry.recipients.get(leader=world.nle.leader)
    assert nadia.teaching_school is None  # an NLE: no teaching school arranges her support
    (email,) = [email for email in mail.outbox if email.to == [world.nle.leader.email]]
    link = link_in(email, "/ask-for-support/respond/")
    assert nadia.response_token_hash and nadia.response_token_hash not in link

    client = Client()
    page = text(client.get(link))
    assert "Little London Primary School asks for support" in page and "Phonics, please." in page
    response = client.post(link, {"response": "declined", "decline_reason": ""})
    assert response.status_code == 400 and "Enter why you cannot help" in text(response)
    response = client.post(link, {"response": "agreed"})
    assert response.status_code == 302
    nadia.refresh_from_db()
    assert nadia.response_status == ResponseStatus.AGREED and nadia.responded_by is None
    # Once used, the link shows the response and cannot answer again.
    page = text(client.get(link))
    assert "Response recorded" in page and "Send your response" not in page
    client.post(link, {"response": "declined", "decline_reason": "Changed my mind"})
    nadia.refresh_from_db()
    assert nadia.response_status == ResponseStatus.AGREED
    # The teaching school's staff answer in the portal: their copy has no one-time link.
    (staff_copy,) = [email for email in mail.outbox if email.to == spring_bank_staff]
    assert "/ask-for-support/respond/" not in staff_copy.body and "/portal/enquiries/" in staff_copy.body


def test_a_wrong_or_expired_response_link(world, asking):  # noqa: F811
    send(world, asking)
    assert Client().get("/ask-for-support/respond/not-a-token/").status_code == 404
    (email,) = [email for email in mail.outbox if email.to == [world.nle.leader.email]]
    link = link_in(email, "/ask-for-support/respond/")
    Enquiry.objects.update(created_at=timezone.now() - datetime.timedelta(days=enquiries.LINK_DAYS + 1))
    assert Client().get(link).status_code == 410


def test_an_address_typed_in_the_portal_is_never_emailed(world, asking):  # noqa: F811
    """Issue #12 item 3: Samir Patel's address was typed by his teaching school's staff. Even with no staff to
    receive it, the service never emails him directly: nobody can receive it, and the page says so before writing."""
    from roles.models import TeachingSchoolMembership

    TeachingSchoolMembership.objects.all().delete()
    route = enquiries.enquiry_routes(leaders=[world.sle.leader])[("leader", world.sle.leader_id)]
    assert route.emails == [] and not route.can_receive
    # An NLE once designated as a teaching school's SLE: the address may have come from the portal.
    from tests.factories import SLEDesignationFactory

    SLEDesignationFactory(
        leader=world.nle.leader,
        teaching_school=world.spring_bank,
        designated_on=datetime.date(2015, 9, 1),
        ended_on=datetime.date(2016, 8, 31),
        end_reason="stepped_down",
        specialisms=[Specialism.objects.get(slug="maths")],
    )
    route = enquiries.enquiry_routes(leaders=[world.nle.leader])[("leader", world.nle.leader_id)]
    assert route.emails == []


# Responses, as a service


def test_responses_move_only_forward(world, asking):  # noqa: F811
    recipient = make_enquiry("ENQ-FORWARD2")
    with pytest.raises(ValidationError, match="Choose your response"):
        enquiries.enquiry_respond(recipient=recipient, response="awaiting")
    enquiries.enquiry_respond(recipient=recipient, response=ResponseStatus.REPLIED)
    enquiries.enquiry_respond(recipient=recipient, response=ResponseStatus.AGREED)
    enquiries.enquiry_respond(recipient=recipient, response=ResponseStatus.AGREED)  # again: nothing changes
    with pytest.raises(ValidationError, match="cannot change"):
        enquiries.enquiry_respond(recipient=recipient, response=ResponseStatus.DECLINED, decline_reason="No")
    with pytest.raises(ValidationError, match="500 characters or fewer"):
        enquiries.enquiry_respond(
            recipient=make_enquiry("ENQ-LONGWHY2"), response=ResponseStatus.DECLINED, decline_reason="x" * 501
        )


# Constraints, each both ways


def saved(recipient, **values):
    for name, value in values.items():
        setattr(recipient, name, value)
    with pytest.raises(ValidationError):
        recipient.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        recipient.save()


@pytest.mark.parametrize(
    "values",
    [
        {"leader": None, "teaching_school": None},
        {"delivery_status": "lost"},
        {"delivery_status": "sent"},  # without sent_at
        {"response_status": "maybe"},
        {"response_status": "replied"},  # without responded_at
        {"decline_reason": "Why not"},  # not declined
        {"response_token_hash": "abc", "teaching_school": "school"},  # a token only for a leader emailed directly
    ],
)
def test_recipient_constraints(values):
    recipient = make_enquiry("ENQ-CONSTRA2")
    if values.get("teaching_school") == "school":
        values["teaching_school"] = recipient.enquiry.school
    saved(recipient, **values)


def test_declined_needs_a_reason_and_a_deployment_needs_agreed():
    from tests.portal.conftest import build_teaching_school

    recipient = make_enquiry("ENQ-CONSTRB2")
    saved(recipient, response_status="declined", responded_at=timezone.now(), decline_reason="")
    recipient = make_enquiry("ENQ-CONSTRC2")
    saved(recipient, deployment=build_teaching_school("C").placement)


def test_one_row_per_recipient_of_an_enquiry():
    recipient = make_enquiry("ENQ-TWICE222")
    with pytest.raises(IntegrityError), transaction.atomic():
        EnquiryRecipient.objects.create(enquiry=recipient.enquiry, leader=recipient.leader, name="Again")
    school = make_enquiry("ENQ-TWICE333", teaching_school=recipient.enquiry.school)
    with pytest.raises(IntegrityError), transaction.atomic():
        EnquiryRecipient.objects.create(enquiry=school.enquiry, teaching_school=school.teaching_school, name="Again")


@pytest.mark.parametrize(
    "values",
    [
        {"contact_name": ""},
        {"message": ""},
        {"proposed_days": 0},
        {"proposed_days": 999},
        {"status_token_hash": "abc", "status_expires_at": None},
        {"contacts_deleted_at": "now"},  # marked deleted, but the details are still there
    ],
)
def test_enquiry_constraints(values):
    enquiry = make_enquiry("ENQ-CONSTRD2").enquiry
    if values.get("contacts_deleted_at") == "now":
        values["contacts_deleted_at"] = timezone.now()
    saved(enquiry, **values)


# Privacy


def test_contact_details_are_deleted_after_the_retention_period(settings, world, asking):  # noqa: F811
    settings.ENQUIRY_CONTACT_RETENTION_DAYS = 30
    old = make_enquiry("ENQ-OLDONE22", contact_telephone="0113 496 0000", contact_role="Head").enquiry
    new = make_enquiry("ENQ-NEWONE22").enquiry
    Enquiry.objects.filter(pk=old.pk).update(created_at=timezone.now() - datetime.timedelta(days=31))
    out = StringIO()
    call_command("delete_enquiry_contacts", stdout=out)
    assert out.getvalue().splitlines()[0] == "Contact details deleted from 1 enquiry made more than 30 days ago"
    old.refresh_from_db()
    assert (old.contact_name, old.contact_email, old.contact_role, old.contact_telephone, old.message) == ("",) * 5
    assert old.contacts_deleted_at is not None and old.reference == "ENQ-OLDONE22"
    old.full_clean()  # a blanked enquiry is valid
    new.refresh_from_db()
    assert new.contact_name == "Jo Head"
    call_command("delete_enquiry_contacts", stdout=StringIO())  # again: nothing more to do
    assert Enquiry.objects.filter(contacts_deleted_at__isnull=False).count() == 1


def test_staff_whose_portal_access_was_removed_are_not_emailed(world, asking, spring_bank_staff, django_user_model):  # noqa: F811
    from roles.models import TeachingSchoolMembership

    curator = django_user_model.objects.create_user("curator@education.gov.uk")
    TeachingSchoolMembership.objects.filter(user__username="office@springbank.example").update(
        access_removed_at=timezone.now(), access_removed_by=curator
    )
    route = enquiries.enquiry_routes(leaders=[world.sle.leader])[("leader", world.sle.leader_id)]
    assert route.emails == ["head@springbank.example"]
