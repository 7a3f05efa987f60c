"""Enquiries from schools to system leaders and teaching schools: where they go, storing them, emailing them, and the
responses.

Where an enquiry goes (enquiry_routes). Teaching schools arrange their SLEs' support, as the guidance says: an enquiry
about a leader whom a teaching school designates now (an SLE, or an LLE designated by a teaching school) goes to that
teaching school's staff (its active portal users), who can pass it on. An enquiry is emailed straight to a leader only
when the leader's address can only have been entered by DfE (curators or an import): a leader never designated by a
teaching school, because portal users type the addresses of the people they designate and the service must not email
an address nobody confirmed. Every recipient row records the teaching school that received it, when it was made; the
portal shows a teaching school exactly those rows.

An enquiry is stored first and emailed, to each recipient and to the requester, after its transaction commits, so
nothing is lost when email fails: a failed send leaves the recipient queued with the error, and `manage.py
send_enquiries` (run by cron) tries it again, up to MAX_DELIVERY_ATTEMPTS times in all before it is marked failed for
a curator to follow up. Each attempt is claimed with one conditional UPDATE, so two processes never send one email
twice. Logs name enquiries by reference only, never by the people in them.

Private links (the requester's status page, a leader's one-time response page) carry a random token; only its SHA-256
is stored, so the database cannot give the links away."""

import datetime
import hashlib
import logging
import secrets
from dataclasses import dataclass
from decimal import Decimal
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from audit.recording import record_bulk_created, update_recorded
from deployments import services as deployment_services
from deployments.models import NegotiationKind, NegotiationParty
from directory.models import Listing, ListingRole, ListingSpecialism
from roles.models import Designation, Role, Specialism, SystemLeader, TeachingSchoolMembership
from schools.models import School

from . import ranking, selectors
from .models import (
    MAX_MESSAGE_LENGTH,
    MAX_PROPOSED_DAYS,
    MAX_RECIPIENTS,
    DeliveryStatus,
    Enquiry,
    EnquiryRecipient,
    Need,
    ResponseStatus,
)

logger = logging.getLogger(__name__)

MAX_DELIVERY_ATTEMPTS = 5
# A queued email is tried again only this long after its last attempt, so that the retry command never sends one
# that a request is still sending (an SMTP connection can take this long to time out).
RETRY_AFTER = datetime.timedelta(minutes=2)
# Letters and digits that cannot be mistaken for one another when read out or typed from a letter.
REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
REFERENCE_PREFIX = "ENQ-"
# The requester's status link and a leader's response link work this long after the enquiry was made.
LINK_DAYS = 90
# An enquiry with no response this many working days after it was made is a task for curators.
RESPONSE_WORKING_DAYS = 10


def enquiry_reference_new() -> str:
    """A new reference, like ENQ-7KQ2M9XA: 12 characters, unused so far."""
    while True:
        reference = REFERENCE_PREFIX + "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
        if not Enquiry.objects.filter(reference=reference).exists():
            return reference


def token_hash(token: str) -> str:
    return hashlib.sha256(str(token).encode()).hexdigest()


def _new_token() -> tuple[str, str]:
    token = secrets.token_urlsafe(32)
    return token, token_hash(token)


def service_url(path: str) -> str:
    return settings.SERVICE_URL.rstrip("/") + path


# ---------------------------------------------------------------------------------------------------------------------
# Where an enquiry goes


@dataclass
class Route:
    """Who receives an enquiry to one leader or school. `emails` are where it would be emailed now."""

    name: str
    leader: SystemLeader | None
    teaching_school: School | None
    emails: list[str]
    emails_leader: bool = False  # sent straight to the leader, who responds through a one-time link

    @property
    def can_receive(self) -> bool:
        return bool(self.emails)

    @property
    def receiver(self) -> str:
        """Who will read it, for "Your enquiry will go to …"."""
        if self.teaching_school is not None and self.leader is not None:
            return (
                f"the staff of {self.teaching_school.name}, the teaching school that designates {self.name}: "
                "teaching schools arrange their leaders’ support"
            )
        if self.teaching_school is not None:
            return f"the staff of {self.teaching_school.name}"
        return self.name


