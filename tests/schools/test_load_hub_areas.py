"""load_hub_areas against the real geography, with the real area files or a broken copy of one."""

import pytest
from django.core.management import CommandError

from schools.loading.hub_areas import AREAS_FILE, LEAD_SCHOOLS_FILE
from schools.models import HubAreaDistrict, TeachingSchoolHubArea

from .conftest import run_command

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _geography(geography):
    return geography


@pytest.fixture
def data_dir_with(shared_data_dir, tmp_path):
    """A folder linking to every real data file, except the ones given, which are written with new content."""

    def make(**replacements: str):
        for source in shared_data_dir.iterdir():
            if source.name not in replacements:
                (tmp_path / source.name).symlink_to(source)
        for name, content in replacements.items():
            (tmp_path / name).write_text(content, encoding="utf-8")
        return tmp_path

    return make


def test_hub_areas_load_before_the_schools(shared_data_dir):
    output = run_command("load_hub_areas")
    assert "hub areas: 87 rows read, 87 created" in output
    assert "87 lead schools are not among the loaded schools" in output
    assert TeachingSchoolHubArea.objects.filter(lead_school__isnull=True).count() == 87
    assert HubAreaDistrict.objects.count() == 301
    assert "hub areas: 87 rows read, 0 created, 0 changed, 87 unchanged" in run_command("load_hub_areas")


def test_a_bad_row_refuses_the_files(shared_data_dir, data_dir_with):
    lines = (shared_data_dir / LEAD_SCHOOLS_FILE).read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("139732", "13973x")  # EE2
    lines[5] = "XX1" + lines[5][3:]
    data_dir = data_dir_with(**{LEAD_SCHOOLS_FILE: "\n".join(lines) + "\n"})
    with pytest.raises(CommandError) as excinfo:
        run_command("load_hub_areas", "--data-dir", str(data_dir))
    message = str(excinfo.value)
    assert "line 3: EE2: lead_school_urn '13973x' is not a number" in message
    assert "line 6: 'XX1' is not a hub area code" in message
    assert not TeachingSchoolHubArea.objects.exists()


def test_an_unknown_region_refuses_the_files(shared_data_dir, data_dir_with):
    lines = (shared_data_dir / AREAS_FILE).read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace("East of England", "East Anglia")
    data_dir = data_dir_with(**{AREAS_FILE: "\n".join(lines) + "\n"})
    with pytest.raises(CommandError, match="line 2: EE1: 'East Anglia' is not a region we know"):
        run_command("load_hub_areas", "--data-dir", str(data_dir))
    assert not TeachingSchoolHubArea.objects.exists()
