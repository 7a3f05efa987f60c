"""Writes for the portal's own records: atomic and validated."""

import datetime
import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from deployments import services as deployment_services
from deployments.models import Deployment
from matching import services as matching_services
from matching.models import Capacity
from matching.terms import Term
from roles.models import SystemLeader
from schools.models import School

from . import selectors
from .models import PlacementSubmission, TeachingSchoolMembership


@transaction.atomic
def membership_create(*, user, school: School) -> TeachingSchoolMembership:
    """Let a user manage a teaching school's SLEs in the portal. The school must be a designated teaching school."""
    membership = TeachingSchoolMembership(user=user, school=school)
    membership.full_clean()
    membership.save()
    return membership


@transaction.atomic
def teaching_school_user_create(*, school: School, email: str, password: str):
    """Create a portal user (not staff: the admin is not theirs) and their membership of a teaching school.

    The email address is the username. The password must already have passed Django's password validators."""
    email = get_user_model().objects.normalize_email(email.strip()).lower()
    user = get_user_model()(username=email, email=email, is_staff=False, is_superuser=False)
    user.set_password(password)
    user.full_clean()
    user.save()
    membership_create(user=user, school=school)
    return user


@transaction.atomic
def placement_request(*, teaching_school: School, submission_token: uuid.UUID, **request) -> tuple[Deployment, bool]:
    """Place one of the teaching school's SLEs (deployments.services.deployment_request takes `request`), once per
    sending of the form: the same form token again returns the placement it made. Returns (placement, made now)."""
    # Two sendings at the same moment would each find no earlier placement: the second waits for the first here.
    list(School.objects.select_for_update(no_key=True).filter(pk=teaching_school.pk).values("pk"))
    earlier = PlacementSubmission.objects.filter(token=submission_token).select_related("placement").first()
    if earlier is not None:
        return earlier.placement, False
    placement = deployment_services.deployment_request(**request)
    PlacementSubmission.objects.create(token=submission_token, placement=placement)
    return placement, True


@transaction.atomic
def capacity_record_for(
    *, teaching_school: School, leader: SystemLeader, term: Term, days_free, recorded_by, today: datetime.date
) -> Capacity:
    """Record a person's days free for a term, as the teaching school that designates them then: no other school
    may change what that school records (matching.services.capacity_record writes it)."""
    if selectors.capacity_recorder(leader, term, today) != teaching_school.pk:
        raise ValidationError(
            {
                "days_free": (
                    f"Your teaching school does not designate {leader.full_name} in the {term.label.lower()}: "
                    "only the teaching school that does records their days free"
                )
            }
        )
    return matching_services.capacity_record(
        leader=leader, term_starts_on=term.starts_on, days_free=days_free, recorded_by=recorded_by
    )