def _portal_emails(school_ids) -> dict[int, list[str]]:
    emails: dict[int, set[str]] = {}
    rows = (
        TeachingSchoolMembership.objects.filter(
            school_id__in=list(school_ids), user__is_active=True, access_removed_at__isnull=True
        )
        .exclude(user__email="")
        .values_list("school_id", "user__email")
    )
    for school_id, email in rows:
        emails.setdefault(school_id, set()).add(email)
    return {school_id: sorted(found) for school_id, found in emails.items()}


def enquiry_routes(*, leaders=(), schools=(), today: datetime.date | None = None) -> dict:
    """Routes for leaders (keyed ("leader", pk)) and schools (keyed ("school", urn)), in four queries whatever
    their number."""
    today = today or timezone.localdate()
    leaders, schools = list(leaders), list(schools)
    designated_by = {}
    for designation in (
        Designation.objects.current(today)
        .filter(leader__in=leaders, teaching_school__isnull=False)
        .select_related("teaching_school")
        .order_by(F("role_id").desc(), "-designated_on", "pk")  # SLE before LLE: the SLE's teaching school arranges
    ):
        designated_by.setdefault(designation.leader_id, designation.teaching_school)
    # Leaders a teaching school ever designated: their address may have been typed in the portal.
    portal_typed = set(
        Designation.objects.filter(leader__in=leaders, teaching_school__isnull=False).values_list(
            "leader_id", flat=True
        )
    )
    emails = _portal_emails(
        {school.pk for school in schools} | {school.pk for school in designated_by.values()},
    )
    routes = {}
    for school in schools:
        routes[("school", school.urn)] = Route(
            name=school.name, leader=None, teaching_school=school, emails=emails.get(school.pk, [])
        )
    for leader in leaders:
        teaching_school = designated_by.get(leader.pk)
        if teaching_school is not None:
            route = Route(
                name=leader.full_name,
                leader=leader,
                teaching_school=teaching_school,
                emails=emails.get(teaching_school.pk, []),
            )
        elif leader.email and leader.pk not in portal_typed:
            route = Route(
                name=leader.full_name, leader=leader, teaching_school=None, emails=[leader.email], emails_leader=True
            )
        else:
            route = Route(name=leader.full_name, leader=leader, teaching_school=None, emails=[])
        routes[("leader", leader.pk)] = route
    return routes


def recipient_key(listing) -> str:
    """How a shortlisted leader or school is named in a form or a URL: "leader:12" or "school:100000"."""
    return f"leader:{listing.leader_id}" if listing.leader_id else f"school:{listing.urn}"


def routes_for_entries(entries, today: datetime.date | None = None) -> dict[str, Route]:
    """Routes for shortlist entries, keyed by recipient_key."""
    listings = [entry.listing for entry in entries]
    # Two queries for the people and schools, whatever the number of entries (the listings hold only their ids).
    leaders = SystemLeader.objects.filter(pk__in=[listing.leader_id for listing in listings if listing.leader_id])
    schools = School.objects.filter(
        pk__in=[listing.holder_school_id for listing in listings if not listing.leader_id and listing.holder_school_id]
    )
    routes = enquiry_routes(leaders=list(leaders), schools=list(schools), today=today)
    return {
        recipient_key(listing): routes[("leader", listing.leader_id)]
        if listing.leader_id
        else routes[("school", listing.urn)]
        for listing in listings
        if (("leader", listing.leader_id) if listing.leader_id else ("school", listing.urn)) in routes
    }


class RecipientProblem(Exception):
    def __init__(self, messages: list[str]):
        super().__init__(messages)
        self.messages = messages


