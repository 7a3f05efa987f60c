"""Writes for the portal's own records: atomic and validated."""

from django.contrib.auth import get_user_model
from django.db import transaction

from schools.models import School

from .models import TeachingSchoolMembership


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
