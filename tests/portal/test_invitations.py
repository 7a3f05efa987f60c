"""Curators invite teaching school staff into the portal by email, with a one-time link, and remove their access;
nothing more of user administration. The history says who invited and who removed whom."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from audit.models import ChangeRecord
from portal import services
from portal.models import Invitation
from roles.models import TeachingSchoolMembership
from tests.factories import SchoolFactory
from tests.portal.factories import PASSWORD, MembershipFactory, TeachingSchoolFactory
from tests.roles.factories import CuratorFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-unusual-passphrase"


@pytest.fixture
def curator():
    return CuratorFactory(username="casey.curator")


@pytest.fixture
def curator_client(curator):
    client = Client()
    client.force_login(curator)
    return client


@pytest.fixture
def teaching_school():
    return TeachingSchoolFactory(name="Harbour Teaching School")


def invite(client, email, school):
    return client.post(reverse("admin:portal_invitation_add"), {"email": email, "school": school.pk}, follow=True)


def link_in_last_email() -> str:
    return re.search(r"http://\S+/portal/invitation/\S+/", mail.outbox[-1].body).group(0)


def test_a_curator_invites_and_the_invitee_joins_the_teaching_school(curator_client, curator, teaching_school):
    response = invite(curator_client, " Sam.Jones@Harbour.example ", teaching_school)
    assert "Invitation sent to sam.jones@harbour.example." in response.content.decode()
    invitation = Invitation.objects.get()
    assert (invitation.email, invitation.school, invitation.invited_by) == (
        "sam.jones@harbour.example",
        teaching_school,
        curator,
    )
    assert mail.outbox[-1].to == ["sam.jones@harbour.example"]
    link = link_in_last_email()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert len(token) >= 43 and token not in invitation.token_hash  # 256 random bits; only the hash is kept

    path = link.split("127.0.0.1:8000", 1)[-1] if "127.0.0.1" in link else link
    page = Client().get(path)
    assert page.status_code == 200 and "Manage Harbour Teaching School's SLEs" in page.content.decode()
    assert page["X-Robots-Tag"] == "noindex" and "no-cache" in page["Cache-Control"]

    # The password must pass the validators, twice the same.
    invitee = Client()
    response = invitee.post(path, {"password": "short", "password_again": "short"})
    assert "This password is too short" in response.content.decode()
    response = invitee.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD + "x"})
    assert "The passwords do not match" in response.content.decode()
    assert not get_user_model().objects.filter(username="sam.jones@harbour.example").exists()

    response = invitee.post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("portal:sign_in")
    user = get_user_model().objects.get(username="sam.jones@harbour.example")
    assert (user.is_staff, user.is_superuser, user.check_password(NEW_PASSWORD)) == (False, False, True)
    assert user.teaching_school_membership.school == teaching_school
    invitation.refresh_from_db()
    assert invitation.accepted_by == user and invitation.state == "Accepted"

    # Single use: the link no longer works.
    gone = Client().post(path, {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD})
    assert gone.status_code == 404 and "This invitation link no longer works" in gone.content.decode()
    assert Client().login(username="sam.jones@harbour.example", password=NEW_PASSWORD)

    # The history: who invited whom.
    created = ChangeRecord.objects.for_object(invitation).order_by("pk").first()
    assert (created.user, created.source, created.changes["email"][1]) == (curator, "admin", invitation.email)
    assert created.changes["token_hash"][1] == "(not copied into the history)"
    history = curator_client.get(reverse("admin:portal_invitation_history", args=[invitation.pk]))
    assert "<strong>Invited by</strong>: casey.curator" in history.content.decode()
    assert f"<strong>Accepted by</strong>: – → {user.username}" in history.content.decode()


def test_an_expired_withdrawn_or_guessed_link_does_not_work(curator_client, teaching_school):
    invite(curator_client, "a@school.example", teaching_school)
    expired_link = link_in_last_email()
    Invitation.objects.update(
        created_at=timezone.now() - datetime.timedelta(days=8), expires_at=timezone.now() - datetime.timedelta(days=1)
    )
    assert Client().get(expired_link.split("8000")[1]).status_code == 404

    invite(curator_client, "b@school.example", teaching_school)
    withdrawn_link = link_in_last_email()
    invitation = Invitation.objects.get(email="b@school.example")
    curator_client.post(
        reverse("admin:portal_invitation_changelist"),
        {"action": "withdraw_selected", "_selected_action": [invitation.pk]},
    )
    invitation.refresh_from_db()
    assert invitation.state == "Withdrawn"
    response = Client().post(
        withdrawn_link.split("8000")[1], {"password": NEW_PASSWORD, "password_again": NEW_PASSWORD}
    )
    assert response.status_code == 404
    assert Client().get(reverse("portal_invitation_accept", args=["guessed-token"])).status_code == 404
    assert not get_user_model().objects.filter(username__endswith="@school.example").exists()


def test_an_invitation_is_refused_for_a_school_that_is_not_a_teaching_school_or_a_known_person(
    curator_client, teaching_school
):
    response = invite(curator_client, "c@school.example", SchoolFactory())
    assert "This school does not hold a teaching school designation" in response.content.decode()
    member = MembershipFactory(school=teaching_school)
    response = invite(curator_client, member.user.email.upper(), teaching_school)
    assert "Someone with this email address already has an account" in response.content.decode()
    invite(curator_client, "d@school.example", teaching_school)
    response = invite(curator_client, "d@school.example", teaching_school)
    assert "already has an invitation waiting" in response.content.decode()
    assert response.context["adminform"].form.errors
    assert list(Invitation.objects.values_list("email", flat=True)) == ["d@school.example"]
    assert len(mail.outbox) == 1


def test_a_curator_removes_a_persons_access_and_the_history_says_who(curator_client, curator, teaching_school):
    member = MembershipFactory(school=teaching_school)
    portal = Client()
    assert portal.login(username=member.user.username, password=PASSWORD)
    assert portal.get(reverse("portal:dashboard")).status_code == 200

    response = curator_client.post(
        reverse("admin:roles_teachingschoolmembership_changelist"),
        {"action": "remove_access", "_selected_action": [member.pk]},
        follow=True,
    )
    assert "1 person can no longer sign in." in response.content.decode()
    member.refresh_from_db()
    member.user.refresh_from_db()
    assert (member.access_removed_by, member.user.is_active) == (curator, False)
    assert portal.get(reverse("portal:dashboard")).status_code == 302  # signed out: the account is inactive
    assert not Client().login(username=member.user.username, password=PASSWORD)
    change = ChangeRecord.objects.for_object(member).get(action="changed")
    assert change.user == curator and "access_removed_by" in change.changes
    history = curator_client.get(reverse("admin:roles_teachingschoolmembership_history", args=[member.pk]))
    assert "<strong>Access removed by</strong>: – → casey.curator" in history.content.decode()


def test_a_curator_has_no_other_user_administration(curator_client, teaching_school):
    member = MembershipFactory(school=teaching_school)
    for name, args in [
        ("auth_user_changelist", []),
        ("auth_user_add", []),
        ("auth_user_change", [member.user.pk]),
        ("auth_group_changelist", []),
        ("roles_teachingschoolmembership_add", []),
        ("roles_teachingschoolmembership_delete", [member.pk]),
        ("portal_invitation_delete", [1]),
    ]:
        assert curator_client.get(reverse(f"admin:{name}", args=args)).status_code in (403, 404), name
    # The membership's page changes nothing: who and which school are read-only.
    other = TeachingSchoolFactory()
    curator_client.post(
        reverse("admin:roles_teachingschoolmembership_change", args=[member.pk]), {"school": other.pk, "user": 1}
    )
    member.refresh_from_db()
    assert member.school == teaching_school


def test_a_staff_account_is_not_removed_through_the_portal_records(curator, teaching_school):
    staff = MembershipFactory(school=teaching_school, user__is_staff=True)
    with pytest.raises(Exception, match="DfE staff account"):
        services.membership_access_remove(membership=staff, removed_by=curator)
    staff.user.refresh_from_db()
    assert staff.user.is_active


def test_the_constraints_read_as_messages_on_full_clean(curator, teaching_school):
    from django.core.exceptions import ValidationError

    now = timezone.now()
    bad = Invitation(
        email="e@x.example", school=teaching_school, invited_by=curator, token_hash="1", expires_at=now, created_at=now
    )
    with pytest.raises(ValidationError, match="An invitation must expire after it is made"):
        bad.full_clean()
    bad.expires_at, bad.accepted_at = now + datetime.timedelta(days=1), now
    with pytest.raises(ValidationError, match="An accepted invitation records who accepted it"):
        bad.full_clean()
    member = MembershipFactory(school=teaching_school)
    member.access_removed_at = now
    with pytest.raises(ValidationError, match="Record who removed this person's access"):
        member.full_clean()


def test_the_constraints_hold_in_the_database(curator, teaching_school):
    from django.db import IntegrityError, transaction

    now = timezone.now()
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            email="e@x.example",
            school=teaching_school,
            invited_by=curator,
            token_hash="1",
            expires_at=now,
            created_at=now,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            email="e@x.example",
            school=teaching_school,
            invited_by=curator,
            token_hash="2",
            expires_at=now + datetime.timedelta(days=1),
            accepted_at=now,
        )
    member = MembershipFactory(school=teaching_school)
    with pytest.raises(IntegrityError), transaction.atomic():
        TeachingSchoolMembership.objects.filter(pk=member.pk).update(access_removed_at=now)
    Invitation.objects.create(
        email="e@x.example",
        school=teaching_school,
        invited_by=curator,
        token_hash="3",
        expires_at=now + datetime.timedelta(days=7),
    )