def recipient_keys(values) -> list[str]:
    """The distinct recipients named in a form or URL ("leader:12", "school:100000"), in order."""
    keys = []
    for value in values:
        value = str(value).strip()
        kind, _, ident = value.partition(":")
        if kind in ("leader", "school") and ident.isascii() and ident.isdigit() and len(ident) <= 12:
            key = f"{kind}:{int(ident)}"
            if key not in keys:
                keys.append(key)
        else:
            raise RecipientProblem(["Choose leaders and teaching schools from the shortlist"])
    return keys


def offered_recipients(*, school, need, specialism, keys: list[str], size: int = selectors.SHORTLIST_SIZE):
    """The shortlist entries and routes for the chosen recipients, in the shortlist's order, when the shortlist for
    this school and need (its first `size`) offers every one of them and each can receive an enquiry. Otherwise
    RecipientProblem with what to put right."""
    if not keys:
        raise RecipientProblem(["Choose at least one leader or teaching school to send your enquiry to"])
    if len(keys) > MAX_RECIPIENTS:
        raise RecipientProblem([f"Choose {MAX_RECIPIENTS} or fewer to send one enquiry to"])
    result = selectors.shortlist(school=school, need=need, specialism=specialism, size=size)
    entries = {recipient_key(entry.listing): entry for entry in result.entries}
    missing = [key for key in keys if key not in entries]
    if missing:
        raise RecipientProblem(
            [
                f"{_name_for(key)} is not on the shortlist for {school.name} and "
                f"{result.need_label.lower()}: they are too far away or cannot help with it. Choose from the shortlist"
                for key in missing
            ]
        )
    chosen = [entries[key] for key in keys]
    routes = routes_for_entries(chosen)
    unreachable = [entry.listing.name for entry in chosen if not routes[recipient_key(entry.listing)].emails]
    if unreachable:
        raise RecipientProblem(
            [f"We cannot send enquiries to {name} through this service: choose someone else" for name in unreachable]
        )
    return [(entry, routes[recipient_key(entry.listing)]) for entry in chosen]


def _name_for(key: str) -> str:
    kind, _, ident = key.partition(":")
    listing = (
        Listing.objects.filter(kind=Listing.Kind.LEADER, leader_id=int(ident))
        if kind == "leader"
        else Listing.objects.filter(kind=Listing.Kind.SCHOOL, holder_school__urn=int(ident))
    ).first()
    return listing.name if listing else "This leader or school"


def needs_offered(listing, today: datetime.date | None = None) -> tuple[list[str], list[Specialism]]:
    """The needs a listed leader or teaching school can help with today (as the shortlist judges roles and
    specialisms), and the specialisms they offer: what asking them from their own page may choose from."""
    today = today or timezone.localdate()
    roles = set(ListingRole.objects.current(today).filter(listing=listing).values_list("role_id", flat=True))
    roles -= set(Role.objects.filter(programme=Role.Programme.CLOSED).values_list("code", flat=True))
    slugs = set(
        ListingSpecialism.objects.current(today).filter(listing=listing).values_list("specialism__slug", flat=True)
    )
    needs = []
    for need in Need:
        for role in set(ranking.ROLE_FIT[need]) & roles:
            through = role in ranking.HELP_THROUGH_SPECIALISM
            required = ranking.NEED_SPECIALISM.get(need, "")
            if need == Need.SPECIALISM and slugs and through:
                needs.append(need)
                break
            if need != Need.SPECIALISM and (not through or not required or required in slugs):
                needs.append(need)
                break
    return needs, list(Specialism.objects.filter(slug__in=slugs).order_by("name"))


# ---------------------------------------------------------------------------------------------------------------------
# Sending an enquiry


@dataclass
class Sent:
    enquiry: Enquiry
    status_token: str = ""  # the requester's private link's token: only known to the request that stored it


