"""Matching schools to support: what a school needs, leaders' capacity, enquiries from schools to leaders and
teaching schools, and the schools DfE flags for its improvement offer."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import GreaterThan, LessThanOrEqual

from roles.models import Specialism, SystemLeader
from schools.models import School


class Need(models.TextChoices):
    """What a school asks for help with."""

    LEADERSHIP = "leadership", "Leadership"
    GOVERNANCE = "governance", "Governance"
    FINANCIAL_HEALTH = "financial_health", "Financial health"
    PUPIL_PREMIUM = "pupil_premium", "Pupil premium"
    SPECIALISM = "specialism", "A subject or specialist area"


MAX_MESSAGE_LENGTH = 2000
MAX_RECIPIENTS = 5  # one enquiry goes to at most this many leaders and teaching schools
MAX_PROPOSED_DAYS = 200


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not be sent"
    NO_ADDRESS = "no_address", "No email address: shown in the portal and admin only"


class ResponseStatus(models.TextChoices):
    """What a recipient says to an enquiry, as the requester's status page shows it."""

    AWAITING = "awaiting", "Waiting for a response"
    REPLIED = "replied", "Replied"
    DECLINED = "declined", "Declined"
    AGREED = "agreed", "Agreed to help"


class EnquiryQuerySet(models.QuerySet):
    def older_than(self, moment):
        return self.filter(created_at__lt=moment)


class Enquiry(models.Model):
    """A school's request for help, sent from the shortlist to one or more system leaders and teaching schools (its
    recipients). Stored first, then emailed to each recipient and to the requester: if email fails it stays queued
    and is tried again (matching.enquiries).

    The requester follows the responses on a status page reached by a private link (only a hash of its token is
    stored). After ENQUIRY_CONTACT_RETENTION_DAYS the contact details and message are blanked
    (contacts_deleted_at is set), so the constraints that require them hold only until then."""

    DeliveryStatus = DeliveryStatus
    MAX_MESSAGE_LENGTH = MAX_MESSAGE_LENGTH
    MAX_RECIPIENTS = MAX_RECIPIENTS

    reference = models.CharField(max_length=12, unique=True)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="enquiries_made")
    need = models.CharField(max_length=20, choices=Need.choices)
    specialism = models.ForeignKey(Specialism, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    contact_name = models.CharField("your name", max_length=100, blank=True)
    contact_email = models.EmailField("your email address", max_length=254, blank=True)
    contact_role = models.CharField("your role", max_length=100, blank=True)
    contact_telephone = models.CharField("telephone", max_length=30, blank=True)
    message = models.TextField(max_length=MAX_MESSAGE_LENGTH, blank=True)
    proposed_days = models.DecimalField(
        "days of support proposed", max_digits=4, decimal_places=1, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    status_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    status_expires_at = models.DateTimeField(null=True, blank=True)
    # The requester's copy, with the private link: emailed once, tried again like the recipients' emails.
    requester_notified_at = models.DateTimeField(null=True, blank=True)
    requester_attempts = models.PositiveSmallIntegerField(default=0)
    contacts_deleted_at = models.DateTimeField(null=True, blank=True)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "enquiries"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(need=Need.SPECIALISM, specialism__isnull=False) | ~Q(need=Need.SPECIALISM),
                name="enquiry_specialism_when_needed",
            ),
            models.CheckConstraint(condition=Q(need__in=Need.values), name="enquiry_need_known"),
            models.CheckConstraint(
                condition=Q(contacts_deleted_at__isnull=False) | ~Q(contact_name=""),
                name="enquiry_contact_name_given",
            ),
            models.CheckConstraint(
                condition=Q(contacts_deleted_at__isnull=False) | ~Q(contact_email=""),
                name="enquiry_contact_email_given",
            ),
            models.CheckConstraint(
                condition=(
                    Q(contacts_deleted_at__isnull=True)
                    & GreaterThan(Length("message"), 0)
                    & LessThanOrEqual(Length("message"), MAX_MESSAGE_LENGTH)
                )
                | Q(contacts_deleted_at__isnull=False, message=""),
                name="enquiry_message_length",
            ),
            models.CheckConstraint(
                condition=Q(contacts_deleted_at__isnull=True)
                | Q(contact_name="", contact_email="", contact_role="", contact_telephone=""),
                name="enquiry_contacts_blank_when_deleted",
            ),
            models.CheckConstraint(
                condition=Q(proposed_days__isnull=True) | Q(proposed_days__gt=0, proposed_days__lte=MAX_PROPOSED_DAYS),
                name="enquiry_proposed_days_in_range",
            ),
            models.CheckConstraint(
                condition=Q(status_token_hash="", status_expires_at__isnull=True)
                | (~Q(status_token_hash="") & Q(status_expires_at__isnull=False)),
                name="enquiry_status_token_expires",
            ),
        ]

    def __str__(self):
        return f"Enquiry {self.reference} from {self.school}"

    @property
    def need_label(self) -> str:
        if self.need == Need.SPECIALISM and self.specialism_id:
            return self.specialism.name
        return Need(self.need).label


