"""Each schools constraint, both ways: full_clean() words it for a person, a raw save is refused by the database."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from schools.models import LocalAuthority, Region, School, TeachingSchoolHubArea
from tests.factories import LocalAuthorityFactory, RegionFactory, SchoolFactory

pytestmark = pytest.mark.django_db


def assert_refused(instance, field=None):
    with pytest.raises(ValidationError) as excinfo:
        instance.full_clean()
    if field:
        assert field in excinfo.value.message_dict or "__all__" in excinfo.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


def test_region_code_must_be_e12():
    assert_refused(Region(code="E13000001", name="Inner London"))


def test_local_authority_code_is_three_digits():
    region = RegionFactory()
    assert_refused(LocalAuthority(dfe_code="9X9", gss_code="E06000999", name="Nowhere", region=region))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"phase": "kindergarten"}, "phase"),
        ({"ofsted_rating": "excellent"}, "ofsted_rating"),
        ({"gias_status": "gone"}, "gias_status"),
        ({"later_status": "moved"}, "later_status"),
        ({"easting": 533498, "northing": None}, None),
        ({"easting": 900_000, "northing": 100_000}, None),
        ({"opened_on": datetime.date(2020, 9, 1), "closed_on": datetime.date(2019, 8, 31)}, None),
        ({"statutory_low_age": 11, "statutory_high_age": 4}, None),
        ({"later_status": "replaced", "successor_urn": None}, None),
    ],
)
def test_school_constraints(changes, field):
    school = SchoolFactory.build(local_authority=LocalAuthorityFactory(), **changes)
    school.region = school.local_authority.region
    assert_refused(school, field)


def test_a_valid_school_saves():
    school = SchoolFactory.build(local_authority=LocalAuthorityFactory(), later_status="replaced", successor_urn=1)
    school.region = school.local_authority.region
    school.full_clean()
    school.save()


def test_hub_area_code_format():
    region = RegionFactory()
    assert_refused(TeachingSchoolHubArea(code="XX1", hub_name="Nowhere hub", region=region, lead_school_urn=1))
    assert School.objects.count() == 0
