"""A school asking DfE to match it with an NLE, through the improvement offer: storing the request in the school's
words, confirming it by email, and closing it when a curator matches the school.

One open request per school, held by a named constraint: a double click, a refresh or two people of one school
asking at once store one request, and the second person is told the school has already asked (when, and the
reference). The confirmation email is sent after the request is stored; if email fails the request stays, curators
see it, and the confirmation page has already shown the reference. The contact details and the school's words are
deleted ENQUIRY_CONTACT_RETENTION_DAYS after the request, as the privacy notice says (`manage.py
delete_enquiry_contacts`)."""

import datetime
import logging
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from audit.recording import update_recorded
from schools.models import School

from .models import DFE_MATCH_NEEDS, DfeMatchRequest

logger = logging.getLogger(__name__)

REFERENCE_PREFIX = "DFE-"
# Letters and digits that cannot be mistaken for one another (as matching.enquiries).
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def dfe_match_reference_new() -> str:
    """A new reference, like DFE-7KQ2M9XA, unused so far."""
    while True:
        reference = REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not DfeMatchRequest.objects.filter(reference=reference).exists():
            return reference


def dfe_match_request_submit(
    *, school: School, need: str, message: str, contact_name: str, contact_role: str, contact_email: str
) -> tuple[DfeMatchRequest, bool]:
    """Store the school's request, or find the open one it already made: (request, True if stored now). Only an
    eligible school (School.objects.needing_support()) can ask. The requester is emailed a confirmation
    once the new request is stored."""
    if need not in DFE_MATCH_NEEDS:
        raise ValidationError({"need": "DfE matches schools with NLEs for help with governance or leadership"})
    try:
        with transaction.atomic():
            # Lock the school: two first requests at once would both find no open request (a missing row locks
            # nothing). The constraint still holds where the database cannot lock (SQLite): see below.
            locked = School.objects.select_for_update().filter(pk=school.pk).first()
            if locked is None or not School.objects.needing_support().filter(pk=school.pk).exists():
                raise ValidationError(
                    {"school": "This school is not eligible for DfE's improvement offer: contact NLEs directly"}
                )
            existing = DfeMatchRequest.objects.open().filter(school=school).first()
            if existing is not None:
                return existing, False
            request = DfeMatchRequest(
                reference=dfe_match_reference_new(),
                school=school,
                need=need,
                message=message,
                contact_name=contact_name,
                contact_role=contact_role,
                contact_email=contact_email,
            )
            request.full_clean()
            request.save()
    except IntegrityError:
        existing = DfeMatchRequest.objects.open().filter(school=school).first()
        if existing is None:
            raise
        return existing, False
    transaction.on_commit(lambda: dfe_match_request_confirm(request))
    return request, True


def dfe_match_request_confirm(request: DfeMatchRequest) -> bool:
    """Email the requester the reference and a copy of what they sent. A failure is logged (by reference only),
    never raised: the request is stored either way."""
    message = EmailMessage(
        subject=f"Your request for DfE to match {request.school.name} with an NLE ({request.reference})",
        body=render_to_string("matching/email/dfe_match_request.txt", {"request": request}),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[request.contact_email],
    )
    message.subject = " ".join(message.subject.split())
    try:
        message.send(fail_silently=False)
    except Exception:  # any failure of any email backend
        logger.exception("Confirmation of DfE match request %s could not be sent", request.reference)
        return False
    return True


def dfe_match_requests_matched(*, school: School, deployment) -> int:
    """Close the school's open request as matched, with the NLE deployment the match started: the number closed."""
    return update_recorded(
        DfeMatchRequest.objects.open().filter(school=school),
        status=DfeMatchRequest.Status.MATCHED,
        closed_at=timezone.now(),
        deployment=deployment,
    )


def dfe_match_contacts_delete(*, older_than_days: int | None = None, now: datetime.datetime | None = None) -> int:
    """Blank the contact details and the words of requests made more than ENQUIRY_CONTACT_RETENTION_DAYS ago, and
    mark them; the reference, school, need, status and match are kept. Returns how many were blanked now."""
    now = now or timezone.now()
    days = settings.ENQUIRY_CONTACT_RETENTION_DAYS if older_than_days is None else older_than_days
    return update_recorded(
        DfeMatchRequest.objects.filter(
            created_at__lt=now - datetime.timedelta(days=days), contacts_deleted_at__isnull=True
        ),
        contact_name="",
        contact_role="",
        contact_email="",
        message="",
        contacts_deleted_at=now,
    )
