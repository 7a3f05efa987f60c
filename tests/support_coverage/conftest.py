"""A hand-made England of three local authorities in two regions, with schools at known grid references.

Distances are along one axis, so they can be checked by hand: 1 mile is 1,609.344 m, 24 miles 38,624 m and
26 miles 41,843 m.

North East (E12000001)
  Alpha: Hub School (good; an NLE who is also an SLE works here, and it is a teaching school) at (400000, 300000);
         Near School (requires improvement) 24 miles east of it.                     -> needing 1, out of reach 0
  Beta:  Far School (requires improvement) 26 miles west of Hub School; a paused NLE works 1 km from it, and a
         current SLE 500 m from it (an SLE is not an NLE).                           -> needing 1, out of reach 1
  Delta: replaced, with no schools                                                   -> not shown
South West (E12000009)
  Gamma: Remote School (inadequate) far from everyone; Quiet School (good) next to it, where an ended NLE, an NLE
         who starts later and an NLG (closed programme) work; Unplaced School (requires improvement, no grid
         reference); Shut School (requires improvement, closed)                     -> needing 2, out of reach 1
"""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from roles.models import Role, Specialism
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

MILE = 1609.344
HUB = (400000, 300000)


def miles_east(origin, miles):
    return origin[0] + round(miles * MILE), origin[1]


@pytest.fixture
def coverage_world(db):
    north_east = RegionFactory(code="E12000001", name="North East")
    south_west = RegionFactory(code="E12000009", name="South West")
    alpha = LocalAuthorityFactory(dfe_code="801", gss_code="E06000801", name="Alpha", region=north_east)
    beta = LocalAuthorityFactory(dfe_code="802", gss_code="E06000802", name="Beta", region=north_east)
    LocalAuthorityFactory(
        dfe_code="803", gss_code="E06000803", name="Delta", region=north_east, terminated_on=datetime.date(2023, 4, 1)
    )
    gamma = LocalAuthorityFactory(dfe_code="901", gss_code="E06000901", name="Gamma", region=south_west)

    def school(name, la, at, rating=School.OfstedRating.GOOD, **extra):
        easting, northing = at if at else (None, None)
        return SchoolFactory(
            name=name,
            local_authority=la,
            region=la.region,
            easting=easting,
            northing=northing,
            ofsted_rating=rating,
            **extra,
        )

    requires_improvement = School.OfstedRating.REQUIRES_IMPROVEMENT
    hub = school("Hub School", alpha, HUB)
    near = school("Near School", alpha, miles_east(HUB, 24), requires_improvement)
    far = school("Far School", beta, miles_east(HUB, -26), requires_improvement)
    paused_base = school("Paused Base School", beta, (far.easting + 1000, far.northing))
    sle_base = school("SLE Base School", beta, (far.easting + 500, far.northing))
    remote = school("Remote School", gamma, (150000, 50000), School.OfstedRating.INADEQUATE)
    quiet = school("Quiet School", gamma, (151000, 50000))
    unplaced = school("Unplaced School", gamma, None, requires_improvement)
    school("Shut School", gamma, (150500, 50000), requires_improvement, later_status=School.LaterStatus.CLOSED)

    maths = Specialism.objects.get(slug="maths")
    phonics = Specialism.objects.get(slug="phonics")
    nle_person = SystemLeaderFactory(school=hub)
    nle = DesignationFactory(leader=nle_person)
    SLEDesignationFactory(leader=nle_person, teaching_school=hub, specialisms=[maths])
    TeachingSchoolDesignationFactory(school=hub)
    DesignationFactory(
        leader=SystemLeaderFactory(school=paused_base), paused_on=datetime.date(2023, 1, 1), pause_reason="Leave"
    )
    SLEDesignationFactory(
        leader=SystemLeaderFactory(school=sle_base), teaching_school=hub, specialisms=[maths, phonics]
    )
    DesignationFactory(
        leader=SystemLeaderFactory(school=quiet),
        ended_on=datetime.date(2024, 1, 1),
        end_reason="lapsed",
    )
    DesignationFactory(
        leader=SystemLeaderFactory(school=quiet),
        designated_on=timezone.localdate() + datetime.timedelta(days=30),
        review_due=None,
    )
    nlg = DesignationFactory(role=role(Role.Code.NLG), leader=SystemLeaderFactory(school=quiet))
    return SimpleNamespace(
        north_east=north_east,
        south_west=south_west,
        alpha=alpha,
        beta=beta,
        gamma=gamma,
        hub=hub,
        near=near,
        far=far,
        remote=remote,
        unplaced=unplaced,
        nle=nle,
        nlg=nlg,
    )
