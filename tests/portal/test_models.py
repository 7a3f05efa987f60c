"""TeachingSchoolMembership: one teaching school per user, and only a designated teaching school."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from portal.services import membership_create
from roles.models import Designation, TeachingSchoolMembership
from tests.factories import SchoolFactory, TeachingSchoolDesignationFactory
from tests.portal.factories import TeachingSchoolFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_membership_create_links_a_user_to_a_teaching_school():
    school, user = TeachingSchoolFactory(), UserFactory()
    membership = membership_create(user=user, school=school)
    assert user.teaching_school_membership == membership
    assert membership.school == school


def test_a_school_that_is_not_a_teaching_school_is_refused():
    with pytest.raises(ValidationError) as raised:
        membership_create(user=UserFactory(), school=SchoolFactory())
    assert raised.value.message_dict == {"school": ["This school does not hold a teaching school designation"]}
    assert not TeachingSchoolMembership.objects.exists()


def test_a_school_whose_teaching_school_designation_ended_is_refused():
    designation = TeachingSchoolDesignationFactory(
        designated_on=datetime.date(2014, 4, 1),
        ended_on=datetime.date(2021, 8, 31),
        end_reason=Designation.EndReason.LAPSED,
    )
    with pytest.raises(ValidationError):
        membership_create(user=UserFactory(), school=designation.school)


def test_a_user_belongs_to_one_teaching_school_only_by_validation():
    user = UserFactory()
    membership_create(user=user, school=TeachingSchoolFactory())
    with pytest.raises(ValidationError) as raised:
        membership_create(user=user, school=TeachingSchoolFactory())
    assert raised.value.message_dict == {"user": ["This user already belongs to a teaching school"]}


def test_a_user_belongs_to_one_teaching_school_only_in_the_database():
    user = UserFactory()
    TeachingSchoolMembership.objects.create(user=user, school=TeachingSchoolFactory())
    with pytest.raises(IntegrityError), transaction.atomic():
        TeachingSchoolMembership.objects.create(user=user, school=TeachingSchoolFactory())
    assert TeachingSchoolMembership.objects.count() == 1
