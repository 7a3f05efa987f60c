"""Storing and emailing enquiries: failures of the email backend lose nothing (queued, retried by send_enquiries,
given up after 5 attempts), and the rate limits refuse and store nothing."""

import datetime
import logging
from io import StringIO

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from matching import enquiries, throttle
from matching.enquiries import MAX_DELIVERY_ATTEMPTS, enquiries_retry, enquiry_routes, enquiry_submit, recipient_deliver
from matching.models import Enquiry, EnquiryRecipient, Need
from roles.models import Specialism, TeachingSchoolMembership
from schools.models import School
from tests.directory.conftest import postcodes_loaded, world  # noqa: F401  (fixtures)
from tests.matching.test_ask import DETAILS, asking, spring_bank_staff, start_enquiry  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db

FAILING_BACKEND = "tests.matching.test_enquiries.FailingBackend"


class FailingBackend(BaseEmailBackend):
    """An email backend whose server is down."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("[Errno 111] Connection refused")


def route(world):  # noqa: F811
    """Samir Patel, SLE: through Spring Bank, the teaching school that designates him."""
    return enquiry_routes(leaders=[world.sle.leader])[("leader", world.sle.leader_id)]


def submit(world, asking, **changes):  # noqa: F811
    values = {
        "school": asking,
        "need": Need.SPECIALISM,
        "specialism": Specialism.objects.get(slug="phonics"),
        "routes": [route(world)],
        "contact_name": "Priya Shah",
        "contact_email": "priya@example.org",
        "message": "Phonics, please.",
        **changes,
    }
    return enquiry_submit(**values).enquiry


def deliver(enquiry):
    return recipient_deliver(enquiry.recipients.get())


def later(minutes=3):
    return timezone.now() + datetime.timedelta(minutes=minutes)


def test_an_enquiry_is_stored_then_emailed_after_commit(world, asking, django_capture_on_commit_callbacks):  # noqa: F811
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        enquiry = submit(world, asking)
    (recipient,) = enquiry.recipients.all()
    assert recipient.delivery_status == EnquiryRecipient.DeliveryStatus.QUEUED and mail.outbox == []
    assert len(callbacks) == 1
    callbacks[0]()
    recipient.refresh_from_db()
    assert recipient.delivery_status == EnquiryRecipient.DeliveryStatus.SENT
    assert recipient.sent_at is not None and recipient.delivery_attempts == 1
    assert len(mail.outbox) == 2  # the teaching school's copy, and the requester's
    assert enquiry.reference.startswith("ENQ-") and len(enquiry.reference) == 12
    enquiry.refresh_from_db()
    assert enquiry.requester_notified_at is not None


def test_submitting_the_same_reference_again_returns_the_stored_enquiry(world, asking):  # noqa: F811
    first = submit(world, asking, reference="ENQ-AAAA2222")
    again = submit(world, asking, reference="ENQ-AAAA2222", message="Something else")
    assert again.pk == first.pk and again.message == "Phonics, please."
    assert Enquiry.objects.count() == 1


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"routes": []}, "Choose who to send your enquiry to"),
        ({"need": "magic"}, "Select what you need help with"),
        ({"specialism": None}, "Select the subject or specialist area"),
        ({"routes": "nobody"}, "We cannot send enquiries to Gwen Hughes"),
        ({"routes": "six"}, "Choose 5 or fewer"),
        ({"contact_email": "nope"}, "Enter a valid email address"),
        ({"message": "m" * 2001}, "Enter a message of 2,000 characters or less"),
        ({"message": " "}, "Enter a message"),
    ],
)
def test_an_invalid_enquiry_is_refused_and_stores_nothing(world, asking, changes, message):  # noqa: F811
    if changes.get("routes") == "nobody":  # no teaching school, no address DfE entered
        world.nlg.leader.email = ""
        changes = {"routes": [enquiry_routes(leaders=[world.nlg.leader])[("leader", world.nlg.leader_id)]]}
    if changes.get("routes") == "six":
        changes = {"routes": [route(world)] * 6}
    with pytest.raises(ValidationError) as error:
        submit(world, asking, **changes)
    assert message in str(error.value)
    assert Enquiry.objects.count() == 0


def test_a_closed_school_cannot_send_an_enquiry(world, asking):  # noqa: F811
    School.objects.filter(pk=asking.pk).update(later_status=School.LaterStatus.CLOSED)
    asking.refresh_from_db()
    with pytest.raises(ValidationError, match="closed"):
        submit(world, asking)


def test_when_email_fails_the_enquiry_is_kept_and_retried(
    client,
    world,  # noqa: F811
    asking,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
    caplog,
):
    settings.EMAIL_BACKEND = FAILING_BACKEND
    check_url = start_enquiry(client, asking, world.sle.leader)
    with django_capture_on_commit_callbacks(execute=True), caplog.at_level(logging.INFO, logger="matching"):
        response = client.post(check_url)
    enquiry = Enquiry.objects.get()
    assert response["Location"] == f"/ask-for-support/enquiry/{enquiry.reference}/sent/"  # the person is told
    page = client.get(response["Location"]).content.decode()
    assert "Enquiry sent" in page and "We are emailing your enquiry to" in page and "Samir Patel" in page
    recipient = enquiry.recipients.get()
    assert recipient.delivery_status == EnquiryRecipient.DeliveryStatus.QUEUED
    assert recipient.delivery_attempts == 1
    assert recipient.last_error == "ConnectionRefusedError: [Errno 111] Connection refused"
    # The logs name the enquiry by its reference, and no one in it.
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert enquiry.reference in logged and "not sent" in logged
    for personal in (DETAILS["contact_name"], DETAILS["contact_email"], world.sle.leader.email, "Samir"):
        assert personal not in logged

    # Too soon for the retry command: the request might still be sending it.
    assert enquiries_retry() == (0, 0)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert enquiries_retry(now=later()) == (1, 0)
    recipient.refresh_from_db()
    assert recipient.delivery_status == EnquiryRecipient.DeliveryStatus.SENT and recipient.delivery_attempts == 2
    assert recipient.last_error == ""
    # The requester's copy is sent too, with a new private link (only a hash of the first was kept).
    assert len(mail.outbox) == 2 and "/ask-for-support/your-enquiry/" in mail.outbox[1].body


def test_the_command_sends_queued_enquiries(world, asking, settings):  # noqa: F811
    settings.EMAIL_BACKEND = FAILING_BACKEND
    recipient = deliver(submit(world, asking))
    EnquiryRecipient.objects.filter(pk=recipient.pk).update(
        last_attempt_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    out = StringIO()
    call_command("send_enquiries", stdout=out)
    assert out.getvalue().strip() == "1 enquiry sent; 0 given up"
    assert EnquiryRecipient.objects.get().delivery_status == EnquiryRecipient.DeliveryStatus.SENT


def test_delivery_gives_up_after_five_attempts(world, asking, settings):  # noqa: F811
    settings.EMAIL_BACKEND = FAILING_BACKEND
    enquiry = submit(world, asking)
    results = []
    for attempt in range(1, MAX_DELIVERY_ATTEMPTS + 2):
        results.append(enquiries_retry(now=later(attempt * 10)))
    recipient = enquiry.recipients.get()
    assert results == [(0, 0)] * (MAX_DELIVERY_ATTEMPTS - 1) + [(0, 1), (0, 0)]
    assert recipient.delivery_status == EnquiryRecipient.DeliveryStatus.FAILED
    assert recipient.delivery_attempts == MAX_DELIVERY_ATTEMPTS
    assert recipient.sent_at is None and "ConnectionRefusedError" in recipient.last_error
    assert Enquiry.objects.get().requester_attempts == MAX_DELIVERY_ATTEMPTS


def test_a_recipient_without_an_email_address_is_recorded(world, asking):  # noqa: F811
    enquiry = submit(world, asking)
    # Spring Bank's staff all leave after the enquiry was made: nobody to email now.
    TeachingSchoolMembership.objects.all().delete()
    assert deliver(enquiry).delivery_status == EnquiryRecipient.DeliveryStatus.NO_ADDRESS
    assert mail.outbox == []
    assert enquiries_retry(now=later()) == (0, 0)


def test_an_attempt_is_claimed_so_two_senders_never_both_send(world, asking):  # noqa: F811
    enquiry = submit(world, asking)
    stale = EnquiryRecipient.objects.get(enquiry=enquiry)  # read by a second process before the first claims it
    deliver(enquiry)
    assert recipient_deliver(stale).delivery_status == EnquiryRecipient.DeliveryStatus.SENT
    assert len(mail.outbox) == 1
    assert EnquiryRecipient.objects.get().delivery_attempts == 1


def test_a_sent_enquiry_is_not_sent_again(world, asking, spring_bank_staff):  # noqa: F811
    enquiry = submit(world, asking)
    deliver(enquiry)
    deliver(enquiry)
    assert enquiries_retry(now=later()) == (0, 0)
    assert [email.to for email in mail.outbox] == [spring_bank_staff, ["priya@example.org"]]  # the copy, once


def test_references_are_new_each_time(world, asking):  # noqa: F811
    references = {enquiries.enquiry_reference_new() for _ in range(50)}
    assert len(references) == 50
    assert all(set(r[4:]) <= set(enquiries.REFERENCE_ALPHABET) for r in references)


# Rate limits


@pytest.fixture
def clock(monkeypatch):
    now = [1_000_000.0]
    monkeypatch.setattr(throttle, "clock", lambda: now[0])
    return now


def send(client, world, asking, email=DETAILS["contact_email"]):  # noqa: F811
    check_url = start_enquiry(client, asking, world.sle.leader, {**DETAILS, "contact_email": email})
    return client.post(check_url)


def test_too_many_enquiries_from_one_address_are_refused_until_the_window_ends(client, world, asking, settings, clock):  # noqa: F811
    settings.ENQUIRIES_PER_ADDRESS = 2
    settings.ENQUIRY_ADDRESS_WINDOW = 3600
    for n in range(2):
        assert send(client, world, asking, email=f"person{n}@example.org").status_code == 302
    response = send(client, world, asking, email="person3@example.org")
    assert response.status_code == 429
    page = response.content.decode()
    assert "You have sent too many enquiries" in page and "Wait 60 minutes" in page
    assert Enquiry.objects.count() == 2
    # Another address is not limited.
    assert send(Client(REMOTE_ADDR="192.0.2.7"), world, asking, email="other@example.org").status_code == 302
    clock[0] += 3600
    assert send(client, world, asking, email="person3@example.org").status_code == 302
    assert Enquiry.objects.count() == 4


def test_too_many_enquiries_from_one_email_address_are_refused(client, world, asking, settings, clock):  # noqa: F811
    settings.ENQUIRIES_PER_EMAIL = 2
    settings.ENQUIRY_EMAIL_WINDOW = 24 * 3600
    for n in range(2):
        client = Client(REMOTE_ADDR=f"192.0.2.{n + 1}")
        assert send(client, world, asking, email="Same@Example.org").status_code == 302
    response = send(Client(REMOTE_ADDR="192.0.2.50"), world, asking, email="same@example.org")
    assert response.status_code == 429
    assert "Wait 24 hours" in response.content.decode()
    assert Enquiry.objects.count() == 2
    clock[0] += 24 * 3600 - 1
    assert send(Client(REMOTE_ADDR="192.0.2.50"), world, asking, email="same@example.org").status_code == 429
    clock[0] += 1
    assert send(Client(REMOTE_ADDR="192.0.2.50"), world, asking, email="same@example.org").status_code == 302


def test_a_repeated_send_does_not_count_against_the_limit(client, world, asking, settings, clock):  # noqa: F811
    settings.ENQUIRIES_PER_ADDRESS = 1
    check_url = start_enquiry(client, asking, world.sle.leader)
    assert client.post(check_url).status_code == 302
    assert client.post(check_url).status_code == 302  # the same enquiry: shown as sent, not refused
    assert Enquiry.objects.count() == 1


def test_throttle_waits_in_words():
    assert throttle.wait_in_words(30) == "1 minute"
    assert throttle.wait_in_words(61) == "2 minutes"
    assert throttle.wait_in_words(3600) == "60 minutes"
    assert throttle.wait_in_words(10 * 3600 + 1) == "11 hours"
