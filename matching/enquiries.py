"""Enquiries from schools to system leaders and teaching schools: storing them, and emailing them.

An enquiry is stored first and emailed after its transaction commits, so nothing is lost when email fails: a failed
send leaves it queued with the error, and `manage.py send_enquiries` (run by cron) tries it again, up to
MAX_DELIVERY_ATTEMPTS times in all before it is marked failed for a curator to follow up. Logs name enquiries by
reference only, never by the people in them."""

import datetime
import logging
import secrets
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from portal.models import TeachingSchoolMembership
from roles.models import Specialism, SystemLeader
from schools.models import School

from . import selectors
from .models import MAX_MESSAGE_LENGTH, DeliveryStatus, Enquiry, Need

logger = logging.getLogger(__name__)

MAX_DELIVERY_ATTEMPTS = 5
# A queued enquiry is tried again only this long after its last attempt, so that the retry command never sends one
# that a request is still sending (an SMTP connection can take this long to time out).
RETRY_AFTER = datetime.timedelta(minutes=2)
# Letters and digits that cannot be mistaken for one another when read out or typed from a letter.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_PREFIX = "ENQ-"


def enquiry_reference_new() -> str:
    """A new reference, like ENQ-7KQ2M9XA: 12 characters, unused so far."""
    while True:
        reference = REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Enquiry.objects.filter(reference=reference).exists():
            return reference


@transaction.atomic
def enquiry_submit(
    *,
    school: School,
    need: str,
    contact_name: str,
    contact_email: str,
    message: str,
    specialism: Specialism | None = None,
    leader: SystemLeader | None = None,
    teaching_school: School | None = None,
    contact_role: str = "",
    contact_telephone: str = "",
    reference: str = "",
) -> Enquiry:
    """Store an enquiry and email it once the transaction commits. The reference makes a submit safe to repeat:
    an enquiry already stored with it is returned unchanged (a double click, a refreshed page). Raises
    ValidationError when the school is not open or the recipient cannot help with the need."""
    reference = reference or enquiry_reference_new()
    if existing := Enquiry.objects.filter(reference=reference).first():
        return existing
    if not School.objects.open().filter(pk=school.pk).exists():
        raise ValidationError("This school is closed, so it cannot ask for support")
    if need not in Need.values:
        raise ValidationError("Select what you need help with")
    if need == Need.SPECIALISM and specialism is None:
        raise ValidationError("Select the subject or specialist area")
    if not message.strip() or len(message) > MAX_MESSAGE_LENGTH:
        raise ValidationError(f"Enter a message of {MAX_MESSAGE_LENGTH:,} characters or less")
    if (leader is None) == (teaching_school is None):
        raise ValidationError("Send an enquiry to one system leader or one teaching school")
    recipient = selectors.enquiry_recipient(
        school=school,
        need=need,
        specialism=specialism,
        leader_id=leader.pk if leader else None,
        teaching_school_urn=teaching_school.urn if teaching_school else None,
    )
    if recipient is None:
        raise ValidationError("This system leader cannot take enquiries about this need. Choose another from the list")
    enquiry = Enquiry(
        reference=reference,
        school=school,
        need=need,
        specialism=specialism if need == Need.SPECIALISM else None,
        leader=recipient.leader,
        teaching_school=recipient.teaching_school if recipient.leader is None else None,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_role=contact_role,
        contact_telephone=contact_telephone,
        message=message,
    )
    enquiry.full_clean(validate_unique=False)  # a duplicate reference is a repeat, handled below
    try:
        with transaction.atomic():
            enquiry.save()
    except IntegrityError:
        # The same enquiry submitted twice at once: the other request stored it.
        if existing := Enquiry.objects.filter(reference=reference).first():
            return existing
        raise
    logger.info("Enquiry %s stored", enquiry.reference)
    transaction.on_commit(partial(_deliver_stored, enquiry.pk))
    return enquiry


def _deliver_stored(pk: int) -> None:
    if enquiry := Enquiry.objects.filter(pk=pk).first():
        enquiry_deliver(enquiry)