@transaction.atomic
def enquiry_submit(
    *,
    school: School,
    need: str,
    routes: list[Route],
    contact_name: str,
    contact_email: str,
    message: str,
    specialism: Specialism | None = None,
    contact_role: str = "",
    contact_telephone: str = "",
    proposed_days: Decimal | None = None,
    reference: str = "",
    now: datetime.datetime | None = None,
) -> Sent:
    """Store an enquiry to one or more recipients (each as enquiry_routes gave it, from the shortlist for this school
    and need) and email it once the transaction commits. The reference makes a submit safe to repeat: an enquiry
    already stored with it is returned unchanged (a double click, a refreshed page). Raises ValidationError when
    the school is not open, or a recipient cannot receive enquiries."""
    now = now or timezone.now()
    reference = reference or enquiry_reference_new()
    if existing := Enquiry.objects.filter(reference=reference).first():
        return Sent(existing)
    if not School.objects.open().filter(pk=school.pk).exists():
        raise ValidationError("This school is closed, so it cannot ask for support")
    if need not in Need.values:
        raise ValidationError("Select what you need help with")
    if need == Need.SPECIALISM and specialism is None:
        raise ValidationError("Select the subject or specialist area")
    if not message.strip() or len(message) > MAX_MESSAGE_LENGTH:
        raise ValidationError(f"Enter a message of {MAX_MESSAGE_LENGTH:,} characters or less")
    if not routes:
        raise ValidationError("Choose who to send your enquiry to")
    if len(routes) > MAX_RECIPIENTS:
        raise ValidationError(f"Choose {MAX_RECIPIENTS} or fewer to send your enquiry to")
    if unreachable := [route.name for route in routes if not route.can_receive]:
        raise ValidationError(
            f"We cannot send enquiries to {', '.join(unreachable)} through this service. Choose someone else"
        )
    if proposed_days is not None and not 0 < proposed_days <= MAX_PROPOSED_DAYS:
        raise ValidationError(f"Enter the days of support as a number from 0.5 to {MAX_PROPOSED_DAYS}")
    token, hashed = _new_token()
    enquiry = Enquiry(
        reference=reference,
        school=school,
        need=need,
        specialism=specialism if need == Need.SPECIALISM else None,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_role=contact_role,
        contact_telephone=contact_telephone,
        message=message,
        proposed_days=proposed_days,
        status_token_hash=hashed,
        status_expires_at=now + datetime.timedelta(days=LINK_DAYS),
    )
    enquiry.full_clean(validate_unique=False)  # a duplicate reference is a repeat, handled below
    try:
        with transaction.atomic():
            enquiry.save()
            recipients = []
            seen = set()
            for route in routes:
                key = (
                    route.leader.pk if route.leader else None,
                    route.teaching_school.pk if not route.leader else None,
                )
                if key in seen:
                    continue
                seen.add(key)
                recipient = EnquiryRecipient(
                    enquiry=enquiry, leader=route.leader, teaching_school=route.teaching_school, name=route.name
                )
                recipient.full_clean(exclude=["enquiry"])
                recipients.append(recipient)
            EnquiryRecipient.objects.bulk_create(recipients)
            record_bulk_created(recipients)
    except IntegrityError:
        # The same enquiry submitted twice at once: the other request stored it.
        if existing := Enquiry.objects.filter(reference=reference).first():
            return Sent(existing)
        raise
    logger.info("Enquiry %s stored for %s recipient(s)", enquiry.reference, len(recipients))
    transaction.on_commit(partial(_deliver_stored, enquiry.pk, token))
    return Sent(enquiry, token)


def _deliver_stored(pk: int, status_token: str) -> None:
    enquiry = Enquiry.objects.filter(pk=pk).select_related("school__local_authority", "specialism").first()
    if enquiry is None:
        return
    for recipient in enquiry.recipients.all():
        recipient_deliver(recipient)
    requester_notify(enquiry, status_token=status_token)


def status_url(token: str) -> str:
    return reverse("matching:enquiry_status", args=[token])


def response_url(token: str) -> str:
    return reverse("matching:enquiry_respond", args=[token])


