"""load_postcodes on real Code-Point Open areas, loaded once for the module."""

import pytest

from postcodes.models import OutwardCode, Postcode, PostcodeAreaFile
from tests.postcodes.conftest import REAL_AREAS
from tests.postcodes.test_load_postcodes import table_contents

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_real_areas_load(real_postcodes):
    assert "ls.csv.gz: 22,033 rows, 22,033 created, 0 changed, 0 removed, 0 unlocated" in real_postcodes
    assert "td.csv.gz: 4,521 rows, 4,521 created, 0 changed, 0 removed, 1 unlocated" in real_postcodes
    assert "Files read: 4, skipped unchanged: 0. Postcodes: 50,228 created" in real_postcodes
    assert Postcode.objects.count() == 22_033 + 20_064 + 3_610 + 4_521
    assert Postcode.objects.in_area("LS").count() == 22_033
    assert Postcode.objects.in_area("S").count() == 0  # SW is another area
    assert Postcode.objects.in_area("SW").count() == 20_064
    assert Postcode.objects.get(pk="SW1A 1AA").easting == 529090
    assert list(Postcode.objects.filter(easting__isnull=True).values_list("pk", "positional_quality")) == [
        ("TD14 9AH", Postcode.PositionalQuality.NO_COORDINATES)
    ]
    ls6 = OutwardCode.objects.get(pk="LS6")
    assert (ls6.easting, ls6.northing, ls6.postcode_count) == (428354, 436064, 886)
    assert sum(OutwardCode.objects.values_list("postcode_count", flat=True)) == Postcode.objects.count()
    assert dict(PostcodeAreaFile.objects.values_list("area", "row_count")) == {
        "EC": 3_610,
        "LS": 22_033,
        "SW": 20_064,
        "TD": 4_521,
    }


def test_second_run_changes_nothing(real_postcodes, load):
    before = table_contents()
    output = load(areas=REAL_AREAS)
    assert "Files read: 0, skipped unchanged: 4. Postcodes: 0 created, 0 changed, 0 removed" in output
    assert "ls.csv.gz: unchanged, skipped" in output

    output = load(areas=REAL_AREAS, force=True)
    assert "Files read: 4, skipped unchanged: 0. Postcodes: 0 created, 0 changed, 0 removed" in output
    assert table_contents()[:2] == before[:2]


def test_rows_already_there_are_diffed_even_without_a_checksum(real_postcodes, load):
    PostcodeAreaFile.objects.filter(area="EC").delete()
    output = load(areas="ec")
    assert "ec.csv.gz: 3,610 rows, 0 created, 0 changed, 0 removed" in output
    assert PostcodeAreaFile.objects.filter(area="EC").exists()
