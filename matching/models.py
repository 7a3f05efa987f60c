"""Matching schools to support: what a school needs, leaders' capacity, enquiries from schools to leaders and
teaching schools, and the schools DfE flags for its improvement offer."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.functions import Length, TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

from roles.models import Designation, Specialism, SystemLeader
from schools.models import School

from .terms import term_containing


class Need(models.TextChoices):
    """What a school asks for help with."""

    LEADERSHIP = "leadership", "Leadership"
    GOVERNANCE = "governance", "Governance"
    FINANCIAL_HEALTH = "financial_health", "Financial health"
    PUPIL_PREMIUM = "pupil_premium", "Pupil premium"
    SPECIALISM = "specialism", "A subject or specialist area"


MAX_MESSAGE_LENGTH = 2000
MAX_DAYS_FREE = 65  # a school term has about 13 weeks of 5 days


class CapacityQuerySet(models.QuerySet):
    def this_term(self, today: datetime.date | None = None):
        return self.filter(term_starts_on=term_containing(today or timezone.localdate()).starts_on)


class Capacity(models.Model):
    """How many days a system leader has free for support in one term, as they or their teaching school say."""

    leader = models.ForeignKey(SystemLeader, on_delete=models.CASCADE, related_name="capacities")
    term_starts_on = models.DateField("term", help_text="The first day of the term (1 September, 1 January, 1 April).")
    days_free = models.DecimalField(max_digits=3, decimal_places=1)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = CapacityQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "capacities"
        ordering = ["-term_starts_on", "leader__last_name"]
        constraints = [
            models.UniqueConstraint(fields=["leader", "term_starts_on"], name="capacity_one_per_leader_and_term"),
            models.CheckConstraint(
                condition=Q(days_free__gte=0) & Q(days_free__lte=MAX_DAYS_FREE), name="capacity_days_free_in_range"
            ),
            models.CheckConstraint(
                condition=(Q(term_starts_on__month=9) | Q(term_starts_on__month=1) | Q(term_starts_on__month=4))
                & Q(term_starts_on__day=1),
                name="capacity_term_starts_on_a_term_start",
            ),
        ]

    def __str__(self):
        return f"{self.leader}: {self.days_free} days free from {self.term_starts_on:%-d %B %Y}"


class DeliveryStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to be sent"
    SENT = "sent", "Sent"
    FAILED = "failed", "Could not be sent"
    NO_ADDRESS = "no_address", "No email address: shown in the portal and admin only"


class EnquiryQuerySet(models.QuerySet):
    def to_send(self):
        return self.filter(delivery_status=DeliveryStatus.QUEUED)

    def for_teaching_school(self, school: School):
        """Enquiries to the teaching school, or to a leader it had designated (an SLE or LLE) when the enquiry was
        made: not to someone it designated once, whose later enquiries are none of its business."""
        designated_then = Designation.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=OuterRef("asked_on")),
            leader=OuterRef("leader"),
            teaching_school=school,
            designated_on__lte=OuterRef("asked_on"),
        )
        return self.annotate(asked_on=TruncDate("created_at")).filter(
            Q(teaching_school=school) | Exists(designated_then)
        )


class Enquiry(models.Model):
    """A school's request for help, sent from the shortlist to one system leader or one teaching school. Stored
    first, then emailed: if email fails it stays queued and is tried again (matching.enquiries)."""

    DeliveryStatus = DeliveryStatus
    MAX_MESSAGE_LENGTH = MAX_MESSAGE_LENGTH

    reference = models.CharField(max_length=12, unique=True)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="enquiries_made")
    need = models.CharField(max_length=20, choices=Need.choices)
    specialism = models.ForeignKey(Specialism, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    leader = models.ForeignKey(SystemLeader, on_delete=models.PROTECT, null=True, blank=True, related_name="enquiries")
    teaching_school = models.ForeignKey(
        School, on_delete=models.PROTECT, null=True, blank=True, related_name="enquiries_received"
    )
    contact_name = models.CharField("your name", max_length=100)
    contact_email = models.EmailField("your email address", max_length=254)
    contact_role = models.CharField("your role", max_length=100, blank=True)
    contact_telephone = models.CharField("telephone", max_length=30, blank=True)
    message = models.TextField(max_length=MAX_MESSAGE_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    delivery_status = models.CharField(max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.QUEUED)
    delivery_attempts = models.PositiveSmallIntegerField(default=0)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=300, blank=True)

    objects = EnquiryQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "enquiries"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["delivery_status", "created_at"], name="enquiry_delivery")]
        constraints = [
            models.CheckConstraint(
                condition=Q(leader__isnull=False, teaching_school__isnull=True)
                | Q(leader__isnull=True, teaching_school__isnull=False),
                name="enquiry_to_one_leader_or_teaching_school",
            ),
            models.CheckConstraint(
                condition=Q(need=Need.SPECIALISM, specialism__isnull=False) | ~Q(need=Need.SPECIALISM),
                name="enquiry_specialism_when_needed",
            ),
            models.CheckConstraint(condition=Q(need__in=Need.values), name="enquiry_need_known"),
            models.CheckConstraint(
                condition=Q(delivery_status__in=DeliveryStatus.values), name="enquiry_delivery_status_known"
            ),
            models.CheckConstraint(
                condition=Q(delivery_status=DeliveryStatus.SENT, sent_at__isnull=False)
                | (~Q(delivery_status=DeliveryStatus.SENT) & Q(sent_at__isnull=True)),
                name="enquiry_sent_when_sent_at",
            ),
            models.CheckConstraint(condition=~Q(contact_name=""), name="enquiry_contact_name_given"),
            models.CheckConstraint(condition=~Q(contact_email=""), name="enquiry_contact_email_given"),
            models.CheckConstraint(
                condition=GreaterThan(Length("message"), 0) & LessThanOrEqual(Length("message"), MAX_MESSAGE_LENGTH),
                name="enquiry_message_length",
            ),
        ]

    def __str__(self):
        return f"Enquiry {self.reference} from {self.school}"

    @property
    def recipient(self):
        return self.leader or self.teaching_school


class SupportFlagQuerySet(models.QuerySet):
    def raised(self):
        return self.filter(cleared_on__isnull=True)


class SupportFlag(models.Model):
    """A curator's note that a school should be offered improvement support, whatever its Ofsted rating says."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="support_flags")
    reason = models.CharField(max_length=300)
    flagged_on = models.DateField()
    flagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    cleared_on = models.DateField(null=True, blank=True)

    objects = SupportFlagQuerySet.as_manager()

    class Meta:
        ordering = ["-flagged_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school"], condition=Q(cleared_on__isnull=True), name="support_flag_one_raised_per_school"
            ),
            models.CheckConstraint(
                condition=Q(cleared_on__isnull=True) | Q(cleared_on__gte=models.F("flagged_on")),
                name="support_flag_cleared_after_flagged",
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="support_flag_reason_given"),
        ]

    def __str__(self):
        return f"{self.school} flagged on {self.flagged_on:%-d %B %Y}"
