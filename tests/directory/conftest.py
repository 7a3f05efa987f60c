"""A small directory on real schools' grid references and real postcodes (Code-Point Open areas LS and EC)."""

import datetime
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from roles.models import Designation, Role, Specialism
from schools.models import School
from tests.factories import (
    DesignationFactory,
    LocalAuthorityFactory,
    RegionFactory,
    SchoolFactory,
    SLEDesignationFactory,
    SystemLeaderFactory,
    TeachingSchoolDesignationFactory,
    role,
)

TODAY = datetime.date.today()


@pytest.fixture
def postcodes_loaded(db):
    call_command("load_postcodes", areas="ls,ec", verbosity=0)


@pytest.fixture
def world(db, postcodes_loaded):
    yorkshire = RegionFactory(code="E12000003", name="Yorkshire and the Humber")
    london = RegionFactory(code="E12000007", name="London")
    leeds = LocalAuthorityFactory(dfe_code="383", gss_code="E08000035", name="Leeds", region=yorkshire)
    city = LocalAuthorityFactory(dfe_code="201", gss_code="E09000001", name="City of London", region=london)

    def school(urn, name, postcode, easting, northing, la=leeds, phase=School.Phase.PRIMARY):
        return SchoolFactory(
            urn=urn,
            name=name,
            postcode=postcode,
            easting=easting,
            northing=northing,
            local_authority=la,
            region=la.region,
            phase=phase,
        )

    brudenell = school(107885, "Brudenell Primary School", "LS6 1EN", 428320, 435366)
    quarry_mount = school(107889, "Quarry Mount Primary School", "LS6 2JP", 429421, 435550)
    spring_bank = school(107890, "Spring Bank Primary School", "LS6 1AD", 428057, 435733)
    heenan = school(
        108095, "Cardinal Heenan Catholic High School", "LS6 4QE", 429035, 438145, phase=School.Phase.SECONDARY
    )
    aldgate = school(100000, "The Aldgate School", "EC3A 5DE", 533498, 181201, la=city)

    nle = DesignationFactory(
        leader=SystemLeaderFactory(
            first_name="Nadia",
            last_name="Okafor",
            school=brudenell,
            telephone="0113 496 0001",
            telephone_is_public=True,
        ),
        designated_on=datetime.date(2021, 9, 1),
    )
    teaching_school = TeachingSchoolDesignationFactory(school=spring_bank, designated_on=datetime.date(2015, 4, 1))
    sle = SLEDesignationFactory(
        leader=SystemLeaderFactory(first_name="Samir", last_name="Patel", school=quarry_mount, email_is_public=False),
        teaching_school=spring_bank,
        designated_on=datetime.date(2019, 9, 1),
        specialisms=[Specialism.objects.get(slug="phonics"), Specialism.objects.get(slug="maths")],
    )
    nlg = DesignationFactory(
        role=role(Role.Code.NLG),
        leader=SystemLeaderFactory(first_name="Gwen", last_name="Hughes", school=heenan),
        designated_on=datetime.date(2016, 1, 1),
        review_due=None,
        ended_on=datetime.date(2023, 11, 6),
        end_reason=Designation.EndReason.PROGRAMME_CLOSED,
    )
    reviewer = DesignationFactory(
        role=role(Role.Code.PUPIL_PREMIUM_REVIEWER),
        leader=SystemLeaderFactory(first_name="Ada", last_name="Lovelace", school=aldgate),
        designated_on=datetime.date(2024, 1, 10),
    )
    return SimpleNamespace(
        leeds=leeds,
        city=city,
        yorkshire=yorkshire,
        london=london,
        brudenell=brudenell,
        quarry_mount=quarry_mount,
        spring_bank=spring_bank,
        heenan=heenan,
        aldgate=aldgate,
        nle=nle,
        teaching_school=teaching_school,
        sle=sle,
        nlg=nlg,
        reviewer=reviewer,
    )


def result_names(response) -> list[str]:
    return [row.name for row in response.context["rows"]]