class EnquiryRecipientQuerySet(models.QuerySet):
    def to_send(self):
        return self.filter(delivery_status=DeliveryStatus.QUEUED)

    def received_by(self, school: School):
        """What the teaching school received: the rows it was sent to when each enquiry was made. Never worked out
        from designation dates, so a designation made later (or backdated) reaches nothing sent to another school."""
        return self.filter(teaching_school=school)

    def awaiting_since(self, moment):
        """Sent or stored before the moment and still without a response."""
        return self.filter(response_status=ResponseStatus.AWAITING, enquiry__created_at__lt=moment)


class EnquiryRecipient(models.Model):
    """One recipient of an enquiry: a system leader (through their teaching school, or directly when DfE entered
    their address) or a school. teaching_school is the school whose staff received it, recorded when the enquiry was
    made: the portal shows a teaching school exactly these rows."""

    DeliveryStatus = DeliveryStatus
    ResponseStatus = ResponseStatus

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="recipients")
    leader = models.ForeignKey(
        SystemLeader, on_delete=models.PROTECT, null=True, blank=True, related_name="enquiries_received"
    )
    teaching_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="enquiries_received"
    )
    name = models.CharField(max_length=300, help_text="Who it was sent to, as the requester chose them.")
    delivery_status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)
    response_status = models.CharField(max_length=20, choices=ResponseStatus.choices, default=ResponseStatus.AWAITING)
    decline_reason = models.CharField(max_length=500, blank=True)
    responded_at = models.DateTimeField(null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # A leader emailed directly responds through a one-time link; only a hash of its token is kept.
    response_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    deployment = models.ForeignKey(
        "deployments.Deployment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="enquiry_recipients",
        help_text="The placement or deployment agreed in answer to the enquiry.",
    )

    objects = EnquiryRecipientQuerySet.as_manager()

    class Meta:
        ordering = ["enquiry", "pk"]
        indexes = [models.Index(fields=["delivery_status"], name="enquiry_recipient_delivery")]
        constraints = [
            models.CheckConstraint(
                condition=Q(leader__isnull=False) | Q(teaching_school__isnull=False),
                name="enquiry_recipient_leader_or_school",
            ),
            models.UniqueConstraint(
                fields=["enquiry", "leader"], condition=Q(leader__isnull=False), name="enquiry_recipient_leader_once"
            ),
            models.UniqueConstraint(
                fields=["enquiry", "teaching_school"],
                condition=Q(leader__isnull=True),
                name="enquiry_recipient_school_once",
            ),
            models.CheckConstraint(
                condition=Q(delivery_status__in=DeliveryStatus.values), name="enquiry_recipient_delivery_known"
            ),
            models.CheckConstraint(
                condition=Q(delivery_status=DeliveryStatus.SENT, sent_at__isnull=False)
                | (~Q(delivery_status=DeliveryStatus.SENT) & Q(sent_at__isnull=True)),
                name="enquiry_recipient_sent_when_sent_at",
            ),
            models.CheckConstraint(
                condition=Q(response_status__in=ResponseStatus.values), name="enquiry_recipient_response_known"
            ),
            models.CheckConstraint(
                condition=Q(response_status=ResponseStatus.AWAITING, responded_at__isnull=True)
                | (~Q(response_status=ResponseStatus.AWAITING) & Q(responded_at__isnull=False)),
                name="enquiry_recipient_responded_when_responded_at",
            ),
            models.CheckConstraint(
                condition=(Q(response_status=ResponseStatus.DECLINED) & ~Q(decline_reason=""))
                | (~Q(response_status=ResponseStatus.DECLINED) & Q(decline_reason="")),
                name="enquiry_recipient_decline_reason",
            ),
            models.CheckConstraint(
                condition=Q(deployment__isnull=True) | Q(response_status=ResponseStatus.AGREED),
                name="enquiry_recipient_deployment_when_agreed",
            ),
            models.CheckConstraint(
                condition=Q(response_token_hash="") | Q(teaching_school__isnull=True, leader__isnull=False),
                name="enquiry_recipient_token_only_for_leader",
            ),
        ]

    def __str__(self):
        return f"{self.enquiry.reference} to {self.name}"

    @property
    def is_awaiting(self) -> bool:
        return self.response_status == ResponseStatus.AWAITING


class DfeMatchRequestStatus(models.TextChoices):
    OPEN = "open", "Waiting for DfE"
    MATCHED = "matched", "Matched with an NLE"
    CLOSED = "closed", "Closed without a match"


# The needs a school can ask DfE to match it with an NLE for, through the improvement offer.
DFE_MATCH_NEEDS = (Need.GOVERNANCE, Need.LEADERSHIP)


class DfeMatchRequestQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=DfeMatchRequestStatus.OPEN)