def recipient_emails(enquiry: Enquiry) -> list[str]:
    """Where an enquiry is emailed: the leader's address (sent to, never shown), or the addresses of the
    teaching school's active portal users."""
    if enquiry.leader_id:
        email = SystemLeader.objects.filter(pk=enquiry.leader_id).values_list("email", flat=True).first()
        return [email] if email else []
    emails = (
        TeachingSchoolMembership.objects.filter(school_id=enquiry.teaching_school_id, user__is_active=True)
        .exclude(user__email="")
        .values_list("user__email", flat=True)
    )
    return sorted(set(emails))


def enquiry_email(enquiry: Enquiry, recipients: list[str]) -> EmailMessage:
    context = {"enquiry": enquiry, "need_label": _need_label(enquiry)}
    subject = f"Request for support from {enquiry.school.name} ({enquiry.reference})"
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=render_to_string("matching/email/enquiry.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=recipients,
        reply_to=[enquiry.contact_email],
    )


def _need_label(enquiry: Enquiry) -> str:
    if enquiry.need == Need.SPECIALISM and enquiry.specialism_id:
        return f"{Need(enquiry.need).label}: {enquiry.specialism.name}"
    return Need(enquiry.need).label


def enquiry_deliver(enquiry: Enquiry, *, now: datetime.datetime | None = None) -> Enquiry:
    """Try once to email a queued enquiry. Sent: marked sent. No address to send to: marked no_address (it is
    still in the admin and the portal). Any failure of the email backend: stays queued with the error, or is marked
    failed after MAX_DELIVERY_ATTEMPTS. An attempt is claimed first, so two processes never send the same one."""
    now = now or timezone.now()
    claimed = Enquiry.objects.filter(
        pk=enquiry.pk, delivery_status=DeliveryStatus.QUEUED, delivery_attempts=enquiry.delivery_attempts
    ).update(delivery_attempts=F("delivery_attempts") + 1, last_attempt_at=now)
    enquiry.refresh_from_db()
    if not claimed:
        return enquiry
    recipients = recipient_emails(enquiry)
    if not recipients:
        _record(enquiry, delivery_status=DeliveryStatus.NO_ADDRESS, last_error="No email address to send to")
        logger.warning("Enquiry %s has no email address to send to", enquiry.reference)
        return enquiry
    try:
        enquiry_email(enquiry, recipients).send(fail_silently=False)
    except Exception as error:  # any failure of any email backend: keep the enquiry and try again later
        gave_up = enquiry.delivery_attempts >= MAX_DELIVERY_ATTEMPTS
        _record(
            enquiry,
            delivery_status=DeliveryStatus.FAILED if gave_up else DeliveryStatus.QUEUED,
            last_error=f"{type(error).__name__}: {error}"[:300],
        )
        logger.warning(
            "Enquiry %s not sent (attempt %s of %s%s): %s",
            enquiry.reference,
            enquiry.delivery_attempts,
            MAX_DELIVERY_ATTEMPTS,
            ", giving up" if gave_up else "",
            type(error).__name__,
        )
        return enquiry
    _record(enquiry, delivery_status=DeliveryStatus.SENT, sent_at=now, last_error="")
    logger.info("Enquiry %s sent (attempt %s)", enquiry.reference, enquiry.delivery_attempts)
    return enquiry


def _record(enquiry: Enquiry, **values) -> None:
    for name, value in values.items():
        setattr(enquiry, name, value)
    Enquiry.objects.filter(pk=enquiry.pk).update(**values)


def enquiries_retry(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Try every queued enquiry whose last attempt was long enough ago. Returns (sent, failed): how many were sent
    now, and how many were given up now."""
    now = now or timezone.now()
    due = (
        Enquiry.objects.to_send()
        .filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lte=now - RETRY_AFTER))
        .select_related("school", "specialism")
        .order_by("created_at", "pk")
    )
    sent = failed = 0
    for enquiry in due:
        status = enquiry_deliver(enquiry, now=now).delivery_status
        sent += status == DeliveryStatus.SENT
        failed += status == DeliveryStatus.FAILED
    return sent, failed
