"""Each postcodes constraint, both ways: full_clean() words it for a person, a raw save is refused by the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from postcodes.models import OutwardCode, Postcode, PostcodeAreaFile

pytestmark = pytest.mark.django_db


def assert_refused(instance):
    with pytest.raises(ValidationError):
        instance.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        instance.save()


def test_a_good_postcode_is_accepted():
    postcode = Postcode(postcode="LS1 1AZ", positional_quality=10, easting=428811, northing=433420)
    postcode.full_clean()
    postcode.save()
    Postcode(postcode="TD14 9AH", positional_quality=90).save()


@pytest.mark.parametrize(
    "fields",
    [
        {"postcode": "ls1 1az"},
        {"postcode": "LS11AZ"},
        {"postcode": "LS1  1AZ"},
        {"postcode": "LS6"},
        {"positional_quality": 15},
        {"easting": 428811, "northing": None},
        {"easting": None, "northing": 433420},
        {"easting": 700_001},
        {"northing": 1_300_001},
    ],
)
def test_postcode_constraints(fields):
    assert_refused(Postcode(**{"postcode": "LS1 1AZ", "positional_quality": 10, "easting": 1, "northing": 1} | fields))


@pytest.mark.parametrize(
    "fields",
    [
        {"code": "LS 6"},
        {"code": "ls6"},
        {"postcode_count": 0},
        {"easting": None},
    ],
)
def test_outward_code_constraints(fields):
    assert_refused(OutwardCode(**{"code": "LS6", "easting": 1, "northing": 1, "postcode_count": 1} | fields))


@pytest.mark.parametrize("fields", [{"area": "L1"}, {"area": "ls"}, {"sha256": "X" * 64}, {"sha256": "abc"}])
def test_postcode_area_file_constraints(fields):
    values = {"area": "LS", "sha256": "0" * 64, "row_count": 1, "loaded_at": timezone.now()}
    assert_refused(PostcodeAreaFile(**values | fields))


def test_in_area_does_not_mix_areas_sharing_a_letter():
    for postcode in ["S1 1AA", "S99 9ZZ", "SA1 1AA", "SW1A 1AA", "SW99 9ZZ", "R1 1AA"]:
        Postcode.objects.create(postcode=postcode, positional_quality=10, easting=1, northing=1)
    assert list(Postcode.objects.in_area("S").values_list("pk", flat=True)) == ["S1 1AA", "S99 9ZZ"]
    assert list(Postcode.objects.in_area("SW").values_list("pk", flat=True)) == ["SW1A 1AA", "SW99 9ZZ"]


def test_outward_code_of_a_postcode():
    assert Postcode(postcode="SW1A 1AA").outward_code == "SW1A"
