"""Factories for the roles tests, beyond the shared ones in tests/factories.py."""

import datetime

import factory
from django.contrib.auth.models import Group

from roles.curators import CURATOR_GROUP_NAME
from roles.models import AlliancePartnership, Designation, Role
from tests.factories import (
    DesignationFactory,
    RegionFactory,
    SchoolFactory,
    TeachingSchoolAllianceFactory,
    TeachingSchoolDesignationFactory,
    role,
)


class NLGDesignationFactory(DesignationFactory):
    role = factory.LazyFunction(lambda: role(Role.Code.NLG))
    designated_on = datetime.date(2018, 9, 1)
    review_due = datetime.date(2021, 9, 1)


class CouncilDesignationFactory(DesignationFactory):
    """A current regional representative on the Teaching Schools Council."""

    class Meta:
        skip_postgeneration_save = True

    role = factory.LazyFunction(lambda: role(Role.Code.TSC_REPRESENTATIVE))
    council_seat = Designation.CouncilSeat.REGIONAL
    council_region = factory.SubFactory(RegionFactory)

    @factory.post_generation
    def teaching_school(self, create, extracted, **kwargs):
        """Representatives are "serving school leaders of designated teaching schools": their school is one."""
        if create and not Designation.objects.of_role(Role.Code.TEACHING_SCHOOL).filter(school=self.leader.school):
            TeachingSchoolDesignationFactory(school=self.leader.school, designated_on=datetime.date(2014, 4, 1))


class HubDesignationFactory(DesignationFactory):
    role = factory.LazyFunction(lambda: role(Role.Code.TEACHING_SCHOOL_HUB))
    leader = None
    school = factory.SubFactory(SchoolFactory)
    designated_on = datetime.date(2021, 9, 1)
    review_due = None


class AlliancePartnershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AlliancePartnership

    alliance = factory.SubFactory(TeachingSchoolAllianceFactory)
    school = factory.SubFactory(SchoolFactory)


class CuratorFactory(factory.django.DjangoModelFactory):
    """A member of DfE staff in the "DfE curator" group (made by a migration): staff, not a superuser."""

    class Meta:
        model = "auth.User"
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"curator{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@education.gov.uk")
    is_staff = True
    is_superuser = False

    @factory.post_generation
    def curator_group(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get(name=CURATOR_GROUP_NAME))
