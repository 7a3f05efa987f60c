"""Factories for the portal tests, beyond the shared ones in tests/factories.py."""

import datetime

import factory
from django.contrib.auth import get_user_model

from roles.models import TeachingSchoolMembership
from tests.factories import SchoolFactory, TeachingSchoolDesignationFactory

PASSWORD = "correct-horse-battery-staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@school.example")
    email = factory.SelfAttribute("username")
    password = factory.django.Password(PASSWORD)


class TeachingSchoolFactory(SchoolFactory):
    """A school holding a current teaching school designation (since 2015)."""

    class Meta:
        skip_postgeneration_save = True

    @factory.post_generation
    def teaching_school_designation(self, create, extracted, **kwargs):
        if create:
            TeachingSchoolDesignationFactory(school=self, designated_on=datetime.date(2015, 4, 1), review_due=None)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingSchoolMembership

    user = factory.SubFactory(UserFactory)
    school = factory.SubFactory(TeachingSchoolFactory)
