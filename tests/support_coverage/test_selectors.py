import datetime

import pytest
from django.utils import timezone

from roles.models import Role
from schools.models import School
from support_coverage import selectors
from tests.factories import SchoolFactory

TODAY = timezone.localdate()


def by_name(report):
    return {row.name: row for row in report.rows}


def test_schools_needing_support_are_open_and_rated_requires_improvement_or_inadequate(coverage_world):
    names = set(School.objects.needing_support().values_list("name", flat=True))
    assert names == {"Near School", "Far School", "Remote School", "Unplaced School"}


def test_a_school_a_curator_flagged_needs_support_on_the_coverage_page_as_in_the_improvement_offer(coverage_world):
    """The coverage page counted only Ofsted ratings, while the improvement offer also counted the curators'
    flags: both ask School.objects.needing_support() now."""
    from schools.models import School, SupportFlag

    quiet = School.objects.get(name="Quiet School")  # rated good, in Gamma (South West), 1 km from Remote School
    SupportFlag.objects.create(school=quiet, reason="Falling results", flagged_on=TODAY)
    assert quiet in School.objects.needing_support()

    south_west = by_name(selectors.england_coverage(TODAY))["South West"]
    assert south_west.needing_support == 3
    assert south_west.needing_support_out_of_reach == 2  # Quiet School too: no current NLE near


def test_england_by_region_hand_computed(coverage_world):
    report = selectors.england_coverage(TODAY)
    rows = by_name(report)
    assert list(rows) == ["North East", "South West"]
    north_east, south_west = rows["North East"], rows["South West"]

    assert north_east.open_schools == 5
    assert north_east.system_leaders == 2  # the NLE who is also an SLE counts once
    assert north_east.schools_per_leader == 2.5
    assert north_east.needing_support == 2
    assert north_east.needing_support_out_of_reach == 1  # Far School: the nearest current NLE is 26 miles away
    assert north_east.out_of_reach_percent == 50.0
    assert dict(north_east.designations) == {Role.Code.NLE: 1, Role.Code.SLE: 2, Role.Code.TEACHING_SCHOOL: 1}

    assert south_west.open_schools == 3  # Shut School is closed
    assert south_west.system_leaders == 0  # ended, starting later, and a closed programme
    assert south_west.schools_per_leader is None
    assert south_west.needing_support == 2
    assert south_west.needing_support_out_of_reach == 1  # Remote School; Unplaced School has no grid reference
    assert dict(south_west.designations) == {}

    england = report.total
    assert (england.name, england.open_schools, england.system_leaders) == ("England", 8, 2)
    assert england.schools_per_leader == 4.0
    assert (england.needing_support, england.needing_support_out_of_reach, england.out_of_reach_percent) == (4, 2, 50)


def test_region_by_local_authority_hand_computed(coverage_world):
    report = selectors.region_coverage("E12000001", TODAY)
    rows = by_name(report)
    assert list(rows) == ["Alpha", "Beta"]  # Delta was replaced and has nothing recorded under it
    alpha, beta = rows["Alpha"], rows["Beta"]
    assert (alpha.code, alpha.dfe_code) == ("E06000801", "801")
    assert (alpha.open_schools, alpha.system_leaders, alpha.schools_per_leader) == (2, 1, 2.0)
    assert (alpha.needing_support, alpha.needing_support_out_of_reach) == (1, 0)
    assert (beta.open_schools, beta.system_leaders, beta.schools_per_leader) == (3, 1, 3.0)
    assert (beta.needing_support, beta.needing_support_out_of_reach) == (1, 1)
    assert report.total.name == "North East"
    assert report.total.open_schools == alpha.open_schools + beta.open_schools


def test_a_replaced_authority_with_schools_is_still_shown(coverage_world):
    delta = coverage_world.alpha.region.local_authorities.get(name="Delta")
    SchoolFactory(name="Old School", local_authority=delta, region=delta.region, easting=1, northing=1)
    rows = by_name(selectors.region_coverage("E12000001", TODAY))
    assert rows["Delta"].is_replaced and rows["Delta"].open_schools == 1


def test_gaps_follow_the_chosen_reach(coverage_world):
    assert selectors.england_coverage(TODAY, reach_miles=27).total.needing_support_out_of_reach == 1  # Remote only
    assert selectors.england_coverage(TODAY, reach_miles=20).total.needing_support_out_of_reach == 3  # and Near


