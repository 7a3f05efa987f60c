"""The real reference data, loaded once for the module by load_reference_data."""

import datetime
import re

import pytest
from django.db.models import Count, F

from schools.models import HubAreaDistrict, LocalAuthority, Region, School, TeachingSchoolHubArea

from .conftest import run_command

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture(autouse=True)
def _loaded(reference_data):
    return reference_data


def test_first_load_reports_what_it_created(reference_data):
    assert "regions: 11 rows read, 9 created" in reference_data
    assert "schools: 20,188 rows read, 20,188 created, 0 changed, 0 unchanged" in reference_data
    assert "hub areas: 87 rows read, 87 created" in reference_data
    assert "0 schools have no hub area" in reference_data


def test_nine_regions_with_london_e12():
    assert Region.objects.count() == 9
    assert Region.objects.get(code="E12000007").name == "London"


def test_the_schools_name_152_authorities_and_all_resolve():
    assert School.objects.count() == 20_188
    assert LocalAuthority.objects.filter(schools__isnull=False).distinct().count() == 152
    # 153 current authorities, and Cumbria, which the 2022 schools still name.
    assert LocalAuthority.objects.count() == 154
    assert not School.objects.exclude(region=F("local_authority__region")).exists()


def test_cumbria_is_kept_as_terminated_and_its_successors_are_current():
    cumbria = LocalAuthority.objects.get(dfe_code="909")
    assert cumbria.name == "Cumbria"
    assert cumbria.terminated_on == datetime.date(2023, 3, 31)
    assert cumbria.region.name == "North West"
    assert cumbria.schools.count() == 307
    assert set(LocalAuthority.objects.current().filter(dfe_code__in=["942", "943"]).values_list("name", flat=True)) == {
        "Cumberland",
        "Westmorland and Furness",
    }
    assert not LocalAuthority.objects.filter(dfe_code__contains="/").exists()


def test_the_aldgate_school():
    school = School.objects.select_related("local_authority", "region").get(urn=100000)
    assert school.name == "The Aldgate School"
    assert school.local_authority.name == "City of London"
    assert school.region.code == "E12000007"
    assert (school.easting, school.northing) == (533498, 181201)
    assert school.phase == School.Phase.PRIMARY
    assert school.ofsted_rating == School.OfstedRating.OUTSTANDING
    assert school.ofsted_inspected_on == datetime.date(2013, 4, 19)
    assert school.postcode == "EC3A 5DE"
    assert school.later_status == School.LaterStatus.OPEN
    assert school.hub_area.code == "L6"


def test_phases_and_ratings_match_the_source_counts():
    phases = dict(School.objects.values_list("phase").annotate(n=Count("id")))
    assert phases == {
        "primary": 16_775,
        "secondary": 3_151,
        "all_through": 158,
        "middle_deemed_secondary": 97,
        "middle_deemed_primary": 7,
    }
    ratings = dict(School.objects.values_list("ofsted_rating").annotate(n=Count("id")))
    assert ratings == {
        "good": 12_825,
        "outstanding": 2_420,
        "requires_improvement": 1_576,
        "inadequate": 121,
        "not_reported": 3_246,
    }


def test_later_status_from_the_2025_lists():
    statuses = dict(School.objects.values_list("later_status").annotate(n=Count("id")))
    assert statuses == {"open": 18_548, "replaced": 1_476, "closed": 164}
    assert not School.objects.filter(later_status="replaced", successor_urn__isnull=True).exists()


def test_hub_areas_their_districts_and_lead_schools():
    assert TeachingSchoolHubArea.objects.count() == 87
    assert HubAreaDistrict.objects.count() == 301
    assert not HubAreaDistrict.objects.filter(local_authority__isnull=True).exists()
    assert TeachingSchoolHubArea.objects.filter(lead_school__isnull=False).count() == 80
    area = TeachingSchoolHubArea.objects.get(code="EE1")
    assert (area.hub_name, area.lead_school_urn, area.region.name) == (
        "Saffron Teaching School Hub",
        136776,
        "East of England",
    )
    assert area.lead_school.urn == 136776
    assert HubAreaDistrict.objects.get(name="Birmingham North").local_authority.dfe_code == "330"
    assert HubAreaDistrict.objects.get(name="North Yorkshire W.").local_authority.dfe_code == "815"


def test_every_school_has_a_hub_area():
    assert not School.objects.filter(hub_area__isnull=True).exists()
    # Every area covers some schools.
    assert not TeachingSchoolHubArea.objects.annotate(n=Count("schools")).filter(n=0).exists()


def hub_area_counts(district_name):
    return dict(
        School.objects.filter(district_name=district_name).values_list("hub_area__code").annotate(n=Count("id"))
    )


def test_split_districts_are_shared_deterministically():
    birmingham = hub_area_counts("Birmingham")
    assert set(birmingham) == {"WM9", "WM10"} and abs(birmingham["WM9"] - birmingham["WM10"]) <= 1
    east_suffolk = hub_area_counts("East Suffolk")
    assert set(east_suffolk) == {"EE6", "EE10"} and abs(east_suffolk["EE6"] - east_suffolk["EE10"]) <= 1
    assert set(hub_area_counts("Cornwall")) == {"SW8", "SW11"}
    # Old North Yorkshire districts (abolished in 2023) go to the area of their part of the county.
    assert hub_area_counts("Scarborough") == {"YH3": 49}
    assert hub_area_counts("Craven") == {"YH10": 37}
    assert set(hub_area_counts("Selby")) <= {"YH3", "YH8"}
    # Cumbria's old districts, by the unitary that took each over.
    assert hub_area_counts("Allerdale") == {"NW11": 68}
    assert hub_area_counts("Bristol, City of") == {"SW9": 126}


def summary_lines(output):
    return [line for line in output.splitlines() if re.search(r"[0-9,]+ created", line)]


def test_a_second_run_changes_nothing():
    output = run_command("load_reference_data")
    lines = summary_lines(output)
    assert len(lines) == 8
    assert all("0 created, 0 changed" in line for line in lines), lines
    assert "Reference data: 0 created, 0 changed in all" in output


@pytest.mark.parametrize("command", ["load_geography", "load_schools", "load_hub_areas"])
def test_each_command_runs_again_on_its_own(command):
    lines = summary_lines(run_command(command))
    assert lines and all("0 created, 0 changed" in line for line in lines), lines
