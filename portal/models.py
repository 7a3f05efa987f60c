"""Who may use the teaching school portal, and for which teaching school."""

from django.conf import settings
from django.db import models
from django.utils import timezone

from deployments.models import Deployment
from schools.models import School


class PlacementSubmission(models.Model):
    """One sending of the "Place an SLE" form, by the one-time token the form carried, and the placement it made:
    the same form sent again (a double click, a refresh, a retry) lands on that placement instead of making another."""

    token = models.UUIDField(primary_key=True)
    placement = models.OneToOneField(Deployment, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Placement {self.placement_id} from form {self.token}"


class InvitationQuerySet(models.QuerySet):
    def open(self, now=None):
        """Invitations that can still be accepted: not used, not withdrawn, not expired."""
        now = now or timezone.now()
        return self.filter(accepted_at__isnull=True, withdrawn_at__isnull=True, expires_at__gt=now)


class Invitation(models.Model):
    """A curator's invitation for one person to manage a teaching school's SLEs in the portal.

    The link emailed to them carries a random token; only its SHA-256 hash is kept, so the table cannot be used to
    sign anyone up. It works once, until it expires (INVITATION_DAYS after it was made) or a curator withdraws it."""

    email = models.EmailField("email address")
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="portal_invitations")
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(editable=False)
    accepted_at = models.DateTimeField(null=True, blank=True, editable=False)
    accepted_by = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="portal_invitation"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(expires_at__gt=models.F("created_at")),
                name="invitation_expires_after_it_is_made",
                violation_error_message="An invitation must expire after it is made",
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True, accepted_by__isnull=True)
                | models.Q(accepted_at__isnull=False, accepted_by__isnull=False),
                name="invitation_accepted_by_someone",
                violation_error_message="An accepted invitation records who accepted it, and when",
            ),
            models.CheckConstraint(
                condition=models.Q(accepted_at__isnull=True) | models.Q(withdrawn_at__isnull=True),
                name="invitation_accepted_or_withdrawn_not_both",
                violation_error_message="An invitation cannot be both accepted and withdrawn",
            ),
        ]

    def __str__(self):
        return f"{self.email} to {self.school.name}" if self.school_id else self.email

    @property
    def state(self) -> str:
        if self.accepted_at:
            return "Accepted"
        if self.withdrawn_at:
            return "Withdrawn"
        if self.expires_at and self.expires_at <= timezone.now():
            return "Expired"
        return "Waiting"
