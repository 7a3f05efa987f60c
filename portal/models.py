"""Who may use the teaching school portal, and for which teaching school."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from deployments.models import Deployment
from roles.models import Designation, Role
from schools.models import School


class TeachingSchoolMembershipQuerySet(models.QuerySet):
    def with_school_is_teaching_school(self):
        """Annotate is_teaching_school: whether the member school holds a teaching school designation today."""
        return self.annotate(
            is_teaching_school=models.Exists(
                Designation.objects.of_role(Role.Code.TEACHING_SCHOOL)
                .current()
                .filter(school=models.OuterRef("school"))
            )
        )


class TeachingSchoolMembership(models.Model):
    """A user who works for a teaching school and manages its SLEs and their placements in the portal.

    A user belongs to at most one teaching school. The school must hold a teaching school designation: a rule
    that needs another table, so clean() and portal.services.membership_create check it."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="teaching_school_membership",
        error_messages={"unique": "This user already belongs to a teaching school"},
    )
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="portal_memberships")
    is_demo = models.BooleanField(
        default=False, help_text="A fictional user of a demo teaching school, created by the demo data command."
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TeachingSchoolMembershipQuerySet.as_manager()

    class Meta:
        ordering = ["school__name", "user__username"]

    def __str__(self):
        return f"{self.user} at {self.school}"

    def clean(self):
        if self.school_id and not school_is_teaching_school(self.school):
            raise ValidationError({"school": "This school does not hold a teaching school designation"})


def school_is_teaching_school(school: School) -> bool:
    return Designation.objects.of_role(Role.Code.TEACHING_SCHOOL).current().filter(school=school).exists()


class PlacementSubmission(models.Model):
    """One sending of the "Place an SLE" form, by the one-time token the form carried, and the placement it made:
    the same form sent again (a double click, a refresh, a retry) lands on that placement instead of making another."""

    token = models.UUIDField(primary_key=True)
    placement = models.OneToOneField(Deployment, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Placement {self.placement_id} from form {self.token}"
