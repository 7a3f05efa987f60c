"""Enquiries sent and answered at the same instant: real requests to the live server on PostgreSQL. A double click
stores one enquiry and sends each email once; two responses at once keep one; two senders never send one email
twice."""

import pytest
from django.core import mail
from django.db import connection

from matching import enquiries
from matching.models import Enquiry, EnquiryRecipient, ResponseStatus
from roles.models import TeachingSchoolMembership
from tests.concurrency import Session, at_once, requires_postgresql, signed_in_session
from tests.directory.conftest import postcodes_loaded, world  # noqa: F401  (fixtures)
from tests.matching.factories import make_enquiry
from tests.matching.test_ask import DETAILS, asking, enquiry_url  # noqa: F401  (fixture)
from tests.portal.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), requires_postgresql]


@pytest.fixture
def staff(world):  # noqa: F811
    users = [UserFactory(username=f"staff{n}@springbank.example") for n in range(2)]
    for user in users:
        TeachingSchoolMembership.objects.create(user=user, school=world.spring_bank)
    return users


def test_sending_one_draft_four_times_at_once_stores_one_enquiry(live_server, world, asking, staff, settings):  # noqa: F811
    settings.ENQUIRIES_PER_ADDRESS = settings.ENQUIRIES_PER_EMAIL = 100
    session = Session(live_server.url)
    filled = session.post(enquiry_url(asking, world.sle.leader), DETAILS)
    assert filled.status == 302, filled.text[:500]
    check_url = filled.location

    responses = at_once([lambda: session.post(check_url) for _ in range(4)])

    assert [response.status for response in responses] == [302] * 4
    assert len({response.location for response in responses}) == 1
    enquiry = Enquiry.objects.get()
    assert enquiry.recipients.count() == 1
    # One email to the teaching school's staff, one copy to the requester: whatever the number of clicks.
    assert sorted(email.to[0] for email in mail.outbox) == [
        "priya.shah@littlelondon.example",
        "staff0@springbank.example",
    ]


def test_two_members_of_staff_responding_at_once_keep_one_response(live_server, world, staff):  # noqa: F811
    recipient = make_enquiry("ENQ-RACE2222", leader=world.sle.leader, teaching_school=world.spring_bank)
    url = f"/portal/enquiries/{recipient.pk}/"
    sessions = [signed_in_session(live_server, user) for user in staff]
    answers = [{"response": "agreed"}, {"response": "declined", "decline_reason": "No days free"}]

    responses = at_once([lambda s=s, a=a: s.post(url, a) for s, a in zip(sessions * 2, answers * 2, strict=True)])

    assert all(response.status in (200, 302) for response in responses), [r.status for r in responses]
    recipient.refresh_from_db()
    assert recipient.response_status in (ResponseStatus.AGREED, ResponseStatus.DECLINED)
    assert recipient.responded_at is not None
    assert (recipient.decline_reason != "") == (recipient.response_status == ResponseStatus.DECLINED)
    # The response that lost was told why, on the page.
    refused = [r for r in responses if r.status == 200]
    assert all("cannot change" in r.text for r in refused)


def test_two_senders_never_send_one_email_twice(world, asking, staff):  # noqa: F811
    recipient = make_enquiry("ENQ-SENDERS2", leader=world.sle.leader, teaching_school=world.spring_bank)
    copies = [EnquiryRecipient.objects.get(pk=recipient.pk) for _ in range(4)]  # each read before any claims

    def deliver(copy):
        try:
            return enquiries.recipient_deliver(copy)
        finally:
            connection.close()  # each thread's own connection

    at_once([lambda r=r: deliver(r) for r in copies])

    assert len(mail.outbox) == 1
    sent = EnquiryRecipient.objects.get()
    assert sent.delivery_status == EnquiryRecipient.DeliveryStatus.SENT and sent.delivery_attempts == 1