def test_an_nle_in_another_region_still_reaches(coverage_world):
    # Far School's nearest current NLE works in Alpha; move Far School's authority to the South West.
    coverage_world.beta.region = coverage_world.south_west
    coverage_world.beta.save()
    rows = by_name(selectors.england_coverage(TODAY, reach_miles=27))
    assert rows["South West"].needing_support == 3
    assert rows["South West"].needing_support_out_of_reach == 1


def test_the_nle_reach_is_25_miles_by_default():
    assert selectors.NLE_REACH_MILES == 25
    assert selectors.NLE_REACH_MILES in selectors.NLE_REACH_CHOICES_MILES


def test_closed_programme_is_listed_as_closed_not_counted(coverage_world):
    report = selectors.england_coverage(TODAY)
    roles = {role.code: role for role in report.roles}
    assert roles[Role.Code.NLG].is_closed and roles[Role.Code.NLG].count is None
    assert Role.Code.NLG not in [role.code for role in report.counted_roles]
    assert [role.code for role in report.closed_roles] == [Role.Code.NLG]
    assert roles[Role.Code.NLE].count == 1
    assert roles[Role.Code.PUPIL_PREMIUM_REVIEWER].count == 0


def test_designations_are_counted_as_on_the_day(coverage_world):
    # The NLE who starts later is counted from their start date, and then reaches Remote School.
    later = TODAY + datetime.timedelta(days=31)
    assert selectors.england_coverage(later).total.needing_support_out_of_reach == 1
    assert selectors.england_coverage(later).total.designations_of(Role.Code.NLE) == 2


def test_specialisms_grouped_by_focus_area(coverage_world):
    report = selectors.region_coverage("E12000001", TODAY)
    assert [area.name for area in report.focus_areas] == [
        "Leadership and management",
        "Pupil achievement",
        "Quality of teaching",
        "Behaviour and safety",
    ]
    counts = {s.slug: s.count for area in report.focus_areas for s in area.specialisms}
    assert counts["maths"] == 2 and counts["phonics"] == 1 and counts["science"] == 0
    south_west = selectors.region_coverage("E12000009", TODAY)
    assert all(s.count == 0 for area in south_west.focus_areas for s in area.specialisms)


def test_unknown_region_is_none(coverage_world):
    assert selectors.region_coverage("E12999999", TODAY) is None


@pytest.mark.django_db
def test_an_empty_england_divides_by_nothing():
    report = selectors.england_coverage(TODAY)
    assert report.rows == []
    assert report.total.schools_per_leader is None and report.total.out_of_reach_percent is None


def test_rows_by_role_follow_the_counted_roles(coverage_world):
    report = selectors.england_coverage(TODAY)
    codes = [role.code for role in report.counted_roles]
    north_east, counts = report.rows_by_role[0]
    assert dict(zip(codes, counts, strict=True)) == {code: north_east.designations_of(code) for code in codes}


def test_the_schools_needing_support_carry_the_answer_the_rows_count(coverage_world):
    report = selectors.england_coverage(TODAY)
    answers = {(school.easting, school.northing): school.nle_within_reach for school in report.needing_schools}
    world = coverage_world
    assert answers == {
        (world.near.easting, world.near.northing): True,
        (world.far.easting, world.far.northing): False,
        (world.remote.easting, world.remote.northing): False,
        (None, None): None,  # Unplaced School cannot be placed, so is never out of reach
    }
    assert sum(1 for school in report.needing_schools if school.nle_within_reach is False) == (
        report.total.needing_support_out_of_reach
    )
    assert len(report.needing_schools) == report.total.needing_support


def test_a_region_report_carries_only_its_own_schools_needing_support(coverage_world):
    report = selectors.region_coverage("E12000001", TODAY)
    assert {school.authority_id for school in report.needing_schools} == {
        coverage_world.alpha.pk,
        coverage_world.beta.pk,
    }


def test_open_school_cells_are_the_squares_holding_an_open_school(coverage_world):
    # Hub School (400000, 300000), Near 24 miles east, Far 26 miles west with two schools near it, in the North East;
    # Remote and Quiet School 1 km apart in the South West (Shut School is closed; Unplaced School has no place).
    cells = set(selectors.open_school_cells(5000))
    assert (80, 60) in cells and (30, 10) in cells
    assert len(cells) == len(set(cells))
    assert set(selectors.open_school_cells(5000, coverage_world.south_west)) == {(30, 10)}
