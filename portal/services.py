"""Writes for the portal's own records: atomic and validated."""

import datetime
import hashlib
import secrets
import uuid
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from core.terms import Term
from deployments import services as deployment_services
from deployments.models import Deployment
from roles import services as roles_services
from roles.models import Capacity, SystemLeader, TeachingSchoolMembership, school_is_teaching_school
from schools.models import School

from . import selectors
from .models import Invitation, PlacementSubmission


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
    may change what that school records (roles.services.capacity_record writes it)."""
    if selectors.capacity_recorder(leader, term, today) != teaching_school.pk:
        raise ValidationError(
            {
                "days_free": (
                    f"Your teaching school does not designate {leader.full_name} in the {term.label.lower()}: "
                    "only the teaching school that does records their days free"
                )
            }
        )
    return roles_services.capacity_record(
        leader=leader, term_starts_on=term.starts_on, days_free=days_free, recorded_by=recorded_by
    )


# ---------------------------------------------------------------------------------------------------------------------
# Invitations: curators let teaching school staff into the portal, and take them out


INVITATION_DAYS = 7


def invitation_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _invitation_email(email: str) -> str:
    return get_user_model().objects.normalize_email((email or "").strip()).lower()


def invitation_validate(*, email: str, school: School) -> None:
    """The rules for an invitation that need other tables. Raises ValidationError keyed by "email" or "school"."""
    email = _invitation_email(email)
    errors = {}
    if school is not None and not school_is_teaching_school(school):
        errors["school"] = "This school does not hold a teaching school designation: choose a teaching school"
    if email and get_user_model().objects.filter(username__iexact=email).exists():
        errors["email"] = "Someone with this email address already has an account"
    if email and Invitation.objects.open().filter(email=email).exists():
        errors["email"] = "This person already has an invitation waiting: withdraw it first to send a new one"
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def invitation_create(*, email: str, school: School, invited_by, accept_url: Callable[[str], str]) -> Invitation:
    """Invite one person, by email, to manage a teaching school's SLEs in the portal; send them a one-time link.

    accept_url(token) makes the link's full address. The token is random (256 bits) and only its hash is kept. The
    email is sent once the invitation is saved; if it cannot be sent, nothing is saved."""
    email = _invitation_email(email)
    invitation_validate(email=email, school=school)
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation = Invitation(
        email=email,
        school=school,
        invited_by=invited_by,
        token_hash=invitation_token_hash(token),
        created_at=now,
        expires_at=now + datetime.timedelta(days=INVITATION_DAYS),
    )
    invitation.full_clean()
    invitation.save()
    expires = timezone.localtime(invitation.expires_at)
    send_mail(
        subject=f"Manage {school.name}'s SLEs in Find school-to-school support",
        message=(
            f"The Department for Education has invited you to manage {school.name}'s specialist and local leaders "
            "of education (SLEs and LLEs) and their placements in Find school-to-school support.\n\n"
            f"To accept, choose a password here:\n{accept_url(token)}\n\n"
            f"The link works once, until {expires:%-d %B %Y at %H:%M}. If you were not expecting this email, "
            "you can ignore it.\n"
        ),
        from_email=None,
        recipient_list=[email],
    )
    return invitation


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token opens, if it can still be accepted."""
    if not token or len(token) > 100:
        return None
    return Invitation.objects.open().select_related("school").filter(token_hash=invitation_token_hash(token)).first()


@transaction.atomic
def invitation_accept(*, token: str, password: str):
    """Use an invitation: make the invitee's account (their email address is the username) with the password they
    chose, already checked by the password validators, and their membership of the teaching school. Works once."""
    invitation = (
        Invitation.objects.select_for_update()
        .open()
        .select_related("school")
        .filter(token_hash=invitation_token_hash(token or ""))
        .first()
    )
    if invitation is None:
        raise ValidationError("This invitation link has expired, been used or been withdrawn", code="invitation")
    if get_user_model().objects.filter(username__iexact=invitation.email).exists():
        raise ValidationError("Someone with this email address already has an account", code="invitation")
    user = teaching_school_user_create(school=invitation.school, email=invitation.email, password=password)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return user


@transaction.atomic
def invitation_withdraw(*, invitation: Invitation) -> Invitation:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is None and invitation.withdrawn_at is None:
        invitation.withdrawn_at = timezone.now()
        invitation.save(update_fields=["withdrawn_at"])
    return invitation


@transaction.atomic
def membership_access_remove(*, membership: TeachingSchoolMembership, removed_by) -> TeachingSchoolMembership:
    """Take a person out of the portal: their account is deactivated (they cannot sign in, and any session they have
    ends) and their membership records who removed them and when. Staff accounts are not the portal's to change."""
    membership = TeachingSchoolMembership.objects.select_for_update().select_related("user").get(pk=membership.pk)
    user = membership.user
    if user.is_staff or user.is_superuser:
        raise ValidationError("This is a DfE staff account: its access is not changed from the portal's records")
    if membership.access_removed_at is not None:
        return membership
    membership.access_removed_at = timezone.now()
    membership.access_removed_by = removed_by
    membership.full_clean()
    membership.save(update_fields=["access_removed_at", "access_removed_by"])
    user.is_active = False
    user.save(update_fields=["is_active"])
    return membership
