"""The curators' admin for matching: flags, capacity and enquiries, each written through matching.services, and
who may see them. (The improvement offer's pages are in test_improvement_offer.py.)"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from audit.models import ChangeRecord
from core.terms import term_containing
from deployments.models import Deployment, DeploymentKind
from matching.models import DeliveryStatus, Enquiry, EnquiryRecipient, ResponseStatus
from roles.models import Capacity, Designation, Role
from schools.models import School, SupportFlag
from tests.factories import SchoolFactory, SystemLeaderFactory
from tests.matching.factories import make_enquiry
from tests.portal.factories import UserFactory

pytestmark = pytest.mark.django_db


# Capacity belongs to roles and the flags to schools; their admin pages are the matching app's work.
APP_OF = {"capacity": "roles", "supportflag": "schools"}


def url(name: str, *args) -> str:
    return reverse(f"admin:{APP_OF.get(name.split('_')[0], 'matching')}_{name}", args=args)


def messages_in(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


# ---------------------------------------------------------------------------------------------------------------------
# Flags


def test_a_curator_flags_a_school_and_clears_the_flag(curator_client, curator):
    school = SchoolFactory(name="Harbour Primary School")
    response = curator_client.post(
        url("supportflag_add"), {"school": school.pk, "reason": "New head, falling results"}, follow=True
    )
    assert response.status_code == 200
    flag = SupportFlag.objects.get()
    assert (flag.school, flag.reason, flag.flagged_by, flag.flagged_on, flag.cleared_on) == (
        school,
        "New head, falling results",
        curator,
        timezone.localdate(),
        None,
    )
    assert ChangeRecord.objects.for_object(flag).get().source == "admin"

    response = curator_client.post(
        url("supportflag_change", flag.pk), {"cleared_on": timezone.localdate().isoformat()}, follow=True
    )
    assert response.status_code == 200
    flag.refresh_from_db()
    assert flag.cleared_on == timezone.localdate()
    # Once cleared, nothing on the flag can change.
    page = curator_client.get(url("supportflag_change", flag.pk))
    assert b'name="cleared_on"' not in page.content


def test_a_second_flag_for_a_school_is_refused_on_the_form(curator_client):
    school = SchoolFactory(name="Harbour Primary School")
    curator_client.post(url("supportflag_add"), {"school": school.pk, "reason": "First"})
    response = curator_client.post(url("supportflag_add"), {"school": school.pk, "reason": "Second"})
    assert response.status_code == 200
    assert "was already flagged on" in response.content.decode()
    assert SupportFlag.objects.count() == 1


def test_a_flag_cleared_before_it_was_raised_is_refused_on_the_form(curator_client):
    school = SchoolFactory()
    curator_client.post(url("supportflag_add"), {"school": school.pk, "reason": "Why"})
    flag = SupportFlag.objects.get()
    response = curator_client.post(url("supportflag_change", flag.pk), {"cleared_on": "2001-01-01"})
    assert response.status_code == 200
    assert "clear it then or later" in response.content.decode()
    assert SupportFlag.objects.raised().count() == 1


def test_flags_are_cleared_as_a_list_action_and_a_cleared_one_is_reported(curator_client):
    flags = [
        SupportFlag.objects.create(school=SchoolFactory(), reason="Why", flagged_on=datetime.date(2026, 1, 5))
        for _ in range(2)
    ]
    flags[1].cleared_on = datetime.date(2026, 2, 1)
    flags[1].save()
    response = curator_client.post(
        url("supportflag_changelist"),
        {"action": "clear_flags", "_selected_action": [flag.pk for flag in flags]},
        follow=True,
    )
    messages = messages_in(response)
    assert "1 flag cleared." in messages
    assert any("already cleared on 1 February 2026" in message for message in messages)
    assert not SupportFlag.objects.raised().exists()


def test_the_flag_list_filters_and_links_to_the_improvement_offer(curator_client):
    SupportFlag.objects.create(
        school=SchoolFactory(name="Raised School"), reason="Why", flagged_on=timezone.localdate()
    )
    response = curator_client.get(url("supportflag_changelist"), {"raised": "yes"})
    assert response.status_code == 200
    assert "Raised School" in response.content.decode()
    assert url("improvement_offer") in response.content.decode()
    assert curator_client.get(url("supportflag_changelist"), {"raised": "no"}).context["cl"].result_count == 0


# ---------------------------------------------------------------------------------------------------------------------
# Capacity


def test_a_curator_records_and_changes_a_leaders_days_free(curator_client, curator):
    leader = SystemLeaderFactory()
    term = term_containing(timezone.localdate())
    response = curator_client.post(
        url("capacity_add"), {"leader": leader.pk, "term": term.starts_on.isoformat(), "days_free": "6.5"}, follow=True
    )
    assert response.status_code == 200
    capacity = Capacity.objects.get()
    assert (capacity.leader, capacity.term_starts_on, capacity.days_free, capacity.recorded_by) == (
        leader,
        term.starts_on,
        Decimal("6.5"),
        curator,
    )
    curator_client.post(url("capacity_change", capacity.pk), {"days_free": "0"}, follow=True)
    capacity.refresh_from_db()
    assert capacity.days_free == 0
    assert [r.action for r in ChangeRecord.objects.for_object(capacity).order_by("pk")] == ["created", "changed"]


@pytest.mark.parametrize(
    ("days_free", "message"),
    [("66", "less than or equal to 65"), ("-1", "greater than or equal to 0"), ("2.25", "1 decimal place")],
)
def test_days_free_out_of_range_is_refused_on_the_form(curator_client, days_free, message):
    leader = SystemLeaderFactory()
    term = term_containing(timezone.localdate())
    response = curator_client.post(
        url("capacity_add"), {"leader": leader.pk, "term": term.starts_on.isoformat(), "days_free": days_free}
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Capacity.objects.exists()


def test_a_term_already_recorded_or_not_offered_is_refused_on_the_form(curator_client):
    leader = SystemLeaderFactory(first_name="Amara", last_name="Khan")
    term = term_containing(timezone.localdate())
    Capacity.objects.create(leader=leader, term_starts_on=term.starts_on, days_free=3)
    response = curator_client.post(
        url("capacity_add"), {"leader": leader.pk, "term": term.starts_on.isoformat(), "days_free": "5"}
    )
    assert "Amara Khan&#x27;s days free for this term are already recorded" in response.content.decode()
    response = curator_client.post(url("capacity_add"), {"leader": leader.pk, "term": "2025-09-02", "days_free": "5"})
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert Capacity.objects.get().days_free == 3


# ---------------------------------------------------------------------------------------------------------------------
# Enquiries


def test_enquiries_are_read_only_for_curators(curator_client):
    enquiry = make_enquiry("ENQ-AAAA2222").enquiry
    listing = curator_client.get(url("enquiry_changelist"))
    assert listing.status_code == 200 and "ENQ-AAAA2222" in listing.content.decode()
    page = curator_client.get(url("enquiry_change", enquiry.pk))
    assert page.status_code == 200
    content = page.content.decode()
    assert "We would like help with leadership." in content
    assert 'name="message"' not in content and 'name="_save"' not in content
    before = list(Enquiry.objects.values())
    curator_client.post(url("enquiry_change", enquiry.pk), {"message": "Changed"})
    assert list(Enquiry.objects.values()) == before
    assert curator_client.get(url("enquiry_add")).status_code == 403
    assert curator_client.get(url("enquiry_delete", enquiry.pk)).status_code == 403


def test_try_sending_again(curator_client):
    queued = make_enquiry("ENQ-QUEUED22", recipient={"delivery_attempts": 1, "last_error": "Connection refused"})
    failed = make_enquiry("ENQ-FAILED22", status=DeliveryStatus.FAILED, recipient={"delivery_attempts": 5})
    no_address = make_enquiry("ENQ-NOADDR22", status=DeliveryStatus.NO_ADDRESS, email="")
    sent = make_enquiry(
        "ENQ-SENT2222", status=DeliveryStatus.SENT, recipient={"sent_at": timezone.now(), "delivery_attempts": 1}
    )
    response = curator_client.post(
        url("enquiryrecipient_changelist"),
        {"action": "try_sending_again", "_selected_action": [e.pk for e in (queued, failed, no_address, sent)]},
        follow=True,
    )
    messages = messages_in(response)
    assert "2 enquiries sent." in messages
    assert "1 enquiry was already sent." in messages
    assert any(m.startswith("ENQ-NOADDR22 to ") and "not sent" in m for m in messages), messages
    statuses = dict(EnquiryRecipient.objects.values_list("enquiry__reference", "delivery_status"))
    assert statuses == {
        "ENQ-QUEUED22": DeliveryStatus.SENT,
        "ENQ-FAILED22": DeliveryStatus.SENT,
        "ENQ-NOADDR22": DeliveryStatus.NO_ADDRESS,
        "ENQ-SENT2222": DeliveryStatus.SENT,
    }
    assert len(mail.outbox) == 2
    # A leader emailed directly gets a one-time link to respond.
    assert "/ask-for-support/respond/" in mail.outbox[0].body


def test_curators_record_a_response_and_start_a_deployment_from_an_agreed_enquiry(curator_client):
    recipient = make_enquiry("ENQ-AGREE222", proposed_days=4)
    response = curator_client.post(url("enquiryrecipient_respond", recipient.pk), {"response": "declined"})
    assert "Enter why you cannot help" in response.content.decode()
    designation = Designation.objects.get(leader=recipient.leader)
    kind = DeploymentKind.objects.filter(role_id=Role.Code.LLE).first()
    response = curator_client.post(
        url("enquiryrecipient_agree", recipient.pk), {"designation": designation.pk, "kind": kind.pk}
    )
    assert response.status_code == 302
    recipient.refresh_from_db()
    assert recipient.response_status == ResponseStatus.AGREED and recipient.responded_by is not None
    deployment = recipient.deployment
    assert deployment.supported_school == recipient.enquiry.school and deployment.total_days == 4
    assert deployment.status == Deployment.Status.NEGOTIATING
    # Only once.
    response = curator_client.post(
        url("enquiryrecipient_agree", recipient.pk), {"designation": designation.pk, "kind": kind.pk}
    )
    assert "already started" in response.content.decode()
    assert Deployment.objects.filter(supported_school=recipient.enquiry.school).count() == 1


def test_enquiries_waiting_ten_working_days_are_a_curation_task(curator_client):
    late = make_enquiry("ENQ-LATE2222")
    make_enquiry("ENQ-NEW22222")
    answered = make_enquiry("ENQ-ANSWERED")
    Enquiry.objects.filter(pk__in=[late.enquiry_id, answered.enquiry_id]).update(
        created_at=timezone.now() - datetime.timedelta(days=15)
    )
    EnquiryRecipient.objects.filter(pk=answered.pk).update(response_status="replied", responded_at=timezone.now())
    home = curator_client.get(reverse("admin:index")).content.decode()
    assert "Enquiries waiting for a response: 1" in home
    listing = curator_client.get(url("enquiryrecipient_changelist"), {"waiting": "late"}).content.decode()
    assert "ENQ-LATE2222" in listing and "ENQ-NEW22222" not in listing and "ENQ-ANSWERED" not in listing


# ---------------------------------------------------------------------------------------------------------------------
# Who may come in


@pytest.mark.parametrize(
    "name", ["supportflag_changelist", "supportflag_add", "capacity_changelist", "capacity_add", "enquiry_changelist"]
)
def test_pages_for_a_curator_and_nobody_else(client, curator_client, name):
    assert curator_client.get(url(name)).status_code == 200
    client.force_login(UserFactory())  # a teaching school's staff: not staff of the admin
    response = client.get(url(name))
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    staff = get_user_model().objects.create_user("staff", is_staff=True)
    client.force_login(staff)
    assert client.get(url(name)).status_code == 403


def test_nothing_is_deleted(curator_client):
    school = SchoolFactory(ofsted_rating=School.OfstedRating.GOOD)
    flag = SupportFlag.objects.create(school=school, reason="Why", flagged_on=timezone.localdate())
    capacity = Capacity.objects.create(
        leader=SystemLeaderFactory(), term_starts_on=term_containing(timezone.localdate()).starts_on, days_free=2
    )
    assert curator_client.get(url("supportflag_delete", flag.pk)).status_code == 403
    assert curator_client.get(url("capacity_delete", capacity.pk)).status_code == 403


def test_the_admin_home_page_links_curators_to_the_improvement_offer(curator_client, client):
    assert url("improvement_offer") in curator_client.get(reverse("admin:index")).content.decode()
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    assert url("improvement_offer") not in client.get(reverse("admin:index")).content.decode()


def test_an_enquirys_history_does_not_copy_the_enquirers_details():
    enquiry = make_enquiry("ENQ-PRIVATE1", contact_telephone="0113 496 0000").enquiry
    created = ChangeRecord.objects.for_object(enquiry).get().changes
    for name in ("contact_name", "contact_email", "contact_telephone", "message"):
        assert created[name] == [None, "(not copied into the history)"], name
    assert created["reference"] == [None, "ENQ-PRIVATE1"]
    assert "jo@school.example" not in str(created)
