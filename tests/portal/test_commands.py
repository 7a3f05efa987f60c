"""create_teaching_school_user: staff accounts for the portal without the admin."""

import io

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.management import CommandError, call_command

from roles.models import TeachingSchoolMembership
from tests.factories import SchoolFactory
from tests.portal.factories import TeachingSchoolFactory, UserFactory

pytestmark = pytest.mark.django_db

GOOD_PASSWORD = "a-long-and-unusual-passphrase"


def create(**options):
    call_command("create_teaching_school_user", interactive=False, stdout=io.StringIO(), **options)


def test_it_creates_a_portal_user_for_a_teaching_school():
    school = TeachingSchoolFactory()

    create(urn=school.urn, email=" Head@School.Example ", password=GOOD_PASSWORD)

    user = get_user_model().objects.get()
    assert (user.username, user.email, user.is_staff, user.is_superuser) == (
        "head@school.example",
        "head@school.example",
        False,
        False,
    )
    assert user.teaching_school_membership.school == school
    assert authenticate(username="head@school.example", password=GOOD_PASSWORD) == user


def test_the_password_may_come_from_the_environment(monkeypatch):
    school = TeachingSchoolFactory()
    monkeypatch.setenv("PORTAL_USER_PASSWORD", GOOD_PASSWORD)
    create(urn=school.urn, email="head@school.example")
    assert get_user_model().objects.get().check_password(GOOD_PASSWORD)


@pytest.mark.parametrize(
    ("password", "message"),
    [
        ("short", "This password is too short"),
        ("password12345", "This password is too common"),
        ("", "Give a password"),
    ],
)
def test_a_weak_or_missing_password_is_refused(password, message, monkeypatch):
    monkeypatch.delenv("PORTAL_USER_PASSWORD", raising=False)
    school = TeachingSchoolFactory()
    with pytest.raises(CommandError, match=message):
        create(urn=school.urn, email="head@school.example", password=password)
    assert not get_user_model().objects.exists()


def test_a_school_that_is_not_a_teaching_school_is_refused():
    school = SchoolFactory()
    with pytest.raises(CommandError, match="This school does not hold a teaching school designation"):
        create(urn=school.urn, email="head@school.example", password=GOOD_PASSWORD)
    assert not get_user_model().objects.exists()
    assert not TeachingSchoolMembership.objects.exists()


def test_an_unknown_urn_is_refused():
    with pytest.raises(CommandError, match="No school has the URN 123"):
        create(urn=123, email="head@school.example", password=GOOD_PASSWORD)


@pytest.mark.parametrize("email", ["not-an-email", "head@school.example"])
def test_a_bad_or_taken_email_address_is_refused(email):
    UserFactory(username="someone", email="head@school.example")
    school = TeachingSchoolFactory()
    with pytest.raises(CommandError):
        create(urn=school.urn, email=email, password=GOOD_PASSWORD)
    assert get_user_model().objects.count() == 1