class DfeMatchRequest(models.Model):
    """An eligible school's request, in its own words, that DfE match it with an NLE through the improvement offer.
    Curators see it in the improvement offer and match from it; a match closes it. One open request per school."""

    Status = DfeMatchRequestStatus
    MAX_MESSAGE_LENGTH = MAX_MESSAGE_LENGTH

    reference = models.CharField(max_length=12, unique=True)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="dfe_match_requests")
    need = models.CharField(max_length=20, choices=[(need.value, need.label) for need in DFE_MATCH_NEEDS])
    # Blank only once deleted after the retention time: the constraints below hold the rule.
    message = models.TextField("what the school needs", max_length=MAX_MESSAGE_LENGTH, blank=True)
    contact_name = models.CharField("name", max_length=100, blank=True)
    contact_role = models.CharField("role", max_length=100, blank=True)
    contact_email = models.EmailField("email address", max_length=254, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=10, choices=DfeMatchRequestStatus.choices, default=DfeMatchRequestStatus.OPEN)
    closed_at = models.DateTimeField(null=True, blank=True)
    contacts_deleted_at = models.DateTimeField(
        null=True, blank=True, help_text="When the contact details and words were deleted (kept for a limited time)."
    )
    deployment = models.ForeignKey(
        "deployments.Deployment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The NLE deployment DfE's match started.",
    )

    objects = DfeMatchRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "DfE match request"
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"],
                condition=Q(status=DfeMatchRequestStatus.OPEN),
                name="dfe_match_request_one_open_per_school",
            ),
            models.CheckConstraint(
                condition=Q(need__in=[need.value for need in DFE_MATCH_NEEDS]), name="dfe_match_request_need_known"
            ),
            models.CheckConstraint(
                condition=Q(status__in=DfeMatchRequestStatus.values), name="dfe_match_request_status_known"
            ),
            models.CheckConstraint(
                condition=Q(status=DfeMatchRequestStatus.OPEN, closed_at__isnull=True)
                | (~Q(status=DfeMatchRequestStatus.OPEN) & Q(closed_at__isnull=False)),
                name="dfe_match_request_closed_when_closed_at",
            ),
            models.CheckConstraint(
                condition=Q(deployment__isnull=True) | Q(status=DfeMatchRequestStatus.MATCHED),
                name="dfe_match_request_deployment_only_when_matched",
            ),
            # Contact details and words are given, until deleted after the retention time (and then all gone).
            models.CheckConstraint(
                condition=~Q(contact_name="") | Q(contacts_deleted_at__isnull=False),
                name="dfe_match_request_contact_name_given",
            ),
            models.CheckConstraint(
                condition=~Q(contact_role="") | Q(contacts_deleted_at__isnull=False),
                name="dfe_match_request_contact_role_given",
            ),
            models.CheckConstraint(
                condition=~Q(contact_email="") | Q(contacts_deleted_at__isnull=False),
                name="dfe_match_request_contact_email_given",
            ),
            models.CheckConstraint(
                condition=(
                    GreaterThan(Length("message"), 0)
                    & LessThanOrEqual(Length("message"), MAX_MESSAGE_LENGTH)
                    & Q(contacts_deleted_at__isnull=True)
                )
                | Q(contacts_deleted_at__isnull=False, contact_name="", contact_role="", contact_email="", message=""),
                name="dfe_match_request_message_length",
            ),
        ]

    def __str__(self):
        return f"DfE match request {self.reference} from {self.school}"
