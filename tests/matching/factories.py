"""Enquiries for tests: one Enquiry and its one EnquiryRecipient, made directly (not through the journey)."""

from matching.models import DeliveryStatus, Enquiry, EnquiryRecipient, Need
from roles.models import Role
from tests.factories import DesignationFactory, SchoolFactory, role


def make_enquiry(
    reference: str,
    *,
    status=DeliveryStatus.QUEUED,
    email="lee@example.org",
    leader=None,
    teaching_school=None,
    recipient=None,
    **values,
) -> EnquiryRecipient:
    """An enquiry about leadership to one leader (by default a new LLE with no teaching school, so emailed directly
    at `email`), returned as its recipient row; `recipient` holds values for that row."""
    if leader is None and teaching_school is None:
        leader = DesignationFactory(role=role(Role.Code.LLE), leader__email=email, leader__email_is_public=False).leader
    enquiry = Enquiry.objects.create(
        reference=reference,
        school=SchoolFactory(name=f"Asking School {reference}"),
        need=Need.LEADERSHIP,
        contact_name="Jo Head",
        contact_email="jo@school.example",
        message="We would like help with leadership.",
        **values,
    )
    return EnquiryRecipient.objects.create(
        enquiry=enquiry,
        leader=leader,
        teaching_school=teaching_school,
        name=leader.full_name if leader else teaching_school.name,
        delivery_status=status,
        **(recipient or {}),
    )
