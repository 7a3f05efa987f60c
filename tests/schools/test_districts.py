"""Districts: the upper-tier authority of each, and which district took over an abolished one (real data)."""

import pytest

from schools.loading.districts import read_district_geography
from schools.loading.hub_areas import HUB_DISTRICT_LADS, hub_area_district_lad


@pytest.fixture(scope="module")
def districts(shared_data_dir):
    return read_district_geography(shared_data_dir)


@pytest.mark.parametrize(
    ("district", "over_time", "dfe_code"),
    [
        ("Allerdale", ["allerdale", "cumberland"], "942"),
        ("South Lakeland", ["south lakeland", "westmorland and furness"], "943"),
        ("Harrogate", ["harrogate", "north yorkshire"], "815"),
        ("Mendip", ["mendip", "somerset"], "933"),
        ("Camden", ["camden"], "202"),
        ("Barnsley", ["barnsley"], "370"),  # its GSS code changed in 2025; the DfE code did not
        ("East Suffolk", ["east suffolk"], "935"),
    ],
)
def test_districts_over_time_and_their_authority(districts, district, over_time, dfe_code):
    assert districts.names_over_time(district) == over_time
    assert districts.dfe_code_of_district(district) == dfe_code


def test_every_non_standard_hub_district_name_maps_to_a_district(districts):
    for name in HUB_DISTRICT_LADS:
        assert districts.dfe_code_of_district(hub_area_district_lad(name)), name