def recipient_emails(recipient: EnquiryRecipient) -> tuple[list[str], bool]:
    """Where a recipient's copy is emailed now, and whether straight to the leader: the receiving teaching school's
    active portal users, or the leader's address when DfE entered it (as enquiry_routes decides)."""
    if recipient.teaching_school_id:
        return _portal_emails([recipient.teaching_school_id]).get(recipient.teaching_school_id, []), False
    if recipient.leader_id is None:
        return [], False
    leader = SystemLeader.objects.get(pk=recipient.leader_id)
    route = enquiry_routes(leaders=[leader])[("leader", leader.pk)]
    return (route.emails, True) if route.emails_leader else ([], False)


def recipient_email(recipient: EnquiryRecipient, emails: list[str], *, response_token: str = "") -> EmailMessage:
    enquiry = recipient.enquiry
    context = {
        "enquiry": enquiry,
        "recipient": recipient,
        "response_url": service_url(response_url(response_token)) if response_token else "",
        "portal_url": service_url(reverse("portal:enquiry_detail", args=[recipient.pk]))
        if recipient.teaching_school_id
        else "",
    }
    subject = f"Request for support from {enquiry.school.name} ({enquiry.reference})"
    return EmailMessage(
        subject=" ".join(subject.split()),
        body=render_to_string("matching/email/enquiry.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=emails,
        reply_to=[enquiry.contact_email],
    )


def recipient_deliver(recipient: EnquiryRecipient, *, now: datetime.datetime | None = None) -> EnquiryRecipient:
    """Try once to email a queued recipient's copy. Sent: marked sent. Nobody to send to: marked no_address (the
    enquiry is still in the admin, and in the portal for a teaching school). Any failure of the email backend: stays
    queued with the error, or is marked failed after MAX_DELIVERY_ATTEMPTS. An attempt is claimed first (one
    conditional UPDATE), so two processes never send the same one."""
    now = now or timezone.now()
    claimed = EnquiryRecipient.objects.filter(
        pk=recipient.pk, delivery_status=DeliveryStatus.QUEUED, delivery_attempts=recipient.delivery_attempts
    ).update(delivery_attempts=F("delivery_attempts") + 1, last_attempt_at=now)
    recipient = EnquiryRecipient.objects.select_related(
        "enquiry__school__local_authority", "enquiry__specialism", "leader", "teaching_school"
    ).get(pk=recipient.pk)
    if not claimed:
        return recipient
    reference = recipient.enquiry.reference
    emails, to_leader = recipient_emails(recipient)
    if not emails:
        _record(recipient, delivery_status=DeliveryStatus.NO_ADDRESS, last_error="No email address to send to")
        logger.warning("Enquiry %s recipient %s has no email address to send to", reference, recipient.pk)
        return recipient
    token = ""
    if to_leader:
        token, hashed = _new_token()
        _record(recipient, response_token_hash=hashed)
    try:
        recipient_email(recipient, emails, response_token=token).send(fail_silently=False)
    except Exception as error:  # any failure of any email backend: keep the enquiry and try again later
        gave_up = recipient.delivery_attempts >= MAX_DELIVERY_ATTEMPTS
        _record(
            recipient,
            delivery_status=DeliveryStatus.FAILED if gave_up else DeliveryStatus.QUEUED,
            last_error=f"{type(error).__name__}: {error}"[:300],
        )
        logger.warning(
            "Enquiry %s recipient %s not sent (attempt %s of %s%s): %s",
            reference,
            recipient.pk,
            recipient.delivery_attempts,
            MAX_DELIVERY_ATTEMPTS,
            ", giving up" if gave_up else "",
            type(error).__name__,
        )
        return recipient
    _record(recipient, delivery_status=DeliveryStatus.SENT, sent_at=now, last_error="")
    logger.info("Enquiry %s recipient %s sent (attempt %s)", reference, recipient.pk, recipient.delivery_attempts)
    return recipient


def _record(recipient: EnquiryRecipient, **values) -> None:
    for name, value in values.items():
        setattr(recipient, name, value)
    EnquiryRecipient.objects.filter(pk=recipient.pk).update(**values)


@transaction.atomic
def requester_notify(enquiry: Enquiry, *, status_token: str = "", now: datetime.datetime | None = None) -> bool:
    """Email the requester their reference, a copy of what they sent and the private link to the status page, once.
    Claimed like a recipient's copy, and the claim's row lock is held until the copy is marked sent: nothing else
    says a copy is being sent, so `send_enquiries` on another server, reading the enquiry after the claim, would
    otherwise claim it again and send it twice (tests/scaleout). A retry has no token (only its hash is kept), so it
    makes a new link and the old one stops working. Returns whether it was sent now."""
    now = now or timezone.now()
    claimed = Enquiry.objects.filter(
        pk=enquiry.pk,
        requester_notified_at__isnull=True,
        requester_attempts=enquiry.requester_attempts,
        requester_attempts__lt=MAX_DELIVERY_ATTEMPTS,
        contacts_deleted_at__isnull=True,
    ).update(requester_attempts=F("requester_attempts") + 1)
    if not claimed:
        return False
    enquiry = Enquiry.objects.select_related("school__local_authority", "specialism").get(pk=enquiry.pk)
    if not status_token:
        status_token, hashed = _new_token()
        Enquiry.objects.filter(pk=enquiry.pk).update(status_token_hash=hashed)
    context = {
        "enquiry": enquiry,
        "recipients": list(enquiry.recipients.all()),
        "status_url": service_url(status_url(status_token)),
        "link_days": LINK_DAYS,
    }
    message = EmailMessage(
        subject=f"Your enquiry {enquiry.reference}: we have sent it",
        body=render_to_string("matching/email/enquiry_copy.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[enquiry.contact_email],
    )
    try:
        message.send(fail_silently=False)
    except Exception as error:  # any failure of any email backend: try again later
        logger.warning("Enquiry %s copy to the requester not sent: %s", enquiry.reference, type(error).__name__)
        return False
    Enquiry.objects.filter(pk=enquiry.pk).update(requester_notified_at=now)
    return True


def enquiries_retry(*, now: datetime.datetime | None = None) -> tuple[int, int]:
    """Try every queued recipient whose last attempt was long enough ago, and every requester's copy not sent yet.
    Returns (sent, failed): how many recipients' copies were sent now, and how many were given up now."""
    now = now or timezone.now()
    due = (
        EnquiryRecipient.objects.to_send()
        .filter(Q(last_attempt_at__isnull=True) | Q(last_attempt_at__lte=now - RETRY_AFTER))
        .order_by("enquiry__created_at", "pk")
    )
    sent = failed = 0
    for recipient in due:
        status = recipient_deliver(recipient, now=now).delivery_status
        sent += status == DeliveryStatus.SENT
        failed += status == DeliveryStatus.FAILED
    for enquiry in Enquiry.objects.filter(
        requester_notified_at__isnull=True,
        requester_attempts__lt=MAX_DELIVERY_ATTEMPTS,
        contacts_deleted_at__isnull=True,
        created_at__lte=now - RETRY_AFTER,
    ).order_by("created_at", "pk"):
        requester_notify(enquiry, now=now)
    return sent, failed


# ---------------------------------------------------------------------------------------------------------------------
# Private links


class LinkExpired(Exception):
    pass


def enquiry_for_status_token(token: str, *, now: datetime.datetime | None = None) -> Enquiry | None:
    """The enquiry whose status link this is; None for a token nobody was given. LinkExpired after LINK_DAYS."""
    now = now or timezone.now()
    if not token or len(token) > 100:
        return None
    enquiry = Enquiry.objects.select_related("school", "specialism").filter(status_token_hash=token_hash(token)).first()
    if enquiry is None:
        return None
    if enquiry.status_expires_at is None or enquiry.status_expires_at <= now:
        raise LinkExpired
    return enquiry


def recipient_for_response_token(token: str, *, now: datetime.datetime | None = None) -> EnquiryRecipient | None:
    """The recipient whose one-time response link this is; None for a token nobody was given."""
    now = now or timezone.now()
    if not token or len(token) > 100:
        return None
    recipient = (
        EnquiryRecipient.objects.select_related("enquiry__school", "enquiry__specialism", "leader")
        .filter(response_token_hash=token_hash(token), teaching_school__isnull=True)
        .first()
    )
    if recipient is None:
        return None
    if recipient.enquiry.created_at + datetime.timedelta(days=LINK_DAYS) <= now:
        raise LinkExpired
    return recipient


# ---------------------------------------------------------------------------------------------------------------------
# Responses


# From each response, the responses that may follow: a reply can become a decline or an agreement; those are final.
NEXT_RESPONSES = {
    ResponseStatus.AWAITING: (ResponseStatus.REPLIED, ResponseStatus.DECLINED, ResponseStatus.AGREED),
    ResponseStatus.REPLIED: (ResponseStatus.DECLINED, ResponseStatus.AGREED),
    ResponseStatus.DECLINED: (),
    ResponseStatus.AGREED: (),
}
MAX_DECLINE_REASON = 500


@transaction.atomic
def enquiry_respond(
    *,
    recipient: EnquiryRecipient,
    response: str,
    decline_reason: str = "",
    responded_by=None,
    once: bool = False,
    now: datetime.datetime | None = None,
) -> EnquiryRecipient:
    """Record a recipient's response: replied, declined (with a reason the requester sees) or agreed. `once`: the
    response comes through a one-time link, which answers only an enquiry still awaiting a response. Errors are keyed
    "response" and "decline_reason"."""
    now = now or timezone.now()
    recipient = EnquiryRecipient.objects.select_for_update().get(pk=recipient.pk)
    decline_reason = " ".join((decline_reason or "").split())
    if response not in (ResponseStatus.REPLIED, ResponseStatus.DECLINED, ResponseStatus.AGREED):
        raise ValidationError({"response": "Choose your response"})
    current = ResponseStatus(recipient.response_status)
    if once and current != ResponseStatus.AWAITING:
        raise ValidationError({"response": f"This enquiry was already answered: {current.label.lower()}"})
    if response == current:
        return recipient  # the same response again (a double submit): nothing changes
    if response not in NEXT_RESPONSES[current]:
        raise ValidationError(
            {"response": f"This enquiry is already {current.label.lower()}: that response cannot change"}
        )
    if response == ResponseStatus.DECLINED and not decline_reason:
        raise ValidationError({"decline_reason": "Enter why you cannot help, for the school to read"})
    if len(decline_reason) > MAX_DECLINE_REASON:
        raise ValidationError({"decline_reason": f"The reason must be {MAX_DECLINE_REASON} characters or fewer"})
    recipient.response_status = response
    recipient.decline_reason = decline_reason if response == ResponseStatus.DECLINED else ""
    recipient.responded_at = now
    recipient.responded_by = responded_by
    recipient.full_clean()
    recipient.save(update_fields=["response_status", "decline_reason", "responded_at", "responded_by"])
    logger.info("Enquiry recipient %s responded: %s", recipient.pk, response)
    transaction.on_commit(partial(_tell_requester, recipient.pk))
    return recipient


def _tell_requester(pk: int) -> None:
    """Email the requester that a recipient responded. Best effort: the status page is the record, so a failure is
    logged and not tried again."""
    recipient = EnquiryRecipient.objects.select_related("enquiry__school").filter(pk=pk).first()
    if recipient is None or recipient.enquiry.contacts_deleted_at is not None:
        return
    enquiry = recipient.enquiry
    message = EmailMessage(
        subject=f"Your enquiry {enquiry.reference}: {recipient.name} responded",
        body=render_to_string("matching/email/enquiry_response.txt", {"enquiry": enquiry, "recipient": recipient}),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[enquiry.contact_email],
    )
    try:
        message.send(fail_silently=False)
    except Exception as error:  # any failure of any email backend: the status page still shows the response
        logger.warning("Enquiry %s response email not sent: %s", enquiry.reference, type(error).__name__)


@transaction.atomic
def enquiry_recipient_link_deployment(*, recipient: EnquiryRecipient, deployment) -> EnquiryRecipient:
    """Record the placement or deployment that answers an agreed enquiry."""
    recipient = EnquiryRecipient.objects.select_for_update().get(pk=recipient.pk)
    if recipient.response_status != ResponseStatus.AGREED:
        raise ValidationError({"enquiry": "Record that you agreed to help before starting the placement"})
    if recipient.deployment_id and recipient.deployment_id != deployment.pk:
        raise ValidationError({"enquiry": "A placement was already started from this enquiry"})
    recipient.deployment = deployment
    recipient.full_clean()
    recipient.save(update_fields=["deployment"])
    return recipient


def working_days_before(moment: datetime.datetime, days: int) -> datetime.datetime:
    """The moment `days` working days (Monday to Friday) before `moment`."""
    step = moment
    left = days
    while left:
        step -= datetime.timedelta(days=1)
        if step.weekday() < 5:
            left -= 1
    return step


def recipients_waiting(*, now: datetime.datetime | None = None):
    """Recipients with no response RESPONSE_WORKING_DAYS working days after the enquiry: the curators' task."""
    now = now or timezone.now()
    return (
        EnquiryRecipient.objects.awaiting_since(working_days_before(now, RESPONSE_WORKING_DAYS))
        .filter(enquiry__contacts_deleted_at__isnull=True)
        .select_related("enquiry__school", "leader", "teaching_school")
        .order_by("enquiry__created_at", "pk")
    )


# ---------------------------------------------------------------------------------------------------------------------
# Privacy


@transaction.atomic
def enquiry_contacts_delete(*, older_than_days: int | None = None, now: datetime.datetime | None = None) -> int:
    """Blank the contact details (name, email, role, telephone) and the message of enquiries made more than
    ENQUIRY_CONTACT_RETENTION_DAYS ago, and mark them. Their reference, school, need and responses are kept.
    Returns how many were blanked now."""
    now = now or timezone.now()
    days = settings.ENQUIRY_CONTACT_RETENTION_DAYS if older_than_days is None else older_than_days
    return update_recorded(
        Enquiry.objects.older_than(now - datetime.timedelta(days=days)).filter(contacts_deleted_at__isnull=True),
        contact_name="",
        contact_email="",
        contact_role="",
        contact_telephone="",
        message="",
        status_token_hash="",
        status_expires_at=None,
        contacts_deleted_at=now,
    )


def is_sle_recipient(recipient: EnquiryRecipient, today: datetime.date | None = None) -> bool:
    """Whether the recipient is an SLE of the teaching school that received it (so "agreed" offers a placement)."""
    if not recipient.leader_id or not recipient.teaching_school_id:
        return False
    return (
        Designation.objects.current(today)
        .of_role(Role.Code.SLE)
        .filter(leader_id=recipient.leader_id, teaching_school_id=recipient.teaching_school_id)
        .exists()
    )


@transaction.atomic
def enquiry_placement_started(*, recipient: EnquiryRecipient, placement, recorded_by=None) -> EnquiryRecipient:
    """A teaching school placed its SLE in answer to an agreed enquiry: link the placement to the enquiry and start
    its negotiation with the school's request (the days it proposed) as the first proposal."""
    recipient = enquiry_recipient_link_deployment(recipient=recipient, deployment=placement)
    enquiry = recipient.enquiry
    deployment_services.negotiation_record_add(
        deployment=placement,
        kind=NegotiationKind.PROPOSAL,
        proposed_by=NegotiationParty.SUPPORTED_SCHOOL,
        recorded_on=timezone.localdate(),
        days=enquiry.proposed_days,
        notes=f"Asked for through enquiry {enquiry.reference}.",
        recorded_by=recorded_by,
    )
    return recipient
