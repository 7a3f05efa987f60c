"""factory_boy factories shared by the test suite. Deterministic: sequences, never module-level randomness."""

import datetime

import factory

from roles.models import Designation, Role, Specialism, SystemLeader, TeachingSchoolAlliance
from schools.models import LocalAuthority, Region, School, TeachingSchoolHubArea


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"E1200{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"Region {n}")


class LocalAuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalAuthority
        django_get_or_create = ("dfe_code",)

    dfe_code = factory.Sequence(lambda n: f"{100 + n % 900:03d}")
    gss_code = factory.Sequence(lambda n: f"E0600{n % 10000:04d}")
    name = factory.Sequence(lambda n: f"Local authority {n}")
    region = factory.SubFactory(RegionFactory)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School
        django_get_or_create = ("urn",)

    urn = factory.Sequence(lambda n: 900000 + n)
    name = factory.Sequence(lambda n: f"Test School {n}")
    local_authority = factory.SubFactory(LocalAuthorityFactory)
    region = factory.SelfAttribute("local_authority.region")
    phase = School.Phase.PRIMARY
    establishment_type = "Community school"
    establishment_type_group = "Local authority maintained schools"
    ofsted_rating = School.OfstedRating.GOOD
    town = "Leeds"
    postcode = "LS6 1AA"
    easting = factory.Sequence(lambda n: 420000 + n * 10)
    northing = factory.Sequence(lambda n: 430000 + n * 10)


class HubAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingSchoolHubArea
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"YH{n % 99 + 1}")
    hub_name = factory.Sequence(lambda n: f"Test Teaching School Hub {n}")
    region = factory.SubFactory(RegionFactory)
    lead_school = factory.SubFactory(SchoolFactory)
    lead_school_urn = factory.SelfAttribute("lead_school.urn")


class SystemLeaderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SystemLeader

    first_name = factory.Sequence(lambda n: f"Alex{n}")
    last_name = factory.Sequence(lambda n: f"Example{n}")
    job_title = "Headteacher"
    school = factory.SubFactory(SchoolFactory)
    email = factory.LazyAttribute(lambda o: f"{o.first_name.lower()}@example.org")
    email_is_public = True


def role(code: str) -> Role:
    """Roles are reference data loaded by a migration: look them up, never create them."""
    return Role.objects.get(code=code)


class DesignationFactory(factory.django.DjangoModelFactory):
    """A current NLE designation by default; pass role=role("sle") and teaching_school=... for an SLE."""

    class Meta:
        model = Designation

    role = factory.LazyFunction(lambda: role(Role.Code.NLE))
    leader = factory.SubFactory(SystemLeaderFactory)
    designated_on = datetime.date(2022, 9, 1)
    review_due = datetime.date(2027, 9, 1)


class SLEDesignationFactory(DesignationFactory):
    class Meta:
        skip_postgeneration_save = True

    role = factory.LazyFunction(lambda: role(Role.Code.SLE))
    teaching_school = factory.SubFactory(SchoolFactory)

    @factory.post_generation
    def specialisms(self, create, extracted, **kwargs):
        if not create:
            return
        self.specialisms.set(extracted or [Specialism.objects.get(slug="maths")])


class TeachingSchoolDesignationFactory(DesignationFactory):
    role = factory.LazyFunction(lambda: role(Role.Code.TEACHING_SCHOOL))
    leader = None
    school = factory.SubFactory(SchoolFactory)


class TeachingSchoolAllianceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeachingSchoolAlliance

    name = factory.Sequence(lambda n: f"Test Teaching School Alliance {n}")
    teaching_school = factory.SubFactory(SchoolFactory)
